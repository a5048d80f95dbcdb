package io.capstan.core.policy;

/**
 * One rule of a target. Pure: a policy reads its input and proposes; combining proposals,
 * stabilization, rate limits, cooldowns and bounds are the decider's work.
 */
public sealed interface Policy permits ThresholdPolicy, TargetTrackingPolicy, StepPolicy, SchedulePolicy, DecisionTreePolicy, PredictivePolicy {
    String name();

    Proposal propose(PolicyInput in);

    /** The kind as the policy language names it. */
    String kind();
}
