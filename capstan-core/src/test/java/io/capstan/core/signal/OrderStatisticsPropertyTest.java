package io.capstan.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The order-statistic tree behind percentile reads, against a sorted list, over seeded random
 * sequences of adds, first-in-first-out and arbitrary removals, replacements and reads; then whole
 * windows built to be read with percentiles, against the naive window model of
 * {@link WindowPropertyTest} and against a window that selects on every read. Values mix ties,
 * extremes (±1e15), zeros of both signs and negatives; sizes run from 1 and 2 to tens of thousands.
 * A failure names its seed.
 */
class OrderStatisticsPropertyTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Aggregation[] PERCENTILES = {Aggregation.P50, Aggregation.P95, Aggregation.P99};

    static LongStream seeds() {
        return LongStream.range(0, 200).map(i -> 0xB0B0L * 17 + i);
    }

    /** Value families: each stresses ties, order or magnitude differently. */
    enum Values {
        FEW_DISTINCT, // long runs of equal values: node counts above 1
        EXTREMES, // ±1e15, 0, -0.0, tiny and negative values side by side
        RISING, // a counter: an unbalanced plain tree would be a list
        FALLING,
        GAUSSIAN;

        double next(Random r, int step) {
            return switch (this) {
                case FEW_DISTINCT -> r.nextInt(4) - 1;
                case EXTREMES -> pick(r, 1e15, -1e15, 0.0, -0.0, 1e-300, -1e-300, -1.5, 42.0, Double.MAX_VALUE / 4, -Double.MIN_VALUE);
                case RISING -> step + r.nextInt(2);
                case FALLING -> -step - r.nextInt(2);
                case GAUSSIAN -> 1e3 * r.nextGaussian();
            };
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void selectsTheSameOrderStatisticsAsASortedList(long seed) {
        Random r = new Random(seed);
        Values family = Values.values()[r.nextInt(Values.values().length)];
        int bound = switch (r.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> 2 + r.nextInt(100);
            default -> 1_000 + r.nextInt(20_000);
        };
        String context = "seed " + seed + " (" + family + ", at most " + bound + " values)";
        OrderStatistics tree = new OrderStatistics();
        ArrayDeque<Double> arrival = new ArrayDeque<>(); // the window: removals are mostly the oldest
        List<Double> sorted = new ArrayList<>();
        int ops = 2_000 + r.nextInt(3 * bound + 1);
        for (int step = 0; step < ops; step++) {
            int dice = r.nextInt(100);
            if (dice < 50 && arrival.size() < bound) {
                double v = family.next(r, step);
                tree.add(v);
                arrival.addLast(v);
                insertSorted(sorted, v);
            } else if (dice < 75 && !arrival.isEmpty()) {
                double v = r.nextInt(10) == 0 ? removeAny(r, arrival) : arrival.removeFirst();
                tree.remove(v);
                sorted.remove(indexOf(sorted, v));
            } else if (dice < 80 && !arrival.isEmpty()) {
                // the newest sample's value replaced (same timestamp, last write wins)
                double old = arrival.removeLast();
                double v = family.next(r, step);
                tree.remove(old);
                tree.add(v);
                arrival.addLast(v);
                sorted.remove(indexOf(sorted, old));
                insertSorted(sorted, v);
            } else if (dice < 82) {
                tree.clear();
                arrival.clear();
                sorted.clear();
            } else if (!sorted.isEmpty()) {
                String what = context + ": step " + step + ", " + sorted.size() + " values";
                assertThat(tree.size()).as(what).isEqualTo(sorted.size());
                int k = r.nextInt(sorted.size());
                assertThat(bits(tree.select(k))).as(what + ", rank " + k).isEqualTo(bits(sorted.get(k)));
                for (Aggregation a : PERCENTILES) {
                    assertThat(bits(tree.quantile(a.quantile()))).as(what + ", " + a.id())
                            .isEqualTo(bits(oracleQuantile(sorted, a.quantile())));
                }
            }
            assertThat(tree.size()).as(context).isEqualTo(sorted.size());
        }
        for (int k = 0; k < sorted.size(); k++) {
            assertThat(bits(tree.select(k))).as(context + ": final rank " + k).isEqualTo(bits(sorted.get(k)));
        }
    }

    @Test
    void everyRankOfOneTwoAndManyEqualValues() {
        OrderStatistics tree = new OrderStatistics();
        tree.add(7.0);
        assertThat(tree.quantile(0.99)).isEqualTo(7.0);
        assertThat(tree.select(0)).isEqualTo(7.0);
        tree.add(-7.0);
        assertThat(tree.select(0)).isEqualTo(-7.0);
        assertThat(tree.select(1)).isEqualTo(7.0);
        assertThat(tree.quantile(0.5)).isEqualTo(0.0);
        for (int i = 0; i < 1_000; i++) tree.add(3.0);
        assertThat(tree.size()).isEqualTo(1_002);
        assertThat(tree.select(0)).isEqualTo(-7.0);
        assertThat(tree.select(1)).isEqualTo(3.0);
        assertThat(tree.select(1_000)).isEqualTo(3.0);
        assertThat(tree.select(1_001)).isEqualTo(7.0);
        tree.remove(3.0);
        tree.remove(7.0);
        tree.remove(-7.0);
        assertThat(tree.size()).isEqualTo(999);
        assertThat(tree.quantile(0.99)).isEqualTo(3.0);
    }

    @Test
    void zerosOfBothSignsAreDistinctValues() {
        OrderStatistics tree = new OrderStatistics();
        tree.add(0.0);
        tree.add(-0.0);
        assertThat(bits(tree.select(0))).isEqualTo(bits(-0.0));
        tree.remove(-0.0);
        assertThat(bits(tree.select(0))).isEqualTo(bits(0.0));
        assertThatThrownBy(() -> tree.remove(-0.0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keysSortLikeTheDoublesTheyStandFor() {
        double[] values = {-Double.MAX_VALUE, -1e15, -1.0, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1e-300, 1.0, 1e15, Double.MAX_VALUE};
        for (int i = 0; i < values.length; i++) {
            assertThat(bits(OrderStatistics.value(OrderStatistics.key(values[i])))).isEqualTo(bits(values[i]));
            if (i > 0) assertThat(OrderStatistics.key(values[i - 1])).as("%s < %s", values[i - 1], values[i]).isLessThan(OrderStatistics.key(values[i]));
        }
    }

    /**
     * Windows built to be read with percentiles, fed and read as in {@link WindowPropertyTest}
     * (duplicates, out-of-order and non-finite samples, capacity overflow, gaps, reads that lag the
     * newest sample): every percentile matches the naive model and equals what a plain window
     * (quickselect on each read) answers for the same stream; the other aggregations equal the plain
     * window's readings.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void windowsReadWithPercentilesMatchTheModelAndTheSelectingWindow(long seed) {
        Random r = new Random(seed);
        long lengthMillis = 1 + r.nextInt(4) * 1000L * (1 + r.nextInt(60));
        int capacity = switch (r.nextInt(4)) {
            case 0 -> 2;
            case 1 -> 2 + r.nextInt(60);
            case 2 -> Window.DEFAULT_CAPACITY;
            default -> r.nextBoolean() ? 20_000 : 2 + r.nextInt(60);
        };
        Values family = Values.values()[r.nextInt(Values.values().length)];
        long spacing = 1 + r.nextInt(3000);
        boolean large = capacity == 20_000;
        if (large) lengthMillis = spacing * (10_000L + r.nextInt(20_000)); // a large window, filled and sliding
        String context = "seed " + seed + " (length " + lengthMillis + "ms, capacity " + capacity + ", " + family
                + ", spacing " + spacing + "ms)";
        Window ranked = Window.sliding(Duration.ofMillis(lengthMillis), capacity, EnumSet.of(PERCENTILES[r.nextInt(3)]));
        Window selecting = Window.sliding(Duration.ofMillis(lengthMillis), capacity);
        WindowPropertyTest.Model model = new WindowPropertyTest.Model(lengthMillis, capacity);
        long t = T0;
        long now = T0;
        double[] out = new double[3];
        int ops = large ? 40_000 : 2_000 + r.nextInt(2_000);
        for (int step = 0; step < ops; step++) {
            int dice = r.nextInt(100);
            if (dice < 80 || large && dice < 99) {
                int kind = r.nextInt(100);
                long at;
                if (kind < 5) at = t; // same timestamp: replaces the newest value
                else if (kind < 8) at = t - r.nextInt(5000); // out of order (or the same timestamp)
                else if (kind < 9) at = t + lengthMillis * (1 + r.nextInt(3)); // a gap that empties the window
                else at = t + 1 + r.nextLong(2 * spacing);
                double v = r.nextInt(200) == 0 ? Double.NaN : family.next(r, step);
                Admission expected = model.add(at, v);
                assertThat(ranked.add(at, v)).as("%s: add #%d", context, step).isEqualTo(expected);
                selecting.add(at, v);
                if (expected == Admission.ACCEPTED || expected == Admission.REPLACED) t = at;
            } else {
                long candidate = r.nextInt(4) == 0 ? t - r.nextInt((int) Math.min(3 * spacing, 10_000)) : t + r.nextInt(2000);
                now = Math.max(now, candidate);
                Aggregation a = r.nextInt(4) == 0 ? Aggregation.values()[r.nextInt(Aggregation.values().length)] : PERCENTILES[r.nextInt(3)];
                Double expected = model.read(a, now, out);
                Reading actual = ranked.read(a, Instant.ofEpochMilli(now));
                Reading plain = selecting.read(a, Instant.ofEpochMilli(now));
                String what = context + ": read #" + step + " " + a.id() + " at " + (now - T0) + "ms";
                if (!a.isPercentile()) {
                    // the same code as a plain window's (the model's avg and rate are checked in WindowPropertyTest)
                    assertThat(actual).as(what).isEqualTo(plain);
                    continue;
                }
                if (expected == null) {
                    assertThat(actual).as(what).isInstanceOf(Reading.Missing.class);
                    assertThat(plain).as(what).isEqualTo(actual);
                    continue;
                }
                assertThat(actual).as(what).isInstanceOf(Reading.Present.class);
                Reading.Present p = (Reading.Present) actual;
                assertThat(p.samples()).as(what + " samples").isEqualTo((int) out[0]);
                assertThat(p.coverage()).as(what + " coverage").isEqualTo(out[1]);
                // exact: the same two order statistics, the same interpolation (a zero may differ in sign only)
                assertThat(p.value() == expected).as("%s: %s, the model says %s", what, p.value(), expected).isTrue();
                assertThat(p.value() == ((Reading.Present) plain).value()).as("%s: %s, quickselect says %s", what, p.value(), plain).isTrue();
            }
        }
    }

    // ---------------------------------------------------------------- oracle

    private static double oracleQuantile(List<Double> sorted, double q) {
        int n = sorted.size();
        double rank = q * (n - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(n - 1, lo + 1);
        double w = rank - lo;
        return sorted.get(lo) * (1 - w) + sorted.get(hi) * w;
    }

    /** Sorted as {@link Double#compare}: -0.0 before 0.0, as the tree keeps them. */
    private static void insertSorted(List<Double> sorted, double v) {
        int i = Collections.binarySearch(sorted, v);
        sorted.add(i < 0 ? -i - 1 : i, v);
    }

    private static int indexOf(List<Double> sorted, double v) {
        int i = Collections.binarySearch(sorted, v);
        if (i < 0) throw new AssertionError("the oracle does not hold " + v);
        return i;
    }

    private static double removeAny(Random r, ArrayDeque<Double> arrival) {
        Double[] all = arrival.toArray(new Double[0]);
        int i = r.nextInt(all.length);
        arrival.clear();
        for (int j = 0; j < all.length; j++) if (j != i) arrival.addLast(all[j]);
        return all[i];
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static double pick(Random r, double... choices) {
        return choices[r.nextInt(choices.length)];
    }
}
