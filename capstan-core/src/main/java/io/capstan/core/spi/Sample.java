package io.capstan.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One observed value of a target's metric at an instant. Only finite values are samples: a source that reads NaN, an
 * infinity or no value at all reports the series as failed (no data), never as a sample of zero.
 */
public record Sample(String target, String metric, Instant at, double value) {
    public Sample {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(at, "at");
        if (!Double.isFinite(value)) throw new IllegalArgumentException("a sample value must be finite: " + value);
    }
}
