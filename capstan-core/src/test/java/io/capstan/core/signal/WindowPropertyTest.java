package io.capstan.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random sample streams and read times, every aggregation compared with a naive model that keeps a
 * list and recomputes. The streams mix duplicates, out-of-order and non-finite samples, counters
 * with resets, bursts that overflow the capacity, gaps that empty the window, and reads that lag
 * behind the newest sample. A failure names its seed: rerun that one seed to reproduce it.
 */
class WindowPropertyTest {
    private static final long T0 = 1_700_000_000_000L;

    static LongStream seeds() {
        return LongStream.range(0, 300).map(i -> 0x5EEDL * 31 + i);
    }

    /** The specification, written the slow and obvious way. */
    static final class Model {
        final long lengthMillis;
        final int capacity;
        final List<long[]> times = new ArrayList<>(); // {time}
        final List<Double> values = new ArrayList<>();
        boolean hasLast;
        long lastMillis;
        double lastValue;

        Model(long lengthMillis, int capacity) {
            this.lengthMillis = lengthMillis;
            this.capacity = capacity;
        }

        Admission add(long t, double v) {
            if (!Double.isFinite(v)) return Admission.NOT_FINITE;
            if (hasLast && t < lastMillis) return Admission.OUT_OF_ORDER;
            if (hasLast && t == lastMillis) {
                lastValue = v;
                if (!times.isEmpty() && times.getLast()[0] == t) values.set(values.size() - 1, v);
                return Admission.REPLACED;
            }
            if (times.size() == capacity) {
                while (!times.isEmpty() && times.getFirst()[0] <= t - lengthMillis) removeFirst();
                if (times.size() == capacity) removeFirst();
            }
            times.add(new long[] {t});
            values.add(v);
            hasLast = true;
            lastMillis = t;
            lastValue = v;
            return Admission.ACCEPTED;
        }

        private void removeFirst() {
            times.removeFirst();
            values.removeFirst();
        }

        /** Value or null for Missing; fills {@code out} with {samples, coverage, scale}. */
        Double read(Aggregation a, long now, double[] out) {
            while (!times.isEmpty() && times.getFirst()[0] <= now - lengthMillis) removeFirst();
            List<Double> in = new ArrayList<>();
            long first = 0;
            long last = 0;
            for (int i = 0; i < times.size(); i++) {
                long t = times.get(i)[0];
                if (t > now) break;
                if (in.isEmpty()) first = t;
                last = t;
                in.add(values.get(i));
            }
            int n = in.size();
            out[0] = n;
            out[1] = n == 0 ? 0 : Math.min(1.0, (last - first) / (double) lengthMillis);
            double scale = 0;
            for (double v : in) scale += Math.abs(v);
            out[2] = scale;
            if (n == 0) return null;
            return switch (a) {
                case AVG -> in.stream().mapToDouble(Double::doubleValue).sum() / n;
                case MAX -> in.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                case MIN -> in.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                case LAST -> in.getLast();
                case P50, P95, P99 -> {
                    double[] sorted = in.stream().mapToDouble(Double::doubleValue).toArray();
                    Arrays.sort(sorted);
                    double rank = a.quantile() * (n - 1);
                    int lo = (int) Math.floor(rank);
                    int hi = Math.min(n - 1, lo + 1);
                    double w = rank - lo;
                    yield sorted[lo] * (1 - w) + sorted[hi] * w;
                }
                case RATE -> {
                    if (n < 2) yield null;
                    double increase = 0;
                    for (int i = 1; i < n; i++) {
                        double d = in.get(i) - in.get(i - 1);
                        increase += d >= 0 ? d : in.get(i); // a drop is a reset from 0
                    }
                    yield increase / ((last - first) / 1000.0);
                }
            };
        }

        Double lastKnown(long now, long maxAge) {
            if (!hasLast) return null;
            return Math.max(0, now - lastMillis) < maxAge ? lastValue : null;
        }
    }

    /** A family of value streams, each stressing a different part of the window. */
    enum Shape {
        SMALL_INTEGERS, // many ties: quantile and deque tie handling
        GAUSSIAN,
        COUNTER_WITH_RESETS,
        WIDE_MAGNITUDES, // cancellation in the running sum
        MONOTONE_DOWN; // every sample stays in the max deque

        double next(Random r, double previous, int step) {
            return switch (this) {
                case SMALL_INTEGERS -> r.nextInt(5);
                case GAUSSIAN -> 100 + 15 * r.nextGaussian();
                case COUNTER_WITH_RESETS -> r.nextInt(50) == 0 ? r.nextInt(10) : previous + r.nextInt(20);
                case WIDE_MAGNITUDES -> (r.nextBoolean() ? 1e12 : 1e-3) * r.nextDouble() * (r.nextBoolean() ? 1 : -1);
                case MONOTONE_DOWN -> 1e6 - step + r.nextInt(3);
            };
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyAggregationMatchesTheNaiveModel(long seed) {
        Random r = new Random(seed);
        long lengthMillis = 1 + r.nextInt(4) * 1000L * (1 + r.nextInt(60));
        int capacity = r.nextInt(4) == 0 ? Window.DEFAULT_CAPACITY : 2 + r.nextInt(60);
        Shape shape = Shape.values()[r.nextInt(Shape.values().length)];
        long spacing = 1 + r.nextInt(3000);
        String context = "seed " + seed + " (length " + lengthMillis + "ms, capacity " + capacity + ", " + shape
                + ", spacing " + spacing + "ms)";

        Window window = Window.sliding(Duration.ofMillis(lengthMillis), capacity);
        Model model = new Model(lengthMillis, capacity);
        long t = T0;
        long now = T0;
        double previous = 0;
        double[] out = new double[3];
        int ops = 500 + r.nextInt(2000);
        for (int step = 0; step < ops; step++) {
            int dice = r.nextInt(100);
            if (dice < 70) {
                // add: mostly forward, sometimes a duplicate, an older sample, a gap or a non-finite value
                int kind = r.nextInt(100);
                long at;
                if (kind < 5) at = t; // duplicate timestamp
                else if (kind < 10) at = t - r.nextInt(5000); // out of order (or duplicate when 0)
                else if (kind < 12) at = t + lengthMillis * (1 + r.nextInt(3)); // gap that empties the window
                else at = t + 1 + r.nextLong(2 * spacing);
                double v = r.nextInt(200) == 0 ? pick(r, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                        : shape.next(r, previous, step);
                Admission expected = model.add(at, v);
                assertThat(window.add(at, v)).as("%s: add #%d at %d of %s", context, step, at - T0, v).isEqualTo(expected);
                if (expected == Admission.ACCEPTED || expected == Admission.REPLACED) {
                    previous = v;
                    t = at;
                }
            } else if (dice < 95) {
                // read at non-decreasing now, usually at or past the newest sample, sometimes lagging it
                long candidate = r.nextInt(4) == 0 ? t - r.nextInt((int) Math.min(3 * spacing, 10_000)) : t + r.nextInt(2000);
                now = Math.max(now, candidate);
                Aggregation a = Aggregation.values()[r.nextInt(Aggregation.values().length)];
                Double expected = model.read(a, now, out);
                Reading actual = window.read(a, Instant.ofEpochMilli(now));
                String what = context + ": read #" + step + " " + a.id() + " at " + (now - T0) + "ms";
                if (expected == null) {
                    assertThat(actual).as(what).isInstanceOf(Reading.Missing.class);
                    assertThat(((Reading.Missing) actual).cause()).as(what).isNotBlank();
                } else {
                    assertThat(actual).as(what).isInstanceOf(Reading.Present.class);
                    Reading.Present p = (Reading.Present) actual;
                    assertThat(p.samples()).as(what + " samples").isEqualTo((int) out[0]);
                    assertThat(p.coverage()).as(what + " coverage").isEqualTo(out[1]);
                    assertThat(p.value()).as(what + " value").isCloseTo(expected, tolerance(a, out[2]));
                }
            } else {
                long maxAge = 1 + r.nextInt((int) Math.min(Integer.MAX_VALUE, 2 * lengthMillis + 1));
                long at = now + r.nextInt(5000);
                Double expected = model.lastKnown(at, maxAge);
                Reading actual = window.lastKnown(Instant.ofEpochMilli(at), Duration.ofMillis(maxAge));
                String what = context + ": lastKnown #" + step + " maxAge " + maxAge + "ms";
                if (expected == null) {
                    assertThat(actual).as(what).isInstanceOf(Reading.Missing.class);
                } else {
                    assertThat(actual).as(what).isEqualTo(new Reading.Present(expected, 1, 0.0));
                }
            }
        }
    }

    /**
     * Exact for min, max, last and the quantiles (same arithmetic as the model); a few ulps of the
     * summed magnitudes for avg and rate, whose running sums add and subtract in a different order.
     */
    private static org.assertj.core.data.Offset<Double> tolerance(Aggregation a, double scale) {
        double slack = switch (a) {
            case AVG -> 1e-12 * scale;
            case RATE -> 1e-12 * scale * 1000.0; // divided by at least 1ms
            default -> 0.0;
        };
        return org.assertj.core.data.Offset.offset(Math.max(slack, 0.0));
    }

    private static double pick(Random r, double... choices) {
        return choices[r.nextInt(choices.length)];
    }
}
