package io.capstan.core.simulate;

import io.capstan.core.explain.Explanation;
import io.capstan.core.explain.Reason;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a target's replay, after the decision at {@code at}. A value: equal rows have equal
 * fields.
 *
 * <p>A streamed row ({@link Simulator#stream}) renders its summary when first read, like the
 * decision's own {@link Explanation}: most rows of a long replay are holds whose text only a CSV
 * writer reads, and it may read it on another thread (rendering is pure; hand the row over through
 * a safe publication such as a blocking queue, and let one thread read it at a time).
 */
public final class Row {
    public static final String SCALE_OUT = "scale-out";
    public static final String SCALE_IN = "scale-in";
    public static final String HOLD = "hold";

    private final Instant at;
    private final int desiredReplicas;
    private final int readyReplicas;
    private final Map<String, Double> metrics;
    private final String action;
    private final Reason reason;
    private final Explanation summary;

    /**
     * @param metrics the latest value of each metric the engine had at this step (in demand replay the
     *                derived values, plus {@code demand}); a metric without a sample younger than its
     *                staleAfter is absent from the map, never NaN or zero
     * @param action  {@code scale-out}, {@code scale-in}, or {@code hold}; named actions decided at this
     *                step follow, separated by {@code ;} (for example {@code hold;enable-cache})
     */
    public Row(Instant at, int desiredReplicas, int readyReplicas, Map<String, Double> metrics, String action, Reason reason, String summary) {
        this(at, desiredReplicas, readyReplicas, Collections.unmodifiableMap(new LinkedHashMap<>(metrics)), action, reason,
                Explanation.text(summary));
    }

    /** The simulator's own rows: {@code metrics} is a fresh map nobody else holds, the summary lazy. */
    Row(Instant at, int desiredReplicas, int readyReplicas, Map<String, Double> metrics, String action, Reason reason, Explanation summary) {
        this.at = Objects.requireNonNull(at, "at");
        this.desiredReplicas = desiredReplicas;
        this.readyReplicas = readyReplicas;
        this.metrics = metrics;
        this.action = Objects.requireNonNull(action, "action");
        this.reason = reason;
        this.summary = summary;
    }

    public Instant at() {
        return at;
    }

    public int desiredReplicas() {
        return desiredReplicas;
    }

    public int readyReplicas() {
        return readyReplicas;
    }

    public Map<String, Double> metrics() {
        return metrics;
    }

    public String action() {
        return action;
    }

    public Reason reason() {
        return reason;
    }

    public String summary() {
        return summary.toString();
    }

    /** True when replicas changed or a named action was decided. */
    public boolean eventful() {
        return !action.equals(HOLD);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && at.equals(r.at) && desiredReplicas == r.desiredReplicas && readyReplicas == r.readyReplicas
                && metrics.equals(r.metrics) && action.equals(r.action) && reason == r.reason && summary().equals(r.summary());
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, desiredReplicas, readyReplicas, metrics, action, reason, summary());
    }

    @Override
    public String toString() {
        return "Row[at=" + at + ", desiredReplicas=" + desiredReplicas + ", readyReplicas=" + readyReplicas + ", metrics=" + metrics
                + ", action=" + action + ", reason=" + reason + ", summary=" + summary() + "]";
    }
}
