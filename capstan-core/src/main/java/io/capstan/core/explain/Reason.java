package io.capstan.core.explain;

/**
 * Stable codes for why a stage of a decision came out as it did. They appear in explanations,
 * decisions.csv, the audit store and the API, so they are API: add codes, never rename one.
 * Where the meaning matches, the code is the Kubernetes HPA controller's own.
 */
public enum Reason {
    // --- Kubernetes HPA codes (pkg/controller/podautoscaler) ---
    /** The metric gave a usable proposal. */
    ValidMetricFound,
    FailedGetResourceMetric,
    FailedGetContainerResourceMetric,
    FailedGetPodsMetric,
    FailedGetObjectMetric,
    FailedGetExternalMetric,
    InvalidMetricSourceType,
    /** The recommendation was not changed by stabilization. */
    ReadyForNewScale,
    ScaleUpStabilized,
    ScaleDownStabilized,
    ScaleUpLimit,
    ScaleDownLimit,
    TooManyReplicas,
    TooFewReplicas,
    DesiredWithinRange,
    /** selectPolicy Disabled for the direction asked. */
    ScalingDisabled,

    // --- Capstan codes ---
    /** A threshold condition held for its sustain duration. */
    ThresholdSustained,
    /** A threshold condition holds but not yet for its sustain duration. */
    ThresholdPending,
    /** No threshold condition holds. */
    ThresholdClear,
    TargetTracking,
    /** The metric is within the tolerance of its target. */
    WithinTolerance,
    ScaleInDisabled,
    StepAdjustment,
    ScheduleActive,
    ScheduleFloor,
    ScheduleCeiling,
    /** A schedule's set-then-hand-back entry fired: the count was set to its value (within bounds). */
    ScheduleSet,
    DecisionTreeOutcome,
    /** A decision-tree outcome already decided is given its settle time to work: the tree holds until then. */
    OutcomeSettling,
    /** An emergency action (toMax) took precedence. */
    EmergencyToMax,
    /** The metric has no usable data; the metric's onMissing rule decides what follows. */
    NoData,
    /** onMissing: hold froze the target while the metric has no data. */
    MissingHold,
    /** onMissing: lastKnown used a value older than the window but younger than maxAge, and a scale-in on it was blocked. */
    MissingLastKnown,
    /** onMissing: fallback raised the target to the fallback count. */
    MissingFallback,
    /** onMissing: upOnly blocked a scale-in while the metric has no data. */
    MissingUpOnly,
    /** How the proposals of several policies were combined. */
    Combined,
    CooldownActive,
    /** The scale-in was skipped: projected onto fewer replicas, the metrics would ask to scale out again. */
    FlappingGuard,
    /** Nothing asked for a change. */
    NoChange,
    /** A predictive policy's forecast held the count up (a floor: it never scales in). */
    PredictiveFloor,
    /** A predictive policy in forecastOnly mode: what it would have done is recorded, nothing is changed. */
    ForecastOnly,
    /** A predictive policy's recent forecast error is above its guard: reactive policies only. */
    ForecastGuard,
    /** A predictive policy has too little history to forecast yet. */
    ForecastWarmingUp
}
