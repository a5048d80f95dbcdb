package io.capstan.app.config;

import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.hpa.SelectPolicy;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.Durations;
import io.capstan.core.model.FlappingGuard;
import io.capstan.core.model.MetricScope;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.MissingRule;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.model.Severity;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Cron;
import io.capstan.core.policy.DecisionTreePolicy;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.policy.StepPolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Maps a located YAML tree to core records, collecting every problem on the way. Each reader
 * returns null when what it read was wrong (having recorded why), and a parent builds its own
 * record only when none of its parts failed, so one mistake gives one problem rather than a
 * cascade. Core constructors validate too; their messages become problems at the node being built.
 */
final class PolicyReader {
    static final List<String> DOCUMENT_FIELDS = List.of("targets");
    static final List<String> TARGET_FIELDS = List.of("name", "replicas", "metrics", "service", "cooldown", "flappingGuard", "behavior", "policies");
    static final List<String> REPLICAS_FIELDS = List.of("min", "max", "initial");
    static final List<String> METRIC_FIELDS = List.of("scope", "onMissing", "staleAfter");
    static final List<String> SERVICE_FIELDS = List.of("capacityPerReplica", "startupSeconds", "costPerReplicaHour");
    static final List<String> COOLDOWN_FIELDS = List.of("scaleOut", "scaleIn", "betweenEvents");
    static final List<String> BEHAVIOR_FIELDS = List.of("scaleUp", "scaleDown");
    static final List<String> RULES_FIELDS = List.of("stabilizationWindowSeconds", "selectPolicy", "tolerance", "policies");
    static final List<String> RATE_FIELDS = List.of("type", "value", "periodSeconds");
    static final List<String> POLICY_KINDS = List.of("threshold", "targetTracking", "step", "schedule", "decisionTree");
    static final List<String> POLICY_FIELDS = List.of("name", "threshold", "targetTracking", "step", "schedule", "decisionTree");
    static final List<String> THRESHOLD_FIELDS = List.of("when", "for", "severity", "action", "cooldown");
    static final List<String> COMPARE_FIELDS = List.of("metric", "agg", "window", "op", "value", "for");
    static final List<String> COMBINATION_FIELDS = List.of("allOf", "anyOf");
    static final List<String> ACTION_FIELDS = List.of("add", "remove", "addPercent", "removePercent", "set", "toMax", "run");
    static final List<String> RUN_FIELDS = List.of("name", "params");
    static final List<String> TRACKING_FIELDS = List.of("metric", "agg", "window", "type", "target", "tolerance", "scaleIn", "cooldown");
    static final List<String> STEP_FIELDS = List.of("metric", "agg", "window", "op", "threshold", "for", "adjustmentType",
            "minAdjustmentMagnitude", "steps", "cooldown");
    static final List<String> STEP_ADJUSTMENT_FIELDS = List.of("lower", "upper", "adjustment");
    static final List<String> SCHEDULE_ENTRY_FIELDS = List.of("name", "cron", "start", "end", "timeZone", "duration", "min", "max", "desired", "set");
    static final List<String> TREE_FIELDS = List.of("root", "nodes");
    static final List<String> CHECK_FIELDS = List.of("if", "then", "else");
    static final List<String> OUTCOME_FIELDS = List.of("run", "action", "severity", "settle", "next");
    static final List<String> HEALTHY_FIELDS = List.of("healthy");
    static final List<String> MISSING_RULES = List.of("hold", "upOnly", "lastKnown", "fallback");

    private static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:/-]*");
    private static final double MAX_TOLERANCE = 1.0;

    private static final Map<String, MetricScope> SCOPES = options("replica", MetricScope.REPLICA, "target", MetricScope.TARGET);
    private static final Map<String, Severity> SEVERITIES = options("info", Severity.INFO, "warning", Severity.WARNING, "critical", Severity.CRITICAL);
    private static final Map<String, TrackingType> TRACKING_TYPES = options("utilization", TrackingType.UTILIZATION,
            "averageValue", TrackingType.AVERAGE_VALUE, "value", TrackingType.VALUE);
    private static final Map<String, TargetTrackingPolicy.ScaleIn> SCALE_IN = options("enabled", TargetTrackingPolicy.ScaleIn.ENABLED,
            "disabled", TargetTrackingPolicy.ScaleIn.DISABLED);
    private static final Map<String, StepPolicy.AdjustmentType> ADJUSTMENT_TYPES = options(
            "ChangeInCapacity", StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY,
            "PercentChangeInCapacity", StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY,
            "ExactCapacity", StepPolicy.AdjustmentType.EXACT_CAPACITY);
    private static final Map<String, SelectPolicy> SELECT_POLICIES = options("Max", SelectPolicy.MAX,
            "Min", SelectPolicy.MIN, "Disabled", SelectPolicy.DISABLED);
    private static final Map<String, HpaRatePolicy.PolicyType> RATE_TYPES = options("Pods", HpaRatePolicy.PolicyType.PODS,
            "Percent", HpaRatePolicy.PolicyType.PERCENT);
    private static final Map<String, FlappingGuard> FLAPPING = options("on", FlappingGuard.ON, "off", FlappingGuard.OFF);
    private static final Map<String, Comparator> COMPARATORS = options(">", Comparator.GT, ">=", Comparator.GE,
            "<", Comparator.LT, "<=", Comparator.LE);
    private static final Map<String, Aggregation> AGGREGATIONS = aggregations();

    private final Problems problems;
    private final List<String> lines;

    PolicyReader(Problems problems, String source) {
        this.problems = problems;
        this.lines = source.lines().toList();
    }

    // ---------------------------------------------------------------- paths

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    // ---------------------------------------------------------------- document and targets

    /** The targets of a document, or an empty list when anything is wrong (the problems say what). */
    List<TargetSpec> document(YamlNode root) {
        int before = problems.count();
        Fields doc = fields(root, "", "the policy document: a map with a 'targets' list", DOCUMENT_FIELDS);
        if (doc == null) return List.of();
        YamlNode targetsNode = doc.required("targets", "a list of targets");
        List<TargetSpec> targets = new ArrayList<>();
        if (targetsNode != null) {
            YamlNode.Sequence seq = sequence(targetsNode, "targets", "a list of targets");
            if (seq != null) {
                if (seq.items().isEmpty()) problems.add(seq, "targets", "expected at least one target, found an empty list");
                Map<String, YamlNode> names = new HashMap<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    TargetSpec t = target(seq.items().get(i), item("targets", i), names);
                    if (t != null) targets.add(t);
                }
            }
        }
        return problems.count() > before ? List.of() : targets;
    }

    private TargetSpec target(YamlNode node, String path, Map<String, YamlNode> targetNames) {
        int before = problems.count();
        Fields f = fields(node, path, "a target", TARGET_FIELDS);
        if (f == null) return null;
        String name = name(f, targetNames, "target");

        Bounds bounds = null;
        Integer initial = null;
        YamlNode replicasNode = f.required("replicas", "{min, max} replica bounds");
        if (replicasNode != null) {
            Fields r = fields(replicasNode, f.path("replicas"), "replica bounds {min, max, initial}", REPLICAS_FIELDS);
            if (r != null) {
                Integer min = r.has("min") ? integer(r.get("min"), r.path("min")) : null;
                Integer max = r.has("max") ? integer(r.get("max"), r.path("max")) : null;
                if (!r.has("min")) r.required("min", "the smallest replica count");
                if (!r.has("max")) r.required("max", "the largest replica count");
                initial = r.has("initial") ? integer(r.get("initial"), r.path("initial")) : null;
                if (min != null && min < 0) problems.add(r.get("min"), r.path("min"), "min must be zero or more, found " + min);
                else if (min != null && max != null && max < min) {
                    problems.add(r.get("max"), r.path("max"), "max " + max + " is below min " + min);
                } else if (min != null && max != null) {
                    bounds = new Bounds(min, max);
                    if (initial != null && !bounds.contains(initial)) {
                        problems.add(r.get("initial"), r.path("initial"), "initial " + initial + " is outside min " + min + " and max " + max);
                    }
                }
            }
        }

        Map<String, MetricSpec> metrics = new LinkedHashMap<>();
        Set<String> declared = new LinkedHashSet<>();
        if (f.has("metrics")) {
            YamlNode.Mapping m = mapping(f.get("metrics"), f.path("metrics"), "a map of metric name to its settings");
            if (m != null) {
                for (YamlNode.Entry e : m.entries().values()) {
                    declared.add(e.key());
                    MetricSpec spec = metric(e, child(f.path("metrics"), e.key()));
                    if (spec != null) metrics.put(e.key(), spec);
                }
            }
        }

        ServiceModel service = f.has("service") ? service(f.get("service"), f.path("service")) : null;
        inheritedCooldowns = Cooldowns.NONE;
        Cooldowns cooldowns = f.has("cooldown") ? cooldowns(f.get("cooldown"), f.path("cooldown")) : null;
        inheritedCooldowns = cooldowns == null ? Cooldowns.NONE : cooldowns;
        FlappingGuard guard = f.has("flappingGuard") ? flappingGuard(f.get("flappingGuard"), f.path("flappingGuard")) : null;
        HpaBehavior behavior = f.has("behavior") ? behavior(f.get("behavior"), f.path("behavior")) : null;

        List<Policy> policies = new ArrayList<>();
        if (f.has("policies")) {
            YamlNode.Sequence seq = sequence(f.get("policies"), f.path("policies"), "a list of policies");
            if (seq != null) {
                Map<String, YamlNode> policyNames = new HashMap<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    Policy p = policy(seq.items().get(i), item(f.path("policies"), i), declared, policyNames);
                    if (p != null) policies.add(p);
                }
            }
        }

        if (problems.count() > before) return null;
        Bounds b = bounds;
        int start = initial != null ? initial : bounds.min();
        return build(node, path, () -> new TargetSpec(name, b, start, metrics, policies, behavior, cooldowns, service, guard));
    }

    /** A required, non-blank, unique name. */
    private String name(Fields f, Map<String, YamlNode> seen, String what) {
        YamlNode n = f.required("name", "the " + what + "'s name");
        if (n == null) return null;
        String name = text(n, f.path("name"));
        if (name == null) return null;
        if (name.isBlank()) {
            problems.add(n, f.path("name"), "expected a non-empty " + what + " name, found an empty one");
            return null;
        }
        YamlNode earlier = seen.putIfAbsent(name, n);
        if (earlier != null) {
            problems.add(n, f.path("name"), "duplicate " + what + " name '" + name + "'; it is already used on line " + earlier.line());
            return null;
        }
        return name;
    }

    // ---------------------------------------------------------------- metrics, service, limits

    private MetricSpec metric(YamlNode.Entry entry, String path) {
        String name = entry.key();
        if (!METRIC_NAME.matcher(name).matches()) {
            problems.add(entry.line(), entry.column(), path,
                    "metric name '" + name + "' must start with a letter or _ and use only letters, digits and _ . : / -");
            return null;
        }
        YamlNode node = entry.value();
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.ScalarKind.NULL) return MetricSpec.of(name);
        Fields f = fields(node, path, "the metric's settings {scope, onMissing, staleAfter}, or {} for the defaults", METRIC_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        MetricScope scope = f.has("scope") ? choice(f.get("scope"), f.path("scope"), SCOPES) : MetricSpec.defaultScope(name);
        MissingRule rule = f.has("onMissing") ? missingRule(f.get("onMissing"), f.path("onMissing")) : MissingRule.defaultRule();
        Duration stale = f.has("staleAfter") ? duration(f.get("staleAfter"), f.path("staleAfter"), Sign.POSITIVE) : MetricSpec.DEFAULT_STALE_AFTER;
        if (problems.count() > before) return null;
        return build(node, path, () -> new MetricSpec(name, scope, rule, stale));
    }

    private MissingRule missingRule(YamlNode node, String path) {
        String expected = "hold, upOnly, {lastKnown: <maxAge>} or {fallback: <replicas>}";
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.ScalarKind.TEXT) {
            switch (s.text()) {
                case "hold": return new MissingRule.Hold();
                case "upOnly": return new MissingRule.UpOnly();
                case "lastKnown":
                    problems.add(node, path, "lastKnown needs a maximum age: write {lastKnown: 10m} or {lastKnown: {maxAge: 10m}}");
                    return null;
                case "fallback":
                    problems.add(node, path, "fallback needs a replica count: write {fallback: 5}");
                    return null;
                default:
                    problems.add(node, path, "expected " + expected + ", found " + node.describe() + NearMiss.suggestion(s.text(), MISSING_RULES));
                    return null;
            }
        }
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(node, path, "expected " + expected + ", found " + node.describe());
            return null;
        }
        Fields f = fields(node, path, expected, MISSING_RULES);
        if (f == null) return null;
        if (m.entries().size() != 1) {
            if (!m.entries().isEmpty() && f.unknownCount() == 0) {
                problems.add(node, path, "expected exactly one rule, found " + String.join(" and ", m.entries().keySet()));
            } else if (m.entries().isEmpty()) {
                problems.add(node, path, "expected " + expected + ", found an empty map");
            }
            return null;
        }
        YamlNode.Entry e = m.entries().values().iterator().next();
        String sub = child(path, e.key());
        YamlNode v = e.value();
        return switch (e.key()) {
            case "hold" -> emptyOrNull(v) ? new MissingRule.Hold() : badRuleArgument(v, sub, "hold takes no settings; write onMissing: hold");
            case "upOnly" -> emptyOrNull(v) ? new MissingRule.UpOnly() : badRuleArgument(v, sub, "upOnly takes no settings; write onMissing: upOnly");
            case "lastKnown" -> {
                Located a = shortOrLong(v, sub, "maxAge", "<duration>", "how old the last sample may be, e.g. 10m");
                Duration maxAge = a == null ? null : duration(a.node(), a.path(), Sign.POSITIVE);
                yield maxAge == null ? null : build(v, sub, () -> new MissingRule.LastKnown(maxAge));
            }
            case "fallback" -> {
                Located r = shortOrLong(v, sub, "replicas", "<count>", "the replica count to raise the target to");
                Integer replicas = r == null ? null : integer(r.node(), r.path());
                if (replicas == null) yield null;
                if (replicas < 0) {
                    problems.add(r.node(), sub, "fallback replicas must be zero or more, found " + replicas);
                    yield null;
                }
                yield new MissingRule.Fallback(replicas);
            }
            default -> null; // unknown keys were reported by fields()
        };
    }

    /** A node and its path in problems. */
    private record Located(YamlNode node, String path) {}

    /**
     * A setting written short ({@code lastKnown: 10m}) or long ({@code lastKnown: {maxAge: 10m}}):
     * the node holding its value, or null after a problem was reported.
     */
    private Located shortOrLong(YamlNode v, String path, String key, String valueForm, String expected) {
        if (!(v instanceof YamlNode.Mapping)) return new Located(v, path);
        Fields f = fields(v, path, "{" + key + ": " + valueForm + "}", List.of(key));
        if (f == null) return null;
        YamlNode n = f.required(key, expected);
        return n == null ? null : new Located(n, f.path(key));
    }

    private MissingRule badRuleArgument(YamlNode v, String path, String message) {
        problems.add(v, path, message);
        return null;
    }

    private static boolean emptyOrNull(YamlNode v) {
        return (v instanceof YamlNode.Scalar s && (s.kind() == YamlNode.ScalarKind.NULL || (s.kind() == YamlNode.ScalarKind.BOOLEAN && s.text().equals("true"))))
                || (v instanceof YamlNode.Mapping m && m.entries().isEmpty());
    }

    private ServiceModel service(YamlNode node, String path) {
        Fields f = fields(node, path, "the service model {capacityPerReplica, startupSeconds, costPerReplicaHour}", SERVICE_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        YamlNode cap = f.required("capacityPerReplica", "the demand one replica serves at 100 %");
        Double capacity = cap == null ? null : positiveNumber(cap, f.path("capacityPerReplica"));
        Integer startup = f.has("startupSeconds") ? nonNegativeInteger(f.get("startupSeconds"), f.path("startupSeconds")) : Integer.valueOf(0);
        Double cost = 0.0;
        if (f.has("costPerReplicaHour")) {
            cost = number(f.get("costPerReplicaHour"), f.path("costPerReplicaHour"));
            if (cost != null && cost < 0) {
                problems.add(f.get("costPerReplicaHour"), f.path("costPerReplicaHour"), "costPerReplicaHour must be zero or more, found " + ConditionText.number(cost));
            }
        }
        if (problems.count() > before) return null;
        double c = cost;
        return build(node, path, () -> new ServiceModel(capacity, Duration.ofSeconds(startup), c));
    }

    /** The target's cooldowns while its policies are read: a direction a policy's map omits is the target's. */
    private Cooldowns inheritedCooldowns = Cooldowns.NONE;

    /**
     * {@code cooldown: 5m} for both directions, or {@code {scaleOut: 60s, scaleIn: 120s, betweenEvents: 5m}};
     * an omitted key is the target's (zero at target level).
     */
    private Cooldowns cooldowns(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar) {
            Duration d = duration(node, path, Sign.NON_NEGATIVE);
            return d == null ? null : Cooldowns.both(d);
        }
        Fields f = fields(node, path, "a duration such as 5m, or {scaleOut: <duration>, scaleIn: <duration>, betweenEvents: <duration>}", COOLDOWN_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        Duration out = f.has("scaleOut") ? duration(f.get("scaleOut"), f.path("scaleOut"), Sign.NON_NEGATIVE) : inheritedCooldowns.scaleOut();
        Duration in = f.has("scaleIn") ? duration(f.get("scaleIn"), f.path("scaleIn"), Sign.NON_NEGATIVE) : inheritedCooldowns.scaleIn();
        Duration between = f.has("betweenEvents") ? duration(f.get("betweenEvents"), f.path("betweenEvents"), Sign.NON_NEGATIVE)
                : inheritedCooldowns.betweenEvents();
        if (problems.count() > before) return null;
        return build(node, path, () -> new Cooldowns(out, in, between));
    }

    private FlappingGuard flappingGuard(YamlNode node, String path) {
        // YAML 1.1 readers may hand "on" and "off" over as booleans.
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.ScalarKind.BOOLEAN) {
            return s.text().equalsIgnoreCase("false") || s.text().equalsIgnoreCase("off") || s.text().equalsIgnoreCase("no")
                    ? FlappingGuard.OFF : FlappingGuard.ON;
        }
        return choice(node, path, FLAPPING);
    }

    private HpaBehavior behavior(YamlNode node, String path) {
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
    private HpaScalingRules rules(YamlNode node, String path, HpaScalingRules defaults) {
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
            YamlNode.Sequence seq = sequence(f.get("policies"), f.path("policies"), "a list of rate policies {type, value, periodSeconds}");
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

    private HpaRatePolicy ratePolicy(YamlNode node, String path) {
        Fields f = fields(node, path, "a rate policy {type: Pods | Percent, value, periodSeconds}", RATE_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        YamlNode typeNode = f.required("type", "Pods or Percent");
        YamlNode valueNode = f.required("value", "a positive whole number");
        YamlNode periodNode = f.required("periodSeconds", "a whole number of seconds in 1..1800");
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

    // ---------------------------------------------------------------- policies

    private Policy policy(YamlNode node, String path, Set<String> metrics, Map<String, YamlNode> policyNames) {
        Fields f = fields(node, path, "a policy {name, and one of " + String.join(", ", POLICY_KINDS) + "}", POLICY_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        String name = name(f, policyNames, "policy");
        List<String> kinds = POLICY_KINDS.stream().filter(f::has).toList();
        if (kinds.isEmpty()) {
            if (f.unknownCount() == 0) {
                problems.add(node, path, "expected one policy kind: " + String.join(", ", POLICY_KINDS) + "; found none");
            }
            return null;
        }
        if (kinds.size() > 1) {
            YamlNode.Entry second = f.entry(kinds.get(1));
            problems.add(second.line(), second.column(), path,
                    "a policy has exactly one kind, found " + String.join(" and ", kinds) + "; split it into separate policies");
            return null;
        }
        String kind = kinds.get(0);
        YamlNode body = f.get(kind);
        String sub = f.path(kind);
        Policy p = switch (kind) {
            case "threshold" -> threshold(body, sub, name, metrics);
            case "targetTracking" -> targetTracking(body, sub, name, metrics);
            case "step" -> step(body, sub, name, metrics);
            case "schedule" -> schedule(body, sub, name);
            case "decisionTree" -> decisionTree(body, sub, name, metrics);
            default -> throw new IllegalStateException(kind);
        };
        return problems.count() > before ? null : p;
    }

    private ThresholdPolicy threshold(YamlNode node, String path, String name, Set<String> metrics) {
        Fields f = fields(node, path, "a threshold rule {when, for, severity, action, cooldown}", THRESHOLD_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        YamlNode whenNode = f.required("when", "a condition such as \"avg(cpu, 5m) > 70\"");
        Condition when = whenNode == null ? null : condition(whenNode, f.path("when"), metrics);
        Duration sustain = f.has("for") ? duration(f.get("for"), f.path("for"), Sign.NON_NEGATIVE) : Duration.ZERO;
        Severity severity = f.has("severity") ? choice(f.get("severity"), f.path("severity"), SEVERITIES) : Severity.WARNING;
        YamlNode actionNode = f.required("action", "what to do, e.g. {add: 2}");
        Action action = actionNode == null ? null : action(actionNode, f.path("action"));
        Cooldowns cooldowns = f.has("cooldown") ? cooldowns(f.get("cooldown"), f.path("cooldown")) : null;
        if (problems.count() > before || name == null) return null;
        return build(node, path, () -> new ThresholdPolicy(name, when, sustain, severity, action, cooldowns));
    }

    Condition condition(YamlNode node, String path, Set<String> metrics) {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.ScalarKind.TEXT) {
            ConditionText.Parsed parsed = ConditionText.parse(s.text());
            if (!parsed.isOk()) {
                problems.add(s.line(), s.column() + offsetInScalar(s, parsed.offset()), path, parsed.error());
                return null;
            }
            return knownMetric(parsed.compare().metric(), node, path, metrics) ? parsed.compare() : null;
        }
        if (node instanceof YamlNode.Mapping m && (m.entries().containsKey("allOf") || m.entries().containsKey("anyOf"))) {
            Fields f = fields(node, path, "{allOf: [...]} or {anyOf: [...]}", COMBINATION_FIELDS);
            if (f == null) return null;
            if (f.has("allOf") && f.has("anyOf")) {
                problems.add(node, path, "expected allOf or anyOf, found both; nest one inside the other");
                return null;
            }
            String key = f.has("allOf") ? "allOf" : "anyOf";
            YamlNode.Sequence seq = sequence(f.get(key), f.path(key), "a list of conditions");
            if (seq == null) return null;
            if (seq.items().isEmpty()) {
                problems.add(seq, f.path(key), "expected at least one condition, found an empty list");
                return null;
            }
            int before = problems.count();
            List<Condition> parts = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                parts.add(condition(seq.items().get(i), item(f.path(key), i), metrics));
            }
            if (problems.count() > before) return null;
            return key.equals("allOf") ? new Condition.AllOf(parts) : new Condition.AnyOf(parts);
        }
        if (node instanceof YamlNode.Sequence) {
            problems.add(node, path, "expected a condition, found a list; write {allOf: [...]} or {anyOf: [...]} to combine conditions");
            return null;
        }
        Fields f = fields(node, path, "a condition: \"" + ConditionText.SHAPE + "\", {metric, agg, window, op, value, for}, {allOf: [...]} or {anyOf: [...]}",
                COMPARE_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        YamlNode metricNode = f.required("metric", "the metric to compare");
        String metric = metricNode == null ? null : text(metricNode, f.path("metric"));
        if (metric != null && !knownMetric(metric, metricNode, f.path("metric"), metrics)) metric = null;
        Aggregation agg = f.has("agg") ? choice(f.get("agg"), f.path("agg"), AGGREGATIONS) : Aggregation.AVG;
        Duration window = f.has("window") ? duration(f.get("window"), f.path("window"), Sign.POSITIVE) : ConditionText.DEFAULT_WINDOW;
        YamlNode opNode = f.required("op", "one of >, >=, <, <=");
        Comparator op = opNode == null ? null : choice(opNode, f.path("op"), COMPARATORS);
        YamlNode valueNode = f.required("value", "the threshold, a number");
        Double value = valueNode == null ? null : number(valueNode, f.path("value"));
        Duration sustain = f.has("for") ? duration(f.get("for"), f.path("for"), Sign.NON_NEGATIVE) : Duration.ZERO;
        if (problems.count() > before) return null;
        String m = metric;
        return build(node, path, () -> new Condition.Compare(m, agg, window, op, value, sustain));
    }

    private boolean knownMetric(String metric, YamlNode at, String path, Set<String> metrics) {
        if (metrics.contains(metric)) return true;
        if (metrics.isEmpty()) {
            problems.add(at, path, "unknown metric '" + metric + "'; this target declares no metrics (declare it under metrics:)");
        } else {
            problems.add(at, path, "unknown metric '" + metric + "'; declared metrics are " + String.join(", ", metrics)
                    + NearMiss.suggestion(metric, metrics));
        }
        return false;
    }

    /**
     * Column offset of a character of a scalar's value: a quoted scalar starts at its quote. Exact
     * for single-line scalars without escapes, which is what conditions are.
     */
    private int offsetInScalar(YamlNode.Scalar s, int offset) {
        if (offset <= 0) {
            return 0;
        }
        int lineIndex = s.line() - 1;
        if (lineIndex >= 0 && lineIndex < lines.size()) {
            String line = lines.get(lineIndex);
            int col = s.column() - 1;
            if (col >= 0 && col < line.length() && (line.charAt(col) == '"' || line.charAt(col) == '\'')) return offset + 1;
        }
        return offset;
    }

    Action action(YamlNode node, String path) {
        String expected = "one of {add: N}, {remove: N}, {addPercent: P}, {removePercent: P}, {set: N}, {toMax: true}, {run: {name, params}}";
        Fields f = fields(node, path, expected, ACTION_FIELDS);
        if (f == null) return null;
        List<String> given = ACTION_FIELDS.stream().filter(f::has).toList();
        if (given.isEmpty()) {
            if (f.unknownCount() == 0) problems.add(node, path, "expected " + expected + ", found an empty map");
            return null;
        }
        if (given.size() > 1) {
            problems.add(node, path, "an action does one thing, found " + String.join(" and ", given));
            return null;
        }
        String key = given.get(0);
        YamlNode v = f.get(key);
        String sub = f.path(key);
        return switch (key) {
            case "add" -> { Integer n = integer(v, sub); yield n == null ? null : build(v, sub, () -> new Action.Add(n)); }
            case "remove" -> { Integer n = integer(v, sub); yield n == null ? null : build(v, sub, () -> new Action.Remove(n)); }
            case "set" -> { Integer n = integer(v, sub); yield n == null ? null : build(v, sub, () -> new Action.Set(n)); }
            case "addPercent" -> { Double p = number(v, sub); yield p == null ? null : build(v, sub, () -> new Action.AddPercent(p)); }
            case "removePercent" -> { Double p = number(v, sub); yield p == null ? null : build(v, sub, () -> new Action.RemovePercent(p)); }
            case "toMax" -> {
                Boolean b = bool(v, sub);
                if (b == null) yield null;
                if (!b) {
                    problems.add(v, sub, "toMax: false does nothing; write toMax: true or choose another action");
                    yield null;
                }
                yield new Action.ToMax();
            }
            case "run" -> run(v, sub);
            default -> throw new IllegalStateException(key);
        };
    }

    private Action.Named run(YamlNode node, String path) {
        Fields f = fields(node, path, "a named action {name, params}", RUN_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        YamlNode nameNode = f.required("name", "the action's name, e.g. vertical-scale");
        String name = nameNode == null ? null : text(nameNode, f.path("name"));
        if (name != null && name.isBlank()) problems.add(nameNode, f.path("name"), "expected a non-empty action name, found an empty one");
        Map<String, String> params = new LinkedHashMap<>();
        if (f.has("params")) {
            YamlNode.Mapping pm = mapping(f.get("params"), f.path("params"), "a map of parameter name to value");
            if (pm != null) {
                for (YamlNode.Entry e : pm.entries().values()) {
                    if (e.value() instanceof YamlNode.Scalar s && s.isValue()) {
                        params.put(e.key(), s.text());
                    } else {
                        problems.add(e.value(), child(f.path("params"), e.key()), "expected a single value (text or number), found " + e.value().describe());
                    }
                }
            }
        }
        if (problems.count() > before) return null;
        return build(node, path, () -> new Action.Named(name, params));
    }

    private TargetTrackingPolicy targetTracking(YamlNode node, String path, String name, Set<String> metrics) {
        Fields f = fields(node, path, "a target-tracking rule {metric, agg, window, type, target, tolerance, scaleIn, cooldown}", TRACKING_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        String metric = metricField(f, metrics);
        Aggregation agg = f.has("agg") ? choice(f.get("agg"), f.path("agg"), AGGREGATIONS) : Aggregation.AVG;
        Duration window = f.has("window") ? duration(f.get("window"), f.path("window"), Sign.POSITIVE) : ConditionText.DEFAULT_WINDOW;
        TrackingType type = f.has("type") ? choice(f.get("type"), f.path("type"), TRACKING_TYPES) : TrackingType.UTILIZATION;
        YamlNode targetNode = f.required("target", "the value to keep the metric at, a positive number");
        Double target = targetNode == null ? null : positiveNumber(targetNode, f.path("target"));
        Double tolerance = TargetTrackingPolicy.DEFAULT_TOLERANCE;
        if (f.has("tolerance")) {
            tolerance = number(f.get("tolerance"), f.path("tolerance"));
            if (tolerance != null && (tolerance < 0 || tolerance >= MAX_TOLERANCE)) {
                problems.add(f.get("tolerance"), f.path("tolerance"), "tolerance must be in 0..1 (a fraction: 0.1 is 10 %), found " + ConditionText.number(tolerance));
            }
        }
        TargetTrackingPolicy.ScaleIn scaleIn = f.has("scaleIn") ? choice(f.get("scaleIn"), f.path("scaleIn"), SCALE_IN) : TargetTrackingPolicy.ScaleIn.ENABLED;
        Cooldowns cooldowns = f.has("cooldown") ? cooldowns(f.get("cooldown"), f.path("cooldown")) : null;
        if (problems.count() > before || name == null) return null;
        double tol = tolerance;
        return build(node, path, () -> new TargetTrackingPolicy(name, metric, agg, window, type, target, tol, scaleIn, cooldowns));
    }

    private String metricField(Fields f, Set<String> metrics) {
        YamlNode n = f.required("metric", "the name of a declared metric");
        if (n == null) return null;
        String metric = text(n, f.path("metric"));
        return metric != null && knownMetric(metric, n, f.path("metric"), metrics) ? metric : null;
    }

    private StepPolicy step(YamlNode node, String path, String name, Set<String> metrics) {
        Fields f = fields(node, path, "a step rule {metric, agg, window, op, threshold, for, adjustmentType, minAdjustmentMagnitude, steps, cooldown}", STEP_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        String metric = metricField(f, metrics);
        Aggregation agg = f.has("agg") ? choice(f.get("agg"), f.path("agg"), AGGREGATIONS) : Aggregation.AVG;
        Duration window = f.has("window") ? duration(f.get("window"), f.path("window"), Sign.POSITIVE) : ConditionText.DEFAULT_WINDOW;
        YamlNode opNode = f.required("op", "one of >, >=, <, <=");
        Comparator op = opNode == null ? null : choice(opNode, f.path("op"), COMPARATORS);
        YamlNode thresholdNode = f.required("threshold", "the alarm threshold, a number");
        Double threshold = thresholdNode == null ? null : number(thresholdNode, f.path("threshold"));
        Duration sustain = f.has("for") ? duration(f.get("for"), f.path("for"), Sign.NON_NEGATIVE) : Duration.ZERO;
        StepPolicy.AdjustmentType type = f.has("adjustmentType")
                ? choice(f.get("adjustmentType"), f.path("adjustmentType"), ADJUSTMENT_TYPES) : StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY;
        Integer minMagnitude = 0;
        if (f.has("minAdjustmentMagnitude")) {
            minMagnitude = nonNegativeInteger(f.get("minAdjustmentMagnitude"), f.path("minAdjustmentMagnitude"));
            if (minMagnitude != null && type != null && type != StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY) {
                problems.add(f.get("minAdjustmentMagnitude"), f.path("minAdjustmentMagnitude"),
                        "minAdjustmentMagnitude applies only to adjustmentType PercentChangeInCapacity");
            }
        }
        YamlNode stepsNode = f.required("steps", "a list of step adjustments {lower, upper, adjustment}");
        List<StepPolicy.StepAdjustment> steps = stepsNode == null ? null : stepAdjustments(stepsNode, f.path("steps"), op, type);
        Cooldowns cooldowns = f.has("cooldown") ? cooldowns(f.get("cooldown"), f.path("cooldown")) : null;
        if (problems.count() > before || name == null) return null;
        int mm = minMagnitude;
        return build(node, path, () -> new StepPolicy(name, metric, agg, window, op, threshold, sustain, type, steps, mm, cooldowns));
    }

    /**
     * AWS's rules for step adjustments: bounds are offsets from the threshold; the steps may
     * neither overlap nor leave a gap; only the last may be open above and only the first open
     * below; and together they cover every breach the alarm can see (from 0 upwards for an alarm
     * above the threshold, from 0 downwards for one below it).
     */
    private List<StepPolicy.StepAdjustment> stepAdjustments(YamlNode node, String path, Comparator op, StepPolicy.AdjustmentType type) {
        YamlNode.Sequence seq = sequence(node, path, "a list of step adjustments {lower, upper, adjustment}");
        if (seq == null) return null;
        if (seq.items().isEmpty()) {
            problems.add(seq, path, "expected at least one step adjustment, found an empty list");
            return null;
        }
        int before = problems.count();
        record Located(StepPolicy.StepAdjustment step, YamlNode node, String path) {}
        List<Located> steps = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String sub = item(path, i);
            Fields f = fields(seq.items().get(i), sub, "a step adjustment {lower, upper, adjustment}", STEP_ADJUSTMENT_FIELDS);
            if (f == null) continue;
            int stepBefore = problems.count();
            Double lower = f.has("lower") ? number(f.get("lower"), f.path("lower")) : null;
            Double upper = f.has("upper") ? number(f.get("upper"), f.path("upper")) : null;
            YamlNode adjNode = f.required("adjustment", "the change to apply, a whole number");
            Double adjustment = adjNode == null ? null : number(adjNode, f.path("adjustment"));
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

    private static String range(StepPolicy.StepAdjustment s) {
        return "[" + (s.lower() == null ? "-inf" : ConditionText.number(s.lower())) + ", "
                + (s.upper() == null ? "inf" : ConditionText.number(s.upper())) + ")";
    }

    private SchedulePolicy schedule(YamlNode node, String path, String name) {
        YamlNode.Sequence seq = sequence(node, path, "a list of schedule entries");
        if (seq == null) return null;
        if (seq.items().isEmpty()) {
            problems.add(seq, path, "expected at least one schedule entry, found an empty list");
            return null;
        }
        int before = problems.count();
        List<SchedulePolicy.Entry> entries = new ArrayList<>();
        Map<String, YamlNode> names = new HashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            SchedulePolicy.Entry e = scheduleEntry(seq.items().get(i), item(path, i), names);
            if (e != null) entries.add(e);
        }
        if (problems.count() > before || name == null) return null;
        return build(node, path, () -> new SchedulePolicy(name, entries));
    }

    private SchedulePolicy.Entry scheduleEntry(YamlNode node, String path, Map<String, YamlNode> names) {
        Fields f = fields(node, path, "a schedule entry {name, cron, timeZone, duration | start, end, timeZone; min, max, desired, set}", SCHEDULE_ENTRY_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        String name = name(f, names, "schedule entry");
        ZoneId zone = ZoneOffset.UTC;
        if (f.has("timeZone")) zone = zone(f.get("timeZone"), f.path("timeZone"));
        Integer min = f.has("min") ? nonNegativeInteger(f.get("min"), f.path("min")) : null;
        Integer max = f.has("max") ? nonNegativeInteger(f.get("max"), f.path("max")) : null;
        Integer desired = f.has("desired") ? nonNegativeInteger(f.get("desired"), f.path("desired")) : null;
        Integer set = f.has("set") ? nonNegativeInteger(f.get("set"), f.path("set")) : null;
        if (!f.has("min") && !f.has("max") && !f.has("desired") && !f.has("set")) {
            problems.add(node, path, "a schedule entry must set at least one of min, max, desired, set");
        }
        SchedulePolicy.Setting setting = problems.count() > before ? null : build(node, path, () -> new SchedulePolicy.Setting(min, max, desired, set));
        boolean recurring = f.has("cron");
        boolean window = f.has("start") || f.has("end");
        if (recurring && window) {
            YamlNode.Entry s = f.entry(f.has("start") ? "start" : "end");
            problems.add(s.line(), s.column(), path, "an entry is either recurring (cron) or a one-off window (start, end), found both");
            return null;
        }
        if (!recurring && !window) {
            problems.add(node, path, "expected cron (a recurring period) or start and end (a one-off window), found neither");
            return null;
        }
        if (recurring) {
            Cron cron = null;
            String cronText = text(f.get("cron"), f.path("cron"));
            if (cronText != null) {
                try {
                    cron = Cron.parse(cronText);
                } catch (IllegalArgumentException e) {
                    problems.add(f.get("cron"), f.path("cron"), e.getMessage());
                }
            }
            Duration duration = f.has("duration") ? duration(f.get("duration"), f.path("duration"), Sign.POSITIVE) : null;
            if (problems.count() > before) return null;
            Cron c = cron;
            ZoneId z = zone;
            return build(node, path, () -> new SchedulePolicy.Recurring(name, c, z, duration, setting));
        }
        if (f.has("duration")) {
            YamlNode.Entry d = f.entry("duration");
            problems.add(d.line(), d.column(), f.path("duration"), "duration belongs to cron entries; a window lasts from its start to its end");
        }
        YamlNode startNode = f.required("start", "when the window opens, e.g. 2026-03-10T09:30");
        YamlNode endNode = f.required("end", "when the window closes, e.g. 2026-03-10T14:00");
        Instant start = startNode == null || zone == null ? null : instant(startNode, f.path("start"), zone);
        Instant end = endNode == null || zone == null ? null : instant(endNode, f.path("end"), zone);
        if (start != null && end != null && !end.isAfter(start)) {
            problems.add(endNode, f.path("end"), "end " + end + " is not after start " + start);
        }
        if (problems.count() > before) return null;
        return build(node, path, () -> new SchedulePolicy.Window(name, start, end, setting));
    }

    private ZoneId zone(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) return null;
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            problems.add(node, path, "unknown time zone '" + text + "', expected a region such as Europe/Berlin or an offset such as +01:00"
                    + NearMiss.suggestion(text, ZoneId.getAvailableZoneIds()));
            return null;
        }
    }

    /** An ISO date-time: with an offset or Z it is absolute, without one it is local to the entry's time zone. */
    private Instant instant(YamlNode node, String path, ZoneId zone) {
        String text = text(node, path);
        if (text == null) return null;
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // not absolute; try local
        }
        try {
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(node, path, "expected a date-time such as 2026-03-10T09:30 (in the entry's timeZone) or 2026-03-10T08:30:00Z, found '" + text + "'");
            return null;
        }
    }

    // ---------------------------------------------------------------- decision trees

    private sealed interface RawNode {}

    private record Ref(String id, YamlNode at, String path) {}

    private record RawCheck(Condition when, Ref then, Ref otherwise) implements RawNode {}

    private record RawOutcome(Action action, Severity severity, Duration settle, Ref next) implements RawNode {}

    private record RawHealthy() implements RawNode {}

    private DecisionTreePolicy decisionTree(YamlNode node, String path, String name, Set<String> metrics) {
        Fields f = fields(node, path, "a decision tree {root, nodes}", TREE_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        YamlNode rootNode = f.required("root", "the id of the first node");
        String rootId = rootNode == null ? null : text(rootNode, f.path("root"));
        YamlNode nodesNode = f.required("nodes", "a map of node id to node");
        if (nodesNode == null) return null;
        YamlNode.Mapping nodes = mapping(nodesNode, f.path("nodes"), "a map of node id to node");
        if (nodes == null) return null;
        if (nodes.entries().isEmpty()) {
            problems.add(nodes, f.path("nodes"), "expected at least one node, found an empty map");
            return null;
        }
        Map<String, RawNode> raw = new LinkedHashMap<>();
        Map<String, YamlNode.Entry> located = nodes.entries();
        for (YamlNode.Entry e : located.values()) {
            RawNode r = treeNode(e.value(), child(f.path("nodes"), e.key()), metrics);
            if (r != null) raw.put(e.key(), r);
        }
        Set<String> ids = located.keySet();
        // every reference names a node
        for (RawNode r : raw.values()) {
            for (Ref ref : refs(r)) {
                if (!ids.contains(ref.id())) {
                    problems.add(ref.at(), ref.path(), "unknown node '" + ref.id() + "'; nodes are " + String.join(", ", ids)
                            + NearMiss.suggestion(ref.id(), ids));
                }
            }
        }
        if (rootId != null && !ids.contains(rootId)) {
            problems.add(rootNode, f.path("root"), "unknown node '" + rootId + "'; nodes are " + String.join(", ", ids) + NearMiss.suggestion(rootId, ids));
        }
        if (problems.count() > before) return null;
        // no cycles: a depth-first walk from every node, reporting each back edge with the path it closes
        Map<String, Integer> state = new HashMap<>();
        for (String id : raw.keySet()) findCycles(id, raw, state, new ArrayList<>());
        if (problems.count() > before) return null;
        // every node is reachable from the root
        Set<String> reached = new LinkedHashSet<>();
        reach(rootId, raw, reached);
        for (YamlNode.Entry e : located.values()) {
            if (!reached.contains(e.key())) {
                problems.add(e.line(), e.column(), child(f.path("nodes"), e.key()),
                        "node '" + e.key() + "' is not reachable from root '" + rootId + "'; remove it or reference it");
            }
        }
        if (problems.count() > before || name == null) return null;
        Map<String, DecisionTreePolicy.Node> built = new HashMap<>();
        DecisionTreePolicy.Node root = buildNode(rootId, raw, built);
        return build(node, path, () -> new DecisionTreePolicy(name, root));
    }

    private RawNode treeNode(YamlNode node, String path, Set<String> metrics) {
        YamlNode.Mapping m = mapping(node, path, "a check {if, then, else}, an outcome {run | action, severity, settle, next} or {healthy: true}");
        if (m == null) return null;
        int before = problems.count();
        if (m.entries().containsKey("if")) {
            Fields f = fields(node, path, "a check {if, then, else}", CHECK_FIELDS);
            Condition when = condition(f.get("if"), f.path("if"), metrics);
            Ref then = ref(f, "then");
            Ref otherwise = ref(f, "else");
            if (problems.count() > before) return null;
            return new RawCheck(when, then, otherwise);
        }
        if (m.entries().containsKey("run") || m.entries().containsKey("action")) {
            Fields f = fields(node, path, "an outcome {run | action, severity, settle, next}", OUTCOME_FIELDS);
            Action action;
            if (f.has("run") && f.has("action")) {
                problems.add(node, path, "an outcome has run or action, found both");
                return null;
            } else if (f.has("run")) {
                action = run(f.get("run"), f.path("run"));
            } else {
                action = action(f.get("action"), f.path("action"));
            }
            Severity severity = f.has("severity") ? choice(f.get("severity"), f.path("severity"), SEVERITIES) : Severity.WARNING;
            Duration settle = f.has("settle") ? duration(f.get("settle"), f.path("settle"), Sign.NON_NEGATIVE) : DecisionTreePolicy.DEFAULT_SETTLE;
            Ref next = null;
            if (f.has("next")) {
                String id = text(f.get("next"), f.path("next"));
                if (id != null) next = new Ref(id, f.get("next"), f.path("next"));
            }
            if (problems.count() > before) return null;
            return new RawOutcome(action, severity, settle, next);
        }
        if (m.entries().containsKey("healthy")) {
            Fields f = fields(node, path, "{healthy: true}", HEALTHY_FIELDS);
            Boolean b = bool(f.get("healthy"), f.path("healthy"));
            if (b != null && !b) problems.add(f.get("healthy"), f.path("healthy"), "healthy: false is not a node; write healthy: true");
            if (problems.count() > before) return null;
            return new RawHealthy();
        }
        List<String> all = new ArrayList<>(CHECK_FIELDS);
        all.addAll(OUTCOME_FIELDS);
        all.addAll(HEALTHY_FIELDS);
        String keys = String.join(", ", m.entries().keySet());
        String hint = m.entries().keySet().stream().map(k -> NearMiss.closest(k, all)).filter(Objects::nonNull).findFirst()
                .map(c -> "; did you mean '" + c + "'?").orElse("");
        problems.add(node, path, "expected a check {if, then, else}, an outcome {run | action, severity, settle, next} or {healthy: true}; found "
                + (keys.isEmpty() ? "an empty map" : "fields " + keys) + hint);
        return null;
    }

    private Ref ref(Fields f, String key) {
        YamlNode n = f.required(key, "the id of the node to go to");
        if (n == null) return null;
        String id = text(n, f.path(key));
        return id == null ? null : new Ref(id, n, f.path(key));
    }

    private static List<Ref> refs(RawNode r) {
        return switch (r) {
            case RawCheck c -> List.of(c.then(), c.otherwise());
            case RawOutcome o -> o.next() == null ? List.of() : List.of(o.next());
            case RawHealthy h -> List.of();
        };
    }

    private static final int VISITING = 1;
    private static final int DONE = 2;

    private void findCycles(String id, Map<String, RawNode> raw, Map<String, Integer> state, List<String> trail) {
        Integer s = state.get(id);
        if (s != null && s == DONE) return;
        state.put(id, VISITING);
        trail.add(id);
        for (Ref ref : refs(raw.get(id))) {
            Integer t = state.get(ref.id());
            if (t != null && t == VISITING) {
                List<String> cycle = new ArrayList<>(trail.subList(trail.indexOf(ref.id()), trail.size()));
                cycle.add(ref.id());
                problems.add(ref.at(), ref.path(), "the tree has a cycle: " + String.join(" -> ", cycle) + "; a decision tree must not loop back");
            } else if (t == null) {
                findCycles(ref.id(), raw, state, trail);
            }
        }
        trail.remove(trail.size() - 1);
        state.put(id, DONE);
    }

    private static void reach(String id, Map<String, RawNode> raw, Set<String> reached) {
        if (!reached.add(id)) return;
        for (Ref ref : refs(raw.get(id))) reach(ref.id(), raw, reached);
    }

    /** Shared nodes stay shared: the tree is a DAG, built once per id. */
    private DecisionTreePolicy.Node buildNode(String id, Map<String, RawNode> raw, Map<String, DecisionTreePolicy.Node> built) {
        DecisionTreePolicy.Node done = built.get(id);
        if (done != null) return done;
        DecisionTreePolicy.Node n = switch (raw.get(id)) {
            case RawCheck c -> new DecisionTreePolicy.Check(id, c.when(), buildNode(c.then().id(), raw, built), buildNode(c.otherwise().id(), raw, built));
            case RawOutcome o -> new DecisionTreePolicy.Outcome(id, o.action(), o.severity(), o.settle(),
                    o.next() == null ? null : buildNode(o.next().id(), raw, built));
            case RawHealthy h -> new DecisionTreePolicy.Healthy(id);
        };
        built.put(id, n);
        return n;
    }

    // ---------------------------------------------------------------- values

    enum Sign { POSITIVE, NON_NEGATIVE }

    /** A map's fields, with every key not in {@code accepted} reported as it is opened. */
    final class Fields {
        private final YamlNode.Mapping map;
        private final String path;
        private int unknown;

        Fields(YamlNode.Mapping map, String path, List<String> accepted) {
            this.map = map;
            this.path = path;
            for (YamlNode.Entry e : map.entries().values()) {
                if (!accepted.contains(e.key())) {
                    unknown++;
                    String near = NearMiss.closest(e.key(), accepted);
                    problems.add(e.line(), e.column(), child(path, e.key()), "unknown field '" + e.key() + "'"
                            + (near == null ? "; accepted fields: " : "; did you mean '" + near + "'? Accepted fields: ")
                            + String.join(", ", accepted));
                }
            }
        }

        boolean has(String key) {
            return map.entries().containsKey(key);
        }

        YamlNode get(String key) {
            YamlNode.Entry e = map.entries().get(key);
            return e == null ? null : e.value();
        }

        YamlNode.Entry entry(String key) {
            return map.entries().get(key);
        }

        String path(String key) {
            return child(path, key);
        }

        int unknownCount() {
            return unknown;
        }

        /** The value of a field that must be there; reports it at the map when it is not. */
        YamlNode required(String key, String expected) {
            YamlNode v = get(key);
            if (v == null) problems.add(map, path, "missing required field '" + key + "' (" + expected + ")");
            return v;
        }
    }

    private Fields fields(YamlNode node, String path, String expected, List<String> accepted) {
        YamlNode.Mapping m = mapping(node, path, expected);
        return m == null ? null : new Fields(m, path, accepted);
    }

    private YamlNode.Mapping mapping(YamlNode node, String path, String expected) {
        if (node instanceof YamlNode.Mapping m) return m;
        problems.add(node, path, "expected " + expected + ", found " + node.describe());
        return null;
    }

    private YamlNode.Sequence sequence(YamlNode node, String path, String expected) {
        if (node instanceof YamlNode.Sequence s) return s;
        problems.add(node, path, "expected " + expected + ", found " + node.describe());
        return null;
    }

    private String text(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.isValue()) return s.text();
        problems.add(node, path, "expected text, found " + node.describe());
        return null;
    }

    private Integer integer(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && (s.kind() == YamlNode.ScalarKind.INTEGER || s.kind() == YamlNode.ScalarKind.DECIMAL)) {
            try {
                double d = Double.parseDouble(s.text().replace("_", ""));
                if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        problems.add(node, path, "expected a whole number, found " + node.describe());
        return null;
    }

    private Integer nonNegativeInteger(YamlNode node, String path) {
        Integer n = integer(node, path);
        if (n != null && n < 0) {
            problems.add(node, path, "expected zero or more, found " + n);
            return null;
        }
        return n;
    }

    private Double number(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && (s.kind() == YamlNode.ScalarKind.INTEGER || s.kind() == YamlNode.ScalarKind.DECIMAL)) {
            try {
                double d = Double.parseDouble(s.text().replace("_", ""));
                if (Double.isFinite(d)) return d;
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        problems.add(node, path, "expected a number, found " + node.describe());
        return null;
    }

    private Double positiveNumber(YamlNode node, String path) {
        Double d = number(node, path);
        if (d != null && !(d > 0)) {
            problems.add(node, path, "expected a positive number, found " + ConditionText.number(d));
            return null;
        }
        return d;
    }

    private Boolean bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.ScalarKind.BOOLEAN) return Boolean.parseBoolean(s.text());
        problems.add(node, path, "expected true or false, found " + node.describe());
        return null;
    }

    /** Durations as 90s, 5m, 1h30m, 2d; a bare number is seconds. */
    private Duration duration(YamlNode node, String path, Sign sign) {
        if (!(node instanceof YamlNode.Scalar s) || !s.isValue() || s.kind() == YamlNode.ScalarKind.BOOLEAN) {
            problems.add(node, path, "expected a duration such as 90s, 5m or 1h30m, found " + node.describe());
            return null;
        }
        String text = s.text().strip();
        if (text.startsWith("-")) {
            problems.add(node, path, "expected a duration of zero or more, found " + text);
            return null;
        }
        Duration d;
        try {
            d = s.kind() == YamlNode.ScalarKind.TEXT ? Durations.parse(text) : Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        } catch (IllegalArgumentException | ArithmeticException e) {
            problems.add(node, path, "expected a duration such as 90s, 5m or 1h30m, found '" + text + "'");
            return null;
        }
        if (sign == Sign.POSITIVE && d.isZero()) {
            problems.add(node, path, "expected a positive duration, found " + text);
            return null;
        }
        return d;
    }

    /** One of a fixed set of words, matched without regard to case and reported with its canonical spelling. */
    private <E> E choice(YamlNode node, String path, Map<String, E> options) {
        String expected = String.join(" | ", options.keySet());
        if (node instanceof YamlNode.Scalar s && s.isValue()) {
            for (Map.Entry<String, E> o : options.entrySet()) {
                if (o.getKey().equalsIgnoreCase(s.text().strip())) return o.getValue();
            }
            problems.add(node, path, "expected " + expected + ", found " + node.describe() + NearMiss.suggestion(s.text(), options.keySet()));
            return null;
        }
        problems.add(node, path, "expected " + expected + ", found " + node.describe());
        return null;
    }

    /** Runs a core constructor; its IllegalArgumentException becomes a problem at the node being built. */
    private <T> T build(YamlNode at, String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(at, path, String.valueOf(e.getMessage()));
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static <E> Map<String, E> options(Object... pairs) {
        Map<String, E> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (E) pairs[i + 1]);
        return m;
    }

    private static Map<String, Aggregation> aggregations() {
        Map<String, Aggregation> m = new LinkedHashMap<>();
        Arrays.stream(Aggregation.values()).forEach(a -> m.put(a.id(), a));
        return m;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
