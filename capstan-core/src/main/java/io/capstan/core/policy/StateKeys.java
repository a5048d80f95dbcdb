package io.capstan.core.policy;

import io.capstan.core.model.Numbers;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The names a target's state keeps clocks under. Sustain clocks: the policy's name (and a decision tree's
 * check id) with the condition's text, never a position. Reordering a config, or the conditions of an
 * allOf, keeps every clock; changing a condition's metric, window, comparator or value changes its name,
 * so the old clock is not applied to the new condition (its saved clock is dropped on load, see
 * the state package's StateReconciler). Built only while a condition holds: a clock is asked for then.
 */
public final class StateKeys {
    private StateKeys() {}

    /** A comparison's clock: "cpu-high: avg(cpu, 5m) > 80 for 5m". */
    static String compare(String owner, Condition.Compare c) {
        return owner + ": " + c.describe();
    }

    /** A threshold policy's own {@code for} on its whole condition: "cpu-high for: avg(cpu, 5m) > 80". */
    static String thresholdFor(String policy, Condition when) {
        return policy + " for: " + when.describe();
    }

    /** A step policy's breach clock: "queue-steps: last(queue_depth, 1m) > 100". */
    static String step(StepPolicy s) {
        return s.name() + ": " + Truth.label(s.aggregation(), s.metric(), s.window()) + " " + s.op().symbol() + " " + Numbers.format(s.threshold());
    }

    /** A decision tree check's owner name: the policy's and the check's. */
    static String check(String policy, DecisionTreePolicy.Check c) {
        return policy + "." + c.id();
    }

    /** Every clock name a policy may keep: what a saved state may hold for it. */
    public static Set<String> sustainOf(Policy p) {
        Set<String> out = new LinkedHashSet<>();
        switch (p) {
            case ThresholdPolicy t -> {
                for (Condition.Compare c : t.when().comparisons()) out.add(compare(t.name(), c));
                if (!t.sustain().isZero()) out.add(thresholdFor(t.name(), t.when()));
            }
            case StepPolicy s -> out.add(step(s));
            case DecisionTreePolicy d -> {
                for (DecisionTreePolicy.Node n : d.nodes()) {
                    if (n instanceof DecisionTreePolicy.Check c) {
                        for (Condition.Compare cmp : c.when().comparisons()) out.add(compare(check(d.name(), c), cmp));
                    }
                }
            }
            case TargetTrackingPolicy t -> { }
            case SchedulePolicy s -> { }
            case PredictivePolicy f -> { }
        }
        return out;
    }

    /** The names a policy's decided actions are recorded under: a threshold's named action, a decision tree outcome's action or id. */
    public static Set<String> actionsOf(Policy p) {
        Set<String> out = new LinkedHashSet<>();
        if (p instanceof ThresholdPolicy t && t.action() instanceof Action.Named n) out.add(n.name());
        if (p instanceof DecisionTreePolicy tree) outcomes(tree.root(), out);
        return out;
    }

    private static void outcomes(DecisionTreePolicy.Node node, Set<String> names) {
        switch (node) {
            case DecisionTreePolicy.Check c -> {
                outcomes(c.then(), names);
                outcomes(c.otherwise(), names);
            }
            case DecisionTreePolicy.Outcome o -> {
                names.add(o.recordedAs());
                if (o.next() != null) outcomes(o.next(), names);
            }
            case DecisionTreePolicy.Healthy h -> { }
        }
    }
}
