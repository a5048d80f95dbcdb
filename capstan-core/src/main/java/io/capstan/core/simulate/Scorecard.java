package io.capstan.core.simulate;

import java.util.Map;

/**
 * How a policy did over a replay. Each step stands for the interval from it to the next step, at
 * the replica count decided at it.
 *
 * @param replicaHours            sum over steps of desired replicas x step hours (pending replicas cost too)
 * @param oracleReplicaHours      demand replay only, else null: sum over steps with known demand of
 *                                ceil(demand / capacityPerReplica) x step hours (bounds not applied)
 * @param underProvisionedMinutes demand replay only, else null: minutes of steps whose demand exceeded
 *                                ready replicas x capacityPerReplica
 * @param scaleOutEvents          decisions that raised the replica count
 * @param scaleInEvents           decisions that lowered it
 * @param minReplicas             fewest desired replicas at any step
 * @param maxReplicas             most desired replicas at any step
 * @param cost                    replicaHours x costPerReplicaHour when the service model gives a positive price, else null
 * @param actions                 how often each named action was decided, by name
 */
public record Scorecard(double replicaHours, Double oracleReplicaHours, Double underProvisionedMinutes, int scaleOutEvents,
                        int scaleInEvents, int minReplicas, int maxReplicas, Double cost, Map<String, Integer> actions) {
    public Scorecard {
        actions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(actions));
    }
}
