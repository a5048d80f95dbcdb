package io.capstan.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A series on a regular grid of {@code step}: what every model here fits. Built from irregular samples by
 * {@link #resample}: the mean of the samples in each step-long bucket (so duplicate timestamps, such as the
 * hour a daylight-saving change repeats, are averaged, and a finer input is aggregated), with buckets that
 * hold no sample filled in and marked as not observed.
 *
 * <p>Why fill and mark rather than leave holes: the models are recursions that need a value at every step,
 * and a hole is no data, not zero. A filled bucket is never scored (backtests and accuracy skip it), so a fill
 * only carries the state across the gap. A gap shorter than a day with a day of history before it is filled
 * with the day before's shape, shifted to meet the values on both sides (linearly blended offsets), so a
 * missing hour of a daily cycle looks like that hour yesterday at today's level; longer gaps, or gaps with no
 * day before them, are interpolated linearly. Fills never go below zero when no observed value does.
 *
 * <p>Immutable: the arrays are copied in and out.
 */
public final class RegularSeries {
    /** The most buckets a series may hold (a 5-minute grid over 95 years): beyond it the grid, not the data, would fill memory. */
    public static final int MAX_BUCKETS = 10_000_000;

    private final long startMillis;
    private final long stepMillis;
    private final double[] values;
    private final boolean[] observed;
    private final int merged;
    private final int filled;

    private RegularSeries(long startMillis, long stepMillis, double[] values, boolean[] observed, int merged, int filled) {
        this.startMillis = startMillis;
        this.stepMillis = stepMillis;
        this.values = values;
        this.observed = observed;
        this.merged = merged;
        this.filled = filled;
    }

    /** A series whose every value was observed, starting at {@code start}. */
    public static RegularSeries of(Instant start, Duration step, double... values) {
        long s = positiveMillis(step);
        if (values.length == 0) throw new IllegalArgumentException("a series needs at least one value");
        for (double v : values) if (!Double.isFinite(v)) throw new IllegalArgumentException("values must be finite, got " + v);
        boolean[] all = new boolean[values.length];
        Arrays.fill(all, true);
        return new RegularSeries(start.toEpochMilli(), s, values.clone(), all, 0, 0);
    }

    /**
     * Resamples samples (in any order; equal timestamps allowed) to a grid of {@code step} aligned to the epoch
     * (a 5-minute grid has buckets at :00, :05, ...). Each bucket holds the mean of its samples; empty buckets
     * are filled as the class comment says.
     *
     * @param n how many of the arrays' entries are samples
     * @throws IllegalArgumentException for no samples, a non-finite value, or more than {@link #MAX_BUCKETS} buckets
     */
    public static RegularSeries resample(long[] epochMillis, double[] values, int n, Duration step) {
        long s = positiveMillis(step);
        if (n <= 0) throw new IllegalArgumentException("no samples to resample");
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) throw new IllegalArgumentException("values must be finite, got " + values[i] + " at " + epochMillis[i]);
            min = Math.min(min, epochMillis[i]);
            max = Math.max(max, epochMillis[i]);
        }
        long origin = Math.floorDiv(min, s) * s;
        long buckets = Math.floorDiv(max - origin, s) + 1;
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("resampling " + Duration.ofMillis(max - min) + " to steps of " + step + " needs " + buckets
                    + " buckets, more than the " + MAX_BUCKETS + " allowed");
        }
        int size = (int) buckets;
        double[] sum = new double[size];
        int[] count = new int[size];
        int merged = 0;
        for (int i = 0; i < n; i++) {
            int b = (int) Math.floorDiv(epochMillis[i] - origin, s);
            if (count[b]++ > 0) merged++;
            sum[b] += values[i];
        }
        boolean[] observed = new boolean[size];
        boolean nonNegative = true;
        for (int b = 0; b < size; b++) {
            if (count[b] > 0) {
                sum[b] /= count[b];
                observed[b] = true;
                nonNegative &= sum[b] >= 0;
            }
        }
        int day = Seasons.of(step).daily();
        int filled = fill(sum, observed, day, nonNegative);
        return new RegularSeries(origin, s, sum, observed, merged, filled);
    }

    /** Fills the unobserved runs of {@code y} in place; returns how many values it filled. */
    private static int fill(double[] y, boolean[] observed, int day, boolean nonNegative) {
        int filled = 0;
        int i = 0;
        while (i < y.length) {
            if (observed[i]) {
                i++;
                continue;
            }
            int a = i; // first missing; a - 1 and b + 1 are observed (the first and last buckets always hold a sample)
            while (!observed[i]) i++;
            int b = i - 1;
            int len = b - a + 1;
            double left = y[a - 1], right = y[b + 1];
            boolean seasonal = day > 1 && len < day && a - 1 - day >= 0;
            double leftOffset = seasonal ? left - y[a - 1 - day] : 0;
            double rightOffset = seasonal ? right - y[b + 1 - day] : 0;
            for (int k = a; k <= b; k++) {
                double w = (double) (k - a + 1) / (len + 1);
                double v = seasonal ? y[k - day] + leftOffset + w * (rightOffset - leftOffset) : left + w * (right - left);
                y[k] = nonNegative ? Math.max(0, v) : v;
            }
            filled += len;
        }
        return filled;
    }

    private static long positiveMillis(Duration step) {
        if (step.isNegative() || step.isZero() || step.toMillis() == 0) throw new IllegalArgumentException("step must be at least 1ms, got " + step);
        return step.toMillis();
    }

    public Instant start() {
        return Instant.ofEpochMilli(startMillis);
    }

    public long startMillis() {
        return startMillis;
    }

    public Duration step() {
        return Duration.ofMillis(stepMillis);
    }

    public long stepMillis() {
        return stepMillis;
    }

    public int size() {
        return values.length;
    }

    /** The time of bucket {@code i} (its start). */
    public long timeMillis(int i) {
        return startMillis + i * stepMillis;
    }

    public double value(int i) {
        return values[i];
    }

    /** Whether bucket {@code i} held a sample (false: filled across a gap). */
    public boolean observed(int i) {
        return observed[i];
    }

    /** The values, gaps filled: a copy. */
    public double[] values() {
        return values.clone();
    }

    /** Which buckets held a sample: a copy. */
    public boolean[] observedMask() {
        return observed.clone();
    }

    /** Samples averaged into a bucket that already had one (duplicate timestamps, or a finer input). */
    public int merged() {
        return merged;
    }

    /** Buckets with no sample, filled across gaps. */
    public int filled() {
        return filled;
    }

    /** The daily and weekly periods of this series' step. */
    public Seasons seasons() {
        return Seasons.of(step());
    }

    /** Whether every observed value is positive (what multiplicative seasonality needs). */
    boolean allPositive() {
        for (int i = 0; i < values.length; i++) if (observed[i] && values[i] <= 0) return false;
        return true;
    }

    /** Whether no observed value is negative: forecasts are then clamped at zero. */
    boolean nonNegative() {
        for (int i = 0; i < values.length; i++) if (observed[i] && values[i] < 0) return false;
        return true;
    }

    /** The last {@code n} buckets (or all when fewer), as a series of their own. */
    public RegularSeries last(int n) {
        return slice(Math.max(0, values.length - n), values.length);
    }

    /** Buckets {@code from} (inclusive) to {@code to} (exclusive). */
    public RegularSeries slice(int from, int to) {
        if (from < 0 || to > values.length || from >= to) throw new IllegalArgumentException("slice " + from + ".." + to + " of " + values.length);
        return new RegularSeries(timeMillis(from), stepMillis, Arrays.copyOfRange(values, from, to), Arrays.copyOfRange(observed, from, to), 0, 0);
    }

    double[] raw() {
        return values;
    }

    boolean[] rawObserved() {
        return observed;
    }
}
