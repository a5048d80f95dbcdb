package io.capstan.core.state;

import io.capstan.core.policy.Policy;
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.policy.StateKeys;
import io.capstan.core.target.TargetSpec;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fits a saved state to the spec it is loaded for, which may have changed since it was saved. Clocks are
 * kept by name ({@link StateKeys}), so a reordered config keeps them all; a clock whose condition, action
 * or schedule no longer exists is dropped, not applied to whatever took its place; a new condition starts
 * with no clock. The spec's bounds apply to every decision made from the state (not to the saved history);
 * recommendations and scale events are dropped when the target no longer stabilizes.
 */
public final class StateReconciler {
    private StateReconciler() {}

    public static ScalingState reconcile(TargetSpec spec, ScalingState saved) {
        if (saved.equals(ScalingState.EMPTY)) return ScalingState.EMPTY;
        Set<String> sustainKeys = new HashSet<>();
        Set<String> actionNames = new HashSet<>();
        Set<String> schedules = new HashSet<>();
        for (Policy p : spec.policies()) {
            sustainKeys.addAll(StateKeys.sustainOf(p));
            actionNames.addAll(StateKeys.actionsOf(p));
            if (p instanceof SchedulePolicy) schedules.add(p.name());
        }
        boolean stabilizes = spec.stabilizes() || spec.hpa() != null;
        // Recommendations are kept as the controller recorded them: the bounds in force are applied to every decision
        // (HpaNormalizer clamps after stabilizing, and clamping is monotone), so one saved above a lowered max cannot
        // lift a decision past it, and the history stays what Kubernetes would hold.
        ScalingState fitted = new ScalingState(ScalingState.CURRENT_VERSION, stabilizes ? saved.recommendations() : List.of(),
                stabilizes ? saved.scaleUpEvents() : List.of(), stabilizes ? saved.scaleDownEvents() : List.of(),
                saved.lastScaleOut(), saved.lastScaleIn(), only(saved.sustain(), sustainKeys), only(saved.actions(), actionNames),
                only(saved.scheduled(), schedules));
        return fitted.equals(saved) ? saved : fitted;
    }

    private static Map<String, Instant> only(Map<String, Instant> clocks, Set<String> names) {
        Map<String, Instant> out = new HashMap<>();
        clocks.forEach((k, v) -> {
            if (names.contains(k)) out.put(k, v);
        });
        return out;
    }
}
