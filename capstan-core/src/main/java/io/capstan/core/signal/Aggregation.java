package io.capstan.core.signal;

import java.util.Arrays;
import java.util.Locale;

/** How a window of samples is reduced to one value. */
public enum Aggregation {
    AVG, MAX, MIN, P50, P95, P99, LAST, RATE;

    /** Parses "avg", "p95", "rate"... (case-insensitive). */
    public static Aggregation parse(String text) {
        for (Aggregation a : values()) {
            if (a.name().equalsIgnoreCase(text)) return a;
        }
        throw new IllegalArgumentException("unknown aggregation '" + text + "', expected one of "
                + Arrays.stream(values()).map(Aggregation::id).toList());
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
