package io.capstan.core.policy;

/** A threshold comparison. */
public enum Comparator {
    GT(">"), GE(">="), LT("<"), LE("<=");

    private final String symbol;

    Comparator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean test(double value, double threshold) {
        return switch (this) {
            case GT -> value > threshold;
            case GE -> value >= threshold;
            case LT -> value < threshold;
            case LE -> value <= threshold;
        };
    }

    /** True for comparators that fire when the metric is high (scale-out style). */
    public boolean firesHigh() {
        return this == GT || this == GE;
    }

    public static Comparator parse(String text) {
        for (Comparator c : values()) {
            if (c.symbol.equals(text.trim())) return c;
        }
        throw new IllegalArgumentException("unknown comparator '" + text + "', expected one of >, >=, <, <=");
    }
}
