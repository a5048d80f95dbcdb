package io.capstan.core.hpa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.capstan.core.hpa.GoFixture.COOL;
import static io.capstan.core.hpa.GoFixture.DEFAULT_TOLERANCES;
import static io.capstan.core.hpa.GoFixture.HOT;
import static io.capstan.core.hpa.GoFixture.NOW;
import static io.capstan.core.hpa.GoFixture.current;
import static io.capstan.core.hpa.HpaPod.Phase.FAILED;
import static io.capstan.core.hpa.HpaPod.Phase.PENDING;
import static io.capstan.core.hpa.HpaPod.Phase.RUNNING;
import static io.capstan.core.hpa.HpaPod.ReadyCondition.FALSE;
import static io.capstan.core.hpa.HpaPod.ReadyCondition.TRUE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cases of kubernetes pkg/controller/podautoscaler/replica_calculator_test.go, one row per Go sub-test, named
 * "GoTest/sub-test name", with the Go fixture's inputs and expectations.
 */
class ReplicaCalculatorConformanceTest {

    record ResourceCase(String name, GoFixture f, int targetUtilization, Tolerances tolerances,
                        int expectedReplicas, int expectedUtilization, long expectedRawValue, String expectedError) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ResourceCase rc(String name, GoFixture f, int target, int replicas, int utilization, long raw) {
        return new ResourceCase(name, f, target, DEFAULT_TOLERANCES, replicas, utilization, raw, null);
    }

    static ResourceCase rc(String name, Tolerances t, GoFixture f, int target, int replicas, int utilization, long raw) {
        return new ResourceCase(name, f, target, t, replicas, utilization, raw, null);
    }

    static ResourceCase error(String name, GoFixture f, int target, String error) {
        return new ResourceCase(name, f, target, DEFAULT_TOLERANCES, 0, 0, 0, error);
    }

    static Stream<ResourceCase> resourceCases() {
        long n = GoFixture.CONTAINERS;
        return Stream.of(
                rc("TestReplicaCalcResourceScale/scale up", current(3).requests(3, 1000).podLevels(300, 500, 700), 30, 5, 50, n * 500),
                rc("TestReplicaCalcResourceScale/scale up: container metric",
                        current(3).container("container2").requests(3, 1000).containerLevels(new long[]{1000, 300}, new long[]{1000, 500}, new long[]{1000, 700}), 30, 5, 50, 500),
                rc("TestReplicaCalcResourceScale/scale up: unready pod scales less",
                        current(3).readiness(FALSE, TRUE, TRUE).requests(3, 1000).podLevels(300, 500, 700), 30, 4, 60, n * 600),
                rc("TestReplicaCalcResourceScale/scale up: hot-CPU container scales less",
                        current(3).startTimes(HOT, COOL, COOL).container("container2").requests(3, 1000)
                                .containerLevels(new long[]{0, 300}, new long[]{0, 500}, new long[]{0, 700}), 30, 4, 60, 600),
                rc("TestReplicaCalcResourceScale/scale up: hot-CPU pod scales less",
                        current(3).startTimes(HOT, COOL, COOL).requests(3, 1000).podLevels(300, 500, 700), 30, 4, 60, n * 600),
                rc("TestReplicaCalcResourceScale/no scale: unready pods ignored",
                        current(3).readiness(TRUE, FALSE, FALSE).requests(3, 1000).podLevels(400, 500, 700), 30, 3, 40, n * 400),
                rc("TestReplicaCalcResourceScale/no scale: hot-CPU pods ignored",
                        current(3).readiness(TRUE, FALSE, FALSE).startTimes(COOL, HOT, HOT).requests(3, 1000).podLevels(400, 500, 700), 30, 3, 40, n * 400),
                rc("TestReplicaCalcResourceScale/scale up: failed pods ignored",
                        current(2).readiness(TRUE, TRUE, FALSE, FALSE).phases(RUNNING, RUNNING, FAILED, FAILED).requests(4, 1000).podLevels(500, 700), 30, 4, 60, n * 600),
                rc("TestReplicaCalcResourceScale/scale up: failed pods ignored with missing container metric",
                        current(2).readiness(TRUE, TRUE, FALSE, FALSE).phases(RUNNING, RUNNING, FAILED, FAILED).container("container2").requests(4, 1000)
                                .containerLevels(new long[]{1000, 500}, new long[]{9000, 700}, new long[]{1000}, new long[]{9000}), 30, 4, 60, 600),
                rc("TestReplicaCalcResourceScale/scale up: container metrics with failed pods ignored",
                        current(2).readiness(TRUE, TRUE, FALSE, FALSE).phases(RUNNING, RUNNING, FAILED, FAILED).container("container2").requests(4, 1000)
                                .containerLevels(new long[]{1000, 500}, new long[]{9000, 700}), 30, 4, 60, 600),
                rc("TestReplicaCalcResourceScale/scale up: pods being deleted are ignored",
                        current(2).readiness(TRUE, TRUE, FALSE, FALSE).phases(RUNNING, RUNNING, RUNNING, RUNNING).deleting(false, false, true, true)
                                .requests(4, 1000).podLevels(500, 700), 30, 4, 60, n * 600),
                rc("TestReplicaCalcResourceScale/scale down", current(5).requests(5, 1000).podLevels(100, 300, 500, 250, 250), 50, 3, 28, n * 280),
                rc("TestReplicaCalcResourceScale/scale down: container metric",
                        current(5).container("container2").requests(5, 1000).containerLevels(new long[]{1000, 100}, new long[]{1000, 300},
                                new long[]{1000, 500}, new long[]{1000, 250}, new long[]{1000, 250}), 50, 3, 28, 280),
                rc("TestReplicaCalcResourceScale/scale down: exclude unready pods",
                        current(5).readiness(TRUE, TRUE, TRUE, FALSE, FALSE).requests(5, 1000).podLevels(100, 300, 500, 250, 250), 50, 2, 30, n * 300),
                rc("TestReplicaCalcResourceScale/scale down: exclude unscheduled pods",
                        current(5).readiness(TRUE, FALSE, FALSE, FALSE, FALSE).phases(RUNNING, PENDING, PENDING, PENDING, PENDING)
                                .requests(5, 1000).podLevels(100), 50, 1, 10, n * 100),
                rc("TestReplicaCalcResourceScale/scale down: container metric excludes unscheduled pods",
                        current(5).readiness(TRUE, FALSE, FALSE, FALSE, FALSE).phases(RUNNING, PENDING, PENDING, PENDING, PENDING).container("container2")
                                .requests(5, 1000).containerLevels(new long[]{1000, 100}, new long[]{1000, 300}, new long[]{1000, 500},
                                        new long[]{1000, 250}, new long[]{1000, 250}), 50, 1, 10, 100),
                rc("TestReplicaCalcResourceScale/scale down: ignore hot-CPU pods",
                        current(5).startTimes(COOL, COOL, COOL, HOT, HOT).requests(5, 1000).podLevels(100, 300, 500, 250, 250), 50, 2, 30, n * 300),
                rc("TestReplicaCalcResourceScale/scale down: container metric ignores hot-CPU pods",
                        current(5).startTimes(COOL, COOL, COOL, HOT, HOT).container("container2").requests(5, 1000)
                                .containerLevels(new long[]{1000, 100}, new long[]{1000, 300}, new long[]{1000, 500},
                                        new long[]{1000, 1000}, new long[]{1000, 1000}), 50, 2, 30, 300),
                rc("TestReplicaCalcResourceScale/scale down: failed pods ignored",
                        current(5).readiness(TRUE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE).phases(RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, FAILED, FAILED)
                                .requests(7, 1000).podLevels(100, 300, 500, 250, 250), 50, 3, 28, n * 280),
                rc("TestReplicaCalcResourceScale/scale down: pods being deleted are ignored",
                        current(5).readiness(TRUE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE).phases(RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, RUNNING)
                                .deleting(false, false, false, false, false, true, true).requests(7, 1000).podLevels(100, 300, 500, 250, 250), 50, 3, 28, n * 280),
                rc("TestReplicaCalcResourceScale/scale down: still-running pods being deleted are ignored",
                        current(5).readiness(TRUE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE).phases(RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, RUNNING)
                                .deleting(false, false, false, false, false, true, true).container("container2").requests(7, 1000)
                                .containerLevels(new long[]{1000, 100}, new long[]{1000, 300}, new long[]{1000, 500},
                                        new long[]{1000, 250}, new long[]{1000, 250}), 50, 3, 28, 280),

                rc("TestReplicaCalcResourceTolerance/within default tolerance",
                        current(3).requests(900L, 1000L, 1100L).podLevels(1010, 1030, 1020), 100, 3, 102, n * 1020),
                rc("TestReplicaCalcResourceTolerance/outside 0% tolerance", new Tolerances(0, 0),
                        current(3).requests(900L, 1000L, 1100L).podLevels(909, 1010, 1111), 100, 4, 101, n * 1010),
                rc("TestReplicaCalcResourceTolerance/within 200% scale-up tolerance", new Tolerances(0.1, 2.0),
                        current(3).requests(900L, 1000L, 1100L).podLevels(1890, 1910, 1900), 100, 3, 190, n * 1900),
                rc("TestReplicaCalcResourceTolerance/outside 8% scale-up tolerance (superfluous scale-down tolerance)", new Tolerances(2.0, 0.08),
                        current(3).requests(900L, 1000L, 1100L).podLevels(1100, 1080, 1090), 100, 4, 109, n * 1090),
                rc("TestReplicaCalcResourceTolerance/within 36% scale-down tolerance", new Tolerances(0.36, 0.1),
                        current(3).requests(900L, 1000L, 1100L).podLevels(660, 640, 650), 100, 3, 65, n * 650),
                rc("TestReplicaCalcResourceTolerance/outside 34% scale-down tolerance", new Tolerances(0.34, 0.1),
                        current(3).requests(900L, 1000L, 1100L).podLevels(660, 640, 650), 100, 2, 65, n * 650),

                rc("TestReplicaCalcResourceMissingMetrics/superfluous metrics counted",
                        current(4).requests(4, 1000).podLevels(4000, 9500, 3000, 7000, 3200, 2000), 100, 24, 587, n * 5875),
                rc("TestReplicaCalcResourceMissingMetrics/some pods missing metrics scales down",
                        current(4).requests(4, 1000).podLevels(400, 95), 100, 3, 24, 495),
                rc("TestReplicaCalcResourceMissingMetrics/no change: metric equal to target",
                        current(2).requests(2, 1000).podLevels(1000), 100, 2, 100, n * 1000),
                rc("TestReplicaCalcResourceMissingMetrics/no change: metric above target",
                        current(2).requests(2, 1000).podLevels(1900), 100, 2, 190, n * 1900),
                rc("TestReplicaCalcResourceMissingMetrics/no change: metric below target",
                        current(2).requests(2, 1000).podLevels(600), 100, 2, 60, n * 600),
                rc("TestReplicaCalcResourceMissingMetrics/no change: unready pod metric missing",
                        current(3).readiness(FALSE, TRUE, TRUE).requests(3, 1000).podLevels(100, 450), 50, 3, 45, n * 450),
                rc("TestReplicaCalcResourceMissingMetrics/no change: hot-CPU pod metric missing",
                        current(3).startTimes(HOT, COOL, COOL).requests(3, 1000).podLevels(100, 450), 50, 3, 45, n * 450),
                rc("TestReplicaCalcResourceMissingMetrics/scale up: unready pod metric missing",
                        current(3).readiness(FALSE, TRUE, TRUE).requests(3, 1000).podLevels(100, 2000), 50, 4, 200, n * 2000),
                rc("TestReplicaCalcResourceMissingMetrics/scale up: hot-CPU pod metric missing",
                        current(3).readiness(FALSE, TRUE, TRUE).startTimes(HOT, COOL, COOL).requests(3, 1000).podLevels(100, 2000), 50, 4, 200, n * 2000),
                rc("TestReplicaCalcResourceMissingMetrics/scale down: unready pod metric missing",
                        current(4).readiness(FALSE, TRUE, TRUE, TRUE).requests(4, 1000).podLevels(100, 100, 100), 50, 3, 10, n * 100),
                rc("TestReplicaCalcResourceMissingMetrics/scale down: target over 100",
                        current(4).readiness(FALSE, TRUE, TRUE, TRUE).requests(1000L, 1000L, 2000L, 2000L).podLevels(200, 100, 100), 300, 2, 6, n * 100),
                rc("TestReplicaCalcResourceMissingMetrics/rolling update with maxSurge: extra pod missing metric",
                        current(2).phases(RUNNING, RUNNING, RUNNING).requests(3, 1000).podLevels(100, 100), 50, 2, 10, n * 100),
                error("TestReplicaCalcResourceMissingMetrics/disjoint pod and metric names",
                        current(1).requests(1, 1000).podLevels(100).podNames("an-older-pod-name"), 100, "no metrics returned matched known pods"),
                error("TestReplicaCalcResourceMissingMetrics/missing CPU request on container",
                        current(1).requests().podLevels(200), 100, "missing request for"),
                error("(derived) no pods returned by selector", current(0).podLevels(), 100,
                        "no pods returned by selector while calculating replica count"),
                error("(derived) all pods unready", current(2).readiness(FALSE, FALSE).requests(2, 1000).podLevels(100, 100), 50,
                        "did not receive metrics for targeted pods (pods might be unready)")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resourceCases")
    void resourceReplicas(ResourceCase c) {
        ReplicaCalculator.Outcome out = GoFixture.calculator().resourceReplicas(c.f.currentReplicas, c.targetUtilization, "cpu",
                c.f.container, c.tolerances, c.f.pods(), c.f.resourceSamples(), NOW);
        if (c.expectedError != null) {
            assertThat(out.error()).contains(c.expectedError);
            return;
        }
        assertThat(out.error()).isNull();
        assertThat(out.replicas()).as("replicas").isEqualTo(c.expectedReplicas);
        assertThat(out.utilization()).as("utilization").hasValue(c.expectedUtilization);
        assertThat(out.usage()).as("raw value").isEqualTo(c.expectedRawValue);
    }

    record MetricCase(String name, GoFixture f, long target, Tolerances tolerances, int expectedReplicas, long expectedUsage) {
        @Override
        public String toString() {
            return name;
        }
    }

    static MetricCase mc(String name, GoFixture f, long target, int replicas, long usage) {
        return new MetricCase(name, f, target, DEFAULT_TOLERANCES, replicas, usage);
    }

    static MetricCase mc(String name, Tolerances t, GoFixture f, long target, int replicas, long usage) {
        return new MetricCase(name, f, target, t, replicas, usage);
    }

    static final Tolerances UP_1_PERCENT = new Tolerances(0.1, 0.01);

    static Stream<MetricCase> podMetricCases() {
        return Stream.of(
                mc("TestReplicaCalcPodMetric/scale up", current(3).metricLevels(20000, 10000, 30000), 15000, 4, 20000),
                mc("TestReplicaCalcPodMetric/scale up: unready hot-CPU pod scales less",
                        current(3).readiness(TRUE, TRUE, FALSE).startTimes(COOL, COOL, HOT).metricLevels(50000, 10000, 30000), 15000, 6, 30000),
                mc("TestReplicaCalcPodMetric/scale up: unready hot-CPU pods avoid scale-down",
                        current(3).readiness(FALSE, TRUE, FALSE).startTimes(HOT, COOL, HOT).metricLevels(50000, 15000, 30000), 15000, 7, 31666),
                mc("TestReplicaCalcPodMetric/scale down", current(5).metricLevels(12000, 12000, 12000, 12000, 12000), 20000, 3, 12000),
                mc("TestReplicaCalcPodMetric/within default tolerance", current(3).metricLevels(20000, 21000, 21000), 20000, 3, 20666),
                mc("TestReplicaCalcPodMetric/outside configurable 1% tolerance", UP_1_PERCENT,
                        current(3).metricLevels(20000, 21000, 21000), 20000, 4, 20666),
                mc("TestReplicaCalcPodMetric/no change: missing metrics", current(5).metricLevels(20000, 19000, 21000), 20000, 5, 20000),
                mc("TestReplicaCalcPodMetric/rolling update with maxSurge: extra pod missing metric",
                        current(2).phases(RUNNING, RUNNING, RUNNING).metricLevels(10000, 10000), 17000, 2, 10000)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("podMetricCases")
    void podMetricReplicas(MetricCase c) {
        ReplicaCalculator.Outcome out = GoFixture.calculator().plainMetricReplicas(c.f.currentReplicas, c.target, "",
                c.tolerances, c.f.pods(), c.f.podMetricSamples(), NOW);
        assertThat(out.error()).isNull();
        assertThat(out.replicas()).isEqualTo(c.expectedReplicas);
        assertThat(out.usage()).isEqualTo(c.expectedUsage);
    }

    static Stream<MetricCase> objectMetricCases() {
        return Stream.of(
                mc("TestReplicaCalcObjectMetric/scale up", current(3).metricLevels(20000), 15000, 4, 20000),
                mc("TestReplicaCalcObjectMetric/scale up: very large metric saturates replicas to MaxInt32",
                        current(3).metricLevels(Long.MAX_VALUE), 1, Integer.MAX_VALUE, Long.MAX_VALUE),
                mc("TestReplicaCalcObjectMetric/scale up: ignores unready pods",
                        current(3).readiness(FALSE, TRUE, FALSE).metricLevels(50000), 10000, 5, 50000),
                mc("TestReplicaCalcObjectMetric/scale down", current(5).metricLevels(12000), 20000, 3, 12000),
                mc("TestReplicaCalcObjectMetric/within default tolerance", current(3).metricLevels(20666), 20000, 3, 20666),
                mc("TestReplicaCalcObjectMetric/outside configurable 1% tolerance", UP_1_PERCENT, current(3).metricLevels(20666), 20000, 4, 20666)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectMetricCases")
    void objectMetricReplicas(MetricCase c) {
        ReplicaCalculator.Outcome out = GoFixture.calculator().objectMetricReplicas(c.f.currentReplicas, c.target,
                c.f.externalValues().get(0), c.tolerances, c.f.pods());
        assertThat(out.error()).isNull();
        assertThat(out.replicas()).isEqualTo(c.expectedReplicas);
        assertThat(out.usage()).isEqualTo(c.expectedUsage);
    }

    static Stream<MetricCase> objectPerPodCases() {
        return Stream.of(
                mc("TestReplicaCalcObjectPerPodMetric/scale up", current(3).metricLevels(20000), 5000, 4, 6667),
                mc("TestReplicaCalcObjectPerPodMetric/scale down", current(5).metricLevels(6000), 2000, 3, 1200),
                mc("TestReplicaCalcObjectPerPodMetric/within default tolerance", current(4).metricLevels(20166), 5000, 4, 5042),
                mc("TestReplicaCalcObjectPerPodMetric/outside configurable 1% tolerance", UP_1_PERCENT, current(4).metricLevels(20208), 5000, 5, 5052)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectPerPodCases")
    void objectPerPodMetricReplicas(MetricCase c) {
        ReplicaCalculator.Outcome out = GoFixture.calculator().objectPerPodMetricReplicas(c.f.currentReplicas, c.target,
                c.f.externalValues().get(0), c.tolerances);
        assertThat(out.replicas()).isEqualTo(c.expectedReplicas);
        assertThat(out.usage()).isEqualTo(c.expectedUsage);
    }

    static Stream<MetricCase> externalCases() {
        return Stream.of(
                mc("TestReplicaCalcExternalMetric/scale down: ignores unready pods (would otherwise scale up)",
                        current(3).readiness(FALSE, TRUE, FALSE).metricLevels(8600), 4400, 2, 8600),
                mc("TestReplicaCalcExternalMetric/scale down", current(5).metricLevels(8600), 14334, 3, 8600),
                mc("TestReplicaCalcExternalMetric/within default tolerance", current(3).metricLevels(8600), 8888, 3, 8600),
                mc("TestReplicaCalcExternalMetric/outside configurable 1% tolerance", UP_1_PERCENT, current(3).metricLevels(8900), 8800, 4, 8900),
                mc("TestReplicaCalcExternalMetric/usage overflow caps at MaxInt64",
                        current(3).metricLevels(Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE / 2 + 1), Long.MAX_VALUE, 3, Long.MAX_VALUE)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("externalCases")
    void externalMetricReplicas(MetricCase c) {
        ReplicaCalculator.Outcome out = GoFixture.calculator().externalMetricReplicas(c.f.currentReplicas, c.target,
                c.f.externalValues(), c.tolerances, c.f.pods());
        assertThat(out.error()).isNull();
        assertThat(out.replicas()).isEqualTo(c.expectedReplicas);
        assertThat(out.usage()).isEqualTo(c.expectedUsage);
    }

    static Stream<MetricCase> externalPerPodCases() {
        return Stream.of(
                mc("TestReplicaCalcExternalPerPodMetric/replica count overflow saturates to MaxInt32",
                        current(1).metricLevels(Long.MAX_VALUE), 1, Integer.MAX_VALUE, Long.MAX_VALUE),
                mc("TestReplicaCalcExternalPerPodMetric/usage overflow with huge target leaves replicas unchanged",
                        current(1).metricLevels(Long.MAX_VALUE), Long.MAX_VALUE, 1, Long.MAX_VALUE),
                mc("TestReplicaCalcExternalPerPodMetric/scale up", current(3).metricLevels(8600), 2150, 4, 2867),
                mc("TestReplicaCalcExternalPerPodMetric/scale down", current(5).metricLevels(8600), 2867, 3, 1720),
                mc("TestReplicaCalcExternalPerPodMetric/within default tolerance", current(3).metricLevels(8600), 2900, 3, 2867),
                mc("TestReplicaCalcExternalPerPodMetric/outside configurable 1% tolerance", new Tolerances(0.1, 0.01),
                        current(3).metricLevels(8600), 2800, 4, 2867)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("externalPerPodCases")
    void externalPerPodMetricReplicas(MetricCase c) {
        ReplicaCalculator.Outcome out = GoFixture.calculator().externalPerPodMetricReplicas(c.f.currentReplicas, c.target,
                c.f.externalValues(), c.tolerances);
        assertThat(out.replicas()).isEqualTo(c.expectedReplicas);
        assertThat(out.usage()).isEqualTo(c.expectedUsage);
    }

    @Test
    void getUsageRatioReplicaCount_fromZeroIgnoresToleranceAndPods() {
        ReplicaCalculator calc = GoFixture.calculator();
        assertThat(calc.usageRatioReplicaCount(0, 1.05, DEFAULT_TOLERANCES, List.of()).replicas()).isEqualTo(2);
        assertThat(calc.usageRatioReplicaCount(0, 0.0, DEFAULT_TOLERANCES, List.of()).replicas()).isZero();
        assertThat(calc.usageRatioReplicaCount(3, 2.0, DEFAULT_TOLERANCES, List.of()).error())
                .contains("no pods returned by selector");
    }

    /** TestReplicaCalcComputedToleranceAlgImplementation, both halves, computed as the Go test computes them. */
    @Test
    void TestReplicaCalcComputedToleranceAlgImplementation() {
        int startPods = 10;
        long totalUsed = startPods * 150L;
        int totalRequested = (int) (2 * totalUsed);
        double requestedToUsed = (double) (totalRequested / (int) totalUsed);
        int perPodRequested = totalRequested / startPods;
        Long[] requests = {perPodRequested + 100L, perPodRequested - 100L, perPodRequested + 10L, perPodRequested - 10L,
                perPodRequested + 2L, perPodRequested - 2L, perPodRequested + 1L, perPodRequested - 1L,
                (long) perPodRequested, (long) perPodRequested};
        long level = totalUsed / 10;
        GoFixture f = current(startPods).requests(requests).podLevels(level, level, level, level, level, level, level, level, level, level);

        double target = Math.abs(1 / (requestedToUsed * (1 - 0.1))) + .01;
        int finalCpuPercentTarget = (int) (target * 100);
        double resourcesUsedRatio = (double) totalUsed / ((double) totalRequested * target);
        int finalPods = (int) Math.ceil(resourcesUsedRatio * startPods);
        ReplicaCalculator.Outcome out = GoFixture.calculator().resourceReplicas(startPods, finalCpuPercentTarget, "cpu", "",
                DEFAULT_TOLERANCES, f.pods(), f.resourceSamples(), NOW);
        assertThat(out.replicas()).isEqualTo(finalPods);
        assertThat(out.utilization()).hasValue((int) (totalUsed * 100 / totalRequested));
        assertThat(out.usage()).isEqualTo(GoFixture.CONTAINERS * totalUsed / 10);

        target = Math.abs(1 / (requestedToUsed * (1 - 0.1))) + .004;
        out = GoFixture.calculator().resourceReplicas(startPods, (int) (target * 100), "cpu", "",
                DEFAULT_TOLERANCES, f.pods(), f.resourceSamples(), NOW);
        assertThat(out.replicas()).isEqualTo(startPods);
    }

    // ---- TestGroupPods ----

    record GroupCase(String name, List<HpaPod> pods, Map<String, PodSample> metrics, String resource,
                     int ready, List<String> unready, List<String> missing, List<String> ignored) {
        @Override
        public String toString() {
            return name;
        }
    }

    static HpaPod pod(String name, HpaPod.Phase phase, HpaPod.ReadyCondition ready, Duration readyAgo, Duration startedAgo) {
        return new HpaPod(name, phase, ready, readyAgo == null ? null : NOW.minus(readyAgo),
                startedAgo == null ? null : NOW.minus(startedAgo), false, 1000L);
    }

    static PodSample sample(Duration ago, Duration window) {
        return new PodSample(1, NOW.minus(ago), window);
    }

    static final PodSample ZERO_SAMPLE = new PodSample(1, GoFixture.GO_ZERO, Duration.ZERO);

    static Stream<GroupCase> groupCases() {
        HpaPod.Phase succeeded = HpaPod.Phase.SUCCEEDED;
        HpaPod.ReadyCondition absent = HpaPod.ReadyCondition.ABSENT;
        return Stream.of(
                new GroupCase("TestGroupPods/void", List.of(), Map.of(), "cpu", 0, List.of(), List.of(), List.of()),
                new GroupCase("TestGroupPods/count in a ready pod - memory",
                        List.of(pod("bentham", succeeded, absent, null, null)),
                        Map.of("bentham", sample(Duration.ZERO, Duration.ofMinutes(1))), "memory", 1, List.of(), List.of(), List.of()),
                new GroupCase("TestGroupPods/unready a pod without ready condition - CPU",
                        List.of(pod("lucretius", succeeded, absent, null, Duration.ZERO)),
                        Map.of("lucretius", ZERO_SAMPLE), "cpu", 0, List.of("lucretius"), List.of(), List.of()),
                new GroupCase("TestGroupPods/count in a ready pod with fresh metrics during initialization period - CPU",
                        List.of(pod("bentham", succeeded, TRUE, Duration.ofSeconds(30), Duration.ofMinutes(1))),
                        Map.of("bentham", sample(Duration.ZERO, Duration.ofSeconds(30))), "cpu", 1, List.of(), List.of(), List.of()),
                new GroupCase("TestGroupPods/unready a ready pod without fresh metrics during initialization period - CPU",
                        List.of(pod("bentham", succeeded, TRUE, Duration.ofSeconds(30), Duration.ofMinutes(1))),
                        Map.of("bentham", sample(Duration.ZERO, Duration.ofSeconds(60))), "cpu", 0, List.of("bentham"), List.of(), List.of()),
                new GroupCase("TestGroupPods/unready an unready pod during initialization period - CPU",
                        List.of(pod("lucretius", succeeded, FALSE, Duration.ofMinutes(9).plusSeconds(54), Duration.ofMinutes(10))),
                        Map.of("lucretius", ZERO_SAMPLE), "cpu", 0, List.of("lucretius"), List.of(), List.of()),
                new GroupCase("TestGroupPods/count in a ready pod without fresh metrics after initialization period - CPU",
                        List.of(pod("bentham", succeeded, TRUE, Duration.ofMinutes(3), Duration.ofMinutes(3))),
                        Map.of("bentham", sample(Duration.ofMinutes(2), Duration.ofMinutes(1))), "cpu", 1, List.of(), List.of(), List.of()),
                new GroupCase("TestGroupPods/count in an unready pod that was ready after initialization period - CPU",
                        List.of(pod("lucretius", succeeded, FALSE, Duration.ofMinutes(9), Duration.ofMinutes(10))),
                        Map.of("lucretius", ZERO_SAMPLE), "cpu", 1, List.of(), List.of(), List.of()),
                new GroupCase("TestGroupPods/unready pod that has never been ready after initialization period - CPU",
                        List.of(pod("lucretius", succeeded, FALSE, Duration.ofMinutes(9).plusSeconds(50), Duration.ofMinutes(10))),
                        Map.of("lucretius", ZERO_SAMPLE), "cpu", 1, List.of(), List.of(), List.of()),
                new GroupCase("TestGroupPods/a missing pod",
                        List.of(pod("epicurus", succeeded, absent, null, Duration.ofMinutes(3))),
                        Map.of(), "cpu", 0, List.of(), List.of("epicurus"), List.of()),
                new GroupCase("TestGroupPods/several pods",
                        List.of(pod("lucretius", succeeded, absent, null, Duration.ZERO),
                                pod("niccolo", succeeded, TRUE, Duration.ofMinutes(3), Duration.ofMinutes(3)),
                                pod("epicurus", succeeded, absent, null, Duration.ofMinutes(3))),
                        Map.of("lucretius", ZERO_SAMPLE, "niccolo", ZERO_SAMPLE), "cpu", 1, List.of("lucretius"), List.of("epicurus"), List.of()),
                new GroupCase("TestGroupPods/pending pods are unreadied",
                        List.of(pod("unscheduled", PENDING, absent, null, null)),
                        Map.of(), "cpu", 0, List.of("unscheduled"), List.of(), List.of()),
                new GroupCase("TestGroupPods/ignore pods with deletion timestamps",
                        List.of(new HpaPod("deleted", PENDING, absent, null, null, true, null)),
                        Map.of("deleted", ZERO_SAMPLE), "cpu", 0, List.of(), List.of(), List.of("deleted")),
                new GroupCase("TestGroupPods/ignore pods in a failed state",
                        List.of(pod("failed", FAILED, absent, null, null)),
                        Map.of("failed", ZERO_SAMPLE), "cpu", 0, List.of(), List.of(), List.of("failed"))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groupCases")
    void groupPods(GroupCase c) {
        ReplicaCalculator.Groups g = GoFixture.calculator().groupPods(c.pods, c.metrics, c.resource, NOW);
        assertThat(g.readyPodCount()).isEqualTo(c.ready);
        assertThat(g.unready()).containsExactlyInAnyOrderElementsOf(c.unready);
        assertThat(g.missing()).containsExactlyInAnyOrderElementsOf(c.missing);
        assertThat(g.ignored()).containsExactlyInAnyOrderElementsOf(c.ignored);
    }

    // ---- utilization.go ----

    @Test
    void resourceUtilizationRatio_truncatesLikeInt64Division() {
        ReplicaCalculator.UtilizationRatio r = ReplicaCalculator.resourceUtilizationRatio(
                Map.of("a", 999L, "b", 0L), Map.of("a", 1000L, "b", 1000L), 50);
        assertThat(r.utilization()).isEqualTo(49);
        assertThat(r.ratio()).isEqualTo(49.0 / 50.0);
        assertThat(r.rawAverage()).isEqualTo(499);
    }

    @Test
    void resourceUtilizationRatio_exactPathWhenTotalsOverflowInt64() {
        long big = Long.MAX_VALUE / 2 + 1;
        ReplicaCalculator.UtilizationRatio r = ReplicaCalculator.resourceUtilizationRatio(
                Map.of("a", big, "b", big), Map.of("a", big, "b", big), 100);
        assertThat(r.error()).isNull();
        assertThat(r.utilization()).isEqualTo(100);
        assertThat(r.rawAverage()).isEqualTo(big);
    }

    @Test
    void resourceUtilizationRatio_outsideInt32IsAnError() {
        ReplicaCalculator.UtilizationRatio r = ReplicaCalculator.resourceUtilizationRatio(
                Map.of("a", Long.MAX_VALUE / 100), Map.of("a", 1L), 100);
        assertThat(r.error()).contains("outside the int32 range");
    }

    @Test
    void metricUsageRatio_averagesEverySampleIncludingUnmatchedPods() {
        ReplicaCalculator.UsageRatio r = ReplicaCalculator.metricUsageRatio(Map.of("a", 10L, "b", 11L, "stray", 0L), 7);
        assertThat(r.usage()).isEqualTo(7);
        assertThat(r.ratio()).isEqualTo(1.0);
    }
}
