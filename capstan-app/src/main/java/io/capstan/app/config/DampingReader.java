package io.capstan.app.config;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.hpa.SelectPolicy;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.FlappingGuard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What damps a target: cooldowns (target and policy), the flapping guard and HPA behavior (stabilization, rate policies). */
final class DampingReader extends ReaderBase {
    static final List<String> COOLDOWN_FIELDS = List.of("scaleOut", "scaleIn");
    static final List<String> BEHAVIOR_FIELDS = List.of("scaleUp", "scaleDown");
    static final List<String> RULES_FIELDS = List.of("stabilizationWindowSeconds", "selectPolicy", "tolerance", "policies");
    static final List<String> RATE_FIELDS = List.of("type", "value", "periodSeconds");
    static final Map<String, SelectPolicy> SELECT_POLICIES = options("Max", SelectPolicy.MAX,
            "Min", SelectPolicy.MIN, "Disabled", SelectPolicy.DISABLED);
    static final Map<String, HpaRatePolicy.PolicyType> RATE_TYPES = options("Pods", HpaRatePolicy.PolicyType.PODS,
            "Percent", HpaRatePolicy.PolicyType.PERCENT);
    static final Map<String, FlappingGuard> FLAPPING = options("on", FlappingGuard.ON, "off", FlappingGuard.OFF);
    static final HpaBehavior KUBERNETES_DEFAULT_BEHAVIOR = new HpaBehavior(HpaScalingRules.scaleUpDefaults(), HpaScalingRules.scaleDownDefaults());

    DampingReader(Problems problems, List<String> lines) {
        super(problems, lines);
    }

    /** The target's cooldowns while its policies are read: a direction a policy's map omits is the target's. */
    Cooldowns inheritedCooldowns = Cooldowns.NONE;

    /** Whether a policy of the target being read declared a cooldown: its author chose the damping. */
    boolean policyCooldowns;

    /**
     * What a target that declares neither behavior nor any cooldown gets: Kubernetes' default behavior, as an HPA
     * without one has (a 300 s scale-down stabilization window; scale-up by at most 4 pods or 100 % per 15 s). Without
     * it such a target would scale in with no damping at all: one cold sample after a data gap took 30 replicas to 5.
     * Declaring behavior or a cooldown, even {@code behavior: {scaleDown: {stabilizationWindowSeconds: 0}}}, opts out.
     */

    /**
     * {@code cooldown: 5m} for both directions, or {@code {scaleOut: 60s, scaleIn: 120s}}; an omitted
     * direction is the target's (zero at target level).
     */
    Cooldowns cooldowns(Node node, String path) {
        if (node instanceof Node.Scalar) {
            Duration d = duration(node, path, Sign.NON_NEGATIVE);
            return d == null ? null : Cooldowns.both(d);
        }
        Fields f = fields(node, path, "a duration such as 5m, or {scaleOut: <duration>, scaleIn: <duration>}", COOLDOWN_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        Duration out = f.has("scaleOut") ? duration(f.get("scaleOut"), f.path("scaleOut"), Sign.NON_NEGATIVE) : inheritedCooldowns.scaleOut();
        Duration in = f.has("scaleIn") ? duration(f.get("scaleIn"), f.path("scaleIn"), Sign.NON_NEGATIVE) : inheritedCooldowns.scaleIn();
        if (problems.count() > before) return null;
        return build(node, path, () -> new Cooldowns(out, in));
    }

    FlappingGuard flappingGuard(Node node, String path) {
        // YAML 1.1 readers may hand "on" and "off" over as booleans.
        if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.BOOLEAN) {
            return s.text().equalsIgnoreCase("false") || s.text().equalsIgnoreCase("off") || s.text().equalsIgnoreCase("no")
                    ? FlappingGuard.OFF : FlappingGuard.ON;
        }
        return choice(node, path, FLAPPING);
    }

    HpaBehavior behavior(Node node, String path) {
        Fields f = fields(node, path, "HPA behavior {scaleUp, scaleDown}", BEHAVIOR_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        HpaScalingRules up = f.has("scaleUp") ? rules(f.get("scaleUp"), f.path("scaleUp"), HpaScalingRules.scaleUpDefaults())
                : HpaScalingRules.scaleUpDefaults();
        HpaScalingRules down = f.has("scaleDown") ? rules(f.get("scaleDown"), f.path("scaleDown"), HpaScalingRules.scaleDownDefaults())
                : HpaScalingRules.scaleDownDefaults();
        if (problems.count() > before) return null;
        return build(node, path, () -> new HpaBehavior(up, down));
    }

    /**
     * Omitted fields take Kubernetes' defaults for the direction, as the API server fills them in; an
     * omitted scale-down window stays unset and takes the controller's 300 s, as in Kubernetes.
     */
    HpaScalingRules rules(Node node, String path, HpaScalingRules defaults) {
        Fields f = fields(node, path, "scaling rules {stabilizationWindowSeconds, selectPolicy, tolerance, policies}", RULES_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        Integer window = defaults.stabilizationWindowSeconds();
        if (f.has("stabilizationWindowSeconds")) {
            Integer s = integer(f.get("stabilizationWindowSeconds"), f.path("stabilizationWindowSeconds"));
            if (s != null && (s < 0 || s > 3600)) {
                problems.add(f.get("stabilizationWindowSeconds"), f.path("stabilizationWindowSeconds"),
                        "stabilizationWindowSeconds must be in 0..3600, found " + s);
            } else if (s != null) {
                window = s;
            }
        }
        SelectPolicy select = f.has("selectPolicy") ? choice(f.get("selectPolicy"), f.path("selectPolicy"), SELECT_POLICIES) : SelectPolicy.MAX;
        Double tolerance = null;
        if (f.has("tolerance")) {
            tolerance = number(f.get("tolerance"), f.path("tolerance"));
            if (tolerance != null && (tolerance < 0 || tolerance >= MAX_TOLERANCE)) {
                problems.add(f.get("tolerance"), f.path("tolerance"), "tolerance must be in 0..1 (a fraction: 0.1 is 10 %), found " + ConditionText.number(tolerance));
            }
        }
        List<HpaRatePolicy> policies = defaults.policies();
        if (f.has("policies")) {
            Node.Sequence seq = sequence(f.get("policies"), f.path("policies"), "a list of rate policies {type, value, periodSeconds}");
            if (seq != null) {
                policies = new ArrayList<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    HpaRatePolicy p = ratePolicy(seq.items().get(i), item(f.path("policies"), i));
                    if (p != null) policies.add(p);
                }
                if (seq.items().isEmpty() && select != SelectPolicy.DISABLED) {
                    problems.add(seq, f.path("policies"), "expected at least one rate policy, found an empty list (use selectPolicy: Disabled to forbid this direction)");
                }
            }
        }
        if (problems.count() > before) return null;
        Integer w = window;
        Double t = tolerance;
        List<HpaRatePolicy> ps = policies;
        return build(node, path, () -> new HpaScalingRules(w, select, ps, t));
    }

    HpaRatePolicy ratePolicy(Node node, String path) {
        Fields f = fields(node, path, "a rate policy {type: Pods | Percent, value, periodSeconds}", RATE_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        Node typeNode = f.required("type", "Pods or Percent");
        Node valueNode = f.required("value", "a positive whole number");
        Node periodNode = f.required("periodSeconds", "a whole number of seconds in 1..1800");
        HpaRatePolicy.PolicyType type = typeNode == null ? null : choice(typeNode, f.path("type"), RATE_TYPES);
        Integer value = valueNode == null ? null : integer(valueNode, f.path("value"));
        if (value != null && value <= 0) problems.add(valueNode, f.path("value"), "value must be a positive whole number, found " + value);
        Integer period = periodNode == null ? null : integer(periodNode, f.path("periodSeconds"));
        if (period != null && (period < 1 || period > 1800)) {
            problems.add(periodNode, f.path("periodSeconds"), "periodSeconds must be in 1..1800, found " + period);
        }
        if (problems.count() > before) return null;
        return build(node, path, () -> new HpaRatePolicy(type, value, Duration.ofSeconds(period)));
    }
}
