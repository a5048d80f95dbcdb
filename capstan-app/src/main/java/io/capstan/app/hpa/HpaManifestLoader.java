package io.capstan.app.hpa;

import io.capstan.app.input.Field;
import io.capstan.app.input.Fields;
import io.capstan.app.input.InputException;
import io.capstan.app.input.InputFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Tree;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;
import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.hpa.HpaMetric;
import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.hpa.HpaSpec;
import io.capstan.core.hpa.HpaTarget;
import io.capstan.core.hpa.SelectPolicy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads autoscaling/v2 HorizontalPodAutoscaler manifests (YAML or JSON, one or several documents) into
 * {@link HpaSpec}, applying the defaults the API server applies: minReplicas 1; no metrics means cpu at 80%
 * utilization; behavior defaults (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules) only when behavior is given.
 * Every key of the autoscaling/v2 schema that matters is declared below; any other key is an error with a
 * did-you-mean, except under {@code metadata}, {@code status} and label selectors, which belong to Kubernetes.
 */
public final class HpaManifestLoader {

    public static final String KIND = "HorizontalPodAutoscaler";

    /** A manifest and the name in its metadata. */
    public record NamedSpec(String name, HpaSpec spec) {
    }

    private HpaManifestLoader() {
    }

    private static final Type<String> NAME = Types.string("a name");
    private static final Type<Node> ANY = Types.any("anything");

    private static final Field<String> API_VERSION = Field.optional("apiVersion", NAME, "autoscaling/v2");
    private static final Field<String> KIND_FIELD = Field.required("kind", NAME, "\"" + KIND + "\"");
    private static final Field<Node> METADATA = Field.optional("metadata", ANY, "the object's metadata; only name is read");
    private static final Field<Node> SPEC = Field.required("spec", ANY, "the HorizontalPodAutoscaler spec");
    private static final Field<Node> STATUS = Field.optional("status", ANY, "written by Kubernetes; ignored");
    private static final Schema HPA = Schema.of("a HorizontalPodAutoscaler object", API_VERSION, KIND_FIELD, METADATA, SPEC, STATUS);

    private static final Field<String> META_NAME = Field.optional("name", NAME, "", "the object's name");
    private static final Schema METADATA_SCHEMA = new Schema("the object's metadata", List.of(META_NAME), true);

    private static final Field<Node> SCALE_TARGET_REF = Field.optional("scaleTargetRef", ANY, "the scaled workload");
    private static final Field<Integer> MIN_REPLICAS = Field.optional("minReplicas", Types.integer(0, Integer.MAX_VALUE), 1,
            "the smallest replica count (default 1)");
    private static final Field<Integer> MAX_REPLICAS = Field.required("maxReplicas", Types.integer(1, Integer.MAX_VALUE),
            "the largest replica count, 1 or more");
    private static final Field<Node.Sequence> METRICS = Field.optional("metrics", Types.sequence("a list of metric specs"),
            "the metrics (default: cpu at 80% utilization)");
    private static final Field<Node> BEHAVIOR = Field.optional("behavior", ANY, "scale-up and scale-down rules");
    private static final Schema SPEC_SCHEMA = Schema.of("the HorizontalPodAutoscaler spec", SCALE_TARGET_REF, MIN_REPLICAS, MAX_REPLICAS,
            METRICS, BEHAVIOR);
    private static final Field<String> REF_KIND = Field.required("kind", NAME, "the object's kind");
    private static final Field<String> REF_NAME = Field.required("name", NAME, "the object's name");
    private static final Schema OBJECT_REF = Schema.of("an object reference {apiVersion, kind, name}",
            Field.optional("apiVersion", NAME, "the object's API version"), REF_KIND, REF_NAME);

    private static final Field<String> METRIC_TYPE = Field.required("type",
            Types.choice(Types.options("Resource", "Resource", "ContainerResource", "ContainerResource", "Pods", "Pods",
                    "Object", "Object", "External", "External")), "one of Resource, ContainerResource, Pods, Object, External");
    private static final Field<Node> RESOURCE = Field.optional("resource", ANY, "the resource metric source");
    private static final Field<Node> CONTAINER_RESOURCE = Field.optional("containerResource", ANY, "the container resource metric source");
    private static final Field<Node> PODS = Field.optional("pods", ANY, "the pods metric source");
    private static final Field<Node> OBJECT = Field.optional("object", ANY, "the object metric source");
    private static final Field<Node> EXTERNAL = Field.optional("external", ANY, "the external metric source");
    private static final Schema METRIC = Schema.of("a metric spec", METRIC_TYPE, RESOURCE, CONTAINER_RESOURCE, PODS, OBJECT, EXTERNAL);

    private static final Field<String> RESOURCE_NAME = Field.required("name", NAME, "the resource name, such as cpu");
    private static final Field<String> CONTAINER = Field.required("container", NAME, "the container name");
    private static final Field<Node> TARGET = Field.required("target", ANY, "a metric target");
    private static final Field<Node> METRIC_ID = Field.required("metric", ANY, "the metric identifier (name)");
    private static final Field<Node> DESCRIBED_OBJECT = Field.required("describedObject", ANY, "the described object (kind, name)");
    private static final Schema RESOURCE_SOURCE = Schema.of("the resource metric source", RESOURCE_NAME, TARGET);
    private static final Schema CONTAINER_SOURCE = Schema.of("the container resource metric source", RESOURCE_NAME, CONTAINER, TARGET);
    private static final Schema PODS_SOURCE = Schema.of("the pods metric source", METRIC_ID, TARGET);
    private static final Schema OBJECT_SOURCE = Schema.of("the object metric source", DESCRIBED_OBJECT, METRIC_ID, TARGET);
    private static final Schema EXTERNAL_SOURCE = Schema.of("the external metric source", METRIC_ID, TARGET);
    private static final Field<String> METRIC_NAME = Field.required("name", NAME, "the metric name");
    private static final Schema METRIC_IDENTIFIER = Schema.of("a metric identifier {name, selector}", METRIC_NAME,
            Field.optional("selector", ANY, "a label selector; ignored"));

    private static final Field<String> TARGET_TYPE = Field.required("type", Types.choice(Types.<HpaTarget.Type>options("Utilization", HpaTarget.Type.UTILIZATION,
            "Value", HpaTarget.Type.VALUE, "AverageValue", HpaTarget.Type.AVERAGE_VALUE)).map(HpaTarget.Type::name), "one of Utilization, Value, AverageValue");
    private static final Field<Integer> UTILIZATION = Field.optional("averageUtilization", Types.integer(1, Integer.MAX_VALUE),
            "a whole percentage above 0");
    private static final Field<Long> VALUE = Field.optional("value", Quantity.MILLI.where(m -> m > 0 ? null : "expected a quantity above 0"),
            Quantity.EXPECTED);
    private static final Field<Long> AVERAGE_VALUE = Field.optional("averageValue", Quantity.MILLI.where(m -> m > 0 ? null
            : "expected a quantity above 0"), Quantity.EXPECTED);
    private static final Schema TARGET_SCHEMA = Schema.of("a metric target {type, averageUtilization | value | averageValue}",
            TARGET_TYPE, UTILIZATION, VALUE, AVERAGE_VALUE);

    private static final Field<Node> SCALE_UP = Field.optional("scaleUp", ANY, "scale-up rules");
    private static final Field<Node> SCALE_DOWN = Field.optional("scaleDown", ANY, "scale-down rules");
    private static final Schema BEHAVIOR_SCHEMA = Schema.of("the behavior {scaleUp, scaleDown}", SCALE_UP, SCALE_DOWN);
    private static final Field<Integer> WINDOW = Field.optional("stabilizationWindowSeconds", Types.integer(0, 3600),
            "seconds of recommendations to stabilize over, 0 to 3600");
    private static final Field<SelectPolicy> SELECT = Field.optional("selectPolicy", Types.choice(Types.options("Max", SelectPolicy.MAX,
            "Min", SelectPolicy.MIN, "Disabled", SelectPolicy.DISABLED)), "Max, Min or Disabled");
    private static final Field<Node.Sequence> RATE_POLICIES = Field.optional("policies", Types.sequence("a list of scaling policies"),
            "rate limits {type, value, periodSeconds}");
    private static final Field<Quantity> TOLERANCE = Field.optional("tolerance", Quantity.TYPE.where(q -> q.value().signum() >= 0
            && q.fitsMilli() ? null : "expected a tolerance of 0 or more"), "the ratio band within which nothing changes");
    private static final Schema RULES = Schema.of("scaling rules {stabilizationWindowSeconds, selectPolicy, policies, tolerance}",
            WINDOW, SELECT, RATE_POLICIES, TOLERANCE);
    private static final Field<HpaRatePolicy.PolicyType> RATE_TYPE = Field.required("type", Types.choice(Types.options(
            "Pods", HpaRatePolicy.PolicyType.PODS, "Percent", HpaRatePolicy.PolicyType.PERCENT)), "Pods or Percent");
    private static final Field<Integer> RATE_VALUE = Field.required("value", Types.integer(1, Integer.MAX_VALUE),
            "the policy value as an integer above 0");
    private static final Field<Integer> PERIOD = Field.required("periodSeconds", Types.integer(1, 1800), "periodSeconds from 1 to 1800");
    private static final Schema RATE_POLICY = Schema.of("a scaling policy {type, value, periodSeconds}", RATE_TYPE, RATE_VALUE, PERIOD);

    /** Reads every document of a manifest file within the default limits. */
    public static List<Node> readDocuments(Path file, InputLimits limits) throws InputException {
        InputFile.Read read = InputFile.read(file, limits);
        if (!read.ok()) throw new InputException(read.problem());
        return documents(file, read.text(), limits);
    }

    /** The documents of a manifest's text, already read; {@code file} names it in messages. */
    private static List<Node> documents(Path file, String text, InputLimits limits) throws InputException {
        Problems problems = new Problems(file);
        List<Node> docs = Tree.read(text, Tree.Format.of(file), limits, problems);
        problems.check();
        if (docs.isEmpty()) throw new InputException(Problem.error(file, 0, 0, "", "the file is empty"));
        return docs;
    }

    /**
     * The HorizontalPodAutoscaler of a file: the one named {@code target}, or the only one when {@code target} is null.
     * Every document must be a HorizontalPodAutoscaler; none is skipped.
     */
    public static NamedSpec load(Path file, String target, InputLimits limits) throws InputException {
        return pick(file, loadAll(file, limits), target);
    }

    /** As {@link #load(Path, String, InputLimits)}, from the manifest's text already read. */
    public static NamedSpec load(Path file, String text, String target, InputLimits limits) throws InputException {
        return pick(file, parsed(file, documents(file, text, limits)), target);
    }

    private static NamedSpec pick(Path file, List<NamedSpec> all, String target) throws InputException {
        if (target == null) {
            if (all.size() > 1) {
                throw new InputException(Problem.error(file, 0, 0, "", all.size() + " HorizontalPodAutoscalers found; name one with \"target\""));
            }
            return all.get(0);
        }
        List<String> names = new ArrayList<>();
        for (NamedSpec h : all) {
            if (target.equals(h.name())) return h;
            names.add(h.name());
        }
        throw new InputException(Problem.error(file, 0, 0, "", "no HorizontalPodAutoscaler named \"" + target + "\"; found " + names));
    }

    public static NamedSpec load(Path file, String target) throws InputException {
        return load(file, target, InputLimits.DEFAULT);
    }

    /** Every HorizontalPodAutoscaler of a file, in order; a document of another kind is an error. */
    public static List<NamedSpec> loadAll(Path file, InputLimits limits) throws InputException {
        return parsed(file, readDocuments(file, limits));
    }

    private static List<NamedSpec> parsed(Path file, List<Node> docs) throws InputException {
        Problems problems = new Problems(file);
        List<NamedSpec> all = parseAll(docs, problems);
        problems.check();
        return all;
    }

    /**
     * Every HorizontalPodAutoscaler of a file's documents; problems collect what is wrong. A manifest file often holds
     * the Deployment beside its autoscaler: a document of another kind is skipped with a warning that says so.
     */
    public static List<NamedSpec> parseAll(List<Node> docs, Problems problems) {
        List<NamedSpec> all = new ArrayList<>();
        for (Node d : docs) {
            if (d instanceof Node.Mapping m && m.get("kind") instanceof Node.Scalar k && k.isValue() && !KIND.equals(k.text())
                    && docs.stream().anyMatch(HpaManifestLoader::isAutoscaler)) {
                problems.warn(d, "skipped a document of kind " + k.text() + ": only HorizontalPodAutoscalers are read");
                continue;
            }
            NamedSpec s = parse(d, problems);
            if (s != null) all.add(s);
        }
        return all;
    }

    private static boolean isAutoscaler(Node doc) {
        return doc instanceof Node.Mapping m && m.get("kind") instanceof Node.Scalar k && KIND.equals(k.text());
    }

    /** Parses one HorizontalPodAutoscaler object, or null with the reasons in {@code problems}. */
    public static NamedSpec parse(Node hpa, Problems problems) {
        int before = problems.count();
        Fields f = HPA.open(hpa, problems);
        if (f == null) return null;
        String kind = f.get(KIND_FIELD);
        if (kind != null && !KIND.equals(kind)) {
            problems.add(f.node(KIND_FIELD), "expected kind \"" + KIND + "\", found '" + kind
                    + "'; only HorizontalPodAutoscaler manifests are supported in this version");
            return null;
        }
        String api = f.get(API_VERSION);
        if (api != null && api.equals("autoscaling/v2beta2")) {
            problems.warn(f.node(API_VERSION), "autoscaling/v2beta2 is deprecated and was removed in Kubernetes 1.26; "
                    + "read as autoscaling/v2 (the same fields), write apiVersion: autoscaling/v2");
        } else if (api != null && !api.equals("autoscaling/v2")) {
            problems.add(f.node(API_VERSION), "expected apiVersion \"autoscaling/v2\", found '" + api + "'");
        }
        // Kubernetes requires metadata.name and spec.scaleTargetRef; without them the name was a made-up "hpa".
        String name = "";
        if (f.has(METADATA)) {
            Fields m = METADATA_SCHEMA.open(f.node(METADATA), problems);
            if (m != null && m.get(META_NAME) != null) name = m.get(META_NAME);
            if (m != null && !m.has(META_NAME)) problems.add(f.node(METADATA), f.path(METADATA), "missing required field 'name' (the autoscaler's name)");
        } else {
            problems.add(hpa, "missing required field 'metadata' (with the autoscaler's name, as Kubernetes requires)");
        }
        HpaSpec spec = f.has(SPEC) ? spec(f.node(SPEC), problems) : null;
        if (problems.count() > before || spec == null) return null;
        return new NamedSpec(name, spec);
    }

    private static HpaSpec spec(Node node, Problems problems) {
        int before = problems.count();
        Fields s = SPEC_SCHEMA.open(node, problems);
        if (s == null) return null;
        if (s.has(SCALE_TARGET_REF)) OBJECT_REF.open(s.node(SCALE_TARGET_REF), problems);
        else problems.add(node, "missing required field 'scaleTargetRef' (the scaled workload {kind, name}, as Kubernetes requires)");
        Integer min = s.get(MIN_REPLICAS);
        Integer max = s.get(MAX_REPLICAS);
        if (min != null && max != null && max < min) problems.add(s.node(MAX_REPLICAS), "maxReplicas " + max + " is below minReplicas " + min);
        List<HpaMetric> metrics = new ArrayList<>();
        Node.Sequence list = s.get(METRICS);
        if (list != null) for (Node m : list.items()) {
            HpaMetric metric = metric(m, problems);
            if (metric != null) metrics.add(metric);
        }
        if (!s.has(METRICS) || list != null && list.items().isEmpty()) metrics.add(new HpaMetric.Resource("cpu", HpaTarget.utilization(80)));
        if (min != null && min == 0 && problems.count() == before) zeroMinimum(s.node(MIN_REPLICAS), metrics, problems);
        HpaBehavior behavior = null;
        if (s.has(BEHAVIOR)) {
            Fields b = BEHAVIOR_SCHEMA.open(s.node(BEHAVIOR), problems);
            if (b != null) {
                HpaScalingRules up = rules(b.node(SCALE_UP), problems);
                HpaScalingRules down = rules(b.node(SCALE_DOWN), problems);
                if (problems.count() == before) behavior = new HpaBehavior(up, down).withDefaults();
            }
        }
        if (problems.count() > before) return null;
        return new HpaSpec(min, max, metrics, behavior);
    }

    /**
     * As the API server: minReplicas 0 is valid only with the HPAScaleToZero feature gate (alpha, off by default) and at
     * least one Object or External metric, the only ones that have a value at 0 pods.
     */
    private static void zeroMinimum(Node at, List<HpaMetric> metrics, Problems problems) {
        if (metrics.stream().noneMatch(m -> m instanceof HpaMetric.ObjectMetric || m instanceof HpaMetric.External)) {
            problems.add(at, "0 needs at least one Object or External metric; Kubernetes refuses it otherwise (\"must specify at "
                    + "least one Object or External metric to support scaling to zero replicas\"): write minReplicas: 1 or add such a metric");
        } else {
            problems.warn(at, "0 is accepted by Kubernetes only with the HPAScaleToZero feature gate (alpha, off by default); "
                    + "simulated as if it were on: the simulation starts at 1 replica (a Deployment's default) and may scale to 0 and back "
                    + "on the Object and External metrics");
        }
    }

    private static HpaMetric metric(Node node, Problems problems) {
        int before = problems.count();
        Fields m = METRIC.open(node, problems);
        if (m == null) return null;
        String type = m.get(METRIC_TYPE);
        if (type == null) return null;
        Map<String, Field<Node>> sources = Map.of("Resource", RESOURCE, "ContainerResource", CONTAINER_RESOURCE, "Pods", PODS,
                "Object", OBJECT, "External", EXTERNAL);
        Field<Node> sourceField = sources.get(type);
        if (!m.has(sourceField)) {
            problems.add(node, "missing required field '" + sourceField.name() + "' (" + sourceField.doc() + ") for type " + type);
            return null;
        }
        Node source = m.node(sourceField);
        HpaMetric result = switch (type) {
            case "Resource" -> {
                Fields r = RESOURCE_SOURCE.open(source, problems);
                HpaTarget t = r == null ? null : target(r, problems, RESOURCE_TARGETS, RESOURCE_TARGETS_TEXT + " for a Resource metric");
                yield t == null || r.get(RESOURCE_NAME) == null ? null : new HpaMetric.Resource(r.get(RESOURCE_NAME), t);
            }
            case "ContainerResource" -> {
                Fields r = CONTAINER_SOURCE.open(source, problems);
                HpaTarget t = r == null ? null : target(r, problems, RESOURCE_TARGETS, RESOURCE_TARGETS_TEXT + " for a ContainerResource metric");
                yield t == null || r.get(RESOURCE_NAME) == null || r.get(CONTAINER) == null ? null
                        : new HpaMetric.ContainerResource(r.get(RESOURCE_NAME), r.get(CONTAINER), t);
            }
            case "Pods" -> {
                Fields p = PODS_SOURCE.open(source, problems);
                HpaTarget t = p == null ? null : target(p, problems, EnumSet.of(HpaTarget.Type.AVERAGE_VALUE), "AverageValue for a Pods metric");
                String name = p == null ? null : metricName(p, problems);
                yield t == null || name == null ? null : new HpaMetric.Pods(name, t);
            }
            case "Object" -> {
                Fields o = OBJECT_SOURCE.open(source, problems);
                HpaTarget t = o == null ? null : target(o, problems, VALUES, "Value or AverageValue for an Object metric");
                String name = o == null ? null : metricName(o, problems);
                Fields d = o == null || !o.has(DESCRIBED_OBJECT) ? null : OBJECT_REF.open(o.node(DESCRIBED_OBJECT), problems);
                String dKind = d == null ? null : d.get(REF_KIND);
                String dName = d == null ? null : d.get(REF_NAME);
                yield t == null || name == null || dKind == null || dName == null ? null : new HpaMetric.ObjectMetric(name, dKind, dName, t);
            }
            default -> {
                Fields e = EXTERNAL_SOURCE.open(source, problems);
                HpaTarget t = e == null ? null : target(e, problems, VALUES, "Value or AverageValue for an External metric");
                String name = e == null ? null : metricName(e, problems);
                yield t == null || name == null ? null : new HpaMetric.External(name, t);
            }
        };
        for (Field<Node> other : sources.values()) {
            if (other != sourceField && m.has(other)) {
                problems.add(m.node(other), "a metric of type " + type + " takes '" + sourceField.name() + "', not '" + other.name() + "'");
            }
        }
        return problems.count() > before ? null : result;
    }

    private static String metricName(Fields source, Problems problems) {
        if (!source.has(METRIC_ID)) return null;
        Fields id = METRIC_IDENTIFIER.open(source.node(METRIC_ID), problems);
        return id == null ? null : id.get(METRIC_NAME);
    }

    /**
     * Kubernetes' validation of a (Container)Resource source: "must set either a target raw value or a target
     * utilization" (averageValue or averageUtilization); a Value target can never be met by a resource metric.
     */
    private static final Set<HpaTarget.Type> RESOURCE_TARGETS = EnumSet.of(HpaTarget.Type.UTILIZATION, HpaTarget.Type.AVERAGE_VALUE);
    private static final String RESOURCE_TARGETS_TEXT = "Utilization or AverageValue (Kubernetes: must set either a target raw value or a target utilization)";
    private static final Set<HpaTarget.Type> VALUES = EnumSet.of(HpaTarget.Type.VALUE, HpaTarget.Type.AVERAGE_VALUE);

    /** The source's target, of one of the types the source allows ({@code allowedText} says which). */
    private static HpaTarget target(Fields source, Problems problems, Set<HpaTarget.Type> allowed, String allowedText) {
        if (!source.has(TARGET)) return null;
        int before = problems.count();
        Fields t = TARGET_SCHEMA.open(source.node(TARGET), problems);
        if (t == null) return null;
        String type = t.get(TARGET_TYPE);
        if (type == null) return null;
        // The type names the one field that holds the target; another value field beside it is a contradiction
        // (Kubernetes: "may not set both a target raw value and a target utilization"), never silently ignored.
        Map<HpaTarget.Type, Field<?>> fieldOf = Map.of(HpaTarget.Type.UTILIZATION, UTILIZATION, HpaTarget.Type.VALUE, VALUE,
                HpaTarget.Type.AVERAGE_VALUE, AVERAGE_VALUE);
        HpaTarget.Type declared = HpaTarget.Type.valueOf(type);
        for (HpaTarget.Type other : List.of(HpaTarget.Type.UTILIZATION, HpaTarget.Type.VALUE, HpaTarget.Type.AVERAGE_VALUE)) {
            Field<?> field = fieldOf.get(other);
            if (other != declared && t.has(field)) {
                problems.add(t.node(field), t.path(field), "a target of type " + typeName(declared) + " is set by '"
                        + fieldOf.get(declared).name() + "'; '" + field.name() + "' belongs to type " + typeName(other)
                        + " (a target sets exactly one of averageUtilization, value, averageValue)");
            }
        }
        if (problems.count() > before) return null;
        HpaTarget target = switch (declared) {
            case UTILIZATION -> need(t, UTILIZATION, problems) == null ? null : HpaTarget.utilization(t.get(UTILIZATION));
            case VALUE -> need(t, VALUE, problems) == null ? null : HpaTarget.value(t.get(VALUE));
            case AVERAGE_VALUE -> need(t, AVERAGE_VALUE, problems) == null ? null : HpaTarget.averageValue(t.get(AVERAGE_VALUE));
        };
        if (target != null && !allowed.contains(target.type())) {
            problems.add(source.node(TARGET), "expected target type " + allowedText);
            return null;
        }
        return problems.count() > before ? null : target;
    }

    private static String typeName(HpaTarget.Type type) {
        return switch (type) {
            case UTILIZATION -> "Utilization";
            case VALUE -> "Value";
            case AVERAGE_VALUE -> "AverageValue";
        };
    }

    private static <T> T need(Fields f, Field<T> field, Problems problems) {
        if (!f.has(field)) {
            problems.add(f.mapping(), "missing required field '" + field.name() + "' (" + field.doc() + ")");
            return null;
        }
        return f.get(field);
    }

    private static HpaScalingRules rules(Node node, Problems problems) {
        if (node == null) return null;
        Fields r = RULES.open(node, problems);
        if (r == null) return null;
        List<HpaRatePolicy> policies = null;
        Node.Sequence list = r.get(RATE_POLICIES);
        if (list != null) {
            policies = new ArrayList<>();
            for (Node p : list.items()) {
                Fields pf = RATE_POLICY.open(p, problems);
                if (pf == null) continue;
                HpaRatePolicy.PolicyType type = pf.get(RATE_TYPE);
                Integer value = pf.get(RATE_VALUE);
                Integer period = pf.get(PERIOD);
                if (type == null || value == null || period == null) continue;
                policies.add(type == HpaRatePolicy.PolicyType.PODS ? HpaRatePolicy.pods(value, period) : HpaRatePolicy.percent(value, period));
            }
        }
        Quantity tolerance = r.get(TOLERANCE);
        return new HpaScalingRules(r.get(WINDOW), r.get(SELECT), policies, tolerance == null ? null : tolerance.doubleValue());
    }
}
