package io.capstan.app.report;

import java.util.Arrays;

/**
 * Reduces one time series, fed in time order, to what a chart of a given pixel width can show.
 * While there are at most {@code 2 x columns} samples it keeps them exactly; past that it folds
 * them into one column per pixel with the minimum, maximum, mean and last value, so memory does
 * not grow with the trace and no spike is lost (the band reaches every extreme). NaN is a sample
 * whose value was missing: a column of only missing samples breaks the line.
 */
final class Downsampler {
    private final long from;
    private final long to;
    private final int columns;
    private long[] times = new long[64];
    private double[] values = new double[64];
    private int size;
    /** Null until the exact samples outgrow 2 x columns. */
    private Columns folded;

    Downsampler(long from, long to, int columns) {
        if (columns < 1) throw new IllegalArgumentException("columns must be positive, got " + columns);
        this.from = from;
        this.to = Math.max(to, from + 1);
        this.columns = columns;
    }

    /** The column of {@code columns} equal ones over [from, to) that time {@code t} falls in, clamped to the ends. */
    static int column(long t, long from, long to, int columns) {
        return (int) Math.min(columns - 1, Math.max(0, (t - from) * columns / (to - from)));
    }

    void add(long at, double value) {
        if (folded != null) {
            folded.add(at, value);
            return;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        times[size] = at;
        values[size] = value;
        size++;
        if (size > 2 * columns) {
            folded = new Columns();
            for (int i = 0; i < size; i++) folded.add(times[i], values[i]);
            times = null;
            values = null;
        }
    }

    Points points() {
        if (folded != null) return folded.points();
        return Points.exact(Arrays.copyOf(times, size), Arrays.copyOf(values, size));
    }

    /**
     * A reduced series: per point its time, lowest, highest, mean and last value (equal for exact
     * samples). NaN in {@code mean} marks a gap.
     */
    record Points(long[] times, double[] lo, double[] hi, double[] mean, double[] last) {
        static Points exact(long[] times, double[] values) {
            return new Points(times, values, values, values, values);
        }

        int size() {
            return times.length;
        }

        /** True when some point stands for several samples, so lo and hi differ somewhere. */
        boolean folded() {
            for (int i = 0; i < lo.length; i++) if (lo[i] != hi[i] && !Double.isNaN(lo[i])) return true;
            return false;
        }

        boolean isEmpty() {
            for (double v : mean) if (!Double.isNaN(v)) return false;
            return true;
        }
    }

    private final class Columns {
        final long[] at = new long[columns];
        final int[] count = new int[columns];
        final int[] missing = new int[columns];
        final double[] lo = new double[columns];
        final double[] hi = new double[columns];
        final double[] sum = new double[columns];
        final double[] last = new double[columns];

        void add(long t, double v) {
            int c = column(t, from, to, columns);
            if (count[c] == 0 && missing[c] == 0) at[c] = t;
            if (Double.isNaN(v)) {
                missing[c]++;
                return;
            }
            if (count[c] == 0) {
                lo[c] = v;
                hi[c] = v;
            } else {
                lo[c] = Math.min(lo[c], v);
                hi[c] = Math.max(hi[c], v);
            }
            sum[c] += v;
            last[c] = v;
            count[c]++;
        }

        Points points() {
            int n = 0;
            for (int c = 0; c < columns; c++) if (count[c] > 0 || missing[c] > 0) n++;
            long[] t = new long[n];
            double[] l = new double[n], h = new double[n], m = new double[n], z = new double[n];
            int i = 0;
            for (int c = 0; c < columns; c++) {
                if (count[c] == 0 && missing[c] == 0) continue;
                t[i] = at[c];
                boolean none = count[c] == 0;
                l[i] = none ? Double.NaN : lo[c];
                h[i] = none ? Double.NaN : hi[c];
                m[i] = none ? Double.NaN : sum[c] / count[c];
                z[i] = none ? Double.NaN : last[c];
                i++;
            }
            return new Points(t, l, h, m, z);
        }
    }
}
