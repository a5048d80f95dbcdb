package io.capstan.app.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.explain.Step;
import io.capstan.core.hpa.HorizontalAutoscaler;
import io.capstan.core.hpa.HpaDecision;
import io.capstan.core.hpa.HpaMetric;
import io.capstan.core.hpa.HpaPod;
import io.capstan.core.hpa.HpaTarget;
import io.capstan.core.hpa.MetricInput;
import io.capstan.core.hpa.MetricObservation;
import io.capstan.core.hpa.PodSample;
import io.capstan.core.target.HpaTargets;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every HPA conformance scenario (hpa-conformance/, each derived from a Kubernetes test) through the paths a
 * manifest can take, which must decide alike:
 * <ol>
 *   <li>the controller port alone ({@link HorizontalAutoscaler#reconcile}), the reference;</li>
 *   <li>explain: the manifest as a target in a {@link TargetRuntime}, with the scenario's pods;</li>
 *   <li>simulate: the manifest as the simulate loader reads it ({@link PolicyFile}), in a {@link TargetRuntime} fed the
 *       series a trace would carry (the pods' average utilization, a Pods metric's total, an Object's value, an
 *       External metric's sum; no sample for an unavailable metric), as the simulator's replay feeds it. Only
 *       scenarios whose pods a series can describe run this path: every pod running, ready, measured, past its CPU
 *       initialization and with the same request, one per replica; per-pod readiness and missing pods are what
 *       only explain's pods can say.</li>
 * </ol>
 * Before one engine, simulate converted the manifest into target tracking policies with the controller-wide
 * tolerance and its own rounding: the same manifest could decide differently in explain and in simulate.
 */
class HpaPathsAgreeTest {

    static Stream<Path> scenarios() throws Exception {
        return ExplainConformanceTest.scenarios();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void explainDecidesAsTheControllerPort(Path file) throws Exception {
        Problems problems = new Problems(file);
        Node root = Scenario.root(file, InputLimits.DEFAULT, problems);
        Scenario s = Scenario.read(root, Scenario.policyFile(file, root, InputLimits.DEFAULT), InputLimits.DEFAULT, problems);
        HpaDecision reference = new HorizontalAutoscaler(s.settings()).reconcile(s.spec(), s.state(), s.inputs(), Scenario.NOW);

        TargetRuntime explain = ExplainCommand.runtime(s);
        Decision viaExplain = explain.tick(ExplainCommand.observation(s), Scenario.NOW);
        assertThat(viaExplain.to()).as("explain's desired replicas").isEqualTo(reference.desiredReplicas());
        assertThat(viaExplain.steps()).as("explain's steps").isEqualTo(reference.steps());
        assertThat(explain.state().recommendations()).isEqualTo(reference.recommendations());
        assertThat(explain.state().scaleUpEvents()).isEqualTo(reference.scaleUpEvents());
        assertThat(explain.state().scaleDownEvents()).isEqualTo(reference.scaleDownEvents());

    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void simulateDecidesAsTheControllerPortOnTheSeriesATraceWouldHold(Path file) throws Exception {
        Problems problems = new Problems(file);
        Node root = Scenario.root(file, InputLimits.DEFAULT, problems);
        Scenario s = Scenario.read(root, Scenario.policyFile(file, root, InputLimits.DEFAULT), InputLimits.DEFAULT, problems);
        HpaDecision reference = new HorizontalAutoscaler(s.settings()).reconcile(s.spec(), s.state(), s.inputs(), Scenario.NOW);
        TargetSpec loaded = simulateLoader(file);
        assertThat(loaded.hpa().spec()).as("the simulate loader reads the manifest as explain does (tolerances included)").isEqualTo(s.spec());
        assumeTrue(describableBySeries(s), "per-pod readiness, missing pods or uneven requests: only explain's pods can say");
        TargetSpec target = HpaTargets.toTarget(loaded.name(), loaded.hpa().spec(), s.settings(), s.state().specReplicas());
        // the scenario's history, saved as explain loads it
        TargetRuntime simulate = new TargetRuntime(target, new Decider(), ExplainCommand.runtime(s).state());
        long at = Scenario.NOW.toEpochMilli();
        for (int i = 0; i < s.spec().metrics().size(); i++) {
            Double value = seriesValue(s.spec().metrics().get(i), s.inputs().get(i));
            if (value != null) simulate.add(HpaTargets.seriesName(s.spec().metrics().get(i)), at, value);
        }
        int replicas = s.state().specReplicas();
        Decision viaSimulate = simulate.tick(new Decider.Observation(replicas, replicas, s.state().statusReplicas(), List.of()), Scenario.NOW);
        assertThat(viaSimulate.to()).as("simulate's desired replicas").isEqualTo(reference.desiredReplicas());
        assertThat(viaSimulate.steps()).extracting(Step::reason).as("simulate's steps")
                .isEqualTo(reference.steps().stream().map(Step::reason).toList());
        assertThat(simulate.state().recommendations()).isEqualTo(reference.recommendations());
    }

    /** The scenario's manifest through the loader `capstan simulate --policy` uses. */
    private static TargetSpec simulateLoader(Path file) throws Exception {
        JsonNode scenario = new ObjectMapper().readTree(file.toFile());
        JsonNode policy = scenario.get("policy");
        Path source = policy.isTextual() ? file.resolveSibling(policy.asText()) : file;
        String text = policy.isTextual() ? Files.readString(source) : new ObjectMapper().writeValueAsString(policy);
        PolicyFile.Result loaded = PolicyFile.parse(text, source);
        assertThat(loaded.isValid()).as(loaded.problems().toString()).isTrue();
        String name = scenario.has("target") ? scenario.get("target").asText() : null;
        return loaded.targets().stream().filter(t -> name == null || t.name().equals(name)).findFirst().orElseThrow();
    }

    /** True when each metric's observation is what one series value says: uniform, ready, measured pods, one per replica. */
    private static boolean describableBySeries(Scenario s) {
        Set<String> series = new HashSet<>();
        for (int i = 0; i < s.spec().metrics().size(); i++) {
            HpaMetric m = s.spec().metrics().get(i);
            if (!series.add(HpaTargets.seriesName(m))) return false;
            MetricInput in = s.inputs().get(i);
            if (in.observation() instanceof MetricObservation.PodMetrics pm) {
                if (in.pods().size() != s.state().specReplicas() || pm.samples().size() != in.pods().size()) return false;
                Set<Long> requests = new HashSet<>();
                for (HpaPod p : in.pods()) {
                    if (p.phase() != HpaPod.Phase.RUNNING || p.ready() != HpaPod.ReadyCondition.TRUE || p.deleting()) return false;
                    if (!pm.samples().containsKey(p.name())) return false;
                    if (p.startTime() != null && p.startTime().plus(s.settings().cpuInitializationPeriod()).isAfter(Scenario.NOW)) return false;
                    requests.add(p.requestMilli());
                }
                if (requests.size() > 1 || requests.contains(null)) return false;
            } else if (m.target().type() == HpaTarget.Type.VALUE && !(in.observation() instanceof MetricObservation.Unavailable)) {
                // a Value target divides by the ready pods: a series cannot say which pods are ready
                if (in.pods().size() != s.state().specReplicas() || s.state().statusReplicas() != s.state().specReplicas()) return false;
                for (HpaPod p : in.pods()) {
                    if (p.phase() != HpaPod.Phase.RUNNING || p.ready() != HpaPod.ReadyCondition.TRUE || p.deleting()) return false;
                }
            }
        }
        return true;
    }

    /** The value a trace's series would hold for this observation, or null for no sample. */
    private static Double seriesValue(HpaMetric m, MetricInput in) {
        return switch (in.observation()) {
            case MetricObservation.Unavailable u -> null;
            case MetricObservation.ObjectValue o -> o.milliValue() / 1000.0;
            case MetricObservation.ExternalValues e -> e.milliValues().stream().mapToLong(Long::longValue).sum() / 1000.0;
            case MetricObservation.PodMetrics pm -> {
                long sum = pm.samples().values().stream().mapToLong(PodSample::milliValue).sum();
                int pods = pm.samples().size();
                if (pods == 0) yield null;
                if (m instanceof HpaMetric.Pods) yield sum / 1000.0;
                if (m.target().type() == HpaTarget.Type.UTILIZATION) yield 100.0 * sum / (pods * in.pods().get(0).requestMilli());
                yield sum / 1000.0 / pods;
            }
        };
    }
}
