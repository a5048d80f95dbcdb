package io.capstan.app.config;

import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Types;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.StepPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code step}: AWS step scaling, an alarm and step adjustments that cover every breach. */
final class StepReader extends ReaderBase {
    static final List<String> STEP_ADJUSTMENT_FIELDS = List.of("lower", "upper", "adjustment");
    static final Map<String, StepPolicy.AdjustmentType> ADJUSTMENT_TYPES = options(
            "ChangeInCapacity", StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY,
            "PercentChangeInCapacity", StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY,
            "ExactCapacity", StepPolicy.AdjustmentType.EXACT_CAPACITY);
    static final Field<Double> THRESHOLD = Field.required("threshold", PolicyTypes.NUMBER, "the alarm threshold, a number");
    static final Field<StepPolicy.AdjustmentType> ADJUSTMENT_TYPE = Field.optional("adjustmentType", Types.choice(ADJUSTMENT_TYPES),
            StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY, "what an adjustment means");
    static final Field<Integer> MIN_MAGNITUDE = Field.optional("minAdjustmentMagnitude", PolicyTypes.NON_NEGATIVE_WHOLE, 0,
            "the smallest change a PercentChangeInCapacity adjustment makes");
    static final Field<Node> STEPS = Field.required("steps", Types.any("step adjustments"), "a list of step adjustments {lower, upper, adjustment}");
    static final Schema STEP = Schema.of("a step rule {metric, agg, window, op, threshold, for, adjustmentType, minAdjustmentMagnitude, steps, cooldown}",
            ConditionReader.METRIC, ConditionReader.AGG, ConditionReader.WINDOW, ConditionReader.OP, THRESHOLD, ConditionReader.FOR,
            ADJUSTMENT_TYPE, MIN_MAGNITUDE, STEPS, DampingReader.POLICY_COOLDOWN);

    private final ConditionReader conditions;
    private final DampingReader damping;

    StepReader(Problems problems, List<String> lines, ConditionReader conditions, DampingReader damping) {
        super(problems, lines);
        this.conditions = conditions;
        this.damping = damping;
    }

    StepPolicy step(Node node, String path, String name, Set<String> metrics) {
        int before = problems.count();
        Fields f = fields(node, path, STEP);
        if (f == null) return null;
        ConditionReader.Reads reads = conditions.reads(f, metrics);
        Comparator op = f.value(ConditionReader.OP);
        Double threshold = f.value(THRESHOLD);
        Duration sustain = f.value(ConditionReader.FOR);
        StepPolicy.AdjustmentType type = f.value(ADJUSTMENT_TYPE);
        Integer minMagnitude = f.value(MIN_MAGNITUDE);
        if (f.has(MIN_MAGNITUDE.name()) && minMagnitude != null && type != null && type != StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY) {
            problems.add(f.get(MIN_MAGNITUDE.name()), f.path(MIN_MAGNITUDE.name()),
                    "minAdjustmentMagnitude applies only to adjustmentType PercentChangeInCapacity");
        }
        List<StepPolicy.StepAdjustment> steps = f.has(STEPS.name()) ? stepAdjustments(f.get(STEPS.name()), f.path(STEPS.name()), op, type) : null;
        Cooldowns cooldowns = damping.policyCooldowns(f);
        if (problems.count() > before || name == null) return null;
        int mm = minMagnitude;
        return build(node, path, () -> new StepPolicy(name, reads.metric(), reads.agg(), reads.window(), op, threshold, sustain, type, steps, mm, cooldowns));
    }

    /**
     * AWS's rules for step adjustments: bounds are offsets from the threshold; the steps may
     * neither overlap nor leave a gap; only the last may be open above and only the first open
     * below; and together they cover every breach the alarm can see (from 0 upwards for an alarm
     * above the threshold, from 0 downwards for one below it).
     */
    List<StepPolicy.StepAdjustment> stepAdjustments(Node node, String path, Comparator op, StepPolicy.AdjustmentType type) {
        Node.Sequence seq = sequence(node, path, "a list of step adjustments {lower, upper, adjustment}");
        if (seq == null) return null;
        if (seq.items().isEmpty()) {
            problems.add(seq, path, "expected at least one step adjustment, found an empty list");
            return null;
        }
        int before = problems.count();
        record Located(StepPolicy.StepAdjustment step, Node node, String path) {}
        List<Located> steps = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String sub = item(path, i);
            Fields f = fields(seq.items().get(i), sub, "a step adjustment {lower, upper, adjustment}", STEP_ADJUSTMENT_FIELDS);
            if (f == null) continue;
            int stepBefore = problems.count();
            Double lower = f.has("lower") ? number(f.get("lower")) : null;
            Double upper = f.has("upper") ? number(f.get("upper")) : null;
            Node adjNode = f.required("adjustment", "the change to apply, a whole number");
            Double adjustment = adjNode == null ? null : number(adjNode);
            if (adjustment != null) {
                if (adjustment != Math.rint(adjustment)) {
                    problems.add(adjNode, f.path("adjustment"), "adjustment must be a whole number, found " + ConditionText.number(adjustment));
                } else if (type == StepPolicy.AdjustmentType.EXACT_CAPACITY && adjustment < 0) {
                    problems.add(adjNode, f.path("adjustment"), "an ExactCapacity adjustment is a replica count and must be zero or more, found " + ConditionText.number(adjustment));
                } else if (type == StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY && adjustment < -100) {
                    problems.add(adjNode, f.path("adjustment"), "a PercentChangeInCapacity adjustment cannot remove more than 100 %, found " + ConditionText.number(adjustment));
                }
            }
            if (lower != null && upper != null && !(lower < upper)) {
                problems.add(seq.items().get(i), sub, "lower " + ConditionText.number(lower) + " must be below upper " + ConditionText.number(upper));
            }
            if (problems.count() > stepBefore) continue;
            StepPolicy.StepAdjustment s = build(seq.items().get(i), sub, () -> new StepPolicy.StepAdjustment(lower, upper, adjustment));
            if (s != null) steps.add(new Located(s, seq.items().get(i), sub));
        }
        if (problems.count() > before) return null;
        List<Located> sorted = new ArrayList<>(steps);
        sorted.sort(java.util.Comparator.comparingDouble(l -> l.step().lower() == null ? Double.NEGATIVE_INFINITY : l.step().lower()));
        for (int i = 1; i < sorted.size(); i++) {
            Located prev = sorted.get(i - 1);
            Located cur = sorted.get(i);
            double prevUpper = prev.step().upper() == null ? Double.POSITIVE_INFINITY : prev.step().upper();
            double curLower = cur.step().lower() == null ? Double.NEGATIVE_INFINITY : cur.step().lower();
            if (cur.step().lower() == null) {
                problems.add(cur.node(), cur.path(), "only one step may leave out lower (minus infinity); " + prev.path() + " does too");
            } else if (curLower < prevUpper) {
                problems.add(cur.node(), cur.path(), "step " + range(cur.step()) + " overlaps step " + range(prev.step()) + " of " + prev.path());
            } else if (curLower > prevUpper) {
                problems.add(cur.node(), cur.path(), "gap between " + ConditionText.number(prevUpper) + " and " + ConditionText.number(curLower)
                        + ": a breach there matches no step (the upper bound of one step must equal the lower bound of the next)");
            }
        }
        if (problems.count() > before || op == null) return problems.count() > before ? null : steps.stream().map(Located::step).toList();
        Located first = sorted.get(0);
        Located last = sorted.get(sorted.size() - 1);
        if (op.firesHigh()) {
            if (first.step().lower() != null && first.step().lower() > 0) {
                problems.add(first.node(), first.path(), "gap between 0 and " + ConditionText.number(first.step().lower())
                        + ": the alarm fires from the threshold up, so the lowest step must start at 0 or below");
            }
            if (last.step().upper() != null) {
                problems.add(last.node(), last.path(), "the highest step must leave out upper (plus infinity): a breach above "
                        + ConditionText.number(last.step().upper()) + " would match no step");
            }
        } else {
            if (last.step().upper() != null && last.step().upper() < 0) {
                problems.add(last.node(), last.path(), "gap between " + ConditionText.number(last.step().upper())
                        + " and 0: the alarm fires from the threshold down, so the highest step must end at 0 or above");
            }
            if (first.step().lower() != null) {
                problems.add(first.node(), first.path(), "the lowest step must leave out lower (minus infinity): a breach below "
                        + ConditionText.number(first.step().lower()) + " would match no step");
            }
        }
        return problems.count() > before ? null : steps.stream().map(Located::step).toList();
    }

    static String range(StepPolicy.StepAdjustment s) {
        return "[" + (s.lower() == null ? "-inf" : ConditionText.number(s.lower())) + ", "
                + (s.upper() == null ? "inf" : ConditionText.number(s.upper())) + ")";
    }
}
