package io.capstan.core.simulate;

import io.capstan.core.explain.Reason;

import java.time.Instant;
import java.util.Map;

/**
 * One step of a target's replay, after the decision at {@code at}.
 *
 * @param metrics the latest value of each metric the engine had at this step (in demand replay the
 *                derived values, plus {@code demand}); a metric without a sample younger than its
 *                staleAfter is absent from the map, never NaN or zero
 * @param action  {@code scale-out}, {@code scale-in}, or {@code hold}; named actions decided at this
 *                step follow, separated by {@code ;} (for example {@code hold;enable-cache})
 */
public record Row(Instant at, int desiredReplicas, int readyReplicas, Map<String, Double> metrics, String action, Reason reason,
                  String summary) {
    public Row {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }

    public static final String SCALE_OUT = "scale-out";
    public static final String SCALE_IN = "scale-in";
    public static final String HOLD = "hold";

    /** True when replicas changed or a named action was decided. */
    public boolean eventful() {
        return !action.equals(HOLD);
    }
}
