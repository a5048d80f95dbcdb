package io.capstan.core.decide;

import io.capstan.core.hpa.HpaNormalizer;
import io.capstan.core.hpa.ScaleEvent;
import io.capstan.core.hpa.TimedRecommendation;
import io.capstan.core.model.Bounds;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.state.ScalingState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Applies a Capstan target's {@code behavior} through the exact HPA port: the same stabilization
 * windows, rate policies, selectPolicy and min/max handling as normalizeDesiredReplicasWithBehaviors.
 */
public enum HpaBehaviorStage implements Decider.BehaviorStage {
    INSTANCE;

    /** The controller's --horizontal-pod-autoscaler-downscale-stabilization default, used when scaleDown leaves it unset. */
    static final Duration DOWNSCALE_STABILIZATION = Duration.ofMinutes(5);

    @Override
    public Limited apply(TargetSpec spec, ScalingState state, int current, int desired, Bounds bounds, Instant now) {
        // reconcileAutoscaler's first sync: the history starts with {current, now}, so a first
        // scale-up still waits out the scale-up stabilization window.
        List<TimedRecommendation> history = state.recommendations().isEmpty()
                ? List.of(new TimedRecommendation(now, current)) : state.recommendations();
        HpaNormalizer.Normalized n = HpaNormalizer.normalize(current, desired, bounds.min(), bounds.max(), spec.behavior(),
                DOWNSCALE_STABILIZATION, history, state.scaleUpEvents(), state.scaleDownEvents(), now);
        List<io.capstan.core.explain.Step> steps = new java.util.ArrayList<>(n.steps().size());
        for (io.capstan.core.explain.Step s : n.steps()) steps.add(capstanWords(s));
        return new Limited(n.replicas(), steps, state.withRecommendations(
                HpaNormalizer.compactRecommendations(n.recommendations(), spec.behavior(), DOWNSCALE_STABILIZATION, now)));
    }

    /**
     * This stage runs for Capstan targets only (an HPA target is decided by the controller port, in Kubernetes' words):
     * a bound it applies is said as the bounds stage says it ("above max 3"), not as Kubernetes' condition text.
     */
    private static io.capstan.core.explain.Step capstanWords(io.capstan.core.explain.Step s) {
        return switch (s.reason()) {
            case TooManyReplicas -> new io.capstan.core.explain.Step(s.stage(), s.reason(), s.before(), s.after(), "above max " + s.after());
            case TooFewReplicas -> new io.capstan.core.explain.Step(s.stage(), s.reason(), s.before(), s.after(), "below min " + s.after());
            default -> s;
        };
    }

    @Override
    public Events record(TargetSpec spec, List<ScaleEvent> scaleUp, List<ScaleEvent> scaleDown, int from, int to, Instant now) {
        HpaNormalizer.ScaleEvents e = HpaNormalizer.storeScaleEvent(spec.behavior(), DOWNSCALE_STABILIZATION, scaleUp, scaleDown, from, to, now);
        return new Events(e.scaleUp(), e.scaleDown());
    }
}
