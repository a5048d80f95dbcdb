package io.capstan.core.model;

import java.time.Duration;

/**
 * What a target does while a metric has no usable data (no samples in the window, or samples
 * older than the metric's staleness limit). Whatever the rule, missing data never causes a
 * scale-in: Kubernetes hard-codes its own choice here, Capstan makes it explicit per metric and
 * shows the rule applied in every explanation.
 */
public sealed interface MissingRule {

    /** Freeze the target: no scale-out and no scale-in while the metric is missing. */
    record Hold() implements MissingRule {}

    /** Use the last sample ever seen if it is younger than maxAge; past that, behave as {@link UpOnly}. */
    record LastKnown(Duration maxAge) implements MissingRule {
        public LastKnown {
            if (maxAge.isNegative() || maxAge.isZero()) throw new IllegalArgumentException("lastKnown maxAge must be positive, got " + maxAge);
        }
    }

    /** Raise the target to at least {@code replicas} (KEDA's fallback); never lowers it. */
    record Fallback(int replicas) implements MissingRule {
        public Fallback {
            if (replicas < 0) throw new IllegalArgumentException("fallback replicas " + replicas + " is negative");
        }
    }

    /** Other metrics may still scale the target out; nothing scales it in. The default. */
    record UpOnly() implements MissingRule {}

    static MissingRule defaultRule() {
        return new UpOnly();
    }

    default String describe() {
        return switch (this) {
            case Hold h -> "hold";
            case LastKnown l -> "lastKnown (maxAge " + Durations.format(l.maxAge()) + ")";
            case Fallback f -> "fallback " + f.replicas();
            case UpOnly u -> "upOnly";
        };
    }
}
