package io.capstan.app.explain;

import com.fasterxml.jackson.core.JsonFactory;
import io.capstan.app.hpa.HpaManifestLoader;
import io.capstan.app.hpa.LocatedTree;
import io.capstan.app.hpa.Problem;
import io.capstan.app.hpa.ProblemException;
import io.capstan.core.hpa.ControllerSettings;
import io.capstan.core.hpa.HpaMetric;
import io.capstan.core.hpa.HpaPod;
import io.capstan.core.hpa.HpaSpec;
import io.capstan.core.hpa.HpaState;
import io.capstan.core.hpa.MetricInput;
import io.capstan.core.hpa.MetricObservation;
import io.capstan.core.hpa.PodSample;
import io.capstan.core.hpa.ScaleEvent;
import io.capstan.core.hpa.TimedRecommendation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One explain scenario: an HPA, the controller flags, and the state of one sync, all relative to {@link #NOW}.
 * See docs/hpa.md for the format.
 */
record Scenario(HpaSpec spec, ControllerSettings settings, HpaState state, List<MetricInput> inputs) {

    /** Everything in a scenario is relative ("secondsAgo"), so any fixed instant will do. */
    static final Instant NOW = Instant.ofEpochSecond(1_000_000_000L);

    static final long DEFAULT_STARTED_SECONDS_AGO = 3600;

    /** A manifest's kind line, in YAML or JSON; a comment that mentions the word does not count. */
    private static final java.util.regex.Pattern HPA_KIND =
            java.util.regex.Pattern.compile("(?m)^[\\s{,]*\"?kind\"?\\s*:\\s*\"?" + HpaManifestLoader.KIND + "\\b");
    static final long DEFAULT_WINDOW_SECONDS = 60;

    static Scenario read(Path file) throws ProblemException {
        return read(file, root(file));
    }

    /** The scenario file's JSON object. */
    static LocatedTree.Node root(Path file) throws ProblemException {
        LocatedTree.Node root = LocatedTree.readFile(new JsonFactory(), file).get(0);
        if (!root.json().isObject()) throw root.problem("expected a scenario object, got " + root.shown());
        return root;
    }

    /** The policy path when it names a Capstan policy file rather than an HPA manifest, else null. */
    static Path capstanPolicyFile(Path file, LocatedTree.Node root) throws ProblemException {
        LocatedTree.Node policy = root.get("policy");
        if (policy == null || !policy.json().isTextual()) return null;
        Path policyFile = file.toAbsolutePath().getParent().resolve(policy.json().asText());
        if (!Files.isReadable(policyFile)) throw policy.problem("cannot read the policy file " + policyFile);
        try {
            return HPA_KIND.matcher(Files.readString(policyFile)).find() ? null : policyFile;
        } catch (IOException e) {
            throw policy.problem("cannot read the policy file " + policyFile + ": " + e.getMessage());
        }
    }

    static Scenario read(Path file, LocatedTree.Node root) throws ProblemException {
        String target = root.has("target") ? root.get("target").text("the target's name") : null;
        LocatedTree.Node policy = root.require("policy", "an autoscaling/v2 HorizontalPodAutoscaler object or a path to one");
        HpaSpec spec;
        if (policy.json().isTextual()) {
            Path dir = file.toAbsolutePath().getParent();
            Path policyFile = dir.resolve(policy.json().asText());
            if (!Files.isReadable(policyFile)) throw policy.problem("cannot read the policy file " + policyFile);
            spec = HpaManifestLoader.load(policyFile, target).spec();
        } else if (policy.json().isObject()) {
            spec = HpaManifestLoader.parse(policy).spec();
        } else {
            throw policy.problem("expected a HorizontalPodAutoscaler object or a path, got " + policy.shown());
        }

        ControllerSettings settings = controller(root.get("controller"));
        LocatedTree.Node state = root.require("state", "the state of the sync (specReplicas, metrics, ...)");
        int specReplicas = state.require("specReplicas", "specReplicas as an integer").integer("specReplicas as an integer, 0 or more");
        if (specReplicas < 0) throw state.get("specReplicas").problem("expected specReplicas of 0 or more");
        int statusReplicas = state.has("statusReplicas")
                ? state.get("statusReplicas").integer("statusReplicas as an integer, 0 or more") : specReplicas;
        if (statusReplicas < 0) throw state.get("statusReplicas").problem("expected statusReplicas of 0 or more");

        List<LocatedTree.Node> metricNodes = state.array("metrics", "metric observations");
        if (metricNodes.size() != spec.metrics().size()) {
            LocatedTree.Node at = state.has("metrics") ? state.get("metrics") : state;
            throw at.problem("expected " + spec.metrics().size() + " metric entries, one per metric of the policy in the same order, got "
                    + metricNodes.size());
        }
        List<MetricInput> inputs = new ArrayList<>();
        for (int i = 0; i < metricNodes.size(); i++) inputs.add(metric(spec.metrics().get(i), metricNodes.get(i), statusReplicas));

        List<TimedRecommendation> recommendations = new ArrayList<>();
        for (LocatedTree.Node r : state.array("recommendations", "{secondsAgo, replicas} entries")) {
            recommendations.add(new TimedRecommendation(ago(r), r.require("replicas", "replicas as an integer").integer("replicas as an integer")));
        }
        return new Scenario(spec, settings, new HpaState(specReplicas, statusReplicas, recommendations,
                events(state, "scaleUpEvents"), events(state, "scaleDownEvents")), inputs);
    }

    private static ControllerSettings controller(LocatedTree.Node c) throws ProblemException {
        ControllerSettings d = ControllerSettings.DEFAULTS;
        if (c == null) return d;
        double tolerance = d.tolerance();
        if (c.has("tolerance")) {
            tolerance = c.get("tolerance").number("tolerance as a number, 0 or more");
            if (tolerance < 0) throw c.get("tolerance").problem("expected a tolerance of 0 or more");
        }
        return new ControllerSettings(tolerance,
                seconds(c, "cpuInitializationPeriodSeconds", d.cpuInitializationPeriod()),
                seconds(c, "initialReadinessDelaySeconds", d.initialReadinessDelay()),
                seconds(c, "downscaleStabilizationSeconds", d.downscaleStabilizationWindow()));
    }

    private static Duration seconds(LocatedTree.Node n, String field, Duration fallback) throws ProblemException {
        return n.has(field) ? Duration.ofSeconds(n.get(field).seconds(field)) : fallback;
    }

    private static Instant ago(LocatedTree.Node n) throws ProblemException {
        return NOW.minusSeconds(n.require("secondsAgo", "secondsAgo as a whole number of seconds").seconds("secondsAgo"));
    }

    private static List<ScaleEvent> events(LocatedTree.Node state, String field) throws ProblemException {
        List<ScaleEvent> events = new ArrayList<>();
        for (LocatedTree.Node e : state.array(field, "{secondsAgo, replicaChange} entries")) {
            LocatedTree.Node change = e.require("replicaChange", "replicaChange as a positive integer");
            int c = change.integer("replicaChange as a positive integer");
            if (c <= 0) throw change.problem("expected replicaChange above 0 (the direction is the list it is in), got " + c);
            events.add(ScaleEvent.of(ago(e), c));
        }
        return events;
    }

    private static MetricInput metric(HpaMetric metric, LocatedTree.Node m, int statusReplicas) throws ProblemException {
        if (!m.json().isObject()) throw m.problem("expected a metric observation object, got " + m.shown());
        if (m.has("unavailable") && m.get("unavailable").bool("unavailable")) {
            return new MetricInput(new MetricObservation.Unavailable("the metrics API returned an error"),
                    pods(m, statusReplicas));
        }
        Instant sampled = NOW.minusSeconds(m.has("sampledSecondsAgo") ? m.get("sampledSecondsAgo").seconds("sampledSecondsAgo") : 0);
        Duration window = Duration.ofSeconds(m.has("windowSeconds") ? m.get("windowSeconds").seconds("windowSeconds") : DEFAULT_WINDOW_SECONDS);
        return switch (metric) {
            case HpaMetric.Resource r -> podMetric(m, sampled, window);
            case HpaMetric.ContainerResource r -> podMetric(m, sampled, window);
            case HpaMetric.Pods p -> podMetric(m, sampled, window);
            case HpaMetric.ObjectMetric o -> new MetricInput(new MetricObservation.ObjectValue(
                    m.require("value", "the object's metric value as a quantity").quantity().milliValue(), sampled), pods(m, statusReplicas));
            case HpaMetric.External e -> {
                List<Long> values = new ArrayList<>();
                LocatedTree.Node v = m.require("values", "the external metric's values as an array of quantities");
                if (!v.json().isArray()) throw v.problem("expected an array of quantities, got " + v.shown());
                for (LocatedTree.Node q : v.elements()) values.add(q.quantity().milliValue());
                yield new MetricInput(new MetricObservation.ExternalValues(values, sampled), pods(m, statusReplicas));
            }
        };
    }

    private static MetricInput podMetric(LocatedTree.Node m, Instant sampled, Duration window) throws ProblemException {
        LocatedTree.Node podsNode = m.require("pods", "the pods of the target with their samples");
        if (!podsNode.json().isArray()) throw podsNode.problem("expected an array of pods, got " + podsNode.shown());
        List<HpaPod> pods = new ArrayList<>();
        Map<String, PodSample> samples = new HashMap<>();
        List<LocatedTree.Node> podNodes = podsNode.elements();
        for (int i = 0; i < podNodes.size(); i++) {
            LocatedTree.Node p = podNodes.get(i);
            HpaPod pod = pod(p, "pod-" + i);
            pods.add(pod);
            LocatedTree.Node value = p.get("value");
            if (value != null) samples.put(pod.name(), new PodSample(value.quantity().milliValue(), sampled, window));
        }
        List<LocatedTree.Node> unmatched = m.array("unmatchedPodValues", "quantities");
        for (int i = 0; i < unmatched.size(); i++) {
            samples.put("unmatched-" + i, new PodSample(unmatched.get(i).quantity().milliValue(), sampled, window));
        }
        return new MetricInput(new MetricObservation.PodMetrics(samples, sampled), pods);
    }

    /** Object and External entries may list pods for the ready count; without them, statusReplicas ready pods. */
    private static List<HpaPod> pods(LocatedTree.Node m, int statusReplicas) throws ProblemException {
        if (m.has("pods")) {
            List<HpaPod> pods = new ArrayList<>();
            List<LocatedTree.Node> nodes = m.array("pods", "pods");
            for (int i = 0; i < nodes.size(); i++) pods.add(pod(nodes.get(i), "pod-" + i));
            return pods;
        }
        List<HpaPod> pods = new ArrayList<>();
        Instant started = NOW.minusSeconds(DEFAULT_STARTED_SECONDS_AGO);
        for (int i = 0; i < statusReplicas; i++) {
            pods.add(new HpaPod("pod-" + i, HpaPod.Phase.RUNNING, HpaPod.ReadyCondition.TRUE, started, started, false, null));
        }
        return pods;
    }

    private static HpaPod pod(LocatedTree.Node p, String name) throws ProblemException {
        if (!p.json().isObject()) throw p.problem("expected a pod object, got " + p.shown());
        HpaPod.Phase phase = HpaPod.Phase.RUNNING;
        if (p.has("phase")) {
            LocatedTree.Node ph = p.get("phase");
            String text = ph.text("one of Pending, Running, Succeeded, Failed, Unknown");
            try {
                phase = HpaPod.Phase.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ph.problem("expected one of Pending, Running, Succeeded, Failed, Unknown, got " + ph.shown());
            }
        }
        HpaPod.ReadyCondition ready = HpaPod.ReadyCondition.TRUE;
        if (p.json().has("ready")) {
            ready = p.json().get("ready").isNull() ? HpaPod.ReadyCondition.ABSENT
                    : p.get("ready").bool("ready") ? HpaPod.ReadyCondition.TRUE : HpaPod.ReadyCondition.FALSE;
        }
        long startedAgo = p.has("startedSecondsAgo") ? p.get("startedSecondsAgo").seconds("startedSecondsAgo") : DEFAULT_STARTED_SECONDS_AGO;
        long readyAgo = p.has("readySinceSecondsAgo") ? p.get("readySinceSecondsAgo").seconds("readySinceSecondsAgo") : startedAgo;
        boolean deleting = p.has("deleting") && p.get("deleting").bool("deleting");
        Long request = p.has("request") ? p.get("request").quantity().milliValue() : null;
        return new HpaPod(name, phase, ready, NOW.minusSeconds(readyAgo), NOW.minusSeconds(startedAgo), deleting, request);
    }
}
