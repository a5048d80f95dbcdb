package io.capstan.core.engine;

import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.decide.DecisionId;
import io.capstan.core.decide.ReadingUsed;
import io.capstan.core.explain.Reason;
import io.capstan.core.hpa.TimedRecommendation;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.MetricScope;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.MissingRule;
import io.capstan.core.model.RateLimiting;
import io.capstan.core.model.Severity;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.StepPolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;
import io.capstan.core.state.ScalingState;
import io.capstan.core.state.StateCodec;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetRuntimeTest {
    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    static Condition.Compare above(String metric, double v, int forMinutes) {
        return new Condition.Compare(metric, Aggregation.AVG, Duration.ofMinutes(1), Comparator.GT, v, Duration.ofMinutes(forMinutes));
    }

    static TargetSpec target(List<Policy> policies, String... metrics) {
        Map<String, MetricSpec> ms = new LinkedHashMap<>();
        for (String m : metrics) ms.put(m, MetricSpec.of(m));
        return new TargetSpec("web", new Bounds(1, 20), 2, ms, policies, null, Cooldowns.NONE, null, null);
    }

    static ThresholdPolicy hot(Condition when) {
        return new ThresholdPolicy("hot", when, Duration.ZERO, Severity.WARNING, new Action.Add(2), null);
    }

    static ThresholdPolicy queue() {
        return new ThresholdPolicy("queue", above("queue_depth", 1000, 0), Duration.ZERO, Severity.WARNING, new Action.Add(1), null);
    }

    /** Feeds cpu and memory once a minute and ticks; memory crosses 70 two minutes after cpu crosses 80. */
    static Decision minute(TargetRuntime rt, int minute, int replicas) {
        Instant now = T0.plusSeconds(60L * minute);
        rt.add("cpu", now.toEpochMilli(), 90);
        rt.add("memory", now.toEpochMilli(), minute >= 2 ? 80 : 50);
        rt.add("queue_depth", now.toEpochMilli(), 10);
        return rt.tick(new Decider.Observation(replicas, replicas), now);
    }

    /**
     * Sustain clocks are named by policy and condition text: a state saved, encoded and loaded for the same
     * config with its policies and its allOf reordered keeps each condition's own clock. With clocks named by
     * position, cpu's condition would take memory's younger clock and the scale-out would come late.
     */
    @Test
    void reorderingTheConfigKeepsEveryClock() {
        Condition cpuThenMemory = new Condition.AllOf(List.of(above("cpu", 80, 5), above("memory", 70, 3)));
        Condition memoryThenCpu = new Condition.AllOf(List.of(above("memory", 70, 3), above("cpu", 80, 5)));
        TargetRuntime before = new TargetRuntime(target(List.of(hot(cpuThenMemory), queue()), "cpu", "memory", "queue_depth"), new Decider());
        for (int m = 0; m <= 3; m++) assertThat(minute(before, m, 2).to()).isEqualTo(2);
        String saved = StateCodec.encode(before.state());

        TargetSpec reordered = target(List.of(queue(), hot(memoryThenCpu)), "queue_depth", "memory", "cpu");
        TargetRuntime after = new TargetRuntime(reordered, new Decider(), StateCodec.decode(saved));
        assertThat(after.state().sustain()).isEqualTo(before.state().sustain());
        assertThat(minute(after, 4, 2).to()).as("cpu has held 4 of 5 minutes").isEqualTo(2);
        Decision d = minute(after, 5, 2);
        assertThat(d.to()).as("cpu held 5m and memory 3m at minute 5, as without a restart").isEqualTo(4);
        assertThat(d.reason()).isEqualTo(Reason.ThresholdSustained);
    }

    /** A saved clock whose condition changed is dropped, not applied to the new condition; the unchanged one keeps its clock. */
    @Test
    void aRespecifiedRuntimeContinuesTheStateAndTheDecisionIdsOfTheOldOne() {
        TargetRuntime before = new TargetRuntime(target(List.of(hot(above("cpu", 80, 5)), queue()), "cpu", "queue_depth"), new Decider());
        Instant at = T0.plusSeconds(60);
        Decision first = before.tick(new Decider.Observation(2, 2), at);
        TargetRuntime after = before.respecified(target(List.of(hot(above("cpu", 85, 5))), "cpu"));
        assertThat(after.state().scaleUpEvents()).isEqualTo(before.state().scaleUpEvents());
        Decision second = after.tick(new Decider.Observation(2, 2), at);
        assertThat(second.id()).isNotEqualTo(first.id());
        // and a fresh runtime at the same instant would have reused the id
        assertThat(new TargetRuntime(after.spec(), new Decider(), before.state()).tick(new Decider.Observation(2, 2), at).id()).isEqualTo(first.id());
    }

    @Test
    void aChangedConditionStartsAFreshClock() {
        Condition old = new Condition.AllOf(List.of(above("cpu", 80, 5), above("memory", 70, 3)));
        TargetRuntime before = new TargetRuntime(target(List.of(hot(old)), "cpu", "memory"), new Decider());
        for (int m = 0; m <= 3; m++) minute(before, m, 2);

        Condition changed = new Condition.AllOf(List.of(above("cpu", 85, 5), above("memory", 70, 3)));
        TargetRuntime after = new TargetRuntime(target(List.of(hot(changed)), "cpu", "memory"), new Decider(),
                StateCodec.decode(StateCodec.encode(before.state())));
        assertThat(after.state().sustain().keySet()).containsExactly("hot: avg(memory, 1m) > 70 for 3m");
        for (int m = 4; m <= 8; m++) assertThat(minute(after, m, 2).to()).as("minute %d: cpu > 85 has held only since minute 4", m).isEqualTo(2);
        assertThat(minute(after, 9, 2).to()).isEqualTo(4);
    }

    @Test
    void savedStateIsFittedToTheSpecItIsLoadedFor() {
        ScalingState saved = new ScalingState(ScalingState.CURRENT_VERSION,
                List.of(new TimedRecommendation(T0, 30), new TimedRecommendation(T0, 0)), List.of(), List.of(), T0, null,
                Map.of("gone: avg(cpu, 1m) > 1", T0), Map.of("gone-action", T0, "enable-caching", T0), Map.of("gone-schedule", T0));
        TargetSpec hpaLike = new TargetSpec("web", new Bounds(2, 10), 2, Map.of(), List.of(
                new ThresholdPolicy("cache", above("cpu", 80, 0), Duration.ZERO, Severity.WARNING, new Action.Named("enable-caching", Map.of()), null)),
                null, Cooldowns.NONE, null, null, RateLimiting.KUBERNETES_LEGACY);
        TargetRuntime rt = new TargetRuntime(hpaLike, new Decider(), saved);
        ScalingState fitted = rt.state();
        assertThat(fitted.recommendations()).as("the history is kept as recorded").isEqualTo(saved.recommendations());
        Decision d = rt.tick(new Decider.Observation(10, 10), T0.plusSeconds(60));
        assertThat(d.to()).as("bounds re-applied: a saved recommendation of 30 cannot lift the count past max 10").isEqualTo(10);
        assertThat(fitted.sustain()).isEmpty();
        assertThat(fitted.actions()).containsOnlyKeys("enable-caching");
        assertThat(fitted.scheduled()).isEmpty();
        assertThat(fitted.lastScaleOut()).as("cooldown clocks are the target's own").isEqualTo(T0);

        TargetSpec plain = target(List.of(queue()), "queue_depth");
        assertThat(new TargetRuntime(plain, new Decider(), saved).state().recommendations()).as("a target that no longer stabilizes").isEmpty();
    }

    @Test
    void aMetricEvaluatedManyTimesASecondKeepsABoundedStabilizationHistory() {
        // a queue pushed 100 times a second, flapping across its threshold, for ten minutes, under Kubernetes' default
        // scale-down stabilization (300 s): Kubernetes would keep one recommendation per evaluation in the window
        TargetSpec stabilized = new TargetSpec("web", new Bounds(1, 20), 2, Map.of("queue_depth", MetricSpec.of("queue_depth")), List.of(queue()),
                null, Cooldowns.NONE, null, null, RateLimiting.KUBERNETES_LEGACY);
        TargetRuntime rt = new TargetRuntime(stabilized, new Decider());
        int replicas = 2;
        for (int i = 0; i < 60_000; i++) {
            long at = T0.toEpochMilli() + 10L * i;
            rt.add("queue_depth", at, i % 2 == 0 ? 5000 : 0);
            replicas = rt.tick(new Decider.Observation(replicas, replicas), Instant.ofEpochMilli(at)).to();
        }
        assertThat(rt.state().recommendations()).as("Kubernetes' own 20-odd kept whole, then one per replica count")
                .isNotEmpty().hasSizeLessThanOrEqualTo(io.capstan.core.hpa.HpaNormalizer.KEPT_WHOLE);
        assertThat(StateCodec.encode(rt.state()).length()).isLessThan(4_000);
    }

    @Test
    void decisionIdsAreStableAndUniquePerTargetAndTick() {
        TargetRuntime rt = new TargetRuntime(target(List.of(queue()), "queue_depth"), new Decider());
        Decision first = rt.tick(new Decider.Observation(2, 2), T0);
        Decision again = rt.tick(new Decider.Observation(2, 2), T0);
        Decision next = rt.tick(new Decider.Observation(2, 2), T0.plusSeconds(15));
        assertThat(first.id()).isEqualTo(new DecisionId("web", T0, 0));
        assertThat(first.id().toString()).isEqualTo("web@2026-03-02T00:00:00Z");
        assertThat(again.id().toString()).isEqualTo("web@2026-03-02T00:00:00Z#1");
        assertThat(next.id().sequence()).isZero();
        assertThat(List.of(first.id().uuid(), again.id().uuid(), next.id().uuid())).doesNotHaveDuplicates();
        assertThat(new DecisionId("web", T0, 0).uuid()).as("derived, not random").isEqualTo(first.id().uuid());
        assertThatThrownBy(() -> rt.tick(new Decider.Observation(2, 2), T0)).hasMessageContaining("time goes forward");
    }

    @Test
    void aDecisionRecordsTheReadingsItUsedAndTheRuleThatStoodInForMissingOnes() {
        Map<String, MetricSpec> ms = new LinkedHashMap<>();
        ms.put("cpu", new MetricSpec("cpu", MetricScope.REPLICA, new MissingRule.LastKnown(Duration.ofMinutes(10)), Duration.ofMinutes(1)));
        ms.put("queue_depth", new MetricSpec("queue_depth", MetricScope.TARGET, new MissingRule.Hold(), MetricSpec.DEFAULT_STALE_AFTER));
        TargetSpec spec = new TargetSpec("web", new Bounds(1, 20), 4, ms, List.of(
                new TargetTrackingPolicy("cpu-70", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION, 70, 0.1, null, null),
                queue()), null, Cooldowns.NONE, null, null);
        TargetRuntime rt = new TargetRuntime(spec, new Decider());
        rt.add("cpu", T0.toEpochMilli(), 35);
        Decision d = rt.tick(new Decider.Observation(4, 4), T0.plusSeconds(300));
        assertThat(d.readings()).hasSize(2);
        ReadingUsed cpu = d.readings().get(0);
        assertThat(cpu.metric()).isEqualTo("cpu");
        assertThat(cpu.reading()).isEqualTo(new Reading.Present(35, 1, 0));
        assertThat(cpu.substituted()).isTrue();
        assertThat(cpu.onMissing()).startsWith("cpu: last known 35 from 5m ago (onMissing lastKnown 10m)");
        ReadingUsed queue = d.readings().get(1);
        assertThat(queue.reading()).isInstanceOf(Reading.Missing.class);
        assertThat(queue.onMissing()).isEqualTo("hold");
        assertThat(d.reason()).isEqualTo(Reason.MissingLastKnown);
    }

    /**
     * An audit record replays: each decision of a random run, decided again from the state and observation it was
     * made from and its recorded readings (no signals), is the same decision, explanation, id and readings included.
     */
    @RepeatedTest(30)
    void everyDecisionReplaysFromItsRecordedReadings(RepetitionInfo rep) {
        Random rnd = new Random(1009L * rep.getCurrentRepetition());
        Map<String, MetricSpec> ms = new LinkedHashMap<>();
        ms.put("cpu", new MetricSpec("cpu", MetricScope.REPLICA, new MissingRule.LastKnown(Duration.ofMinutes(3)), Duration.ofMinutes(2)));
        ms.put("queue_depth", new MetricSpec("queue_depth", MetricScope.TARGET, new MissingRule.UpOnly(), Duration.ofMinutes(2)));
        TargetSpec spec = new TargetSpec("worker", new Bounds(1, 30), 3, ms, List.of(
                new TargetTrackingPolicy("cpu-60", "cpu", Aggregation.AVG, Duration.ofMinutes(3), TrackingType.UTILIZATION, 60, 0.1, null, null),
                hot(new Condition.AnyOf(List.of(above("cpu", 85, 2), above("queue_depth", 500, 1)))),
                new StepPolicy("queue-low", "queue_depth", Aggregation.MAX, Duration.ofMinutes(5), Comparator.LT, 50, Duration.ofMinutes(4),
                        StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY, List.of(new StepPolicy.StepAdjustment(null, 0.0, -1)), 0, null)),
                null, new Cooldowns(Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ZERO), null, null);
        TargetRuntime rt = new TargetRuntime(spec, new Decider());
        Decider decider = new Decider();
        int replicas = 3;
        List<Decision> checked = new ArrayList<>();
        for (int minute = 0; minute < 120; minute++) {
            Instant now = T0.plusSeconds(60L * minute);
            if (rnd.nextInt(10) > 1) rt.add("cpu", now.toEpochMilli(), rnd.nextDouble() * 120);
            if (rnd.nextInt(10) > 2) rt.add("queue_depth", now.toEpochMilli(), rnd.nextDouble() * 900);
            ScalingState before = rt.state();
            int ready = Math.max(0, replicas - rnd.nextInt(2));
            Decider.Observation observed = new Decider.Observation(replicas, ready);
            Decision d = rt.tick(observed, now);
            assertReplays(decider, spec, before, observed, d, rt.state(), minute);
            replicas = d.to();
            checked.add(d);
        }
        assertThat(checked).as("the run scales out and in").anyMatch(d -> d.to() > d.from()).anyMatch(d -> d.to() < d.from());
    }

    /** A manifest's decisions replay too: the controller port is fed the recorded series reads. */
    @RepeatedTest(10)
    void hpaDecisionsReplayFromTheirRecordedReadings(RepetitionInfo rep) {
        Random rnd = new Random(31L * rep.getCurrentRepetition());
        io.capstan.core.hpa.HpaSpec hpa = new io.capstan.core.hpa.HpaSpec(1, 20, List.of(
                new io.capstan.core.hpa.HpaMetric.Resource("cpu", io.capstan.core.hpa.HpaTarget.utilization(60)),
                new io.capstan.core.hpa.HpaMetric.External("queue", io.capstan.core.hpa.HpaTarget.averageValue(100_000))), null);
        TargetSpec spec = io.capstan.core.target.HpaTargets.toTarget("web", hpa, 3);
        TargetRuntime rt = new TargetRuntime(spec, new Decider());
        Decider decider = new Decider();
        int replicas = 3;
        for (int minute = 0; minute < 60; minute++) {
            Instant now = T0.plusSeconds(60L * minute);
            if (rnd.nextInt(10) > 0) rt.add("cpu", now.toEpochMilli(), rnd.nextDouble() * 150);
            if (rnd.nextInt(10) > 2) rt.add("queue", now.toEpochMilli(), rnd.nextDouble() * 1500);
            ScalingState before = rt.state();
            Decider.Observation observed = new Decider.Observation(replicas, Math.max(0, replicas - rnd.nextInt(2)));
            Decision d = rt.tick(observed, now);
            assertThat(d.readings()).extracting(ReadingUsed::metric).containsExactly("cpu", "queue");
            assertThat(decider.replay(spec, before, observed, d).decision()).isEqualTo(d);
            replicas = d.to();
        }
    }

    /** A predictive decision replays too: the forecast rests on the history, so its recorded proposal stands for it. */
    @RepeatedTest(3)
    void predictiveDecisionsReplayFromTheirRecord(RepetitionInfo rep) {
        Random rnd = new Random(47L * rep.getCurrentRepetition());
        Map<String, MetricSpec> ms = new LinkedHashMap<>();
        ms.put("cpu", MetricSpec.of("cpu"));
        io.capstan.core.policy.PredictivePolicy forecast = new io.capstan.core.policy.PredictivePolicy("forecast", "request_rate", 85, 100,
                Duration.ofMinutes(10), io.capstan.core.forecast.Model.SEASONAL_NAIVE, Duration.ofHours(1), Duration.ofDays(3), Duration.ofDays(1),
                0, false, null);
        TargetSpec spec = new TargetSpec("api", new Bounds(1, 40), 3, ms, List.of(
                new TargetTrackingPolicy("cpu-80", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION, 80, 0.1, null, null),
                forecast), null, new Cooldowns(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ZERO), null, null);
        TargetRuntime rt = new TargetRuntime(spec, new Decider());
        Decider decider = new Decider();
        int replicas = 3;
        List<Decision> floors = new ArrayList<>();
        for (int minute = 0; minute < 2 * 1440; minute++) {
            Instant now = T0.plusSeconds(60L * minute);
            int hour = minute / 60 % 24;
            double demand = (hour >= 8 && hour < 20 ? 1500 : 300) * (0.95 + 0.1 * rnd.nextDouble());
            rt.add("request_rate", now.toEpochMilli(), demand);
            rt.add("cpu", now.toEpochMilli(), 100 * demand / (replicas * 100.0));
            ScalingState before = rt.state();
            Decider.Observation observed = new Decider.Observation(replicas, replicas);
            Decision d = rt.tick(observed, now);
            assertReplays(decider, spec, before, observed, d, rt.state(), minute);
            if (d.reason() == Reason.PredictiveFloor) floors.add(d);
            replicas = d.to();
        }
        assertThat(floors).as("the forecast's floor decided some of them").isNotEmpty();
    }

    /** The decision, its summary and the state it left replay from its record. */
    private static void assertReplays(Decider decider, TargetSpec spec, ScalingState before, Decider.Observation observed, Decision d,
                                      ScalingState after, int minute) {
        Decider.Result replayed = decider.replay(spec, before, observed, d);
        assertThat(replayed.decision()).as("minute %d: %s", minute, d.summary()).isEqualTo(d);
        assertThat(replayed.decision().summary()).isEqualTo(d.summary());
        assertThat(replayed.next()).isEqualTo(after);
    }
}
