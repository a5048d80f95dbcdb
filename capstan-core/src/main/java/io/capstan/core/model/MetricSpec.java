package io.capstan.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A metric a target declares.
 *
 * @param staleAfter samples older than this count as missing, whatever the window
 */
public record MetricSpec(String name, MetricScope scope, MissingRule onMissing, Duration staleAfter) {
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(5);

    public MetricSpec {
        Objects.requireNonNull(name, "metric name");
        Objects.requireNonNull(scope, "metric scope");
        Objects.requireNonNull(onMissing, "onMissing rule");
        Objects.requireNonNull(staleAfter, "staleAfter");
        if (staleAfter.isNegative() || staleAfter.isZero()) throw new IllegalArgumentException("staleAfter of metric " + name + " must be positive, got " + staleAfter);
    }

    /** cpu and memory are per-replica utilizations; everything else is target-wide unless declared. */
    public static MetricScope defaultScope(String name) {
        return switch (name) {
            case "cpu", "memory" -> MetricScope.REPLICA;
            default -> MetricScope.TARGET;
        };
    }

    public static MetricSpec of(String name) {
        return new MetricSpec(name, defaultScope(name), MissingRule.defaultRule(), DEFAULT_STALE_AFTER);
    }
}
