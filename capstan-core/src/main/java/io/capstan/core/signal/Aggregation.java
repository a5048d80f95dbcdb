package io.capstan.core.signal;

import java.util.Locale;

/**
 * How a {@link Window} turns the samples it holds into one number. Config spells each one by its
 * lowercase {@link #id()} ({@code avg}, {@code p95}, {@code rate}...).
 */
public enum Aggregation {
    /** Arithmetic mean of the samples in the window. O(1). */
    AVG,
    /** Largest sample in the window. O(1) amortized. */
    MAX,
    /** Smallest sample in the window. O(1) amortized. */
    MIN,
    /** Median, linearly interpolated between the two nearest ranks (as Prometheus' {@code quantile_over_time}). O(log n) on a window built to be read with a percentile, O(n) on another. */
    P50,
    /** 95th percentile, linearly interpolated between the two nearest ranks. O(log n) or O(n), as {@link #P50}. */
    P95,
    /** 99th percentile, linearly interpolated between the two nearest ranks. O(log n) or O(n), as {@link #P50}. */
    P99,
    /** The newest sample in the window. O(1). */
    LAST,
    /** Per-second increase of a counter between the oldest and newest sample, counter resets handled as Prometheus does. O(1). */
    RATE;

    private static final Aggregation[] VALUES = values();
    private static final String ACCEPTED = String.join(", ",
            java.util.Arrays.stream(VALUES).map(Aggregation::id).toList());

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The lowercase name used in config and explanations, for example {@code "p95"}. */
    public String id() {
        return id;
    }

    /**
     * The aggregation whose {@link #id()} is {@code text}, exactly (lowercase).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code text} is none of them
     */
    public static Aggregation parse(String text) {
        if (text != null) {
            for (Aggregation a : VALUES) {
                if (a.id.equalsIgnoreCase(text)) return a;
            }
        }
        throw new IllegalArgumentException(
                "unknown aggregation " + (text == null ? "null" : "\"" + text + "\"") + "; accepted: " + ACCEPTED);
    }

    /** P50, P95 or P99: read by rank, which a window keeps in order only when built to be read so. */
    boolean isPercentile() {
        return !Double.isNaN(quantile());
    }

    /** The quantile in [0, 1] for P50, P95 and P99; NaN for the others. */
    double quantile() {
        return switch (this) {
            case P50 -> 0.50;
            case P95 -> 0.95;
            case P99 -> 0.99;
            default -> Double.NaN;
        };
    }
}
