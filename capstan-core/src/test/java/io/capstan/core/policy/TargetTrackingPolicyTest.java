package io.capstan.core.policy;

import io.capstan.core.explain.Reason;
import io.capstan.core.signal.Aggregation;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
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
}
