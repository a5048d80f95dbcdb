package io.capstan.core.signal;

import java.time.Duration;

/**
 * The windowed view of a target's metrics at one instant, as policies see it. Implementations
 * apply each metric's staleness limit and onMissing substitution before a policy sees the value.
 */
@FunctionalInterface
public interface Readings {
    Reading read(String metric, Aggregation aggregation, Duration window);

    /** What the reads so far substituted for missing data (onMissing lastKnown), for the explanation. */
    default java.util.List<String> substitutions() {
        return java.util.List.of();
    }
}
