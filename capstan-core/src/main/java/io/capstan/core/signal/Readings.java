package io.capstan.core.signal;

import java.time.Duration;

/**
 * The windowed view of a target's metrics at one instant, as policies see it. Implementations
 * apply each metric's staleness limit and onMissing substitution before a policy sees the value.
 */
@FunctionalInterface
public interface Readings {
    Reading read(String metric, Aggregation aggregation, Duration window);
}
