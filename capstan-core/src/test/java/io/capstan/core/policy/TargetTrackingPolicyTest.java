package io.capstan.core.policy;

import io.capstan.core.explain.Reason;
import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.signal.Aggregation;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TargetTrackingPolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    static TargetTrackingPolicy policy(TrackingType type, double target, TargetTrackingPolicy.ScaleIn scaleIn) {
        return new TargetTrackingPolicy("track", "m", Aggregation.AVG, Duration.ofMinutes(1), type, target, 0.1, scaleIn, null);
    }

    static Proposal propose(TargetTrackingPolicy p, int current, int ready, double value) {
        return p.propose(PolicyTestSupport.input(NOW, current, ready, 0, 100, Map.of("m", value), new PolicyTestSupport.TestMemory()));
    }

    @ParameterizedTest(name = "{0} {1} on {2} ({3} ready) -> {4} ({5})")
    @CsvSource({
            // HPA: ceil(ratio x ready), tolerance 0.1
            "UTILIZATION,   50, 3, 3, 90,    6, TargetTracking",   // ratio 1.8 -> ceil(5.4)
            "UTILIZATION,   50, 3, 3, 54,    3, WithinTolerance",  // 1.08 within 0.1
            "UTILIZATION,   50, 3, 3, 56,    4, TargetTracking",   // 1.12 -> ceil(3.36)
            "UTILIZATION,   50, 4, 4, 20,    2, TargetTracking",   // 0.4 -> ceil(1.6)
            "UTILIZATION,   50, 4, 4, 45.5,  4, WithinTolerance",  // 0.91 within
            // two replicas still starting count as idle for a scale-up (unready pods rule)
            "UTILIZATION,   50, 4, 2, 100,   4, WithinTolerance",  // 2 x 100 % over 4 = 50 %: nothing more needed
            "UTILIZATION,   50, 4, 2, 150,   6, TargetTracking",   // 2 x 150 % over 4 = 75 % -> ceil(1.5 x 4)
            // averageValue: a target-wide total over a per-replica target
            "AVERAGE_VALUE, 1000, 3, 3, 8600, 9, TargetTracking",
            "AVERAGE_VALUE, 1000, 3, 3, 3100, 3, WithinTolerance",
            "VALUE,         10, 2, 2, 25,    5, TargetTracking",
    })
    void hpaFormula(TrackingType type, double target, int current, int ready, double value, int expected, Reason reason) {
        Proposal p = propose(policy(type, target, TargetTrackingPolicy.ScaleIn.ENABLED), current, ready, value);
        assertThat(p).isInstanceOfSatisfying(Proposal.Scale.class, s -> {
            assertThat(s.replicas()).isEqualTo(expected);
            assertThat(s.reason()).isEqualTo(reason);
        });
    }

    @ParameterizedTest
    @CsvSource({"4, 20", "10, 5"})
    void scaleInDisabledKeepsTheCurrentCount(int current, double value) {
        Proposal p = propose(policy(TrackingType.UTILIZATION, 50, TargetTrackingPolicy.ScaleIn.DISABLED), current, current, value);
        assertThat(p).isInstanceOfSatisfying(Proposal.Scale.class, s -> {
            assertThat(s.replicas()).isEqualTo(current);
            assertThat(s.reason()).isEqualTo(Reason.ScaleInDisabled);
        });
    }

    @ParameterizedTest
    @CsvSource({"UTILIZATION", "AVERAGE_VALUE"})
    void missingValueIsNoData(TrackingType type) {
        Proposal p = policy(type, 50, TargetTrackingPolicy.ScaleIn.ENABLED)
                .propose(PolicyTestSupport.input(NOW, 3, 3, 0, 10, Map.of(), new PolicyTestSupport.TestMemory()));
        assertThat(p).isInstanceOf(Proposal.NoData.class);
        assertThat(((Proposal.NoData) p).metric()).isEqualTo("m");
    }

    /** Target tracking never proposes fewer replicas as load rises (STYLE.md invariant). */
    @RepeatedTest(50)
    void monotoneInLoad(RepetitionInfo info) {
        long seed = 77L * info.getCurrentRepetition();
        Random rnd = new Random(seed);
        TrackingType type = TrackingType.values()[rnd.nextInt(3)];
        TargetTrackingPolicy p = policy(type, 1 + rnd.nextInt(100), TargetTrackingPolicy.ScaleIn.ENABLED);
        int current = 1 + rnd.nextInt(30);
        int ready = 1 + rnd.nextInt(current);
        double a = rnd.nextDouble() * 300;
        double b = a + rnd.nextDouble() * 300;
        int low = ((Proposal.Scale) propose(p, current, ready, a)).replicas();
        int high = ((Proposal.Scale) propose(p, current, ready, b)).replicas();
        assertThat(high).as("seed %d: %s at %s vs %s", seed, type, a, b).isGreaterThanOrEqualTo(low);
    }

    @ParameterizedTest(name = "cpu {0} on 3 with scaleDown {1} / scaleUp {2} -> {3}")
    @CsvSource({
            // the case: 0.65 is inside [1 - 0.5, 1 + 0.1], so 3 stays 3
            "65,  0.5,  ,    3, WithinTolerance",
            "45,  0.5,  ,    2, TargetTracking",   // 0.45 is below 0.5: ceil(0.45 x 3) = 2
            "130, ,     0.5, 3, WithinTolerance",  // 1.3 within a scale-up tolerance of 0.5
            "130, ,     ,    4, TargetTracking",   // no behavior tolerance: the policy's 0.1 applies
            "95,  0,    ,    3, TargetTracking",   // scaleDown 0: 0.95 is outside, but ceil(2.85) is still 3
    })
    void behaviorToleranceReplacesThePolicyToleranceForItsDirection(double cpu, Double down, Double up, int expected, Reason reason) {
        HpaBehavior behavior = new HpaBehavior(new HpaScalingRules(null, null, null, up), new HpaScalingRules(null, null, null, down));
        TargetTrackingPolicy p = new TargetTrackingPolicy("cpu-target", "m", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION,
                100, 0.1, TargetTrackingPolicy.ScaleIn.ENABLED, null);
        PolicyTestSupport.TestMemory memory = new PolicyTestSupport.TestMemory();
        PolicyInput in = PolicyTestSupport.input(NOW, 3, 3, 0, 100, Map.of("m", cpu), memory);
        Proposal proposal = p.propose(new PolicyInput(in.now(), 3, 3, in.bounds(), in.readings(), memory, behavior));
        assertThat(proposal).isInstanceOfSatisfying(Proposal.Scale.class, s -> {
            assertThat(s.replicas()).as(s.message()).isEqualTo(expected);
            assertThat(s.reason()).isEqualTo(reason);
        });
    }

    @Test
    void aRatioOutsideTheToleranceThatRoundsUpToTheCurrentCountSaysSo() {
        Proposal p = propose(policy(TrackingType.UTILIZATION, 50, TargetTrackingPolicy.ScaleIn.ENABLED), 1, 1, 10);
        assertThat(p).isInstanceOfSatisfying(Proposal.Scale.class, s -> {
            assertThat(s.replicas()).isEqualTo(1);
            assertThat(s.reason()).isEqualTo(Reason.TargetTracking);
            assertThat(s.message()).doesNotContain("within")
                    .isEqualTo("avg(m, 1m) = 10, target 50; ratio 0.2 is outside tolerance 0.1 but rounds up to the current count (ceil(0.2 x 1) = 1): keep 1");
        });
    }

    @Test
    void startingReplicasCountedAsIdleAreNotCalledWithinTolerance() {
        Proposal p = propose(policy(TrackingType.UTILIZATION, 50, TargetTrackingPolicy.ScaleIn.ENABLED), 4, 1, 100);
        assertThat(p).isInstanceOfSatisfying(Proposal.Scale.class, s -> {
            assertThat(s.replicas()).isEqualTo(4);
            assertThat(s.message()).doesNotContain("within")
                    .contains("counting 3 starting replicas as idle (100 x 1 ready / 4 = 25 against 50), ratio 0.5");
        });
    }

    @Test
    void aRatioWithinToleranceWhileReplicasStartSaysHowItWasCounted() {
        // the newcomer's case: 500 % on 2 ready of 15 reads as ratio 0.9524, not 500 / 70
        Proposal p = propose(policy(TrackingType.UTILIZATION, 70, TargetTrackingPolicy.ScaleIn.ENABLED), 15, 2, 500);
        assertThat(p).isInstanceOfSatisfying(Proposal.Scale.class, s -> {
            assertThat(s.replicas()).isEqualTo(15);
            assertThat(s.reason()).isEqualTo(Reason.WithinTolerance);
            assertThat(s.message()).isEqualTo("avg(m, 1m) = 500, target 70; counting 13 starting replicas as idle "
                    + "(500 x 2 ready / 15 = 66.67 against 70), ratio 0.9524 within tolerance 0.1: keep 15");
        });
    }
}
