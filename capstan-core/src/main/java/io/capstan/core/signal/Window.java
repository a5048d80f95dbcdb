package io.capstan.core.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Interim naive window; replaced by the ring-buffer implementation on the signal branch. */
public final class Window {
    private final long lengthMillis;
    private final List<long[]> times = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();
    private long lastTime = Long.MIN_VALUE;
    private double lastValue;

    private Window(Duration length) {
        this.lengthMillis = length.toMillis();
    }

    public static Window sliding(Duration length) {
        return new Window(length);
    }

    public Duration length() {
        return Duration.ofMillis(lengthMillis);
    }

    public Admission add(long epochMillis, double value) {
        if (!Double.isFinite(value)) return Admission.NOT_FINITE;
        if (epochMillis < lastTime) return Admission.OUT_OF_ORDER;
        if (epochMillis == lastTime) {
            values.set(values.size() - 1, value);
            lastValue = value;
            return Admission.REPLACED;
        }
        times.add(new long[] {epochMillis});
        values.add(value);
        lastTime = epochMillis;
        lastValue = value;
        return Admission.ACCEPTED;
    }

    public Admission add(Instant at, double value) {
        return add(at.toEpochMilli(), value);
    }

    public Reading read(Aggregation agg, Instant now) {
        long n = now.toEpochMilli();
        List<Double> in = new ArrayList<>();
        long first = 0, last = 0;
        for (int i = 0; i < times.size(); i++) {
            long t = times.get(i)[0];
            if (t > n - lengthMillis && t <= n) {
                if (in.isEmpty()) first = t;
                last = t;
                in.add(values.get(i));
            }
        }
        if (in.isEmpty()) return new Reading.Missing("no samples in the last " + io.capstan.core.model.Durations.format(length()));
        double cov = Math.min(1.0, (last - first) / (double) lengthMillis);
        double v = switch (agg) {
            case AVG -> in.stream().mapToDouble(d -> d).average().orElseThrow();
            case MAX -> in.stream().mapToDouble(d -> d).max().orElseThrow();
            case MIN -> in.stream().mapToDouble(d -> d).min().orElseThrow();
            case LAST -> in.get(in.size() - 1);
            case P50, P95, P99 -> {
                double q = agg == Aggregation.P50 ? 0.5 : agg == Aggregation.P95 ? 0.95 : 0.99;
                double[] s = in.stream().mapToDouble(d -> d).sorted().toArray();
                double pos = q * (s.length - 1);
                int lo = (int) Math.floor(pos);
                int hi = Math.min(s.length - 1, lo + 1);
                yield s[lo] + (s[hi] - s[lo]) * (pos - lo);
            }
            case RATE -> {
                if (in.size() < 2) yield Double.NaN;
                double inc = 0;
                for (int i = 1; i < in.size(); i++) {
                    double d = in.get(i) - in.get(i - 1);
                    inc += d >= 0 ? d : in.get(i);
                }
                yield inc / ((last - first) / 1000.0);
            }
        };
        if (Double.isNaN(v)) return new Reading.Missing("only 1 sample: rate needs 2");
        return new Reading.Present(v, in.size(), cov);
    }

    public Reading lastKnown(Instant now, Duration maxAge) {
        if (lastTime == Long.MIN_VALUE) return new Reading.Missing("no sample ever seen");
        long age = now.toEpochMilli() - lastTime;
        if (age >= maxAge.toMillis()) {
            return new Reading.Missing("last sample is " + io.capstan.core.model.Durations.format(Duration.ofMillis(age)) + " old");
        }
        return new Reading.Present(lastValue, 1, 0);
    }
}
