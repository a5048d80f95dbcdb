package io.capstan.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * What the simulator needs to replay demand through a target: how much one ready replica serves,
 * how long a new replica takes to become ready, and what a replica costs.
 *
 * @param capacityPerReplica demand units (requests/s, busy cores...) one replica serves at 100 %
 * @param costPerReplicaHour optional price for scorecards; 0 when not given
 */
public record ServiceModel(double capacityPerReplica, Duration startup, double costPerReplicaHour) {
    public ServiceModel {
        if (!(capacityPerReplica > 0) || !Double.isFinite(capacityPerReplica))
            throw new IllegalArgumentException("capacityPerReplica must be a positive number, got " + capacityPerReplica);
        Objects.requireNonNull(startup, "startup");
        if (startup.isNegative()) throw new IllegalArgumentException("startupSeconds must not be negative, got " + startup);
        if (costPerReplicaHour < 0 || !Double.isFinite(costPerReplicaHour))
            throw new IllegalArgumentException("costPerReplicaHour must be zero or positive, got " + costPerReplicaHour);
    }
}
