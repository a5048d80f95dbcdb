package io.capstan.app.config;

import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;
import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.FlappingGuard;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.policy.Policy;
import io.capstan.core.target.HpaTargets;
import io.capstan.core.target.TargetSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a located YAML tree to core records: the document and its targets, and each policy to the reader of its
 * kind ({@link ThresholdReader}, {@link TargetTrackingReader}, {@link StepReader}, {@link ScheduleReader},
 * {@link DecisionTreeReader}); conditions, actions, metrics and damping have readers of their own. Every reader
 * declares the keys it accepts next to the code that reads them.
 */
final class PolicyReader extends ReaderBase {
    static final Field<Node.Sequence> TARGETS = Field.required("targets", Types.sequence("a list of targets"), "a list of targets");
    /** The live sections ({@code capstan run}): declared here so they are known keys, read by {@link LiveSections}. */
    static final Schema DOCUMENT = Schema.of("the policy document: a map with a 'targets' list", TARGETS,
            Field.optional(LiveSections.SOURCES, Types.any("the sources' settings"), "settings of each polled metric source (capstan run)"),
            Field.optional(LiveSections.CONTROLLER, Types.any("the controller's settings"), "the control loop's settings {interval} (capstan run)"),
            Field.optional(LiveSections.STORE, Types.any("the store's settings"), "where decisions and state are kept (capstan run)"));

    private static final Type<Node> ANY = Types.any("a value");
    static final Field<String> TARGET_NAME = Field.required("name", PolicyTypes.TEXT, "the target's name");
    static final Field<Node> REPLICAS = Field.required("replicas", ANY, "{min, max} replica bounds");
    static final Field<Node.Mapping> METRICS = Field.optional("metrics", Types.mapping("a map of metric name to its settings"),
            "every metric a policy uses, with its settings");
    static final Field<Node> SERVICE = Field.optional("service", ANY, "the service model for demand replay");
    static final Field<Node> COOLDOWN = Field.optional("cooldown", ANY, "cooldowns for the whole target");
    static final Field<Node> FLAPPING_GUARD = Field.optional("flappingGuard", ANY, "on (default) or off");
    static final Field<Node> BEHAVIOR = Field.optional("behavior", ANY, "HPA behavior: stabilization window and rate policies");
    static final Field<Node.Sequence> POLICIES = Field.optional("policies", Types.sequence("a list of policies"),
            "the rules that propose replica counts");
    static final Field<Node> ACTUATOR = Field.optional(LiveSections.ACTUATOR, ANY, "what capstan run scales: {type: process, ...}");
    static final Schema TARGET = Schema.of("a target", TARGET_NAME, REPLICAS, METRICS, SERVICE, COOLDOWN, FLAPPING_GUARD, BEHAVIOR, POLICIES, ACTUATOR);
    static final String HPA_KEY = "hpa";
    static final Field<Node> HPA = Field.required(HPA_KEY, ANY, "a HorizontalPodAutoscaler manifest {apiVersion, kind, metadata, spec}");
    static final Field<Node.Mapping> HPA_METRICS = Field.optional("metrics", Types.mapping("a map of the manifest's metric names to {source}"),
            "where each of the manifest's metrics comes from (capstan run): {source: ...}");
    /** A target declared by an HPA manifest: the manifest says bounds, metrics and behavior; the target adds where from and what to scale. */
    static final Schema HPA_TARGET = Schema.of("a target declared as a HorizontalPodAutoscaler {name, hpa, metrics, actuator}",
            TARGET_NAME, HPA, HPA_METRICS, ACTUATOR);

    static final Field<Integer> MIN = Field.required("min", PolicyTypes.WHOLE.where(m -> m < 0 ? "min must be zero or more, found " + m : null),
            "the smallest replica count");
    static final Field<Integer> MAX = Field.required("max", PolicyTypes.WHOLE, "the largest replica count");
    static final Field<Integer> INITIAL = Field.optional("initial", PolicyTypes.WHOLE, "the count the simulator starts from (default min)");
    static final Schema REPLICA_BOUNDS = Schema.of("replica bounds {min, max, initial}", MIN, MAX, INITIAL);

    static final List<String> POLICY_KINDS = List.of("threshold", "targetTracking", "step", "schedule", "decisionTree", "predictive");
    static final Field<String> POLICY_NAME = Field.required("name", PolicyTypes.TEXT, "the policy's name");
    static final Schema POLICY = Schema.of("a policy {name, and one of " + String.join(", ", POLICY_KINDS) + "}", POLICY_NAME,
            Field.optional("threshold", ANY, "a threshold rule"), Field.optional("targetTracking", ANY, "a target-tracking rule"),
            Field.optional("step", ANY, "a step rule"), Field.optional("schedule", ANY, "a list of schedule entries"),
            Field.optional("decisionTree", ANY, "a decision tree"), Field.optional("predictive", ANY, "a predictive rule"));

    /** See {@link DampingReader#KUBERNETES_DEFAULT_BEHAVIOR}. */
    static final HpaBehavior KUBERNETES_DEFAULT_BEHAVIOR = DampingReader.KUBERNETES_DEFAULT_BEHAVIOR;

    private final MetricsReader metricReader;
    private final DampingReader damping;
    private final ThresholdReader thresholds;
    private final TargetTrackingReader tracking;
    private final StepReader steps;
    private final ScheduleReader schedules;
    private final DecisionTreeReader trees;
    private final PredictiveReader predictive;

    PolicyReader(Problems problems, String source) {
        super(problems, source.lines().toList());
        ConditionReader conditions = new ConditionReader(problems, lines);
        ActionReader actions = new ActionReader(problems, lines);
        this.metricReader = new MetricsReader(problems, lines);
        this.damping = new DampingReader(problems, lines);
        this.thresholds = new ThresholdReader(problems, lines, conditions, actions, damping);
        this.tracking = new TargetTrackingReader(problems, lines, conditions, damping);
        this.steps = new StepReader(problems, lines, conditions, damping);
        this.schedules = new ScheduleReader(problems, lines);
        this.trees = new DecisionTreeReader(problems, lines, conditions, actions);
        this.predictive = new PredictiveReader(problems, lines);
    }

    // ---------------------------------------------------------------- document and targets

    /** The targets of a document, or an empty list when anything is wrong (the problems say what). */
    List<TargetSpec> document(Node root) {
        int before = problems.count();
        Fields doc = fields(root, "", DOCUMENT);
        if (doc == null) return List.of();
        List<TargetSpec> targets = new ArrayList<>();
        if (doc.has("targets")) {
            Node.Sequence seq = doc.value(TARGETS);
            if (seq != null) {
                if (seq.items().isEmpty()) problems.add(seq, "targets", "expected at least one target, found an empty list");
                Map<String, Node> names = new HashMap<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    TargetSpec t = target(seq.items().get(i), item("targets", i), names);
                    if (t != null) targets.add(t);
                }
            }
        }
        return problems.count() > before ? List.of() : targets;
    }

    private TargetSpec target(Node node, String path, Map<String, Node> targetNames) {
        if (node instanceof Node.Mapping m && m.get(HPA_KEY) != null) return hpaTarget(node, path, targetNames);
        int before = problems.count();
        Fields f = fields(node, path, TARGET);
        if (f == null) return null;
        String name = name(f, targetNames, "target");

        Bounds bounds = null;
        Integer initial = null;
        if (f.has("replicas")) {
            Fields r = fields(f.get("replicas"), f.path("replicas"), REPLICA_BOUNDS);
            if (r != null) {
                Integer min = r.value(MIN);
                Integer max = r.value(MAX);
                initial = r.value(INITIAL);
                if (min != null && max != null && max < min) {
                    problems.add(r.get("max"), r.path("max"), "max " + max + " is below min " + min);
                } else if (min != null && max != null) {
                    bounds = new Bounds(min, max);
                    if (initial != null && !bounds.contains(initial)) {
                        problems.add(r.get("initial"), r.path("initial"), "initial " + initial + " is outside min " + min + " and max " + max);
                    }
                }
            }
        }

        // Counts a schedule or onMissing rule sets are checked against the target's max (policy.md: <= max).
        int targetMax = bounds == null ? Integer.MAX_VALUE : bounds.max();
        metricReader.targetMax = targetMax;
        schedules.startTarget(targetMax);
        Map<String, MetricSpec> metrics = new LinkedHashMap<>();
        Set<String> declared = new LinkedHashSet<>();
        if (f.has("metrics")) {
            Node.Mapping m = f.value(METRICS);
            if (m != null) {
                for (Node.Entry e : m.entries().values()) {
                    declared.add(e.key());
                    MetricSpec spec = metricReader.metric(e, child(f.path("metrics"), e.key()));
                    if (spec != null) metrics.put(e.key(), spec);
                }
            }
        }

        ServiceModel service = f.has("service") ? metricReader.service(f.get("service"), f.path("service")) : null;
        damping.inheritedCooldowns = Cooldowns.NONE;
        damping.policyCooldowns = false;
        Cooldowns cooldowns = f.has("cooldown") ? damping.cooldowns(f.get("cooldown"), f.path("cooldown")) : null;
        damping.inheritedCooldowns = cooldowns == null ? Cooldowns.NONE : cooldowns;
        FlappingGuard guard = f.has("flappingGuard") ? damping.flappingGuard(f.get("flappingGuard"), f.path("flappingGuard")) : null;
        HpaBehavior behavior = f.has("behavior") ? damping.behavior(f.get("behavior"), f.path("behavior")) : null;

        List<Policy> policies = new ArrayList<>();
        if (f.has("policies")) {
            Node.Sequence seq = f.value(POLICIES);
            if (seq != null) {
                Map<String, Node> policyNames = new HashMap<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    Policy p = policy(seq.items().get(i), item(f.path("policies"), i), declared, policyNames, service);
                    if (p != null) policies.add(p);
                }
                schedules.checkSetCollisions();
            }
        }

        if (problems.count() > before) return null;
        Bounds b = bounds;
        int start = initial != null ? initial : bounds.min();
        HpaBehavior damped = behavior == null && cooldowns == null && !damping.policyCooldowns ? DampingReader.KUBERNETES_DEFAULT_BEHAVIOR : behavior;
        return build(node, path, () -> new TargetSpec(name, b, start, metrics, policies, damped, cooldowns, service, guard));
    }

    /**
     * A target written as {@code {name, hpa: <manifest>, metrics: {<metric>: {source: ...}}, actuator}}: the manifest
     * loads as {@code capstan explain} and {@code simulate} load it ({@link HpaTargets}: the exact controller port,
     * per-direction tolerances, behavior and stabilization), starting at its minReplicas (at least 1).
     */
    private TargetSpec hpaTarget(Node node, String path, Map<String, Node> targetNames) {
        int before = problems.count();
        Fields f = fields(node, path, HPA_TARGET);
        if (f == null) return null;
        String name = name(f, targetNames, "target");
        io.capstan.app.hpa.HpaManifestLoader.NamedSpec hpa = io.capstan.app.hpa.HpaManifestLoader.parse(f.get(HPA_KEY), problems);
        if (hpa == null || name == null || problems.count() > before) return null;
        TargetSpec spec = HpaTargets.toTarget(name, hpa.spec(), Math.max(1, hpa.spec().minReplicas()));
        if (f.has("metrics")) {
            Node.Mapping m = f.value(HPA_METRICS);
            if (m != null) {
                for (Node.Entry e : m.entries().values()) {
                    String at = child(f.path("metrics"), e.key());
                    if (!spec.metrics().containsKey(e.key())) {
                        problems.add(e.line(), e.column(), at, "the manifest has no metric '" + e.key() + "'; its metrics are "
                                + String.join(", ", spec.metrics().keySet()));
                    } else if (!(e.value() instanceof Node.Mapping settings)) {
                        problems.add(e.value(), at, "expected {source: ...}, found " + e.value().describe());
                    } else {
                        for (Node.Entry k : settings.entries().values()) {
                            if (!k.key().equals(io.capstan.app.source.Sources.METRIC_KEY)) {
                                problems.add(k.line(), k.column(), child(at, k.key()), "unknown field '" + k.key()
                                        + "'; a metric of an HPA target takes only source: the manifest says the rest");
                            }
                        }
                    }
                }
            }
        }
        return problems.count() > before ? null : spec;
    }

    // ---------------------------------------------------------------- policies

    private Policy policy(Node node, String path, Set<String> metrics, Map<String, Node> policyNames, ServiceModel service) {
        Fields f = fields(node, path, POLICY);
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
            Node.Entry second = f.entry(kinds.get(1));
            problems.add(second.line(), second.column(), path,
                    "a policy has exactly one kind, found " + String.join(" and ", kinds) + "; split it into separate policies");
            return null;
        }
        String kind = kinds.get(0);
        Node body = f.get(kind);
        String sub = f.path(kind);
        Policy p = switch (kind) {
            case "threshold" -> thresholds.threshold(body, sub, name, metrics);
            case "targetTracking" -> tracking.targetTracking(body, sub, name, metrics);
            case "step" -> steps.step(body, sub, name, metrics);
            case "schedule" -> schedules.schedule(body, sub, name);
            case "decisionTree" -> trees.decisionTree(body, sub, name, metrics);
            case "predictive" -> predictive.predictive(body, sub, name, service);
            default -> throw new IllegalStateException(kind);
        };
        return problems.count() > before ? null : p;
    }
}
