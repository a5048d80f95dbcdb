package io.capstan.core.simulate;

import io.capstan.core.explain.Reason;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.capstan.core.simulate.Specs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SimulatorTest {
    private final Simulator simulator = new Simulator();

    @Test
    void policiesReadingAMetricNoSeriesFeedsAreLeftOutAndNamed() {
        // latency never appears in the trace: left in, its upOnly rule would block every scale-in
        TargetSpec spec = target("api", 1, 10, 5, List.of(
                below("cpu-low", "cpu", 30, Duration.ZERO, new Action.Remove(1)),
                above("slow", "latency_p95_ms", 500, Duration.ZERO, new Action.Add(2))),
                Cooldowns.NONE, null, "cpu", "latency_p95_ms");
        Trace trace = perMinute(Trace.builder(), "cpu", repeat(10, 5)).build();

        TargetResult left = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");
        assertThat(left.notes()).contains("policy slow left out: no trace series feeds latency_p95_ms");
        assertThat(left.row(4).desiredReplicas()).isEqualTo(1);

        TargetResult kept = simulator.run(List.of(spec), trace,
                SimulationOptions.DEFAULTS.withUntraced(SimulationOptions.Untraced.TREAT_AS_MISSING)).target("api");
        assertThat(kept.row(4).desiredReplicas()).as("missing data never scales in").isEqualTo(5);
        assertThat(kept.row(4).reason()).isEqualTo(Reason.MissingUpOnly);
    }

    @Test
    void thresholdScalesOutOnlyOnceTheConditionIsSustained() {
        TargetSpec spec = target("api", 1, 10, 2, List.of(above("cpu-high", "cpu", 70, Duration.ofMinutes(3), new Action.Add(1))),
                new Cooldowns(Duration.ofMinutes(5), Duration.ZERO), null, "cpu");
        Trace trace = perMinute(Trace.builder(), "cpu", repeat(90, 20)).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.mode()).isEqualTo(TargetResult.Mode.OBSERVED);
        assertThat(r.size()).isEqualTo(20);
        assertThat(r.row(0).desiredReplicas()).isEqualTo(2);
        assertThat(r.row(2).desiredReplicas()).as("held 2m of 3m").isEqualTo(2);
        assertThat(r.row(2).reason()).isEqualTo(Reason.NoChange);
        assertThat(r.row(3).desiredReplicas()).as("held 3m").isEqualTo(3);
        assertThat(r.row(3).action()).isEqualTo(Row.SCALE_OUT);
        assertThat(r.row(3).reason()).isEqualTo(Reason.ThresholdSustained);
        assertThat(r.row(4).reason()).isEqualTo(Reason.CooldownActive);
        assertThat(r.row(8).desiredReplicas()).as("after the 5m cooldown").isEqualTo(4);
        assertThat(r.scorecard().scaleOutEvents()).isEqualTo(4); // minutes 3, 8, 13, 18
        assertThat(r.scorecard().scaleInEvents()).isZero();
        assertThat(r.scorecard().minReplicas()).isEqualTo(2);
        assertThat(r.scorecard().maxReplicas()).isEqualTo(6);
        assertThat(r.row(5).metrics()).containsEntry("cpu", 90.0);
        assertThat(r.scorecard().oracleReplicaHours()).as("observed replay has no oracle").isNull();
        assertThat(r.scorecard().underProvisionedMinutes()).isNull();
        assertThat(r.scorecard().cost()).isNull();
    }

    @Test
    void thresholdScalesInAfterLoadDropsAndStopsAtMin() {
        TargetSpec spec = target("api", 2, 10, 4, List.of(
                        above("cpu-high", "cpu", 70, Duration.ofMinutes(3), new Action.Add(1)),
                        below("cpu-low", "cpu", 30, Duration.ofMinutes(2), new Action.Remove(1))),
                Cooldowns.NONE, null, "cpu");
        Trace trace = perMinute(Trace.builder(), "cpu", concat(repeat(50, 5), repeat(10, 10))).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        // low from minute 5; sustained 2m at minute 7: 4 -> 3, then 3 -> 2 at minute 8, then min 2 holds.
        assertThat(r.row(6).desiredReplicas()).isEqualTo(4);
        assertThat(r.row(7).desiredReplicas()).isEqualTo(3);
        assertThat(r.row(7).action()).isEqualTo(Row.SCALE_IN);
        assertThat(r.row(8).desiredReplicas()).isEqualTo(2);
        assertThat(r.rows()).extracting(Row::desiredReplicas).allMatch(d -> d >= 2);
        assertThat(r.row(14).desiredReplicas()).isEqualTo(2);
        assertThat(r.scorecard().scaleInEvents()).isEqualTo(2);
        assertThat(r.scorecard().minReplicas()).isEqualTo(2);
        assertThat(r.scorecard().maxReplicas()).isEqualTo(4);
    }

    @Test
    void replicaHoursSumDesiredReplicasOverSteps() {
        TargetSpec spec = target("api", 3, 3, 3, List.of(tracking("cpu", 50)), Cooldowns.NONE, new ServiceModel(10, Duration.ZERO, 0.5), "cpu");
        Trace trace = perMinute(Trace.builder(), "cpu", repeat(50, 120)).build();

        Scorecard card = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api").scorecard();

        assertThat(card.replicaHours()).isCloseTo(3 * 120 / 60.0, within(1e-9));
        assertThat(card.cost()).isCloseTo(0.5 * 6, within(1e-9));
    }

    @Test
    void demandReplayStartupDelayMakesReadyLagDesired() {
        ServiceModel service = new ServiceModel(10, Duration.ofMinutes(3), 0);
        TargetSpec spec = target("api", 1, 20, 2, List.of(tracking("cpu", 100)), Cooldowns.NONE, service, "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", repeat(100, 10)).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.mode()).isEqualTo(TargetResult.Mode.DEMAND);
        // 100 demand on 2 ready replicas of capacity 10: 500 % -> 10 replicas at once.
        assertThat(r.row(0).metrics()).containsEntry("cpu", 500.0).containsEntry("demand", 100.0);
        assertThat(r.row(0).desiredReplicas()).isEqualTo(10);
        assertThat(r.row(0).readyReplicas()).isEqualTo(2);
        assertThat(r.row(1).readyReplicas()).isEqualTo(2);
        assertThat(r.row(2).readyReplicas()).isEqualTo(2);
        assertThat(r.row(1).desiredReplicas()).as("starting replicas count as idle: no pile-up").isEqualTo(10);
        assertThat(r.row(3).readyReplicas()).as("ready 3m after the decision").isEqualTo(10);
        assertThat(r.row(3).metrics()).containsEntry("cpu", 100.0);
        assertThat(r.row(9).desiredReplicas()).isEqualTo(10);
        assertThat(r.scorecard().underProvisionedMinutes()).as("minutes 0, 1, 2 served by 2 replicas").isEqualTo(3.0);
        assertThat(r.scorecard().scaleOutEvents()).isEqualTo(1);
    }

    @Test
    void oracleReplicaHoursAreExactOnASmallTrace() {
        ServiceModel service = new ServiceModel(10, Duration.ZERO, 2.0);
        TargetSpec spec = target("api", 1, 50, 1, List.of(tracking("cpu", 80)), Cooldowns.NONE, service, "cpu");
        double[] demand = {5, 10, 11, 55, 100, 99.5, 0, 20, 21, 7};
        Trace trace = perMinute(Trace.builder(), "demand", demand).build();

        Scorecard card = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api").scorecard();

        // ceil(d / 10) within [1, 50]: 1 + 1 + 2 + 6 + 10 + 10 + 1 (0, raised to min) + 2 + 3 + 1 = 37 replica-minutes
        assertThat(card.oracleReplicaHours()).isCloseTo(37 / 60.0, within(1e-12));
        assertThat(card.cost()).isCloseTo(card.replicaHours() * 2.0, within(1e-12));
    }

    @Test
    void theOracleIsTheBestAPolicyWithinTheTargetsBoundsCouldDo() {
        // min 2, max 4, capacity 10: demand 5 needs 1 (raised to min 2), 35 needs 4, 80 needs 8 (only 4 allowed)
        ServiceModel service = new ServiceModel(10, Duration.ZERO, 0);
        TargetSpec spec = target("api", 2, 4, 2, List.of(tracking("cpu", 50)), Cooldowns.NONE, service, "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", 5, 35, 80).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.scorecard().oracleReplicaHours()).isCloseTo((2 + 4 + 4) / 60.0, within(1e-12));
        assertThat(r.scorecard().replicaHours()).isGreaterThanOrEqualTo(r.scorecard().oracleReplicaHours());
        // under-provisioning is against the demand: 80 is more than max x capacity, whatever a policy does
        assertThat(r.scorecard().underProvisionedMinutes()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void underProvisionedMinutesCountOnlyDemandAboveReadyCapacity() {
        // Fixed at 2 replicas (min = max): capacity 20.
        ServiceModel service = new ServiceModel(10, Duration.ZERO, 0);
        TargetSpec spec = target("api", 2, 2, 2, List.of(tracking("cpu", 50)), Cooldowns.NONE, service, "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", 10, 20, 21, 30, 19.9, 40).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.scorecard().underProvisionedMinutes()).isEqualTo(3.0); // 21, 30, 40
        assertThat(r.row(3).metrics()).containsEntry("cpu", 150.0); // 100 x 30 / (2 x 10)
    }

    @Test
    void aDemandSampleStandsForTheStepsUntilTheNextOne() {
        // 5-minute demand, 1-minute steps: each sample is scored for five steps.
        ServiceModel service = new ServiceModel(10, Duration.ZERO, 0);
        TargetSpec spec = target("api", 1, 1, 1, List.of(tracking("cpu", 50)), Cooldowns.NONE, service, "cpu");
        Trace trace = Trace.builder().add("demand", minute(0), 15).add("demand", minute(5), 5).add("demand", minute(10), 25).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.size()).isEqualTo(11);
        // oracle: within [1, 1], 1 replica for each of 11 steps; under: demand 15 and 25 > 10 -> 5 + 1 minutes
        assertThat(r.scorecard().oracleReplicaHours()).isCloseTo(11 / 60.0, within(1e-12));
        assertThat(r.scorecard().underProvisionedMinutes()).isEqualTo(6.0);
    }

    @Test
    void requestRateDefaultsToDemandAndTargetMetricsComeFromTheTrace() {
        ServiceModel service = new ServiceModel(10, Duration.ZERO, 0);
        TargetSpec spec = target("api", 1, 10, 1, List.of(
                        above("rps-high", "request_rate", 1000, Duration.ZERO, new Action.Add(1)),
                        above("queue-high", "queue_depth", 50, Duration.ZERO, new Action.Named("page-oncall", null))),
                Cooldowns.NONE, service, "request_rate", "queue_depth");
        Trace trace = perMinute(perMinute(Trace.builder(), "demand", 5, 6, 7), "queue_depth", 0, 80, 0).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.row(0).metrics()).containsEntry("request_rate", 5.0).containsEntry("queue_depth", 0.0);
        assertThat(r.row(1).action()).isEqualTo("hold;page-oncall");
        assertThat(r.row(1).eventful()).isTrue();
        assertThat(r.scorecard().actions()).containsEntry("page-oncall", 1);
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void demandMetricCanBeNamed() {
        ServiceModel service = new ServiceModel(10, Duration.ZERO, 0);
        TargetSpec spec = target("api", 1, 20, 1, List.of(tracking("cpu", 100)), Cooldowns.NONE, service, "cpu");
        Trace trace = perMinute(Trace.builder(), "rps", 50, 50, 50).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS.withDemandMetric("rps")).target("api");

        assertThat(r.mode()).isEqualTo(TargetResult.Mode.DEMAND);
        assertThat(r.metrics()).containsExactly("cpu", "rps");
        assertThat(r.demandMetric()).isEqualTo("rps");
        assertThat(r.row(2).desiredReplicas()).isEqualTo(5);
    }

    @Test
    void scaleInRemovesPendingReplicasFirst() {
        ServiceModel service = new ServiceModel(10, Duration.ofMinutes(10), 0);
        TargetSpec spec = target("api", 1, 20, 2, List.of(
                        above("up", "cpu", 90, Duration.ZERO, new Action.Add(4)),
                        below("down", "cpu", 10, Duration.ZERO, new Action.Remove(3))),
                Cooldowns.NONE, service, "cpu");
        // cpu 100 at minute 0 (demand 20 on 2 replicas): +4 pending; then demand 1 -> 5 %: -3 removes 3 of the 4 pending.
        Trace trace = perMinute(Trace.builder(), "demand", 20, 1).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.row(0).desiredReplicas()).isEqualTo(6);
        assertThat(r.row(0).readyReplicas()).isEqualTo(2);
        assertThat(r.row(1).desiredReplicas()).isEqualTo(3);
        assertThat(r.row(1).readyReplicas()).as("the two ready ones stay").isEqualTo(2);
    }

    @Test
    void scaleInBeyondPendingRemovesReadyReplicasAtOnce() {
        ServiceModel service = new ServiceModel(10, Duration.ofMinutes(10), 0);
        TargetSpec spec = target("api", 1, 20, 8, List.of(below("down", "cpu", 10, Duration.ZERO, new Action.Set(2))),
                Cooldowns.NONE, service, "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", 1, 1).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.row(0).desiredReplicas()).isEqualTo(2);
        assertThat(r.row(0).readyReplicas()).isEqualTo(2);
    }

    @Test
    void zeroReadyReplicasReportUtilizationAsIfOneTookTheDemand() {
        ServiceModel service = new ServiceModel(10, Duration.ofMinutes(5), 0);
        TargetSpec spec = target("api", 0, 5, 0, List.of(above("up", "cpu", 50, Duration.ZERO, new Action.Set(1))),
                Cooldowns.NONE, service, "cpu");
        Trace trace = perMinute(Trace.builder(), "demand", 30).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.row(0).metrics()).containsEntry("cpu", 300.0);
        assertThat(r.row(0).desiredReplicas()).isEqualTo(1);
        assertThat(r.row(0).readyReplicas()).isZero();
    }

    @Test
    void gapsHoldAndNeverScaleIn() {
        TargetSpec spec = target("api", 1, 10, 5, List.of(
                        tracking("cpu", 50),
                        below("cpu-low", "cpu", 30, Duration.ofMinutes(2), new Action.Remove(1))),
                Cooldowns.NONE, null, "cpu");
        Trace.Builder b = Trace.builder();
        for (int m = 0; m < 10; m++) b.add("cpu", minute(m), 50);
        for (int m = 40; m < 50; m++) b.add("cpu", minute(m), 50);
        Trace trace = b.build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.size()).isEqualTo(50);
        assertThat(r.rows()).extracting(Row::desiredReplicas).containsOnly(5);
        assertThat(r.scorecard().scaleInEvents()).isZero();
        // The policies read 1-minute windows: from minute 10 they hold no sample, and the rows show none.
        assertThat(r.row(9).metrics()).containsKey("cpu");
        assertThat(r.row(10).metrics()).doesNotContainKey("cpu");
        assertThat(r.row(13).metrics()).doesNotContainKey("cpu");
        assertThat(r.row(20).metrics()).doesNotContainKey("cpu");
        assertThat(r.row(20).action()).isEqualTo(Row.HOLD);
    }

    @Test
    void gapsDoNotBlockScaleOutFromOtherMetrics() {
        TargetSpec spec = target("api", 1, 10, 2, List.of(
                        tracking("cpu", 50),
                        above("queue-high", "queue_depth", 100, Duration.ZERO, new Action.Add(2))),
                Cooldowns.NONE, null, "cpu", "queue_depth");
        Trace trace = perMinute(Trace.builder(), "queue_depth", 500).add("cpu", minute(0), 50).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS.withTo(minute(0))).target("api");

        assertThat(r.row(0).desiredReplicas()).isEqualTo(4);
    }

    @Test
    void twoTargetsReadTheirOwnColumnsAndFallBackToTheSharedOne() {
        TargetSpec api = target("api", 1, 10, 2, List.of(above("up", "cpu", 70, Duration.ZERO, new Action.Add(1))),
                new Cooldowns(Duration.ofHours(1), Duration.ZERO), null, "cpu");
        TargetSpec worker = target("worker", 1, 10, 3, List.of(below("down", "cpu", 30, Duration.ZERO, new Action.Remove(1))),
                new Cooldowns(Duration.ZERO, Duration.ofHours(1)), null, "cpu");
        TargetSpec batch = target("batch", 1, 10, 2, List.of(above("up", "cpu", 70, Duration.ZERO, new Action.Add(1))),
                Cooldowns.NONE, null, "cpu");
        Trace trace = perMinute(perMinute(perMinute(Trace.builder(), "api.cpu", 90, 90), "worker.cpu", 10, 10), "cpu", 50, 50).build();

        SimulationResult result = simulator.run(List.of(api, worker, batch), trace, SimulationOptions.DEFAULTS);

        assertThat(result.target("api").row(0).metrics()).containsEntry("cpu", 90.0);
        assertThat(result.target("api").row(1).desiredReplicas()).isEqualTo(3);
        assertThat(result.target("worker").row(0).metrics()).containsEntry("cpu", 10.0);
        assertThat(result.target("worker").row(1).desiredReplicas()).isEqualTo(2);
        assertThat(result.target("batch").row(0).metrics()).containsEntry("cpu", 50.0);
        assertThat(result.target("batch").row(1).desiredReplicas()).isEqualTo(2);
        assertThat(result.targets()).extracting(TargetResult::target).containsExactly("api", "worker", "batch");
    }

    @Test
    void fromToAndStepChooseTheVirtualClock() {
        TargetSpec spec = target("api", 1, 10, 2, List.of(tracking("cpu", 50)), Cooldowns.NONE, null, "cpu");
        Trace trace = perMinute(Trace.builder(), "cpu", repeat(50, 60)).build();

        SimulationResult r = simulator.run(List.of(spec), trace,
                new SimulationOptions(minute(10), minute(30), Duration.ofMinutes(5), null, 0));

        assertThat(r.steps()).isEqualTo(5);
        assertThat(r.target("api").rows()).extracting(Row::at).containsExactly(minute(10), minute(15), minute(20), minute(25), minute(30));
        assertThat(r.from()).isEqualTo(minute(10));
        assertThat(r.to()).isEqualTo(minute(30));
    }

    @Test
    void samplesBetweenStepsAreAllFedAtTheNextStep() {
        // 5-minute steps, 1-minute samples: the avg over a 5m window sees all five.
        TargetSpec spec = target("api", 1, 10, 2, List.of(new io.capstan.core.policy.ThresholdPolicy("hi",
                new io.capstan.core.policy.Condition.Compare("cpu", io.capstan.core.signal.Aggregation.AVG, Duration.ofMinutes(5),
                        io.capstan.core.policy.Comparator.GT, 50, Duration.ZERO), Duration.ZERO, null, new Action.Add(1), null)),
                Cooldowns.NONE, null, "cpu");
        Trace trace = perMinute(Trace.builder(), "cpu", 0, 0, 100, 100, 100, 100, 0, 0, 0, 0, 0).build();

        SimulationResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS.withStep(Duration.ofMinutes(5)));

        // step at 5: samples (0, 5] = 0,100,100,100,100 -> avg 80 > 50; step at 10: (5,10] all 0 -> avg 0.
        assertThat(r.target("api").rows()).extracting(Row::desiredReplicas).containsExactly(2, 3, 3);
    }

    @Test
    void progressIsReportedEveryNStepsAndAtTheEnd() {
        TargetSpec spec = target("api", 1, 10, 2, List.of(tracking("cpu", 50)), Cooldowns.NONE, null, "cpu");
        Trace trace = perMinute(Trace.builder(), "cpu", repeat(50, 25)).build();
        List<long[]> calls = new ArrayList<>();

        simulator.run(List.of(spec), trace, new SimulationOptions(null, null, null, null, 10), (done, total) -> calls.add(new long[] {done, total}));

        assertThat(calls).extracting(c -> c[0]).containsExactly(10L, 20L, 25L);
        assertThat(calls).extracting(c -> c[1]).containsOnly(25L);
    }

    @Test
    void notesNameMetricsNoSeriesFeedsAndIgnoredSeries() {
        ServiceModel service = new ServiceModel(10, Duration.ZERO, 0);
        TargetSpec spec = target("api", 1, 10, 2, List.of(tracking("cpu", 50), above("q", "queue_depth", 5, Duration.ZERO, new Action.Add(1))),
                Cooldowns.NONE, service, "cpu", "queue_depth");
        Trace trace = perMinute(perMinute(Trace.builder(), "demand", 10), "cpu", 99).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.notes()).anyMatch(n -> n.contains("queue_depth")).anyMatch(n -> n.contains("series cpu ignored"));
    }

    @Test
    void serviceModelWithoutDemandSeriesFallsBackToObservedReplay() {
        TargetSpec spec = target("api", 1, 10, 2, List.of(tracking("cpu", 50)), Cooldowns.NONE, new ServiceModel(10, Duration.ZERO, 0), "cpu");
        Trace trace = perMinute(Trace.builder(), "cpu", 50).build();

        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");

        assertThat(r.mode()).isEqualTo(TargetResult.Mode.OBSERVED);
        assertThat(r.notes()).singleElement().asString().contains("observed replay");
    }

    @Test
    void rejectsRunsThatCannotBeMeant() {
        TargetSpec spec = target("api", 1, 10, 2, List.of(tracking("cpu", 50)), Cooldowns.NONE, null, "cpu");
        Trace trace = perMinute(Trace.builder(), "cpu", 50).build();
        assertThatThrownBy(() -> simulator.run(List.of(), trace, SimulationOptions.DEFAULTS)).hasMessageContaining("at least one target");
        assertThatThrownBy(() -> simulator.run(List.of(spec, spec), trace, SimulationOptions.DEFAULTS)).hasMessageContaining("twice");
        assertThatThrownBy(() -> new SimulationOptions(minute(5), minute(1), null, null, 0)).hasMessageContaining("before");
        assertThatThrownBy(() -> new SimulationOptions(null, null, Duration.ZERO, null, 0)).hasMessageContaining("step must be positive");
    }

    @Test
    void aRowShowsNoValueWhereThePoliciesWindowHeldNoSample() {
        // cpu every 5 minutes, read over 1-minute windows at 1-minute steps: between samples the policies see no data.
        TargetSpec spec = target("api", 1, 10, 4, List.of(tracking("cpu", 50)), Cooldowns.NONE, null, "cpu");
        Trace.Builder b = Trace.builder();
        for (int m = 0; m <= 20; m += 5) b.add("cpu", minute(m), 50);
        TargetResult r = simulator.run(List.of(spec), b.build(), SimulationOptions.DEFAULTS).target("api");

        assertThat(r.row(5).metrics()).containsEntry("cpu", 50.0);
        assertThat(r.row(7).reason()).isEqualTo(Reason.MissingUpOnly);
        assertThat(r.row(7).metrics()).as("the policies saw cpu as missing at minute 7").doesNotContainKey("cpu");
    }
}
