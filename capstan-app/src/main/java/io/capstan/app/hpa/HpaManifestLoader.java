package io.capstan.app.hpa;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.hpa.HpaMetric;
import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.hpa.HpaSpec;
import io.capstan.core.hpa.HpaTarget;
import io.capstan.core.hpa.SelectPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads autoscaling/v2 HorizontalPodAutoscaler manifests (YAML or JSON, one or several documents) into
 * {@link HpaSpec}, applying the defaults the API server applies: minReplicas 1; no metrics means cpu at 80%
 * utilization; behavior defaults (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules) only when behavior is given.
 */
public final class HpaManifestLoader {

    public static final String KIND = "HorizontalPodAutoscaler";

    /** A manifest and the name in its metadata. */
    public record NamedSpec(String name, HpaSpec spec) {
    }

    private HpaManifestLoader() {
    }

    /** Reads a file; YAML unless it ends in .json (YAML parsers read JSON too, but JSON errors read better). */
    public static List<LocatedTree.Node> readDocuments(Path file) throws ProblemException {
        JsonFactory factory = file.getFileName().toString().endsWith(".json") ? new JsonFactory() : new YAMLFactory();
        return LocatedTree.readFile(factory, file);
    }

    /**
     * The HorizontalPodAutoscaler of a file: the one named {@code target}, or the only one when {@code target} is null.
     */
    public static NamedSpec load(Path file, String target) throws ProblemException {
        return select(readDocuments(file), target, file.toString());
    }

    static NamedSpec select(List<LocatedTree.Node> docs, String target, String file) throws ProblemException {
        List<LocatedTree.Node> hpas = new ArrayList<>();
        for (LocatedTree.Node d : docs) {
            if (d.json().isObject() && KIND.equals(d.json().path("kind").asText())) hpas.add(d);
        }
        if (hpas.isEmpty()) {
            throw new ProblemException(new Problem(file, 0, 0, "", "no kind: " + KIND + " found; only HorizontalPodAutoscaler"
                    + " manifests are supported by explain in this version"));
        }
        if (target == null) {
            if (hpas.size() > 1) {
                throw new ProblemException(new Problem(file, 0, 0, "", hpas.size() + " HorizontalPodAutoscalers found;"
                        + " name one with \"target\""));
            }
            return parse(hpas.get(0));
        }
        List<String> names = new ArrayList<>();
        for (LocatedTree.Node h : hpas) {
            String name = h.json().path("metadata").path("name").asText();
            if (target.equals(name)) return parse(h);
            names.add(name);
        }
        throw new ProblemException(new Problem(file, 0, 0, "", "no HorizontalPodAutoscaler named \"" + target
                + "\"; found " + names));
    }

    /** Parses one HorizontalPodAutoscaler object. */
    public static NamedSpec parse(LocatedTree.Node hpa) throws ProblemException {
        if (!hpa.json().isObject()) throw hpa.problem("expected a HorizontalPodAutoscaler object, got " + hpa.shown());
        LocatedTree.Node kind = hpa.require("kind", "\"" + KIND + "\"");
        if (!KIND.equals(kind.json().asText())) {
            throw kind.problem("expected kind \"" + KIND + "\", got " + kind.shown()
                    + "; only HorizontalPodAutoscaler manifests are supported by explain in this version");
        }
        LocatedTree.Node api = hpa.get("apiVersion");
        if (api != null && !api.json().asText().equals("autoscaling/v2") && !api.json().asText().equals("autoscaling/v2beta2")) {
            throw api.problem("expected apiVersion \"autoscaling/v2\", got " + api.shown());
        }
        LocatedTree.Node metadata = hpa.get("metadata");
        String name = metadata != null && metadata.has("name") ? metadata.get("name").json().asText() : "";
        LocatedTree.Node spec = hpa.require("spec", "the HorizontalPodAutoscaler spec");

        int min = spec.has("minReplicas") ? spec.get("minReplicas").integer("minReplicas as an integer") : 1;
        LocatedTree.Node maxNode = spec.require("maxReplicas", "maxReplicas as an integer");
        int max = maxNode.integer("maxReplicas as an integer");
        if (min < 0) throw spec.get("minReplicas").problem("expected minReplicas of 0 or more, got " + min);
        if (max < 1) throw maxNode.problem("expected maxReplicas of 1 or more, got " + max);
        if (max < min) throw maxNode.problem("maxReplicas " + max + " is below minReplicas " + min);

        List<HpaMetric> metrics = new ArrayList<>();
        for (LocatedTree.Node m : spec.array("metrics", "metric specs")) metrics.add(metric(m));
        if (metrics.isEmpty()) metrics.add(new HpaMetric.Resource("cpu", HpaTarget.utilization(80)));

        HpaBehavior behavior = null;
        LocatedTree.Node b = spec.get("behavior");
        if (b != null) behavior = new HpaBehavior(rules(b.get("scaleUp")), rules(b.get("scaleDown"))).withDefaults();
        return new NamedSpec(name, new HpaSpec(min, max, metrics, behavior));
    }

    private static HpaMetric metric(LocatedTree.Node m) throws ProblemException {
        LocatedTree.Node typeNode = m.require("type", "one of Resource, ContainerResource, Pods, Object, External");
        String type = typeNode.text("the metric source type");
        switch (type) {
            case "Resource" -> {
                LocatedTree.Node r = m.require("resource", "the resource metric source");
                return new HpaMetric.Resource(r.require("name", "the resource name, such as cpu").text("a resource name"),
                        target(r.require("target", "a metric target")));
            }
            case "ContainerResource" -> {
                LocatedTree.Node r = m.require("containerResource", "the container resource metric source");
                return new HpaMetric.ContainerResource(r.require("name", "the resource name, such as cpu").text("a resource name"),
                        r.require("container", "the container name").text("a container name"),
                        target(r.require("target", "a metric target")));
            }
            case "Pods" -> {
                LocatedTree.Node p = m.require("pods", "the pods metric source");
                HpaTarget t = target(p.require("target", "a metric target"));
                if (t.type() != HpaTarget.Type.AVERAGE_VALUE) throw p.get("target").problem("expected target type AverageValue for a Pods metric");
                return new HpaMetric.Pods(metricName(p), t);
            }
            case "Object" -> {
                LocatedTree.Node o = m.require("object", "the object metric source");
                LocatedTree.Node d = o.require("describedObject", "the described object (kind, name)");
                HpaTarget t = target(o.require("target", "a metric target"));
                if (t.type() == HpaTarget.Type.UTILIZATION) throw o.get("target").problem("expected target type Value or AverageValue for an Object metric");
                return new HpaMetric.ObjectMetric(metricName(o), d.require("kind", "the object's kind").text("a kind"),
                        d.require("name", "the object's name").text("a name"), t);
            }
            case "External" -> {
                LocatedTree.Node e = m.require("external", "the external metric source");
                HpaTarget t = target(e.require("target", "a metric target"));
                if (t.type() == HpaTarget.Type.UTILIZATION) throw e.get("target").problem("expected target type Value or AverageValue for an External metric");
                return new HpaMetric.External(metricName(e), t);
            }
            default -> throw typeNode.problem("expected one of Resource, ContainerResource, Pods, Object, External, got " + typeNode.shown());
        }
    }

    private static String metricName(LocatedTree.Node source) throws ProblemException {
        return source.require("metric", "the metric identifier (name)").require("name", "the metric name").text("a metric name");
    }

    private static HpaTarget target(LocatedTree.Node t) throws ProblemException {
        LocatedTree.Node typeNode = t.require("type", "one of Utilization, Value, AverageValue");
        return switch (typeNode.text("the target type")) {
            case "Utilization" -> {
                LocatedTree.Node u = t.require("averageUtilization", "averageUtilization as a whole percentage");
                int v = u.integer("averageUtilization as a whole percentage");
                if (v <= 0) throw u.problem("expected averageUtilization above 0, got " + v);
                yield HpaTarget.utilization(v);
            }
            case "Value" -> HpaTarget.value(positiveMilli(t.require("value", Quantity.EXPECTED)));
            case "AverageValue" -> HpaTarget.averageValue(positiveMilli(t.require("averageValue", Quantity.EXPECTED)));
            default -> throw typeNode.problem("expected one of Utilization, Value, AverageValue, got " + typeNode.shown());
        };
    }

    private static long positiveMilli(LocatedTree.Node n) throws ProblemException {
        long milli = n.quantity().milliValue();
        if (milli <= 0) throw n.problem("expected a quantity above 0, got " + n.shown());
        return milli;
    }

    private static HpaScalingRules rules(LocatedTree.Node r) throws ProblemException {
        if (r == null) return null;
        Integer window = null;
        LocatedTree.Node w = r.get("stabilizationWindowSeconds");
        if (w != null) {
            window = w.integer("stabilizationWindowSeconds as a whole number of seconds");
            if (window < 0 || window > 3600) throw w.problem("expected stabilizationWindowSeconds in [0, 3600], got " + window);
        }
        SelectPolicy select = null;
        LocatedTree.Node s = r.get("selectPolicy");
        if (s != null) {
            select = switch (s.text("one of Max, Min, Disabled")) {
                case "Max" -> SelectPolicy.MAX;
                case "Min" -> SelectPolicy.MIN;
                case "Disabled" -> SelectPolicy.DISABLED;
                default -> throw s.problem("expected one of Max, Min, Disabled, got " + s.shown());
            };
        }
        List<HpaRatePolicy> policies = null;
        if (r.has("policies")) {
            policies = new ArrayList<>();
            for (LocatedTree.Node p : r.array("policies", "scaling policies")) policies.add(policy(p));
        }
        Double tolerance = null;
        LocatedTree.Node t = r.get("tolerance");
        if (t != null) {
            tolerance = t.quantity().doubleValue();
            if (tolerance < 0) throw t.problem("expected a tolerance of 0 or more, got " + t.shown());
        }
        return new HpaScalingRules(window, select, policies, tolerance);
    }

    private static HpaRatePolicy policy(LocatedTree.Node p) throws ProblemException {
        LocatedTree.Node typeNode = p.require("type", "Pods or Percent");
        HpaRatePolicy.PolicyType type = switch (typeNode.text("Pods or Percent")) {
            case "Pods" -> HpaRatePolicy.PolicyType.PODS;
            case "Percent" -> HpaRatePolicy.PolicyType.PERCENT;
            default -> throw typeNode.problem("expected Pods or Percent, got " + typeNode.shown());
        };
        LocatedTree.Node v = p.require("value", "the policy value as an integer above 0");
        int value = v.integer("the policy value as an integer above 0");
        if (value <= 0) throw v.problem("expected a policy value above 0, got " + value);
        LocatedTree.Node ps = p.require("periodSeconds", "periodSeconds in (0, 1800]");
        int period = ps.integer("periodSeconds in (0, 1800]");
        if (period <= 0 || period > 1800) throw ps.problem("expected periodSeconds in (0, 1800], got " + period);
        return type == HpaRatePolicy.PolicyType.PODS ? HpaRatePolicy.pods(value, period) : HpaRatePolicy.percent(value, period);
    }
}
