package io.capstan.core.hpa;

import io.capstan.core.explain.Reason;
import io.capstan.core.explain.Step;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.capstan.core.hpa.GoFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Controller-level cases of horizontal_test.go (TestScale*, TestTolerance, TestMinReplicas, TestZeroReplicas, ...),
 * through {@link HorizontalAutoscaler#reconcile}. The Go fixture builds one pod per request, each using its level in
 * milli-cpu, with the controller flags 0.1 / 2m / 10s / 5m.
 */
class HorizontalAutoscalerConformanceTest {

    static final ControllerSettings TESTING = new ControllerSettings(0.1, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(5));
    static final HorizontalAutoscaler HPA = new HorizontalAutoscaler(TESTING);
    /** horizontal_test.go passes a non-nil empty history for scale-down tests; an old entry does the same here. */
    static final List<TimedRecommendation> NO_RECENT = List.of(new TimedRecommendation(NOW.minus(Duration.ofHours(1)), 0));

    static HpaMetric cpu(int target) {
        return new HpaMetric.Resource("cpu", HpaTarget.utilization(target));
    }

    static MetricInput cpuInput(long... levels) {
        List<HpaPod> pods = new ArrayList<>();
        java.util.HashMap<String, PodSample> samples = new java.util.HashMap<>();
        for (int i = 0; i < levels.length; i++) {
            pods.add(new HpaPod("p" + i, HpaPod.Phase.RUNNING, HpaPod.ReadyCondition.TRUE, GoFixture.GO_ZERO, GoFixture.GO_ZERO, false, 1000L));
            samples.put("p" + i, new PodSample(levels[i], NOW, Duration.ofMinutes(1)));
        }
        return new MetricInput(new MetricObservation.PodMetrics(samples, NOW), pods);
    }

    static List<HpaPod> readyPods(int n) {
        List<HpaPod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) pods.add(new HpaPod("p" + i, HpaPod.Phase.RUNNING, HpaPod.ReadyCondition.TRUE, GoFixture.GO_ZERO, GoFixture.GO_ZERO, false, 1000L));
        return pods;
    }

    static HpaState state(int replicas, List<TimedRecommendation> history) {
        return new HpaState(replicas, replicas, history, List.of(), List.of());
    }

    static HpaDecision run(int min, int max, int current, List<HpaMetric> metrics, List<MetricInput> inputs) {
        return HPA.reconcile(new HpaSpec(min, max, metrics, null), state(current, NO_RECENT), inputs, NOW);
    }

    static void assertChains(HpaDecision d, int current) {
        List<Step> s = d.steps();
        assertThat(s.get(0).before()).isEqualTo(current);
        for (int i = 1; i < s.size(); i++) assertThat(s.get(i).before()).as("step %d", i).isEqualTo(s.get(i - 1).after());
        assertThat(s.get(s.size() - 1).after()).isEqualTo(d.desiredReplicas());
    }

    @Test
    void TestScaleUp() {
        HpaDecision d = run(2, 6, 3, List.of(cpu(30)), List.of(cpuInput(300, 500, 700)));
        assertThat(d.desiredReplicas()).isEqualTo(5);
        assertChains(d, 3);
        assertThat(d.steps()).extracting(Step::reason).containsExactly(Reason.ValidMetricFound, Reason.ValidMetricFound,
                Reason.ReadyForNewScale, Reason.DesiredWithinRange);
    }

    @Test
    void TestScaleDown() {
        HpaDecision d = run(2, 6, 5, List.of(cpu(50)), List.of(cpuInput(100, 300, 500, 250, 250)));
        assertThat(d.desiredReplicas()).isEqualTo(3);
        assertChains(d, 5);
    }

    @Test
    void TestScaleDown_firstSyncIsHeldByTheInitialRecommendation() {
        HpaDecision d = HPA.reconcile(new HpaSpec(2, 6, List.of(cpu(50)), null), state(5, List.of()),
                List.of(cpuInput(100, 300, 500, 250, 250)), NOW);
        assertThat(d.desiredReplicas()).isEqualTo(5);
        assertThat(d.steps()).extracting(Step::reason).contains(Reason.ScaleDownStabilized);
        assertThat(d.recommendations()).containsExactly(new TimedRecommendation(NOW, 5), new TimedRecommendation(NOW, 3));
    }

    @Test
    void TestTolerance() {
        assertThat(run(1, 5, 3, List.of(cpu(100)), List.of(cpuInput(1010, 1030, 1020))).desiredReplicas()).isEqualTo(3);
    }

    @Test
    void TestMinReplicas() {
        HpaDecision d = run(2, 5, 3, List.of(cpu(90)), List.of(cpuInput(10, 95, 10)));
        assertThat(d.desiredReplicas()).isEqualTo(2);
        assertThat(d.steps().get(d.steps().size() - 1).reason()).isEqualTo(Reason.TooFewReplicas);
    }

    @Test
    void TestMinReplicasDesiredZero() {
        assertThat(run(2, 5, 3, List.of(cpu(90)), List.of(cpuInput(0, 0, 0))).desiredReplicas()).isEqualTo(2);
    }

    @Test
    void TestMaxReplicas() {
        HpaDecision d = run(2, 5, 3, List.of(cpu(90)), List.of(cpuInput(8000, 9500, 1000)));
        assertThat(d.desiredReplicas()).isEqualTo(5);
        assertThat(d.steps().get(d.steps().size() - 1).reason()).isEqualTo(Reason.TooManyReplicas);
    }

    @Test
    void TestUpscaleCap_productionFactor() {
        HpaDecision d = run(1, 100, 3, List.of(cpu(10)), List.of(cpuInput(1000, 2000, 3000)));
        // horizontal_test.go sets scaleUpLimitFactor = 8 in init() and expects 24; the controller uses 2
        assertThat(d.desiredReplicas()).isEqualTo(6);
        assertThat(d.steps().get(d.steps().size() - 1).reason()).isEqualTo(Reason.ScaleUpLimit);
    }

    @Test
    void TestZeroReplicas() {
        HpaDecision d = run(3, 5, 0, List.of(cpu(90)), List.of(cpuInput()));
        assertThat(d.desiredReplicas()).isZero();
        assertThat(d.steps()).extracting(Step::reason).containsExactly(Reason.ScalingDisabled);
    }

    @Test
    void TestTooFewReplicas() {
        assertThat(run(3, 5, 2, List.of(cpu(90)), List.of(cpuInput())).desiredReplicas()).isEqualTo(3);
    }

    @Test
    void TestTooManyReplicas() {
        assertThat(run(3, 5, 10, List.of(cpu(90)), List.of(cpuInput())).desiredReplicas()).isEqualTo(5);
    }

    @Test
    void TestScaleUpFromZeroCMObject() {
        HpaMetric obj = new HpaMetric.ObjectMetric("qps", "Deployment", "some", HpaTarget.value(10000));
        HpaDecision d = run(0, 6, 0, List.of(obj), List.of(new MetricInput(new MetricObservation.ObjectValue(20000, NOW), List.of())));
        assertThat(d.desiredReplicas()).isEqualTo(2);
    }

    @Test
    void TestScaleUpFromZeroIgnoresToleranceCMObject() {
        HpaMetric obj = new HpaMetric.ObjectMetric("qps", "Deployment", "some", HpaTarget.value(1000));
        HpaDecision d = run(0, 6, 0, List.of(obj), List.of(new MetricInput(new MetricObservation.ObjectValue(1000, NOW), List.of())));
        assertThat(d.desiredReplicas()).isEqualTo(1);
    }

    @Test
    void TestScaleUpOneMetricInvalid() {
        HpaMetric pods = new HpaMetric.Pods("qps", HpaTarget.averageValue(15000));
        MetricInput podsInput = new MetricInput(new MetricObservation.PodMetrics(Map.of(
                "p0", new PodSample(20000, NOW, Duration.ofMinutes(1)), "p1", new PodSample(10000, NOW, Duration.ofMinutes(1)),
                "p2", new PodSample(30000, NOW, Duration.ofMinutes(1))), NOW), readyPods(3));
        HpaDecision d = run(2, 6, 3, List.of(cpu(30), pods),
                List.of(new MetricInput(new MetricObservation.Unavailable("something went wrong"), readyPods(3)), podsInput));
        assertThat(d.desiredReplicas()).isEqualTo(4);
        assertChains(d, 3);
    }

    @Test
    void TestNoScaleDownOneMetricEmpty() {
        HpaMetric ext = new HpaMetric.External("qps", HpaTarget.value(1000));
        HpaDecision d = run(2, 6, 5, List.of(cpu(50), ext), List.of(cpuInput(100, 300, 500, 250, 250),
                new MetricInput(new MetricObservation.Unavailable("something went wrong"), readyPods(5))));
        assertThat(d.desiredReplicas()).isEqualTo(5);
        assertThat(d.steps().get(d.steps().size() - 1).reason()).isEqualTo(Reason.FailedGetExternalMetric);
        assertChains(d, 5);
    }

    @Test
    void TestScaleUpBothMetricsEmpty() {
        HpaMetric ext = new HpaMetric.External("qps", HpaTarget.value(1000));
        HpaDecision d = run(2, 6, 3, List.of(cpu(50), ext), List.of(cpuInput(),
                new MetricInput(new MetricObservation.Unavailable("something went wrong"), readyPods(3))));
        assertThat(d.desiredReplicas()).isEqualTo(3);
        assertThat(d.steps().get(d.steps().size() - 1).reason()).isEqualTo(Reason.FailedGetResourceMetric);
    }

    @Test
    void TestConfigurableTolerance_scaleUpWithOnePercent() {
        HpaBehavior behavior = new HpaBehavior(new HpaScalingRules(null, null, null, 0.01), null);
        HpaDecision d = HPA.reconcile(new HpaSpec(1, 10, List.of(cpu(100)), behavior), state(3, NO_RECENT),
                List.of(cpuInput(1010, 1030, 1020)), NOW);
        assertThat(d.desiredReplicas()).isEqualTo(4);
    }

    @Test
    void TestConfigurableTolerance_noScaleDownWithFiftyPercent() {
        HpaBehavior behavior = new HpaBehavior(null, new HpaScalingRules(0, null, null, 0.5));
        HpaDecision d = HPA.reconcile(new HpaSpec(1, 10, List.of(cpu(100)), behavior), state(3, NO_RECENT),
                List.of(cpuInput(600, 700, 650)), NOW);
        assertThat(d.desiredReplicas()).isEqualTo(3);
    }

    @Test
    void behaviorPathStoresAScaleEvent() {
        HpaBehavior behavior = new HpaBehavior(null, null);
        HpaDecision d = HPA.reconcile(new HpaSpec(1, 10, List.of(cpu(30)), behavior), state(3, NO_RECENT),
                List.of(cpuInput(300, 500, 700)), NOW);
        assertThat(d.desiredReplicas()).isEqualTo(5);
        assertThat(d.scaleUpEvents()).containsExactly(ScaleEvent.of(NOW, 2));
        assertThat(d.scaleDownEvents()).isEmpty();
    }

    @Test
    void legacyPathStoresNoScaleEvent() {
        HpaDecision d = run(1, 10, 3, List.of(cpu(30)), List.of(cpuInput(300, 500, 700)));
        assertThat(d.scaleUpEvents()).isEmpty();
    }
}
