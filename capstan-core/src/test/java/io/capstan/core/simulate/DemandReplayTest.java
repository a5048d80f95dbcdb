package io.capstan.core.simulate;

import io.capstan.core.explain.Reason;
import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.FlappingGuard;
import io.capstan.core.model.MetricSpec;
import java.util.Map;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.capstan.core.simulate.Specs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The closed loop: decisions change what the policies see next. */
class DemandReplayTest {
    private final Simulator simulator = new Simulator();
    private final ServiceModel instant = new ServiceModel(10, Duration.ZERO, 0);

    @Test
    void utilizationDropsAtTheStepTheNewReplicasBecomeReady() {
        // 5-minute demand samples, 1-minute steps, 2-minute startup: the drop shows at minute 2, not at the next sample.
        ServiceModel service = new ServiceModel(10, Duration.ofMinutes(2), 0);
        TargetSpec spec = target("api", 1, 20, 2, List.of(tracking("cpu", 100)), Cooldowns.NONE, service, "cpu");
        Trace trace = Trace.builder().add("demand", minute(0), 40).add("demand", minute(5), 40).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.row(0).metrics()).containsEntry("cpu", 200.0);
        assertThat(r.row(0).desiredReplicas()).isEqualTo(4);
        assertThat(r.row(1).metrics()).containsEntry("cpu", 200.0);
        assertThat(r.row(2).readyReplicas()).isEqualTo(4);
        assertThat(r.row(2).metrics()).containsEntry("cpu", 100.0);
        assertThat(r.row(4).metrics()).as("demand 40 still stands at minute 4").containsEntry("cpu", 100.0);
    }

    @Test
    void unknownDemandDerivesNothingScoresNothingAndNeverScalesIn() {
        TargetSpec spec = target("api", 1, 20, 6, List.of(tracking("cpu", 50)), Cooldowns.NONE, instant, "cpu");
        // 30 on 6 replicas: 50 %, within tolerance
        TargetResult r = simulator.run(List.of(spec), demandWithAGap(30, 5, 60, 65), SimulationOptions.DEFAULTS).target("api");

        assertThat(r.size()).isEqualTo(65);
        assertThat(r.rows()).extracting(Row::desiredReplicas).containsOnly(6);
        assertThat(r.row(30).metrics()).isEmpty();
        assertThat(r.row(30).reason()).as("no data: upOnly held the count").isEqualTo(Reason.MissingUpOnly);
        // only the ten steps with known demand are scored, for the oracle (ceil(30 / 10) = 3 replicas each) and the policy alike
        assertThat(r.scorecard().oracleReplicaHours()).isCloseTo(10 * 3 / 60.0, within(1e-12));
        assertThat(r.scorecard().replicaHours()).isCloseTo(10 * 6 / 60.0, within(1e-12));
        assertThat(r.scorecard().unscoredMinutes()).isCloseTo(55, within(1e-9));
    }

    @Test
    void aHourWithoutDemandIsNotBilledAsRealTime() {
        // The example: demand at minutes 0-9 and 70-79, capacity 100, 10 initial replicas, tracking cpu 50.
        TargetSpec spec = target("api", 1, 20, 10, List.of(tracking("cpu", 50)), Cooldowns.NONE, new ServiceModel(100, Duration.ZERO, 0), "cpu");
        TargetResult r = simulator.run(List.of(spec), demandWithAGap(150, 10, 70, 80), SimulationOptions.DEFAULTS).target("api");

        double scored = 0;
        for (int i = 0; i < r.size(); i++) if (i < 10 || i >= 70) scored += r.row(i).desiredReplicas() / 60.0;
        assertThat(r.scorecard().replicaHours()).isCloseTo(scored, within(1e-9));
        assertThat(r.scorecard().oracleReplicaHours()).isCloseTo(20 * 2 / 60.0, within(1e-9));
        assertThat(r.scorecard().unscoredMinutes()).isCloseTo(60, within(1e-9));
    }

    /** Demand {@code value} each minute before {@code gapFrom} and from {@code gapTo} to {@code end}, none between. */
    private static Trace demandWithAGap(double value, int gapFrom, int gapTo, int end) {
        Trace.Builder b = Trace.builder();
        for (int m = 0; m < end; m++) if (m < gapFrom || m >= gapTo) b.add("demand", minute(m), value);
        return b.build();
    }

    @Test
    void aTargetAtZeroReplicasStaysThereAndANoteSaysWhy() {
        // As Kubernetes' HPA: at 0 replicas utilization is undefined and tracking does not scale from 0.
        TargetSpec spec = target("api", 0, 10, 0, List.of(tracking("cpu", 50)), Cooldowns.NONE, new ServiceModel(100, Duration.ZERO, 0), "cpu");
        TargetResult r = simulator.run(List.of(spec), perMinute(Trace.builder(), "demand", 300, 300, 300).build(), SimulationOptions.DEFAULTS)
                .target("api");
        assertThat(r.rows()).extracting(Row::desiredReplicas).containsOnly(0);
        assertThat(r.row(1).metrics()).containsEntry("cpu", 300.0);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("3 steps kept 0 replicas while demand was positive: "
                + "at 0 replicas per-replica utilization is undefined"));
    }

    @Test
    void aPercentOnlyScaleUpLimitHoldingZeroIsNamedAsTheCause() {
        // The review's ext.yaml: a threshold wants 1 from 0, but a Percent-only scaleUp allows a percent of 0, which is 0.
        HpaBehavior percentOnly = new HpaBehavior(new HpaScalingRules(0, null, List.of(HpaRatePolicy.percent(100, 60)), null), null);
        TargetSpec spec = new TargetSpec("api", new Bounds(0, 10), 0, Map.of("cpu", MetricSpec.of("cpu")),
                List.of(above("grow", "cpu", 0, Duration.ZERO, new Action.AddPercent(100))), percentOnly, Cooldowns.NONE,
                new ServiceModel(100, Duration.ZERO, 0), FlappingGuard.OFF);
        TargetResult r = simulator.run(List.of(spec), perMinute(Trace.builder(), "demand", 300, 300, 300).build(), SimulationOptions.DEFAULTS)
                .target("api");
        assertThat(r.rows()).extracting(Row::desiredReplicas).containsOnly(0);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("3 steps kept 0 replicas while demand was positive because the "
                + "scaleUp rate limit allowed 0 from 0 replicas").contains("add a Pods policy to behavior.scaleUp"));
        assertThat(r.notes()).noneSatisfy(n -> assertThat(n).contains("proportional policy"));
    }

    @Test
    void anExtremePriceSaturatesTheCostAndSaysSo() {
        TargetSpec spec = target("api", 1, 20, 10, List.of(tracking("cpu", 50)), Cooldowns.NONE, new ServiceModel(100, Duration.ZERO, 1e308), "cpu");
        Trace.Builder b = Trace.builder();
        for (int m = 0; m < 60; m++) b.add("demand", minute(m), 500); // about 5 replica-hours: 5e308 overflows a double
        TargetResult r = simulator.run(List.of(spec), b.build(), SimulationOptions.DEFAULTS).target("api");
        assertThat(r.scorecard().cost()).isFinite().isEqualTo(Double.MAX_VALUE);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("cost exceeds the largest representable number"));
    }

    @Test
    void eachTargetReadsItsOwnDemandSeries() {
        TargetSpec api = target("api", 1, 50, 1, List.of(tracking("cpu", 100)), Cooldowns.NONE, instant, "cpu");
        TargetSpec web = target("web", 1, 50, 1, List.of(tracking("cpu", 100)), Cooldowns.NONE, new ServiceModel(5, Duration.ZERO, 0), "cpu");
        Trace trace = perMinute(perMinute(Trace.builder(), "api.demand", 100, 100, 100), "web.demand", 20, 20, 20).build();

        SimulationResult r = simulator.run(List.of(api, web), trace, SimulationOptions.DEFAULTS);

        assertThat(r.target("api").row(2).desiredReplicas()).isEqualTo(10);
        assertThat(r.target("web").row(2).desiredReplicas()).isEqualTo(4);
        assertThat(r.target("api").scorecard().underProvisionedMinutes()).as("no startup: ready at once").isZero();
        assertThat(r.target("web").scorecard().oracleReplicaHours()).isCloseTo(3 * 4 / 60.0, within(1e-12));
    }

    @Test
    void manyPendingReplicasAreTrackedInOrder() {
        // +1 every minute for 40 minutes with a 30-minute startup: 30 pending at the peak, promoted one a minute.
        ServiceModel slow = new ServiceModel(1, Duration.ofMinutes(30), 0);
        TargetSpec spec = target("api", 1, 100, 1, List.of(above("up", "cpu", 0, Duration.ZERO, new Action.Add(1))),
                Cooldowns.NONE, slow, "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", repeat(1000, 60)).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        for (int m = 0; m < 60; m++) {
            Row row = r.row(m);
            assertThat(row.desiredReplicas()).isEqualTo(m + 2);
            int expectedReady = 1 + Math.max(0, m - 30 + 1);
            assertThat(row.readyReplicas()).as("minute " + m).isEqualTo(expectedReady);
        }
    }

    @Test
    void scaleInAfterManyPendingRemovesTheNewestFirst() {
        ServiceModel slow = new ServiceModel(1, Duration.ofMinutes(10), 0);
        TargetSpec spec = target("api", 1, 100, 1, List.of(
                        above("up", "cpu", 500, Duration.ZERO, new Action.Add(1)),
                        below("down", "cpu", 1, Duration.ZERO, new Action.Remove(2))),
                Cooldowns.NONE, slow, "cpu");
        // demand 10 on 1 ready replica: 1000 % for 5 minutes (+5 pending), then demand 0: remove 2 a minute.
        Trace trace = perMinute(Trace.builder(), "demand", concat(repeat(10, 5), repeat(0, 5))).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.row(4).desiredReplicas()).isEqualTo(6);
        assertThat(r.row(5).desiredReplicas()).isEqualTo(4);
        assertThat(r.row(6).desiredReplicas()).isEqualTo(2);
        assertThat(r.row(7).desiredReplicas()).as("min 1").isEqualTo(1);
        assertThat(r.rows()).allSatisfy(row -> assertThat(row.readyReplicas()).isEqualTo(1));
        // the oldest pending replica (decided at minute 0) would have been ready at minute 10; none remain
        assertThat(r.row(9).readyReplicas()).isEqualTo(1);
    }

    @Test
    void zeroDemandNeedsOnlyTheMinimumInTheOracle() {
        TargetSpec spec = target("api", 1, 5, 1, List.of(tracking("cpu", 50)), Cooldowns.NONE, instant, "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", 0, 0, 0).build();
        Scorecard card = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api").scorecard();
        assertThat(card.oracleReplicaHours()).isCloseTo(3 / 60.0, within(1e-12));
        assertThat(card.underProvisionedMinutes()).isZero();
        assertThat(card.replicaHours()).isCloseTo(3 / 60.0, within(1e-12));
    }

    @Test
    void coarseStepsScoreWholeStepsButNotPastTheTracesEnd() {
        // 31 one-minute samples in 15-minute steps (0, 15, 30): the last step stands for one minute of trace, not 15
        TargetSpec spec = target("api", 1, 1, 1, List.of(tracking("cpu", 50)), Cooldowns.NONE, instant, "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", repeat(25, 31)).build();
        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS.withStep(Duration.ofMinutes(15))).target("api");
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.scorecard().underProvisionedMinutes()).isEqualTo(31.0);
        // ceil(25 / 10) = 3, but a target of at most 1 replica: the oracle cannot use more
        assertThat(r.scorecard().oracleReplicaHours()).isCloseTo(31 / 60.0, within(1e-12));
        assertThat(r.scorecard().replicaHours()).isCloseTo(31 / 60.0, within(1e-12));
    }

    @Test
    void aStepLongerThanTheWholeTraceIsBilledForTheTraceOnly() {
        // the example: --step 30d over an 11-day trace billed 30 days
        TargetSpec spec = target("api", 3, 3, 3, List.of(tracking("cpu", 50)), Cooldowns.NONE, instant, "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", repeat(25, 11 * 24 * 60)).build();
        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS.withStep(Duration.ofDays(30))).target("api");
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.scorecard().replicaHours()).isCloseTo(3 * 11 * 24, within(1e-9));
    }

    @Test
    void aSimulatorCanBeReusedAcrossRuns() {
        TargetSpec spec = target("api", 1, 20, 2, List.of(tracking("cpu", 60)), Cooldowns.NONE, new ServiceModel(10, Duration.ofMinutes(3), 0), "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", 10, 50, 120, 80, 30, 10, 5, 60, 90, 100).build();
        SimulationResult a = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS);
        SimulationResult b = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS);
        assertThat(b.target("api").rows()).containsExactlyElementsOf(a.target("api").rows());
    }

    @Test
    void aPerReplicaMetricNamedAsDemandIsDerivedAndDemandShowsUnderItsOwnColumn() {
        // --demand cpu: the cpu column of the trace is demand; the cpu the policies read is derived from it.
        TargetSpec spec = target("api", 1, 20, 2, List.of(tracking("cpu", 100)), Cooldowns.NONE, instant, "cpu");
        Trace trace = perMinute(Trace.builder(), "cpu", 40, 40, 40).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS.withDemandMetric("cpu")).target("api");

        assertThat(r.mode()).isEqualTo(TargetResult.Mode.DEMAND);
        assertThat(r.demandMetric()).isEqualTo("demand");
        assertThat(r.metrics()).containsExactly("cpu", "demand");
        assertThat(r.row(0).metrics()).containsEntry("cpu", 200.0).containsEntry("demand", 40.0);
        assertThat(r.row(0).desiredReplicas()).isEqualTo(4);
        assertThat(r.row(2).metrics()).containsEntry("cpu", 100.0);
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void aTargetScopeMetricNamedAsDemandIsFedAsIs() {
        TargetSpec spec = target("api", 1, 20, 1, List.of(tracking("cpu", 100),
                above("busy", "request_rate", 30, Duration.ZERO, new Action.Named("warn", null))), Cooldowns.NONE, instant, "cpu", "request_rate");
        Trace trace = perMinute(Trace.builder(), "request_rate", 40, 40).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS.withDemandMetric("request_rate")).target("api");

        assertThat(r.demandMetric()).isEqualTo("request_rate");
        assertThat(r.metrics()).containsExactly("cpu", "request_rate");
        assertThat(r.row(0).metrics()).containsEntry("request_rate", 40.0).containsEntry("cpu", 400.0);
        assertThat(r.scorecard().actions()).containsEntry("warn", 1);
    }

    @Test
    void anExtremeDemandSaturatesInsteadOfOverflowing() {
        // 100 x 1.7e308 overflows a double: the derived utilization and the oracle stay finite, the largest there is.
        TargetSpec spec = target("api", 1, 20, 2, List.of(tracking("cpu", 60)), Cooldowns.NONE, new ServiceModel(1e-300, Duration.ZERO, 0), "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", repeat(1.7e308, 5)).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        for (Row row : r.rows()) assertThat(row.metrics().values()).allMatch(Double::isFinite);
        assertThat(r.row(0).metrics()).containsEntry("cpu", Double.MAX_VALUE);
        assertThat(r.scorecard().oracleReplicaHours()).isFinite();
        assertThat(r.rows()).allMatch(row -> row.desiredReplicas() == 20);
    }

    @Test
    void aStreamedRunGivesEveryRowToTheSinkAndKeepsNone() {
        TargetSpec spec = target("api", 1, 20, 2, List.of(tracking("cpu", 60)), Cooldowns.NONE, instant, "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", 10, 50, 120, 80, 30, 10, 5, 60, 90, 100).build();
        TargetResult kept = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");
        List<Row> streamed = new java.util.ArrayList<>();

        SimulationResult result = simulator.stream(List.of(spec), trace, SimulationOptions.DEFAULTS, ProgressListener.NONE,
                (target, row, decision) -> {
                    assertThat(decision.to()).isEqualTo(row.desiredReplicas());
                    streamed.add(row);
                });

        assertThat(streamed).isEqualTo(kept.rows());
        assertThat(result.target("api").scorecard()).isEqualTo(kept.scorecard());
        assertThat(result.target("api").keptRows()).isFalse();
        assertThat(Simulator.layouts(List.of(spec), trace, SimulationOptions.DEFAULTS).get("api").metrics()).isEqualTo(kept.metrics());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> result.target("api").rows()).isInstanceOf(IllegalStateException.class);
    }
}
