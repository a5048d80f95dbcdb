package io.capstan.core.hpa;

import java.time.Instant;

/** One entry of the controller's recommendation history (timestampedRecommendation). */
public record TimedRecommendation(Instant at, int replicas) {
    public TimedRecommendation {
        if (at == null) throw new IllegalArgumentException("recommendation time must be given");
    }
}
