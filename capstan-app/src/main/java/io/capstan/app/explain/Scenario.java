package io.capstan.app.explain;

import io.capstan.app.hpa.HpaManifestLoader;
import io.capstan.app.hpa.Quantity;
import io.capstan.app.input.Field;
import io.capstan.app.input.Fields;
import io.capstan.app.input.InputException;
import io.capstan.app.input.InputFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.capstan.app.explain.ScenarioFields.*;

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

    /** The scenario file's one JSON document; what is wrong with its syntax (a repeated key) is in {@code problems}. */
    static Node root(Path file, InputLimits limits, Problems problems) throws InputException {
        List<Node> docs = Tree.readFile(file, Tree.Format.JSON, limits, problems);
        Node root = Tree.single(docs, Tree.Format.JSON, "a scenario object", problems);
        if (root == null || docs.size() > 1) problems.check();
        if (!(root instanceof Node.Mapping)) {
            problems.add(root, "expected a scenario object, found " + root.describe());
            problems.check();
        }
        return root;
    }

    /**
     * The policy file a scenario names by path, read once: its path for messages, its text, and whether it is an HPA
     * manifest (else a Capstan policy file). The text read to tell them apart is the text parsed.
     */
    record PolicyText(Path file, String text, boolean hpa) {}

    /** The policy file a scenario names by path, read once; null when the policy is inline (or no text, reported later). */
    static PolicyText policyFile(Path file, Node root, InputLimits limits) throws InputException {
        Node policy = ((Node.Mapping) root).get(POLICY.name());
        if (!(policy instanceof Node.Scalar s) || s.kind() != Node.ScalarKind.TEXT) return null;
        Problems problems = new Problems(file);
        Path policyFile = policyPath(file, policy, s.text(), problems);
        problems.check();
        if (!Files.isReadable(policyFile)) {
            problems.add(policy, "cannot read the policy file " + policyFile);
            problems.check();
        }
        InputFile.Read read = InputFile.read(policyFile, limits);
        if (!read.ok()) {
            problems.add(policy, "cannot read the policy file: " + read.problem());
            problems.check();
        }
        return new PolicyText(policyFile, read.text(), HPA_KIND.matcher(read.text()).find());
    }

    /** The policy file named in a scenario, resolved beside it; null (and a problem) when the text is no usable path. */
    static Path policyPath(Path scenario, Node at, String policy, Problems problems) {
        if (policy.isBlank()) {
            problems.add(at, "the policy path is empty: name a policy file or HPA manifest");
            return null;
        }
        String notAFile = io.capstan.app.input.InputPathConverter.whyNotAFile(policy);
        if (notAFile != null) {
            problems.add(at, notAFile);
            return null;
        }
        try {
            return scenario.toAbsolutePath().getParent().resolve(policy);
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(at, "not a usable file path: " + e.getReason());
            return null;
        }
    }

    /** An HPA scenario; {@code manifest} is the manifest its policy path names, as {@link #policyFile} read it (or null). */
    static Scenario read(Node root, PolicyText manifest, InputLimits limits, Problems problems) throws InputException {
        Fields f = HPA_SCENARIO.open(root, problems);
        if (f == null) problems.check();
        String target = f.get(TARGET);
        Node policy = f.node(POLICY);
        HpaSpec spec = null;
        if (manifest != null) {
            spec = HpaManifestLoader.load(manifest.file(), manifest.text(), target, limits).spec();
        } else if (policy instanceof Node.Mapping) {
            HpaManifestLoader.NamedSpec named = HpaManifestLoader.parse(policy, problems);
            spec = named == null ? null : named.spec();
        } else if (policy != null) {
            problems.add(policy, "expected a HorizontalPodAutoscaler object or a path, found " + policy.describe());
        }
        ControllerSettings settings = controller(f.node(CONTROLLER), problems);
        Fields state = f.has(STATE) ? HPA_STATE.open(f.node(STATE), problems) : null;
        problems.check();
        if (state == null || spec == null) throw new IllegalStateException("checked above");

        Integer specReplicas = state.get(SPEC_REPLICAS);
        Integer status = state.get(STATUS_REPLICAS);
        int statusReplicas = status != null ? status : specReplicas == null ? 0 : specReplicas;
        List<MetricInput> inputs = new ArrayList<>();
        Node metricsNode = state.node(METRICS);
        List<Node> metricNodes = metricsNode instanceof Node.Sequence seq ? seq.items() : List.of();
        if (metricsNode != null && !(metricsNode instanceof Node.Sequence)) {
            problems.add(metricsNode, "expected a list of metric observations, one per metric of the policy, found " + metricsNode.describe());
        } else if (metricNodes.size() != spec.metrics().size()) {
            problems.add(metricsNode != null ? metricsNode : state.mapping(), "expected " + spec.metrics().size()
                    + " metric entries, one per metric of the policy in the same order, got " + metricNodes.size());
        } else {
            for (int i = 0; i < metricNodes.size(); i++) inputs.add(metric(spec.metrics().get(i), metricNodes.get(i), statusReplicas, problems));
        }
        List<TimedRecommendation> recommendations = recommendations(state, problems);
        List<ScaleEvent> up = events(state, SCALE_UP_EVENTS, problems);
        List<ScaleEvent> down = events(state, SCALE_DOWN_EVENTS, problems);
        problems.check();
        return new Scenario(spec, settings, new HpaState(specReplicas, statusReplicas, recommendations, up, down), inputs);
    }

    private static ControllerSettings controller(Node c, Problems problems) {
        ControllerSettings d = ControllerSettings.DEFAULTS;
        if (c == null) return d;
        Fields f = CONTROLLER_SCHEMA.open(c, problems);
        if (f == null) return d;
        Double tolerance = f.get(TOLERANCE);
        Long cpu = f.get(CPU_INITIALIZATION);
        Long readiness = f.get(READINESS_DELAY);
        Long window = f.get(DOWNSCALE_WINDOW);
        return new ControllerSettings(tolerance != null ? tolerance : d.tolerance(),
                cpu != null ? Duration.ofSeconds(cpu) : d.cpuInitializationPeriod(),
                readiness != null ? Duration.ofSeconds(readiness) : d.initialReadinessDelay(),
                window != null ? Duration.ofSeconds(window) : d.downscaleStabilizationWindow());
    }

    /** The state's recommendations, for HPA and Capstan scenarios alike. */
    static List<TimedRecommendation> recommendations(Fields state, Problems problems) {
        List<TimedRecommendation> out = new ArrayList<>();
        Node.Sequence list = state.get(RECOMMENDATIONS);
        if (list == null) return out;
        for (Node r : list.items()) {
            Fields f = RECOMMENDATION.open(r, problems);
            if (f == null || f.get(AGO) == null || f.get(REC_REPLICAS) == null) continue;
            out.add(new TimedRecommendation(NOW.minusSeconds(f.get(AGO)), f.get(REC_REPLICAS)));
        }
        return out;
    }

    /** The state's scale events of one direction, for HPA and Capstan scenarios alike. */
    static List<ScaleEvent> events(Fields state, Field<Node.Sequence> field, Problems problems) {
        List<ScaleEvent> out = new ArrayList<>();
        Node.Sequence list = state.get(field);
        if (list == null) return out;
        for (Node e : list.items()) {
            Fields f = EVENT.open(e, problems);
            if (f == null || f.get(AGO) == null || f.get(REPLICA_CHANGE) == null) continue;
            out.add(ScaleEvent.of(NOW.minusSeconds(f.get(AGO)), f.get(REPLICA_CHANGE)));
        }
        return out;
    }

    private static MetricInput metric(HpaMetric metric, Node node, int statusReplicas, Problems problems) {
        Fields m = HPA_METRIC.open(node, problems);
        if (m == null) return null;
        if (Boolean.TRUE.equals(m.get(UNAVAILABLE))) {
            return new MetricInput(new MetricObservation.Unavailable("the metrics API returned an error"), pods(m, statusReplicas, problems));
        }
        Long sampledAgo = m.get(SAMPLED_AGO);
        Long windowSeconds = m.get(WINDOW);
        if (sampledAgo == null || windowSeconds == null) return null;
        Instant sampled = NOW.minusSeconds(sampledAgo);
        Duration window = Duration.ofSeconds(windowSeconds);
        return switch (metric) {
            case HpaMetric.Resource r -> podMetric(m, sampled, window, problems);
            case HpaMetric.ContainerResource r -> podMetric(m, sampled, window, problems);
            case HpaMetric.Pods p -> podMetric(m, sampled, window, problems);
            case HpaMetric.ObjectMetric o -> {
                if (!m.has(VALUE)) {
                    problems.add(node, "missing required field 'value' (the object's metric value as a quantity)");
                    yield null;
                }
                Long v = Quantity.milli(m.node(VALUE), problems);
                yield v == null ? null : new MetricInput(new MetricObservation.ObjectValue(v, sampled), pods(m, statusReplicas, problems));
            }
            case HpaMetric.External e -> {
                Node v = m.node(VALUES);
                if (!(v instanceof Node.Sequence seq)) {
                    problems.add(v == null ? node : v, "expected 'values': a list of quantities, found " + (v == null ? "nothing" : v.describe()));
                    yield null;
                }
                List<Long> values = new ArrayList<>();
                for (Node q : seq.items()) {
                    Long milli = Quantity.milli(q, problems);
                    if (milli != null) values.add(milli);
                }
                yield new MetricInput(new MetricObservation.ExternalValues(values, sampled), pods(m, statusReplicas, problems));
            }
        };
    }

    private static MetricInput podMetric(Fields m, Instant sampled, Duration window, Problems problems) {
        Node podsNode = m.node(PODS);
        if (!(podsNode instanceof Node.Sequence seq)) {
            problems.add(podsNode == null ? m.mapping() : podsNode, "expected 'pods': a list of the target's pods with their samples, found "
                    + (podsNode == null ? "nothing" : podsNode.describe()));
            return null;
        }
        List<HpaPod> pods = new ArrayList<>();
        Map<String, PodSample> samples = new HashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            Node p = seq.items().get(i);
            Fields pf = POD.open(p, problems);
            if (pf == null) continue;
            HpaPod pod = pod(pf, "pod-" + i, problems);
            if (pod == null) continue;
            pods.add(pod);
            Node value = pf.node(VALUE);
            if (value != null && !(value instanceof Node.Scalar s && s.isNull())) {
                Long milli = Quantity.milli(value, problems);
                if (milli != null) samples.put(pod.name(), new PodSample(milli, sampled, window));
            }
        }
        Node.Sequence unmatched = m.get(UNMATCHED);
        if (unmatched != null) {
            for (int i = 0; i < unmatched.items().size(); i++) {
                Long milli = Quantity.milli(unmatched.items().get(i), problems);
                if (milli != null) samples.put("unmatched-" + i, new PodSample(milli, sampled, window));
            }
        }
        return new MetricInput(new MetricObservation.PodMetrics(samples, sampled), pods);
    }

    /** Object and External entries may list pods for the ready count; without them, statusReplicas ready pods. */
    private static List<HpaPod> pods(Fields m, int statusReplicas, Problems problems) {
        List<HpaPod> pods = new ArrayList<>();
        if (m.has(PODS)) {
            if (!(m.node(PODS) instanceof Node.Sequence seq)) {
                problems.add(m.node(PODS), "expected a list of pods, found " + m.node(PODS).describe());
                return pods;
            }
            for (int i = 0; i < seq.items().size(); i++) {
                Fields pf = POD.open(seq.items().get(i), problems);
                HpaPod pod = pf == null ? null : pod(pf, "pod-" + i, problems);
                if (pod != null) pods.add(pod);
            }
            return pods;
        }
        Instant started = NOW.minusSeconds(DEFAULT_STARTED_SECONDS_AGO);
        for (int i = 0; i < statusReplicas; i++) {
            pods.add(new HpaPod("pod-" + i, HpaPod.Phase.RUNNING, HpaPod.ReadyCondition.TRUE, started, started, false, null));
        }
        return pods;
    }

    private static HpaPod pod(Fields p, String name, Problems problems) {
        int before = problems.count();
        HpaPod.Phase phase = HpaPod.Phase.RUNNING;
        if (p.has(PHASE) && p.get(PHASE) != null) {
            try {
                phase = HpaPod.Phase.valueOf(p.get(PHASE).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(p.node(PHASE), "expected one of Pending, Running, Succeeded, Failed, Unknown, found " + p.node(PHASE).describe());
            }
        }
        HpaPod.ReadyCondition ready = HpaPod.ReadyCondition.TRUE;
        Node r = p.node(READY);
        if (r instanceof Node.Scalar s && s.isNull()) ready = HpaPod.ReadyCondition.ABSENT;
        else if (r instanceof Node.Scalar s && s.kind() == Node.ScalarKind.BOOLEAN) {
            ready = Boolean.parseBoolean(s.text()) ? HpaPod.ReadyCondition.TRUE : HpaPod.ReadyCondition.FALSE;
        } else if (r != null) problems.add(r, "expected true, false or null, found " + r.describe());
        Long started = p.has(STARTED_AGO) ? p.get(STARTED_AGO) : Long.valueOf(DEFAULT_STARTED_SECONDS_AGO);
        Long readyAgo = p.has(READY_AGO) ? p.get(READY_AGO) : started;
        Boolean deleting = p.get(DELETING);
        Long request = p.has(REQUEST) ? Quantity.milli(p.node(REQUEST), problems) : null;
        if (request != null && request <= 0) {
            // utilization is usage over request: a zero or negative request has no meaning (Kubernetes refuses it too)
            problems.add(p.node(REQUEST), "a pod's resource request must be positive, found " + p.node(REQUEST).describe());
        }
        if (problems.count() > before || started == null || readyAgo == null || deleting == null) return null;
        return new HpaPod(name, phase, ready, NOW.minusSeconds(readyAgo), NOW.minusSeconds(started), deleting, request);
    }
}
