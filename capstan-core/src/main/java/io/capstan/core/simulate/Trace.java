package io.capstan.core.simulate;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A recorded workload: per series an ordered timeline of (epoch millis, value), known up front by
 * its statistics (count, first and last time, median spacing) and read forward through
 * {@link SeriesCursor}s, so that the simulator holds one sample per series rather than the trace.
 * Where the samples live is the {@link Samples}' business: arrays in memory ({@link #builder}), or a
 * file the application reads as the cursors advance ({@link #of}).
 *
 * <p>A series is named {@code <metric>} (it applies to every target that declares the metric) or
 * {@code <target>.<metric>} (one target only; it wins over the plain name for that target).
 * A gap in a timeline is no data: nothing is interpolated or filled.
 *
 * <p>Immutable once built. Values are finite and timestamps strictly increasing per series: the
 * builder rejects anything else with an {@link IllegalArgumentException}, because readers must
 * turn bad input into located problems before it gets here.
 */
public final class Trace {
    private final Map<String, Series> series;
    private final long start;
    private final long end;

    private Trace(Map<String, Series> series) {
        this.series = Collections.unmodifiableMap(series);
        long s = Long.MAX_VALUE, e = Long.MIN_VALUE;
        for (Series x : series.values()) {
            if (x.size() == 0) continue;
            s = Math.min(s, x.samples.first());
            e = Math.max(e, x.samples.last());
        }
        if (s == Long.MAX_VALUE) throw new IllegalArgumentException("a trace needs at least one sample");
        this.start = s;
        this.end = e;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A trace of series whose samples are read elsewhere (a file), in the given order. */
    public static Trace of(List<Series> series) {
        Map<String, Series> byName = new LinkedHashMap<>();
        for (Series s : series) {
            if (byName.putIfAbsent(s.name(), s) != null) throw new IllegalArgumentException("series " + s.name() + " is given twice");
        }
        return new Trace(byName);
    }

    /** Series names in the order they were first added. */
    public Set<String> names() {
        return series.keySet();
    }

    /** The series of that exact name, or null. */
    public Series series(String name) {
        return series.get(name);
    }

    /** The series a target reads for a metric: {@code <target>.<metric>} if present, else {@code <metric>}, else null. */
    public Series seriesFor(String target, String metric) {
        Series s = series.get(target + "." + metric);
        return s != null ? s : series.get(metric);
    }

    /** The earliest sample of any series. */
    public Instant start() {
        return Instant.ofEpochMilli(start);
    }

    /** The latest sample of any series. */
    public Instant end() {
        return Instant.ofEpochMilli(end);
    }

    /**
     * The series sampled most finely (the smallest positive median spacing): the trace's resolution,
     * or null when no series has two samples.
     */
    public Series finest() {
        Series finest = null;
        for (Series s : series.values()) {
            long spacing = s.medianSpacing();
            if (spacing > 0 && (finest == null || spacing < finest.medianSpacing())) finest = s;
        }
        return finest;
    }

    /**
     * Where one series' samples are and what is known of them without reading them. Samples are
     * finite and strictly increasing in time; {@link #first} and {@link #last} are only asked of a
     * non-empty series.
     */
    public interface Samples {
        long count();

        /** Epoch millis of the first sample. */
        long first();

        /** Epoch millis of the last sample. */
        long last();

        /** The median spacing between consecutive samples in millis (the upper median), or 0 for fewer than two samples. */
        long medianSpacing();

        /** A cursor on the first sample strictly after {@code epochMillis} (at {@link SeriesCursor#END} if none). */
        SeriesCursor after(long epochMillis);
    }

    /**
     * Samples held in the arrays as they are (no copy: a reader of a long trace need not hold it
     * twice). The first {@code n} samples must be finite, in strictly increasing time; the caller
     * must not change the arrays afterwards. {@code name} is for the messages.
     */
    public static Samples arrays(String name, long[] times, double[] values, int n) {
        if (n < 0 || n > times.length || n > values.length) throw new IllegalArgumentException("n " + n + " is out of the arrays' range");
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i]))
                throw new IllegalArgumentException("value of " + name + " at " + Instant.ofEpochMilli(times[i]) + " must be finite, got " + values[i]);
            if (i > 0 && times[i] <= times[i - 1])
                throw new IllegalArgumentException("samples of " + name + " must be in strictly increasing time: "
                        + Instant.ofEpochMilli(times[i]) + " after " + Instant.ofEpochMilli(times[i - 1]));
        }
        return new ArraySamples(times, values, n);
    }

    /** One timeline: its name and its {@link Samples}. */
    public static final class Series {
        private final String name;
        private final Samples samples;

        public Series(String name, Samples samples) {
            Objects.requireNonNull(name, "series name");
            if (name.isBlank()) throw new IllegalArgumentException("series name must not be blank");
            this.name = name;
            this.samples = Objects.requireNonNull(samples, "samples");
        }

        public String name() {
            return name;
        }

        /** How many samples the series holds. */
        public long size() {
            return samples.count();
        }

        /** The median spacing between samples in millis (the series' resolution), or 0 for fewer than two samples. */
        public long medianSpacing() {
            return samples.medianSpacing();
        }

        /** A cursor on the first sample strictly after {@code epochMillis}; the caller closes it. */
        public SeriesCursor after(long epochMillis) {
            return samples.after(epochMillis);
        }

        /** A cursor on the first sample; the caller closes it. */
        public SeriesCursor cursor() {
            return samples.after(Long.MIN_VALUE);
        }
    }

    /**
     * Samples held in primitive arrays (16 bytes a sample): for tests, short replays and the traces a
     * reader keeps in memory. The arrays may be longer than {@code n} (a reader's growth); they are
     * never copied to trim them.
     */
    private static final class ArraySamples implements Samples {
        private final long[] times;
        private final double[] values;
        private final int n;
        /** Computed on first use; -1 until then. */
        private long medianSpacing = -1;

        private ArraySamples(long[] times, double[] values, int n) {
            this.times = times;
            this.values = values;
            this.n = n;
        }

        @Override
        public long count() {
            return n;
        }

        @Override
        public long first() {
            return times[0];
        }

        @Override
        public long last() {
            return times[n - 1];
        }

        @Override
        public long medianSpacing() {
            if (medianSpacing < 0) {
                if (n < 2) {
                    medianSpacing = 0;
                } else {
                    long[] d = new long[n - 1];
                    for (int i = 1; i < n; i++) d[i - 1] = times[i] - times[i - 1];
                    Arrays.sort(d);
                    medianSpacing = d[d.length / 2];
                }
            }
            return medianSpacing;
        }

        @Override
        public SeriesCursor after(long epochMillis) {
            int i = Arrays.binarySearch(times, 0, n, epochMillis);
            return new ArrayCursor(i >= 0 ? i + 1 : -i - 1);
        }

        private final class ArrayCursor implements SeriesCursor {
            private int i;

            ArrayCursor(int i) {
                this.i = i;
            }

            @Override
            public long time() {
                return i < n ? times[i] : END;
            }

            @Override
            public double value() {
                return values[i];
            }

            @Override
            public void advance() {
                i++;
            }

            @Override
            public void close() {}
        }
    }

    /** Collects samples series by series; each series must be added in strictly increasing time. */
    public static final class Builder {
        private final Map<String, Growing> growing = new LinkedHashMap<>();

        private Builder() {}

        public Builder add(String seriesName, Instant at, double value) {
            return add(seriesName, at.toEpochMilli(), value);
        }

        public Builder add(String seriesName, long epochMillis, double value) {
            Objects.requireNonNull(seriesName, "series name");
            if (seriesName.isBlank()) throw new IllegalArgumentException("series name must not be blank");
            if (!Double.isFinite(value))
                throw new IllegalArgumentException("value of " + seriesName + " at " + Instant.ofEpochMilli(epochMillis) + " must be finite, got " + value);
            growing.computeIfAbsent(seriesName, k -> new Growing()).add(seriesName, epochMillis, value);
            return this;
        }

        /** Declares a series even if it gets no samples (an all-gap column). */
        public Builder declare(String seriesName) {
            growing.computeIfAbsent(seriesName, k -> new Growing());
            return this;
        }

        public boolean contains(String seriesName) {
            return growing.containsKey(seriesName);
        }

        public Trace build() {
            Map<String, Series> out = new LinkedHashMap<>();
            growing.forEach((name, g) -> out.put(name, new Series(name, new ArraySamples(g.times, g.values, g.n))));
            growing.clear();
            return new Trace(out);
        }

        private static final class Growing {
            long[] times = new long[64];
            double[] values = new double[64];
            int n;

            void add(String name, long t, double v) {
                if (n > 0 && t <= times[n - 1])
                    throw new IllegalArgumentException("samples of " + name + " must be in strictly increasing time: "
                            + Instant.ofEpochMilli(t) + " after " + Instant.ofEpochMilli(times[n - 1]));
                if (n == times.length) {
                    times = Arrays.copyOf(times, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                times[n] = t;
                values[n] = v;
                n++;
            }
        }
    }
}
