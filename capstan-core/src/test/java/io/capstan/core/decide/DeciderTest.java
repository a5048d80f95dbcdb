package io.capstan.core.decide;

import io.capstan.core.explain.Step;
import io.capstan.core.explain.Reason;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.MetricScope;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.MissingRule;
import io.capstan.core.model.Severity;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.policy.StepPolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.policy.Cron;
import io.capstan.core.signal.Aggregation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeciderTest {

    static Condition.Compare avg(String metric, Comparator op, double v, Duration sustain) {
        return new Condition.Compare(metric, Aggregation.AVG, Duration.ofMinutes(1), op, v, sustain);
    }

    static ThresholdPolicy rule(String name, Condition when, Action action) {
        return new ThresholdPolicy(name, when, Duration.ZERO, Severity.WARNING, action, null);
    }

    static MetricSpec metric(String name, MissingRule rule) {
        return new MetricSpec(name, MetricSpec.defaultScope(name), rule, MetricSpec.DEFAULT_STALE_AFTER);
    }

    @Test
    void highestOpinionWinsSoScaleOutBeatsScaleIn() {
        var h = new Harness(Harness.target(2, 20, 4, Cooldowns.NONE, List.of(
                rule("queue-high", avg("queue_depth", Comparator.GT, 1000, Duration.ZERO), new Action.Add(5)),
                rule("cpu-low", avg("cpu", Comparator.LT, 30, Duration.ZERO), new Action.Remove(1))),
                MetricSpec.of("queue_depth"), MetricSpec.of("cpu")));
        Decision d = h.run(1, Map.of("queue_depth", 1500.0, "cpu", 10.0));
        assertThat(d.to()).isEqualTo(9);
        assertThat(d.reason()).isEqualTo(Reason.ThresholdSustained);
        assertThat(d.steps().get(0).message()).contains("queue-high");
    }

    @Test
    void aTargetAtZeroReplicasSaysWhyItStaysThereAndWhichPolicyCannotAct() {
        var h = new Harness(Harness.target(0, 20, 0, Cooldowns.NONE, List.of(
                new TargetTrackingPolicy("cpu-target", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION,
                        50, 0.1, TargetTrackingPolicy.ScaleIn.ENABLED, null)),
                MetricSpec.of("cpu")));
        Decision d = h.run(1, Map.of("cpu", 300.0));
        assertThat(d.to()).isZero();
        assertThat(d.reason()).isEqualTo(Reason.ScalingDisabled);
        assertThat(d.summary().toString()).startsWith("keep 0 (ScalingDisabled): cpu-target: ")
                .contains("a target at 0 replicas is not scaled from a ratio");
    }

    @Test
    void scaleInOnlyWhenNoOpinionIsHigher() {
        var h = new Harness(Harness.target(2, 20, 6, Cooldowns.NONE, List.of(
                new TargetTrackingPolicy("cpu-target", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION,
                        70, 0.1, TargetTrackingPolicy.ScaleIn.ENABLED, null),
                rule("queue-low", avg("queue_depth", Comparator.LT, 100, Duration.ZERO), new Action.Remove(2))),
                MetricSpec.of("queue_depth"), MetricSpec.of("cpu")));
        // cpu on target: target tracking says 6, which objects to the queue's scale-in
        Decision d = h.run(1, Map.of("queue_depth", 10.0, "cpu", 70.0));
        assertThat(d.to()).isEqualTo(6);
        assertThat(d.reason()).isEqualTo(Reason.WithinTolerance);
    }

    @Test
    void sustainDurationMustHoldContinuously() {
        var h = new Harness(Harness.target(2, 20, 2, Cooldowns.NONE, List.of(
                rule("cpu-high", avg("cpu", Comparator.GT, 70, Duration.ofMinutes(15)), new Action.Add(2))),
                MetricSpec.of("cpu")));
        assertThat(h.run(10, Map.of("cpu", 90.0)).to()).isEqualTo(2);
        assertThat(h.decisions.get(9).proposals().get(0).reason()).isEqualTo(Reason.ThresholdPending);
        // one dip restarts the clock
        assertThat(h.run(1, Map.of("cpu", 50.0)).to()).isEqualTo(2);
        // like Prometheus' `for`: first seen true at t, fires at the first evaluation at or after t + 15m
        assertThat(h.run(15, Map.of("cpu", 90.0)).to()).isEqualTo(2);
        Decision fired = h.run(1, Map.of("cpu", 90.0));
        assertThat(fired.to()).isEqualTo(4);
        assertThat(fired.reason()).isEqualTo(Reason.ThresholdSustained);
    }

    @Test
    void allOfWithPerComparisonSustain() {
        Condition both = new Condition.AllOf(List.of(
                avg("cpu", Comparator.LT, 30, Duration.ofMinutes(10)),
                avg("memory", Comparator.LT, 50, Duration.ofMinutes(10))));
        var h = new Harness(Harness.target(2, 20, 5, Cooldowns.NONE, List.of(rule("scale-in", both, new Action.Remove(1))),
                MetricSpec.of("cpu"), MetricSpec.of("memory")));
        h.run(5, Map.of("cpu", 10.0, "memory", 80.0));
        assertThat(h.replicas).isEqualTo(5);
        h.run(10, Map.of("cpu", 10.0, "memory", 20.0));
        assertThat(h.replicas).as("memory has been low for 9 minutes only").isEqualTo(5);
        h.run(1, Map.of("cpu", 10.0, "memory", 20.0));
        assertThat(h.replicas).isEqualTo(4);
    }

    @Test
    void missingDataNeverScalesInUnderUpOnly() {
        var h = new Harness(Harness.target(1, 10, 5, Cooldowns.NONE, List.of(
                rule("cpu-low", avg("cpu", Comparator.LT, 30, Duration.ZERO), new Action.Remove(1)),
                rule("mem-high", avg("memory", Comparator.GT, 80, Duration.ZERO), new Action.Add(1))),
                MetricSpec.of("cpu"), MetricSpec.of("memory")));
        Decision d = h.run(1, Map.of("cpu", 5.0));
        assertThat(d.to()).isEqualTo(5);
        assertThat(d.reason()).isEqualTo(Reason.MissingUpOnly);
        assertThat(d.steps()).extracting(Step::reason).contains(Reason.MissingUpOnly);
    }

    @Test
    void holdFreezesEvenAScaleOut() {
        var h = new Harness(Harness.target(1, 10, 3, Cooldowns.NONE, List.of(
                rule("cpu-high", avg("cpu", Comparator.GT, 70, Duration.ZERO), new Action.Add(2)),
                rule("mem-high", avg("memory", Comparator.GT, 80, Duration.ZERO), new Action.Add(1))),
                MetricSpec.of("cpu"), metric("memory", new MissingRule.Hold())));
        Decision d = h.run(1, Map.of("cpu", 95.0));
        assertThat(d.to()).isEqualTo(3);
        assertThat(d.reason()).isEqualTo(Reason.MissingHold);
    }

    @Test
    void fallbackRaisesButNeverLowers() {
        var h = new Harness(Harness.target(1, 10, 3, Cooldowns.NONE, List.of(
                rule("q-high", avg("queue_depth", Comparator.GT, 100, Duration.ZERO), new Action.Add(1))),
                metric("queue_depth", new MissingRule.Fallback(6))));
        Decision d = h.run(1, Map.of());
        assertThat(d.to()).isEqualTo(6);
        assertThat(d.reason()).isEqualTo(Reason.MissingFallback);
        var h2 = new Harness(Harness.target(1, 10, 8, Cooldowns.NONE, List.of(
                rule("q-high", avg("queue_depth", Comparator.GT, 100, Duration.ZERO), new Action.Add(1))),
                metric("queue_depth", new MissingRule.Fallback(6))));
        assertThat(h2.run(1, Map.of()).to()).isEqualTo(8);
        // a scale-in asked by another policy is blocked too: missing data never scales in
        var h3 = new Harness(Harness.target(1, 10, 8, Cooldowns.NONE, List.of(
                rule("q-high", avg("queue_depth", Comparator.GT, 100, Duration.ZERO), new Action.Add(1)),
                rule("cpu-low", avg("cpu", Comparator.LT, 30, Duration.ZERO), new Action.Remove(1))),
                metric("queue_depth", new MissingRule.Fallback(6)), MetricSpec.of("cpu")));
        Decision d3 = h3.run(1, Map.of("cpu", 10.0));
        assertThat(d3.to()).isEqualTo(8);
        assertThat(d3.reason()).isEqualTo(Reason.MissingUpOnly);
    }

    @Test
    void lastKnownSubstitutesUntilMaxAge() {
        var h = new Harness(Harness.target(1, 10, 3, Cooldowns.NONE, List.of(
                rule("cpu-high", avg("cpu", Comparator.GT, 70, Duration.ZERO), new Action.Add(1))),
                new MetricSpec("cpu", MetricScope.REPLICA, new MissingRule.LastKnown(Duration.ofMinutes(10)), Duration.ofMinutes(2))));
        h.run(1, Map.of("cpu", 90.0));
        assertThat(h.replicas).isEqualTo(4);
        // no samples for 5 minutes: stale after 2m, but lastKnown (90) is younger than 10m
        h.run(5, Map.of());
        assertThat(h.replicas).isEqualTo(9);
        assertThat(h.decisions.get(h.decisions.size() - 1).steps()).anySatisfy(st -> {
            assertThat(st.reason()).isEqualTo(Reason.MissingLastKnown);
            assertThat(st.message()).isEqualTo("cpu: last known 90 from 5m ago (onMissing lastKnown 10m)");
        });
        assertThat(h.decisions.get(h.decisions.size() - 1).summary()).as("a scale-out on a last-known value says so")
                .startsWith("scale out 8 -> 9 (Threshold").endsWith("; cpu: last known 90 from 5m ago (onMissing lastKnown 10m)");
        // past maxAge it acts as upOnly: no change, and the decision says why
        h.run(6, Map.of());
        assertThat(h.replicas).isEqualTo(10);
        Decision last = h.decisions.get(h.decisions.size() - 1);
        assertThat(last.reason()).isEqualTo(Reason.MissingUpOnly);
        assertThat(last.summary()).contains("no data").contains("onMissing lastKnown (maxAge 10m)");
    }

    @Test
    void aLastKnownValueNeverScalesInAndTheSummaryNamesItAndItsAge() {
        var h = new Harness(Harness.target(1, 10, 8, Cooldowns.NONE, List.of(
                new TargetTrackingPolicy("cpu-target", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION,
                        50, 0.1, TargetTrackingPolicy.ScaleIn.ENABLED, null)),
                new MetricSpec("cpu", MetricScope.REPLICA, new MissingRule.LastKnown(Duration.ofMinutes(30)), Duration.ofMinutes(2))));
        h.sample("cpu", 50.0).decide();
        h.advance(Duration.ofSeconds(30)).sample("cpu", 10.0);
        h.advance(Duration.ofMinutes(9));
        Decision stale = h.decide();
        assertThat(stale.to()).as("the only cpu sample is 9m old: no scale-in on it").isEqualTo(8);
        assertThat(stale.reason()).isEqualTo(Reason.MissingLastKnown);
        assertThat(stale.summary()).startsWith("keep 8 (MissingLastKnown): cpu-target wanted 2 (")
                .endsWith("; no scale-in on a last-known value: cpu: last known 10 from 9m ago (onMissing lastKnown 30m)");
        h.sample("cpu", 10.0);
        assertThat(h.decide().to()).as("live data may scale in").isEqualTo(2);
    }

    @Test
    void cooldownsSixtySecondsOutAndOneHundredTwentyIn() {
        var h = new Harness(Harness.target(2, 20, 2, new Cooldowns(Duration.ofSeconds(60), Duration.ofSeconds(120)), List.of(
                rule("q-high", avg("queue_depth", Comparator.GT, 1000, Duration.ZERO), new Action.Add(5)),
                rule("cpu-low", avg("cpu", Comparator.LT, 30, Duration.ZERO), new Action.Remove(1))),
                MetricSpec.of("queue_depth"), MetricSpec.of("cpu")));
        h.sample("queue_depth", 2000).sample("cpu", 50);
        assertThat(h.decide().to()).isEqualTo(7);
        h.advance(Duration.ofSeconds(30)).sample("queue_depth", 2000).sample("cpu", 50);
        Decision blocked = h.decide();
        assertThat(blocked.to()).isEqualTo(7);
        assertThat(blocked.reason()).isEqualTo(Reason.CooldownActive);
        h.advance(Duration.ofSeconds(30)).sample("queue_depth", 2000).sample("cpu", 50);
        assertThat(h.decide().to()).as("60 s after the scale-out").isEqualTo(12);
        // load gone: scale-in waits 120 s after the last scaling event
        h.advance(Duration.ofSeconds(60)).sample("queue_depth", 10).sample("cpu", 10);
        assertThat(h.decide().reason()).isEqualTo(Reason.CooldownActive);
        h.advance(Duration.ofSeconds(59)).sample("queue_depth", 10).sample("cpu", 10);
        assertThat(h.decide().to()).isEqualTo(12);
        h.advance(Duration.ofSeconds(1)).sample("queue_depth", 10).sample("cpu", 10);
        assertThat(h.decide().to()).isEqualTo(11);
    }

    @Test
    void betweenEventsCooldownHoldsAScaleOutAfterAScaleInAndAScaleInAfterAScaleOut() {
        var h = new Harness(Harness.target(2, 20, 5, new Cooldowns(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5)), List.of(
                rule("q-high", avg("queue_depth", Comparator.GT, 1000, Duration.ZERO), new Action.Add(1)),
                rule("cpu-low", avg("cpu", Comparator.LT, 30, Duration.ZERO), new Action.Remove(1))),
                MetricSpec.of("queue_depth"), MetricSpec.of("cpu")));
        h.sample("queue_depth", 10).sample("cpu", 10);
        assertThat(h.decide().to()).isEqualTo(4);
        // the case: a scale-out 60 s after a scale-in
        h.advance(Duration.ofSeconds(60)).sample("queue_depth", 2000).sample("cpu", 50);
        Decision blocked = h.decide();
        assertThat(blocked.to()).isEqualTo(4);
        assertThat(blocked.reason()).isEqualTo(Reason.CooldownActive);
        assertThat(blocked.summary()).as("the rule and signal the limit blocked, then the limit").isEqualTo("keep 4 (CooldownActive): "
                + "q-high wanted 5 (avg(queue_depth, 1m) = 2000 > 1000 [warning]: add 1 -> 5); between-events cooldown 5m: last scaling 1m ago");
        h.advance(Duration.ofSeconds(239)).sample("queue_depth", 2000).sample("cpu", 50);
        assertThat(h.decide().to()).as("4m59s after the scale-in").isEqualTo(4);
        h.advance(Duration.ofSeconds(1)).sample("queue_depth", 2000).sample("cpu", 50);
        assertThat(h.decide().to()).as("5m after the scale-in").isEqualTo(5);
        // and the other way round
        h.advance(Duration.ofMinutes(2)).sample("queue_depth", 10).sample("cpu", 10);
        assertThat(h.decide().reason()).isEqualTo(Reason.CooldownActive);
        h.advance(Duration.ofMinutes(3)).sample("queue_depth", 10).sample("cpu", 10);
        assertThat(h.decide().to()).isEqualTo(4);
    }

    @Test
    void criticalToMaxBypassesScaleOutCooldown() {
        var h = new Harness(Harness.target(2, 20, 2, Cooldowns.both(Duration.ofMinutes(5)), List.of(
                rule("cpu-high", avg("cpu", Comparator.GT, 70, Duration.ZERO), new Action.Add(1)),
                new ThresholdPolicy("panic", avg("error_rate", Comparator.GT, 5, Duration.ZERO), Duration.ZERO, Severity.CRITICAL,
                        new Action.ToMax(), null)),
                MetricSpec.of("cpu"), MetricSpec.of("error_rate")));
        h.run(1, Map.of("cpu", 80.0, "error_rate", 0.1));
        assertThat(h.replicas).isEqualTo(3);
        Decision d = h.run(1, Map.of("cpu", 80.0, "error_rate", 9.0));
        assertThat(d.to()).isEqualTo(20);
        assertThat(d.reason()).isEqualTo(Reason.EmergencyToMax);
    }

    @Test
    void flappingGuardSkipsScaleInThatWouldScaleOutAgain() {
        var h = new Harness(Harness.target(1, 10, 2, Cooldowns.NONE, List.of(
                rule("cpu-high", avg("cpu", Comparator.GT, 70, Duration.ZERO), new Action.Add(1)),
                rule("cpu-low", avg("cpu", Comparator.LT, 40, Duration.ZERO), new Action.Remove(1))),
                MetricSpec.of("cpu")));
        // 38 % on 2 replicas is 76 % on 1: the scale-in would flap
        Decision d = h.run(1, Map.of("cpu", 38.0));
        assertThat(d.to()).isEqualTo(2);
        assertThat(d.reason()).isEqualTo(Reason.FlappingGuard);
        assertThat(d.steps().get(d.steps().size() - 1).message()).contains("cpu-high");
        // 30 % on 2 is 60 % on 1: fine
        assertThat(h.run(1, Map.of("cpu", 30.0)).to()).isEqualTo(1);
    }

    @Test
    void flappingGuardSaysAProjectedConditionCountsAsSustainedInsteadOfPrintingADuration() {
        Policy threshold = new ThresholdPolicy("cpu-high", avg("cpu", Comparator.GT, 70, Duration.ofMinutes(3)), Duration.ofMinutes(5),
                Severity.WARNING, new Action.Add(1), null);
        Policy step = new StepPolicy("cpu-steps", "cpu", Aggregation.AVG, Duration.ofMinutes(1), Comparator.GT, 70, Duration.ofMinutes(3),
                null, List.of(new StepPolicy.StepAdjustment(0.0, null, 1)), 0, null);
        for (Policy scaleOut : List.of(threshold, step)) {
            var h = new Harness(Harness.target(1, 10, 2, Cooldowns.NONE, List.of(scaleOut,
                    rule("cpu-low", avg("cpu", Comparator.LT, 40, Duration.ZERO), new Action.Remove(1))), MetricSpec.of("cpu")));
            Decision d = h.run(1, Map.of("cpu", 38.0));
            assertThat(d.reason()).isEqualTo(Reason.FlappingGuard);
            String guard = d.steps().get(d.steps().size() - 1).message();
            assertThat(guard).contains(scaleOut.name()).contains("counted as sustained").doesNotContainPattern("\\d{5,}d");
        }
    }

    @Test
    void duringADataGapTheDecisionNamesTheMissingMetricAndTheRuleThatHeldTheTarget() {
        var h = new Harness(Harness.target(2, 40, 30, Cooldowns.NONE, List.of(
                new TargetTrackingPolicy("cpu-target", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION, 70, 0.1,
                        TargetTrackingPolicy.ScaleIn.ENABLED, null),
                rule("queue-high", avg("queue_depth", Comparator.GT, 1000, Duration.ZERO), new Action.Add(2))),
                MetricSpec.of("cpu"), new MetricSpec("queue_depth", MetricScope.TARGET, new MissingRule.Hold(), Duration.ofMinutes(5))));
        assertThat(h.run(1, Map.of("cpu", 70.0, "queue_depth", 10.0)).reason()).isEqualTo(Reason.WithinTolerance);
        h.advance(Duration.ofHours(1));
        Decision gap = h.decide();
        assertThat(gap.to()).isEqualTo(30);
        assertThat(gap.reason()).as("the strongest rule (hold) held the target").isEqualTo(Reason.MissingHold);
        assertThat(gap.summary()).startsWith("keep 30 (MissingHold): no opinion, and cpu-target: avg(cpu, 1m): no data")
                .contains("(onMissing upOnly)").contains("queue-high: avg(queue_depth, 1m): no data").contains("(onMissing hold)");
        assertChained(gap);

        h.sample("queue_depth", 10.0);
        Decision cpuOnly = h.decide();
        assertThat(cpuOnly.reason()).isEqualTo(Reason.MissingUpOnly);
        assertThat(cpuOnly.summary()).contains("cpu-target: avg(cpu, 1m): no data").contains("onMissing upOnly").endsWith("keep 30");
    }

    @Test
    void scheduleFloorAndCeiling() {
        SchedulePolicy business = new SchedulePolicy("business-hours", List.of(
                new SchedulePolicy.Recurring("morning", Cron.parse("0 8 * * 1-5"), ZoneOffset.UTC, Duration.ofHours(12),
                        new SchedulePolicy.Setting(10, null, null))));
        var h = new Harness(Harness.target(2, 20, 2, Cooldowns.NONE, List.of(business,
                rule("cpu-low", avg("cpu", Comparator.LT, 30, Duration.ZERO), new Action.Remove(1))),
                MetricSpec.of("cpu")));
        h.now = Instant.parse("2026-03-02T07:58:00Z"); // a Monday
        assertThat(h.run(1, Map.of("cpu", 10.0)).to()).isEqualTo(2);
        Decision at8 = h.run(1, Map.of("cpu", 10.0));
        assertThat(at8.to()).isEqualTo(10);
        assertThat(at8.reason()).isEqualTo(Reason.ScheduleFloor);
        assertThat(at8.summary()).as("a schedule's decision says when it was evaluated")
                .endsWith("below min 10 (schedule business-hours at 2026-03-02T08:00:00Z)");
        assertThat(at8.proposals().get(0).message()).startsWith("at 2026-03-02T08:00:00Z: morning (cron '0 8 * * 1-5' Z, since");
        h.now = Instant.parse("2026-03-02T19:59:00Z");
        assertThat(h.run(1, Map.of("cpu", 10.0)).to()).as("20:00, period over").isEqualTo(9);
    }

    static SchedulePolicy businessHoursSet() {
        return new SchedulePolicy("business-hours", List.of(
                new SchedulePolicy.Recurring("morning-scale-up", Cron.parse("0 8 * * 1-5"), ZoneOffset.UTC, null, new SchedulePolicy.Setting(null, null, null, 10)),
                new SchedulePolicy.Recurring("evening-scale-down", Cron.parse("0 20 * * 1-5"), ZoneOffset.UTC, null, new SchedulePolicy.Setting(null, null, null, 3)),
                new SchedulePolicy.Recurring("weekend-minimal", Cron.parse("0 0 * * 6,0"), ZoneOffset.UTC, null, new SchedulePolicy.Setting(null, null, null, 2))));
    }

    @Test
    void aSetEntrySetsTheCountOnceWhenItFiresAndTheAutoscalerContinuesFromThere() {
        var h = new Harness(Harness.target(3, 20, 5, new Cooldowns(Duration.ofMinutes(5), Duration.ofMinutes(5)), List.of(businessHoursSet(),
                rule("cpu-low", avg("cpu", Comparator.LT, 30, Duration.ZERO), new Action.Remove(1))),
                MetricSpec.of("cpu")));
        h.now = Instant.parse("2026-03-02T07:57:00Z"); // a Monday
        Decision first = h.run(1, Map.of("cpu", 50.0));
        assertThat(first.to()).as("a firing from before the start (Sunday 00:00) is only recorded").isEqualTo(5);
        assertThat(h.runtime.state().scheduled()).containsEntry("business-hours", Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(h.run(1, Map.of("cpu", 50.0)).to()).isEqualTo(5);
        Decision at8 = h.run(1, Map.of("cpu", 50.0));
        assertThat(at8.to()).isEqualTo(10);
        assertThat(at8.reason()).isEqualTo(Reason.ScheduleSet);
        assertThat(at8.summary()).isEqualTo("scale out 5 -> 10 (ScheduleSet): schedule business-hours entry morning-scale-up fired at 2026-03-02T08:00:00Z (evaluated at 2026-03-02T08:00:00Z): set 10");
        assertThat(h.runtime.state().scheduled()).containsEntry("business-hours", Instant.parse("2026-03-02T08:00:00Z"));
        // from here the autoscaler continues, under its own cooldowns: not a floor held at 10
        h.run(4, Map.of("cpu", 10.0));
        assertThat(h.replicas).as("scale-in cooldown after the set").isEqualTo(10);
        assertThat(h.run(1, Map.of("cpu", 10.0)).to()).isEqualTo(9);
        // 20:00: set to 3 at once, past the scale-in cooldown a set does not wait for
        h.now = Instant.parse("2026-03-02T19:58:00Z");
        h.run(1, Map.of("cpu", 50.0));
        Decision at20 = h.run(1, Map.of("cpu", 50.0));
        assertThat(at20.to()).isEqualTo(3);
        assertThat(at20.reason()).isEqualTo(Reason.ScheduleSet);
        assertThat(h.run(1, Map.of("cpu", 50.0)).reason()).as("once per firing").isNotEqualTo(Reason.ScheduleSet);
        // Saturday 00:00: set 2, within bounds: the target's min 3
        h.now = Instant.parse("2026-03-06T23:59:00Z");
        h.replicas = 7;
        Decision weekend = h.run(1, Map.of("cpu", 50.0));
        assertThat(weekend.to()).isEqualTo(3);
        assertThat(weekend.steps()).extracting(Step::reason).contains(Reason.ScheduleSet, Reason.TooFewReplicas);
    }

    @Test
    void aFirstEvaluationAtTheVeryInstantOfAFiringActsOnIt() {
        var h = new Harness(Harness.target(3, 20, 5, Cooldowns.NONE, List.of(businessHoursSet()), MetricSpec.of("cpu")));
        h.now = Instant.parse("2026-03-02T07:59:00Z"); // the first evaluation is at 08:00, a Monday
        Decision first = h.run(1, Map.of("cpu", 50.0));
        assertThat(first.at()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(first.to()).as("a firing at this instant is not an old one to skip").isEqualTo(10);
        assertThat(first.reason()).isEqualTo(Reason.ScheduleSet);
        assertThat(h.run(1, Map.of("cpu", 50.0)).reason()).as("once per firing").isNotEqualTo(Reason.ScheduleSet);
    }

    @Test
    void aSetFiringActsOnceAcrossTheFallBackHourAndDoesNotUndoTheAutoscaler() {
        SchedulePolicy night = new SchedulePolicy("night", List.of(new SchedulePolicy.Recurring("e", Cron.parse("30 2 * * *"),
                ZoneId.of("Europe/Berlin"), null, new SchedulePolicy.Setting(null, null, null, 7))));
        var h = new Harness(Harness.target(1, 10, 2, Cooldowns.NONE, List.of(
                new TargetTrackingPolicy("cpu-target", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION,
                        50, 0.1, TargetTrackingPolicy.ScaleIn.ENABLED, null), night), MetricSpec.of("cpu")));
        h.now = Instant.parse("2026-10-24T12:00:00Z");
        Instant hot = Instant.parse("2026-10-25T00:40:00Z");
        Instant cool = Instant.parse("2026-10-25T01:20:00Z");
        while (h.now.isBefore(Instant.parse("2026-10-25T03:00:00Z"))) {
            boolean high = !h.now.plusSeconds(60).isBefore(hot) && h.now.plusSeconds(60).isBefore(cool);
            h.run(1, Map.of("cpu", high ? 100.0 : 50.0));
        }
        assertThat(h.decisions).filteredOn(d -> d.reason() == Reason.ScheduleSet).extracting(Decision::summary)
                .as("02:30 Berlin occurs twice that night (00:30Z and 01:30Z); the firing acts once")
                .containsExactly("scale out 2 -> 7 (ScheduleSet): schedule night entry e fired at 2026-10-25T00:30:00Z (evaluated at 2026-10-25T00:30:00Z): set 7");
        assertThat(h.runtime.state().scheduled()).containsEntry("night", Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void aFloorPeriodStartingInTheRepeatedHourLastsItsWholeDuration() {
        SchedulePolicy night = new SchedulePolicy("night", List.of(new SchedulePolicy.Recurring("e", Cron.parse("30 2 * * *"),
                ZoneId.of("Europe/Berlin"), Duration.ofHours(1), new SchedulePolicy.Setting(null, null, 6))));
        var h = new Harness(Harness.target(1, 10, 2, Cooldowns.NONE, List.of(night,
                rule("cpu-low", avg("cpu", Comparator.LT, 30, Duration.ZERO), new Action.Remove(1))), MetricSpec.of("cpu")));
        h.now = Instant.parse("2026-10-25T00:29:00Z");
        assertThat(h.run(1, Map.of("cpu", 10.0)).to()).as("02:30 CEST: the floor starts").isEqualTo(6);
        // 01:00Z the clocks go back to 02:00 CET; the period fired at 00:30Z lasts to 01:30Z, not to the fall-back
        assertThat(h.run(59, Map.of("cpu", 10.0)).to()).as("01:29Z").isEqualTo(6);
        assertThat(h.decisions).allSatisfy(d -> assertThat(d.to()).isEqualTo(6));
        assertThat(h.run(1, Map.of("cpu", 10.0)).to()).as("01:30Z, 02:30 CET: over, not a second period").isEqualTo(5);
    }

    @Test
    void aFiringMissedWhileStoppedActsOnceOnTheNextEvaluationWithTheSavedState() {
        var h = new Harness(Harness.target(3, 20, 5, Cooldowns.NONE, List.of(businessHoursSet()), MetricSpec.of("cpu")));
        h.now = Instant.parse("2026-03-02T07:00:00Z");
        h.run(1, Map.of("cpu", 50.0));
        h.now = Instant.parse("2026-03-02T09:30:00Z"); // stopped over 08:00, restarted with the saved state
        Decision d = h.run(1, Map.of("cpu", 50.0));
        assertThat(d.to()).isEqualTo(10);
        assertThat(h.run(1, Map.of("cpu", 50.0)).reason()).isNotEqualTo(Reason.ScheduleSet);
    }

    @Test
    void namedActionIsRecordedAndNotRepeatedUntilItRearms() {
        var h = new Harness(Harness.target(1, 1, 1, Cooldowns.NONE, List.of(
                rule("latency", avg("latency_p95_ms", Comparator.GT, 200, Duration.ZERO),
                        new Action.Named("enable-caching", Map.of()))),
                MetricSpec.of("latency_p95_ms")));
        Decision first = h.run(1, Map.of("latency_p95_ms", 300.0));
        assertThat(first.actions()).extracting(NamedAction::name).containsExactly("enable-caching");
        assertThat(h.runtime.state().actions()).containsKey("enable-caching");
        assertThat(h.run(29, Map.of("latency_p95_ms", 300.0)).actions()).isEmpty();
        assertThat(h.run(1, Map.of("latency_p95_ms", 300.0)).actions()).hasSize(1);
    }

    @Test
    void stepsChainFromCurrentToDecided() {
        var h = new Harness(Harness.target(2, 5, 4, Cooldowns.NONE, List.of(
                rule("q-high", avg("queue_depth", Comparator.GT, 10, Duration.ZERO), new Action.Add(5))),
                MetricSpec.of("queue_depth")));
        Decision d = h.run(1, Map.of("queue_depth", 50.0));
        assertThat(d.to()).isEqualTo(5);
        assertThat(d.reason()).isEqualTo(Reason.TooManyReplicas);
        assertChained(d);
    }

    @Test
    void behaviorAppliesKubernetesStabilizationAndRateLimits() {
        var behavior = new io.capstan.core.hpa.HpaBehavior(
                new io.capstan.core.hpa.HpaScalingRules(0, io.capstan.core.hpa.SelectPolicy.MAX,
                        List.of(io.capstan.core.hpa.HpaRatePolicy.pods(2, 60)), null),
                new io.capstan.core.hpa.HpaScalingRules(300, null, null, null));
        var base = Harness.target(1, 20, 2, Cooldowns.NONE, List.of(
                new TargetTrackingPolicy("cpu", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION, 50, 0.1,
                        TargetTrackingPolicy.ScaleIn.ENABLED, null)), MetricSpec.of("cpu"));
        var spec = new io.capstan.core.target.TargetSpec(base.name(), base.bounds(), 2, base.metrics(), base.policies(), behavior,
                Cooldowns.NONE, null, null);
        var h = new Harness(spec);
        // 100 % on 2 replicas asks for 4; the Pods policy allows +2 per 60 s
        Decision up = h.run(1, Map.of("cpu", 100.0));
        assertThat(up.to()).isEqualTo(4);
        Decision limited = h.run(1, Map.of("cpu", 150.0)); // asks for 12, but 2 were added 60 s ago... the period is over
        assertThat(limited.to()).isEqualTo(6);
        assertThat(limited.reason()).isEqualTo(Reason.ScaleUpLimit);
        assertThat(limited.summary()).as("the signal and rule the limit held back, then the limit")
                .startsWith("scale out 4 -> 6 (ScaleUpLimit): cpu wanted 12 (avg(cpu, 1m) = 150, target 50; ratio 3 -> 12 replicas); the desired replica count is increasing faster");
        // load drops: the 300 s scale-down window keeps the highest recent recommendation
        Decision held = h.run(1, Map.of("cpu", 10.0));
        assertThat(held.to()).isEqualTo(6);
        assertThat(held.steps()).extracting(Step::reason).contains(Reason.ScaleDownStabilized);
        assertThat(held.summary()).startsWith("keep 6 (ScaleDownStabilized): cpu wanted 2 (avg(cpu, 1m) = 10, target 50;");
        h.run(3, Map.of("cpu", 10.0));
        assertThat(h.replicas).isEqualTo(6);
        // the recommendation of 12 leaves the window when it is exactly 300 s old (strictly-less rule)
        h.run(1, Map.of("cpu", 10.0));
        assertThat(h.replicas).as("after the window").isEqualTo(2);
        assertChained(h.decisions.get(h.decisions.size() - 1));
    }

    /** A Capstan target with a behavior says its max as Capstan does; Kubernetes' condition text is an HPA target's. */
    @Test
    void aBehaviorOfACapstanTargetSaysItsBoundsInCapstansWords() {
        var behavior = new io.capstan.core.hpa.HpaBehavior(null, null);
        var base = Harness.target(1, 3, 2, Cooldowns.NONE, List.of(
                new TargetTrackingPolicy("cpu", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION, 50, 0.1,
                        TargetTrackingPolicy.ScaleIn.ENABLED, null)), MetricSpec.of("cpu"));
        var h = new Harness(new io.capstan.core.target.TargetSpec(base.name(), base.bounds(), 2, base.metrics(), base.policies(), behavior,
                Cooldowns.NONE, null, null));
        Decision up = h.run(1, Map.of("cpu", 100.0));
        assertThat(up.to()).isEqualTo(3);
        assertThat(up.reason()).isEqualTo(Reason.TooManyReplicas);
        assertThat(up.steps()).extracting(Step::message).contains("above max 3").noneMatch(m -> m.contains("maximum replica count"));
        assertThat(up.summary()).endsWith("; above max 3");
        assertChained(up);
    }

    static void assertChained(Decision d) {
        assertThat(d.steps()).isNotEmpty();
        assertThat(d.steps().get(0).before()).isEqualTo(d.from());
        for (int i = 1; i < d.steps().size(); i++) {
            assertThat(d.steps().get(i).before()).as("step %d of %s", i, d.steps()).isEqualTo(d.steps().get(i - 1).after());
        }
        assertThat(d.steps().get(d.steps().size() - 1).after()).isEqualTo(d.to());
    }
}
