package io.capstan.core.simulate;

import io.capstan.core.forecast.Model;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.policy.PredictivePolicy;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.capstan.core.simulate.Specs.T0;
import static io.capstan.core.simulate.Specs.minute;
import static io.capstan.core.simulate.Specs.perMinute;
import static io.capstan.core.simulate.Specs.target;
import static io.capstan.core.simulate.Specs.tracking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A warm-up is replayed as any other time but left out of every score. */
class WarmUpTest {
    private final Simulator simulator = new Simulator();

    /**
     * Ten minutes of demand 50 at capacity 10 per replica: tracking cpu at 100 % asks for 5 replicas at minute 0, which
     * start for 5 minutes, so minutes 0-4 are under-provisioned (ready 1, 10 < 50) and minutes 5-9 are not.
     */
    private static TargetSpec slowStart() {
        return target("api", 1, 20, 1, List.of(tracking("cpu", 100)), Cooldowns.NONE, new ServiceModel(10, Duration.ofMinutes(5), 0), "cpu");
    }

    private static Trace tenMinutesOf50() {
        return perMinute(Trace.builder(), "demand", 50, 50, 50, 50, 50, 50, 50, 50, 50, 50).build();
    }

    @Test
    void theWarmUpIsReplayedButNotScored() {
        TargetResult cold = simulator.run(List.of(slowStart()), tenMinutesOf50(), SimulationOptions.DEFAULTS).target("api");
        SimulationResult warmed = simulator.run(List.of(slowStart()), tenMinutesOf50(), SimulationOptions.DEFAULTS.withWarmUp(Duration.ofMinutes(5)));
        TargetResult warm = warmed.target("api");

        // the replay itself is the same: every step is a row, with the same decisions
        assertThat(warm.size()).isEqualTo(10);
        assertThat(warm.rows()).isEqualTo(cold.rows());
        assertThat(cold.row(0).desiredReplicas()).isEqualTo(5);
        assertThat(cold.row(4).readyReplicas()).isEqualTo(1);
        assertThat(cold.row(5).readyReplicas()).isEqualTo(5);

        // without a warm-up: 10 steps of 5 desired, the oracle ceil(50 / 10) = 5 each, 5 minutes short, one scale-out
        Scorecard all = cold.scorecard();
        assertThat(all.replicaHours()).isCloseTo(10 * 5 / 60.0, within(1e-12));
        assertThat(all.oracleReplicaHours()).isCloseTo(10 * 5 / 60.0, within(1e-12));
        assertThat(all.underProvisionedMinutes()).isCloseTo(5, within(1e-12));
        assertThat(all.scaleOutEvents()).isEqualTo(1);
        assertThat(all.minReplicas()).isEqualTo(5);

        // with 5m of warm-up: minutes 5-9 only, none of them short, and the scale-out at minute 0 is not counted
        Scorecard later = warm.scorecard();
        assertThat(later.replicaHours()).isCloseTo(5 * 5 / 60.0, within(1e-12));
        assertThat(later.oracleReplicaHours()).isCloseTo(5 * 5 / 60.0, within(1e-12));
        assertThat(later.underProvisionedMinutes()).isZero();
        assertThat(later.unscoredMinutes()).isZero();
        assertThat(later.scaleOutEvents()).isZero();
        assertThat(later.scaleInEvents()).isZero();
        assertThat(later.minReplicas()).isEqualTo(5);
        assertThat(later.maxReplicas()).isEqualTo(5);
        assertThat(warmed.warmUp()).isEqualTo(Duration.ofMinutes(5));
        assertThat(warmed.scoredFrom()).isEqualTo(minute(5));
        assertThat(warmed.from()).isEqualTo(minute(0));
    }

    @Test
    void aWarmUpBetweenStepsEndsAtTheNextStep() {
        // 4m30s: the step at minute 4 begins inside the warm-up and stands for time up to minute 5, so it is warm-up too
        SimulationOptions options = SimulationOptions.DEFAULTS.withWarmUp(Duration.ofSeconds(270));
        assertThat(options.scoredFrom(T0)).isEqualTo(minute(5));
        TargetResult r = simulator.run(List.of(slowStart()), tenMinutesOf50(), options).target("api");
        assertThat(r.scorecard().underProvisionedMinutes()).isZero();
        assertThat(r.scorecard().replicaHours()).isCloseTo(5 * 5 / 60.0, within(1e-12));
    }

    @Test
    void aWarmUpThatLeavesNoStepIsRefused() {
        assertThatThrownBy(() -> simulator.run(List.of(slowStart()), tenMinutesOf50(), SimulationOptions.DEFAULTS.withWarmUp(Duration.ofMinutes(10))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves no step of the range");
        assertThatThrownBy(() -> SimulationOptions.DEFAULTS.withWarmUp(Duration.ofMinutes(-1))).hasMessageContaining("must not be negative");
    }

    /** Hourly demand, a seasonal-naive forecast on a 1h step: it needs a day (24 steps) of history before its first forecast. */
    private static TargetSpec forecasting() {
        ServiceModel service = new ServiceModel(100, Duration.ofMinutes(10), 0);
        PredictivePolicy p = new PredictivePolicy("forecast", "request_rate", 85, service.capacityPerReplica(), service.startup(), Model.SEASONAL_NAIVE,
                Duration.ofHours(1), Duration.ofDays(7), Duration.ofDays(1), 0, false, PredictivePolicy.ErrorGuard.DEFAULT);
        return target("api", 1, 40, 3, List.of(tracking("cpu", 70), p), Cooldowns.NONE, service, "cpu");
    }

    private static Trace hourly(int hours) {
        Trace.Builder b = Trace.builder();
        for (int h = 0; h < hours; h++) b.add("demand", T0.plus(Duration.ofHours(h)), h % 24 < 8 ? 200 : 900);
        return b.build();
    }

    @Test
    void aForecastStillWarmingUpAtTheEndOfTheWarmUpIsNamed() {
        SimulationOptions sixHours = new SimulationOptions(null, null, Duration.ofHours(1), null, 0).withWarmUp(Duration.ofHours(6));
        TargetResult r = simulator.run(List.of(forecasting()), hourly(48), sixHours).target("api");

        String note = r.notes().stream().filter(n -> n.startsWith("forecast of policy forecast")).findFirst().orElseThrow();
        assertThat(note).contains("still warming up at the end of the warm-up (6h, at 2024-01-01T06:00:00Z)")
                .contains("of history; seasonal-naive needs 24 steps of history, has ")
                .contains("so the score still includes its cold start");
        // its first forecast: when the sample at hour 24 closes the 24th step
        String first = note.substring(note.indexOf("its first forecast came at ") + "its first forecast came at ".length());
        java.time.Instant at = java.time.Instant.parse(first.substring(0, first.indexOf(',')));
        assertThat(at).isEqualTo(T0.plus(Duration.ofHours(24)));
        String enough = first.substring(first.indexOf("a warm-up of ") + "a warm-up of ".length(), first.indexOf(" would leave it out"));
        assertThat(enough).isEqualTo("1d");

        // the warm-up the note names is enough: no note then
        TargetResult longer = simulator.run(List.of(forecasting()), hourly(48), sixHours.withWarmUp(Duration.between(T0, at))).target("api");
        assertThat(longer.notes()).noneMatch(n -> n.contains("warming up"));
    }

    @Test
    void aForecastThatNeverComesIsSaidSo() {
        SimulationOptions options = new SimulationOptions(null, null, Duration.ofHours(1), null, 0).withWarmUp(Duration.ofHours(6));
        TargetResult r = simulator.run(List.of(forecasting()), hourly(20), options).target("api");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("forecast of policy forecast still warming up")
                .endsWith("and it made no forecast in the whole range"));
    }

    @Test
    void withoutAWarmUpTheNoteSaysTheColdStartIsScoredAndWhichWarmUpWouldLeaveItOut() {
        SimulationOptions none = new SimulationOptions(null, null, Duration.ofHours(1), null, 0);
        TargetResult r = simulator.run(List.of(forecasting()), hourly(48), none).target("api");
        assertThat(r.notes()).singleElement().asString().isEqualTo("forecast of policy forecast had no history at the start: the score includes"
                + " its cold start until its first forecast at 2024-01-02T00:00:00Z (meanwhile the other policies decide alone, or its fallback"
                + " holds); --warm-up 1d scores from after it, as a live start warmed from stored history would");
        // its first forecast at the range's last step: no warm-up can leave the cold start out and still score something
        assertThat(simulator.run(List.of(forecasting()), hourly(25), none).target("api").notes()).singleElement().asString()
                .contains("first forecast at 2024-01-02T00:00:00Z").endsWith("that is the range's end: a longer range is needed to score it with"
                        + " its forecast").doesNotContain("--warm-up");
        // a policy that never forecasts in the range: its score has no forecast in it, and the note says how far it got
        assertThat(simulator.run(List.of(forecasting()), hourly(20), none).target("api").notes()).singleElement().asString()
                .startsWith("forecast of policy forecast made no forecast in the whole range: ")
                .contains("seasonal-naive needs 24 steps of history, has 19")
                .endsWith("so its score is the other policies' alone, or its fallback's");
    }
}
