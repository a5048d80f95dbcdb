package io.capstan.core.simulate;

import java.util.Map;

/**
 * How a policy did over a replay. Each step stands for the interval from it to the next step, at
 * the replica count decided at it. Every number counts the scored steps only: those after the warm-up
 * ({@link SimulationOptions#warmUp()}, none by default), and of those the ones with data (see unscoredMinutes).
 *
 * @param replicaHours            sum over scored steps of desired replicas x step hours (pending replicas cost too); a
 *                                step without data is not scored (see unscoredMinutes)
 * @param oracleReplicaHours      demand replay only, else null: sum over steps with known demand of
 *                                ceil(demand / capacityPerReplica), clamped to the target's [min, max], x step hours:
 *                                the least any policy within the target's bounds could spend with instant replicas
 * @param underProvisionedMinutes demand replay only, else null: minutes of steps whose demand exceeded
 *                                ready replicas x capacityPerReplica (against the demand, not the oracle: demand
 *                                above max x capacity counts, whatever the policy did)
 * @param scaleOutEvents          decisions that raised the replica count
 * @param scaleInEvents           decisions that lowered it
 * @param minReplicas             fewest desired replicas at any step after the warm-up
 * @param maxReplicas             most desired replicas at any step after the warm-up
 * @param cost                    replicaHours x costPerReplicaHour when the service model gives a positive price, else null
 * @param actions                 how often each named action was decided, by name
 * @param unscoredMinutes         minutes of steps left out of replicaHours, oracleReplicaHours and cost because the data
 *                                was unknown: in demand replay the demand (a gap in the demand series), so the policy and
 *                                the oracle are scored over the same time; in observed replay every metric (past its
 *                                staleAfter), so a gap in the trace is not billed as time the policies ran
 */
public record Scorecard(double replicaHours, Double oracleReplicaHours, Double underProvisionedMinutes, int scaleOutEvents,
                        int scaleInEvents, int minReplicas, int maxReplicas, Double cost, Map<String, Integer> actions,
                        double unscoredMinutes) {
    public Scorecard {
        actions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(actions));
    }

    /** A scorecard of a replay whose every step was scored. */
    public Scorecard(double replicaHours, Double oracleReplicaHours, Double underProvisionedMinutes, int scaleOutEvents,
                     int scaleInEvents, int minReplicas, int maxReplicas, Double cost, Map<String, Integer> actions) {
        this(replicaHours, oracleReplicaHours, underProvisionedMinutes, scaleOutEvents, scaleInEvents, minReplicas, maxReplicas, cost, actions, 0);
    }
}
