package io.capstan.core.hpa;

import java.time.Instant;

/**
 * One past rescale in one direction (timestampedScaleEvent). {@code replicaChange} is positive for both directions.
 * {@code outdated} marks a slot that storeScaleEvent may reuse; rate limits count every event inside the period
 * whatever its flag, as getReplicasChangePerPeriod does.
 */
public record ScaleEvent(Instant at, int replicaChange, boolean outdated) {
    public ScaleEvent {
        if (at == null) throw new IllegalArgumentException("scale event time must be given");
    }

    public static ScaleEvent of(Instant at, int replicaChange) {
        return new ScaleEvent(at, replicaChange, false);
    }
}
