package io.capstan.app.config;

import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Types;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.TrackingType;

import java.util.List;
import java.util.Set;

/** {@code targetTracking}: keep a metric at a target value, as AWS target tracking and the HPA do. */
final class TargetTrackingReader extends ReaderBase {
    static final Field<TrackingType> TYPE = Field.optional("type", Types.choice(Types.<TrackingType>options(
            "utilization", TrackingType.UTILIZATION, "averageValue", TrackingType.AVERAGE_VALUE, "value", TrackingType.VALUE)),
            TrackingType.UTILIZATION, "how the metric relates to the replica count");
    static final Field<Double> TARGET = Field.required("target", PolicyTypes.TARGET, "the value to keep the metric at, a positive number of at least 1e-9");
    static final Field<Double> TOLERANCE = Field.optional("tolerance", PolicyTypes.TOLERANCE, TargetTrackingPolicy.DEFAULT_TOLERANCE,
            "the ratio band within which nothing changes");
    static final Field<TargetTrackingPolicy.ScaleIn> SCALE_IN = Field.optional("scaleIn", Types.choice(Types.<TargetTrackingPolicy.ScaleIn>options(
            "enabled", TargetTrackingPolicy.ScaleIn.ENABLED, "disabled", TargetTrackingPolicy.ScaleIn.DISABLED)),
            TargetTrackingPolicy.ScaleIn.ENABLED, "disabled: this policy only scales out");
    static final Schema TRACKING = Schema.of("a target-tracking rule {metric, agg, window, type, target, tolerance, scaleIn, cooldown}",
            ConditionReader.METRIC, ConditionReader.AGG, ConditionReader.WINDOW, TYPE, TARGET, TOLERANCE, SCALE_IN, DampingReader.POLICY_COOLDOWN);

    private final ConditionReader conditions;
    private final DampingReader damping;

    TargetTrackingReader(Problems problems, List<String> lines, ConditionReader conditions, DampingReader damping) {
        super(problems, lines);
        this.conditions = conditions;
        this.damping = damping;
    }

    TargetTrackingPolicy targetTracking(Node node, String path, String name, Set<String> metrics) {
        int before = problems.count();
        Fields f = fields(node, path, TRACKING);
        if (f == null) return null;
        ConditionReader.Reads reads = conditions.reads(f, metrics);
        TrackingType type = f.value(TYPE);
        Double target = f.value(TARGET);
        Double tolerance = f.value(TOLERANCE);
        TargetTrackingPolicy.ScaleIn scaleIn = f.value(SCALE_IN);
        Cooldowns cooldowns = damping.policyCooldowns(f);
        if (problems.count() > before || name == null) return null;
        double tol = tolerance;
        return build(node, path, () -> new TargetTrackingPolicy(name, reads.metric(), reads.agg(), reads.window(), type, target, tol, scaleIn, cooldowns));
    }
}
