package io.capstan.app.run;

import io.capstan.core.model.Severity;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.TargetFlag;
import io.capstan.core.target.TargetSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One target as {@code GET /api/v1/targets} shows it: replicas, metrics with their band, flags, last decision, sources. */
final class TargetView {
    private TargetView() {}

    /** Every flag set, by target and kind, as the store has them (with who, why and when). */
    static Map<String, Map<TargetFlag.Kind, TargetFlag>> byTarget(List<TargetFlag> flags) {
        Map<String, Map<TargetFlag.Kind, TargetFlag>> m = new java.util.HashMap<>();
        for (TargetFlag f : flags) m.computeIfAbsent(f.target(), k -> new java.util.EnumMap<>(TargetFlag.Kind.class)).put(f.kind(), f);
        return m;
    }

    /**
     * @param flags   the target's flags (see {@link #byTarget})
     * @param sources the polled source of each metric (a metric not there is pushed)
     */
    static Map<String, Object> of(TargetLoop t, Map<TargetFlag.Kind, TargetFlag> flags, boolean globalDryRun, Map<String, String> sources) {
        TargetFlag pause = flags.get(TargetFlag.Kind.PAUSED);
        TargetFlag dry = flags.get(TargetFlag.Kind.DRY_RUN);
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (t) {
            m.put("name", t.name);
            m.put("minReplicas", t.runtime.spec().bounds().min());
            m.put("maxReplicas", t.runtime.spec().bounds().max());
            m.put("currentReplicas", t.capacity == null ? null : t.capacity.current());
            m.put("readyReplicas", t.capacity == null ? null : t.capacity.ready());
            m.put("desiredReplicas", desired(t));
            m.put("paused", pause != null);
            m.put("pause", pause == null ? null : flag(pause));
            m.put("dryRun", globalDryRun || dry != null);
            m.put("dryRunFlag", dry == null ? null : flag(dry));
            m.put("globalDryRun", globalDryRun);
            m.put("holding", t.holding);
            m.put("applying", t.inFlight);
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (String metric : t.runtime.spec().metrics().keySet()) {
                Map<String, Object> v = new LinkedHashMap<>();
                TargetLoop.Latest l = t.latest.get(metric);
                v.put("value", l == null ? null : l.value());
                v.put("at", l == null ? null : l.at().toString());
                v.put("band", band(t.runtime.spec(), metric, l == null ? null : l.value()));
                v.put("source", sources.getOrDefault(metric, "push"));
                if (t.sourceErrors.containsKey(metric)) v.put("sourceError", t.sourceErrors.get(metric));
                metrics.put(metric, v);
            }
            m.put("metrics", metrics);
            m.put("sourceHealth", t.sourceErrors.isEmpty() ? "ok" : "failing");
            m.put("sourceErrors", new ArrayList<>(t.sourceErrors.values()));
            m.put("notes", t.notes());
            m.put("lastDecision", last(t));
            m.put("lastRecordedDecisionId", t.lastRecordedId);
        }
        return m;
    }

    /** The replicas the target should be at: its last decision's, else what its actuator works towards, else null. */
    static Integer desired(TargetLoop t) {
        StoredDecision manual = t.lastManual;
        if (manual != null && (t.lastDecision == null || !manual.at().isBefore(t.lastDecision.at()))) return manual.to();
        if (t.lastDecision != null) return t.lastDecision.to();
        return t.capacity == null ? null : t.capacity.desired();
    }

    private static Map<String, Object> last(TargetLoop t) {
        Map<String, Object> d = new LinkedHashMap<>();
        StoredDecision manual = t.lastManual;
        if (manual != null && (t.lastDecision == null || !manual.at().isBefore(t.lastDecision.at()))) {
            d.put("id", manual.id());
            d.put("timestamp", manual.at().toString());
            d.put("currentReplicas", manual.from());
            d.put("desiredReplicas", manual.to());
            d.put("action", DecisionJson.action(manual.from(), manual.to()));
            d.put("reason", manual.reason());
            d.put("summary", manual.summary());
            d.put("recorded", true);
        } else if (t.lastDecision != null) {
            d.put("id", t.lastDecision.id().toString());
            d.put("timestamp", t.lastDecision.at().toString());
            d.put("currentReplicas", t.lastDecision.from());
            d.put("desiredReplicas", t.lastDecision.to());
            d.put("action", DecisionJson.action(t.lastDecision.from(), t.lastDecision.to()));
            d.put("reason", t.lastDecision.reason().name());
            d.put("summary", t.lastDecision.summary());
            // a hold like the last one recorded is not written again, so its id is not in the decisions
            d.put("recorded", t.lastDecision.id().toString().equals(t.lastRecordedId));
        } else {
            return null;
        }
        return d;
    }

    /**
     * The health band of a metric's latest value: the highest severity among the threshold rules that add capacity
     * (a scale-in rule's "queue below 100" is no alarm) and compare this metric with a bound the value crosses;
     * {@code ok} when it crosses none (or only info ones), {@code unknown} without a value, null when no such rule reads
     * the metric. The latest value stands for the rule's windowed read: a band says where the metric is, the decision
     * says what the rule made of its window.
     */
    static String band(TargetSpec spec, String metric, Double value) {
        Severity worst = null;
        boolean read = false;
        for (Policy p : spec.policies()) {
            if (!(p instanceof ThresholdPolicy tp) || tp.action() instanceof Action.Remove || tp.action() instanceof Action.RemovePercent) continue;
            for (Condition.Compare c : tp.when().comparisons()) {
                if (!c.metric().equals(metric)) continue;
                read = true;
                if (value != null && c.op().test(value, c.value()) && (worst == null || tp.severity().compareTo(worst) > 0)) worst = tp.severity();
            }
        }
        if (!read) return null;
        if (value == null) return "unknown";
        return worst == null || worst == Severity.INFO ? "ok" : worst.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> flag(TargetFlag f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", f.who());
        m.put("reason", f.reason());
        m.put("at", f.at().toString());
        return m;
    }
}
