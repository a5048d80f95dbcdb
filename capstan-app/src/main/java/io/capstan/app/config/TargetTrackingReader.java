package io.capstan.app.config;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.TrackingType;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code targetTracking}: keep a metric at a target value, as AWS target tracking and the HPA do. */
final class TargetTrackingReader extends ReaderBase {
    static final List<String> TRACKING_FIELDS = List.of("metric", "agg", "window", "type", "target", "tolerance", "scaleIn", "cooldown");
    static final Map<String, TrackingType> TRACKING_TYPES = options("utilization", TrackingType.UTILIZATION,
            "averageValue", TrackingType.AVERAGE_VALUE, "value", TrackingType.VALUE);
    static final Map<String, TargetTrackingPolicy.ScaleIn> SCALE_IN = options("enabled", TargetTrackingPolicy.ScaleIn.ENABLED,
            "disabled", TargetTrackingPolicy.ScaleIn.DISABLED);

    private final ConditionReader conditions;
    private final DampingReader damping;

    TargetTrackingReader(Problems problems, List<String> lines, ConditionReader conditions, DampingReader damping) {
        super(problems, lines);
        this.conditions = conditions;
        this.damping = damping;
    }

    TargetTrackingPolicy targetTracking(Node node, String path, String name, Set<String> metrics) {
        Fields f = fields(node, path, "a target-tracking rule {metric, agg, window, type, target, tolerance, scaleIn, cooldown}", TRACKING_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        ConditionReader.Reads reads = conditions.reads(f, metrics, "the name of a declared metric");
        TrackingType type = f.has("type") ? choice(f.get("type"), f.path("type"), TRACKING_TYPES) : TrackingType.UTILIZATION;
        Node targetNode = f.required("target", "the value to keep the metric at, a positive number");
        Double target = targetNode == null ? null : positiveNumber(targetNode, f.path("target"));
        Double tolerance = TargetTrackingPolicy.DEFAULT_TOLERANCE;
        if (f.has("tolerance")) {
            tolerance = number(f.get("tolerance"), f.path("tolerance"));
            if (tolerance != null && (tolerance < 0 || tolerance >= MAX_TOLERANCE)) {
                problems.add(f.get("tolerance"), f.path("tolerance"), "tolerance must be in 0..1 (a fraction: 0.1 is 10 %), found " + ConditionText.number(tolerance));
            }
        }
        TargetTrackingPolicy.ScaleIn scaleIn = f.has("scaleIn") ? choice(f.get("scaleIn"), f.path("scaleIn"), SCALE_IN) : TargetTrackingPolicy.ScaleIn.ENABLED;
        Cooldowns cooldowns = f.has("cooldown") ? damping.cooldowns(f.get("cooldown"), f.path("cooldown")) : null;
        damping.policyCooldowns |= f.has("cooldown");
        if (problems.count() > before || name == null) return null;
        double tol = tolerance;
        return build(node, path, () -> new TargetTrackingPolicy(name, reads.metric(), reads.agg(), reads.window(), type, target, tol, scaleIn, cooldowns));
    }
}
