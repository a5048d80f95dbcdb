package io.capstan.app.config;

import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Types;
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
    static final Field<Duration> SCALE_OUT = Field.optional("scaleOut", PolicyTypes.DURATION,
            "after a scale-out, no further scale-out for this long (default: the target's, zero at target level)");
    static final Field<Duration> SCALE_IN = Field.optional("scaleIn", PolicyTypes.DURATION,
            "after any scaling event, no scale-in for this long (default: the target's, zero at target level)");
    static final Field<Duration> BETWEEN_EVENTS = Field.optional("betweenEvents", PolicyTypes.DURATION,
            "after any scaling event, no scaling event of either direction for this long (default: the target's, zero at target level)");
    static final Schema COOLDOWN = Schema.of("a duration such as 5m, or {scaleOut: <duration>, scaleIn: <duration>, betweenEvents: <duration>}",
            SCALE_OUT, SCALE_IN, BETWEEN_EVENTS);

    static final Field<Node> SCALE_UP = Field.optional("scaleUp", Types.any("scaling rules"), "scale-up rules (Kubernetes' defaults)");
    static final Field<Node> SCALE_DOWN = Field.optional("scaleDown", Types.any("scaling rules"), "scale-down rules (Kubernetes' defaults)");
    static final Schema BEHAVIOR = Schema.of("HPA behavior {scaleUp, scaleDown}", SCALE_UP, SCALE_DOWN);

    static final Field<Integer> WINDOW = Field.optional("stabilizationWindowSeconds", PolicyTypes.WHOLE.where(s -> s < 0 || s > 3600
            ? "stabilizationWindowSeconds must be in 0..3600, found " + s : null), "seconds of recommendations the decision is stabilized over");
    static final Field<SelectPolicy> SELECT = Field.optional("selectPolicy", Types.choice(Types.<SelectPolicy>options("Max", SelectPolicy.MAX,
            "Min", SelectPolicy.MIN, "Disabled", SelectPolicy.DISABLED)), SelectPolicy.MAX, "which rate policy wins; Disabled forbids the direction");
    static final Field<Double> TOLERANCE = Field.optional("tolerance", PolicyTypes.TOLERANCE, "the ratio band within which nothing changes");
    static final Field<Node.Sequence> RATE_POLICIES = Field.optional("policies",
            Types.sequence("a list of rate policies {type, value, periodSeconds}"), "rate policies (the direction's defaults)");
    static final Schema RULES = Schema.of("scaling rules {stabilizationWindowSeconds, selectPolicy, tolerance, policies}",
            WINDOW, SELECT, TOLERANCE, RATE_POLICIES);

    static final Field<HpaRatePolicy.PolicyType> RATE_TYPE = Field.required("type", Types.choice(Types.<HpaRatePolicy.PolicyType>options(
            "Pods", HpaRatePolicy.PolicyType.PODS, "Percent", HpaRatePolicy.PolicyType.PERCENT)), "Pods or Percent");
    static final Field<Integer> RATE_VALUE = Field.required("value", PolicyTypes.WHOLE.where(v -> v <= 0
            ? "value must be a positive whole number, found " + v : null), "a positive whole number");
    static final Field<Integer> PERIOD = Field.required("periodSeconds", PolicyTypes.WHOLE.where(p -> p < 1 || p > 1800
            ? "periodSeconds must be in 1..1800, found " + p : null), "a whole number of seconds in 1..1800");
    static final Schema RATE_POLICY = Schema.of("a rate policy {type: Pods | Percent, value, periodSeconds}", RATE_TYPE, RATE_VALUE, PERIOD);

    /** A policy's own cooldowns; see {@link #cooldowns}. */
    static final Field<Node> POLICY_COOLDOWN = Field.optional("cooldown", Types.any("a cooldown"),
            "this policy's own cooldowns: a duration or {scaleOut, scaleIn}; a direction left out is the target's");

    static final Map<String, FlappingGuard> FLAPPING = options("on", FlappingGuard.ON, "off", FlappingGuard.OFF);

    /**
     * What a target that declares neither behavior nor any cooldown gets: Kubernetes' default scale-down behavior (a
     * 300 s stabilization window, at most 100 % down per 15 s). Without it such a target would scale in with no damping
     * at all: one cold sample after a data gap took 30 replicas to 5. Scale-up is left as the policies say (no rate
     * limit: one policy's {@code set: 20} still sets 20), since the damping the issue asks for is on the way down.
     * Declaring behavior or a cooldown, even {@code behavior: {scaleDown: {stabilizationWindowSeconds: 0}}}, opts out.
     */
    static final HpaBehavior KUBERNETES_DEFAULT_BEHAVIOR = new HpaBehavior(
            new HpaScalingRules(0, SelectPolicy.MAX, List.of(HpaRatePolicy.pods(Integer.MAX_VALUE, 15)), null),
            HpaScalingRules.scaleDownDefaults());

    /** The target's cooldowns while its policies are read: a direction a policy's map omits is the target's. */
    Cooldowns inheritedCooldowns = Cooldowns.NONE;

    /** Whether a policy of the target being read declared a cooldown: its author chose the damping. */
    boolean policyCooldowns;

    DampingReader(Problems problems, List<String> lines) {
        super(problems, lines);
    }

    /**
     * {@code cooldown: 5m} for both directions, or {@code {scaleOut: 60s, scaleIn: 120s, betweenEvents: 5m}};
     * an omitted key is the target's (zero at target level).
     */
    /** A policy's cooldown field, null when it has none; marks that the target's author chose its damping. */
    Cooldowns policyCooldowns(Fields f) {
        if (!f.has(POLICY_COOLDOWN.name())) return null;
        policyCooldowns = true;
        return cooldowns(f.get(POLICY_COOLDOWN.name()), f.path(POLICY_COOLDOWN.name()));
    }

    Cooldowns cooldowns(Node node, String path) {
        if (node instanceof Node.Scalar) {
            Duration d = duration(node, Sign.NON_NEGATIVE);
            return d == null ? null : Cooldowns.both(d);
        }
        int before = problems.count();
        Fields f = fields(node, path, COOLDOWN);
        if (f == null) return null;
        Duration out = f.has("scaleOut") ? f.value(SCALE_OUT) : inheritedCooldowns.scaleOut();
        Duration in = f.has("scaleIn") ? f.value(SCALE_IN) : inheritedCooldowns.scaleIn();
        Duration between = f.has("betweenEvents") ? f.value(BETWEEN_EVENTS) : inheritedCooldowns.betweenEvents();
        if (problems.count() > before) return null;
        return build(node, path, () -> new Cooldowns(out, in, between));
    }

    FlappingGuard flappingGuard(Node node, String path) {
        // true and false read as on and off; yes, no, on and off stay text (see Tree), so only on and off match below.
        if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.BOOLEAN) {
            return s.text().equals("false")
                    ? FlappingGuard.OFF : FlappingGuard.ON;
        }
        return choice(node, FLAPPING);
    }

    HpaBehavior behavior(Node node, String path) {
        int before = problems.count();
        Fields f = fields(node, path, BEHAVIOR);
        if (f == null) return null;
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
        int before = problems.count();
        Fields f = fields(node, path, RULES);
        if (f == null) return null;
        Integer window = f.has("stabilizationWindowSeconds") ? f.value(WINDOW) : defaults.stabilizationWindowSeconds();
        SelectPolicy select = f.value(SELECT);
        Double tolerance = f.value(TOLERANCE);
        List<HpaRatePolicy> policies = defaults.policies();
        if (f.has("policies")) {
            Node.Sequence seq = f.value(RATE_POLICIES);
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
        int before = problems.count();
        Fields f = fields(node, path, RATE_POLICY);
        if (f == null) return null;
        HpaRatePolicy.PolicyType type = f.value(RATE_TYPE);
        Integer value = f.value(RATE_VALUE);
        Integer period = f.value(PERIOD);
        if (problems.count() > before) return null;
        return build(node, path, () -> new HpaRatePolicy(type, value, Duration.ofSeconds(period)));
    }
}
