package io.capstan.core.simulate;

import io.capstan.core.explain.Reason;
import io.capstan.core.forecast.Model;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.PredictivePolicy;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static io.capstan.core.simulate.Specs.T0;
import static io.capstan.core.simulate.Specs.target;
import static io.capstan.core.simulate.Specs.tracking;
import static org.assertj.core.api.Assertions.assertThat;

/** The predictive policy in demand replay: pre-scaling a daily ramp, its guard, forecastOnly, no scale-in, no look-ahead. */
class PredictiveReplayTest {
    private static final ServiceModel SERVICE = new ServiceModel(100, Duration.ofMinutes(10), 0);
    private static final Cooldowns AWS = new Cooldowns(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ZERO);
    private static final int DAYS = 8;
    private final Simulator simulator = new Simulator();

    /** 200 req/s at night, a sudden ramp to 1000 at 08:00 until 20:00, with 3 % seeded noise; 5-minute samples. */
    private static double daily(Instant t) {
        int minuteOfDay = (int) (Duration.between(T0, t).toMinutes() % 1440);
        return minuteOfDay >= 8 * 60 && minuteOfDay < 20 * 60 ? 1000 : 200;
    }

    private static Trace trace(int days, long seed, java.util.function.Function<Instant, Double> demand) {
        Random noise = new Random(seed);
        Trace.Builder b = Trace.builder();
        for (int m = 0; m < days * 1440; m += 5) {
            Instant at = T0.plusSeconds(60L * m);
            b.add("demand", at, demand.apply(at) * (1 + 0.03 * (noise.nextDouble() * 2 - 1)));
        }
        return b.build();
    }

    private static PredictivePolicy predictive(boolean forecastOnly, PredictivePolicy.ErrorGuard guard) {
        return new PredictivePolicy("forecast", "request_rate", 85, SERVICE.capacityPerReplica(), SERVICE.startup(), Model.HOLT_WINTERS_ADDITIVE,
                Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofDays(1), 0, forecastOnly, guard);
    }

    private static TargetSpec spec(Policy... extra) {
        List<Policy> policies = new ArrayList<>();
        policies.add(tracking("cpu", 70));
        policies.addAll(List.of(extra));
        return target("api", 1, 40, 3, policies, AWS, SERVICE, "cpu");
    }

    private TargetResult run(TargetSpec spec, Trace trace) {
        return simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");
    }

    private static int rowAt(TargetResult r, Instant at) {
        for (int i = 0; i < r.size(); i++) if (r.row(i).at().equals(at)) return i;
        throw new AssertionError("no row at " + at);
    }

    @Test
    void theForecastPreScalesADailyRampSoReplicasAreReadyAtItsStart() {
        Trace trace = trace(DAYS, 7, PredictiveReplayTest::daily);
        Instant ramp = T0.plus(Duration.ofDays(DAYS - 1)).plus(Duration.ofHours(8));
        TargetResult reactive = run(spec(), trace);
        TargetResult predicted = run(spec(predictive(false, PredictivePolicy.ErrorGuard.DEFAULT)), trace);

        int need = (int) Math.ceil(1000 * 1.03 / 100);
        Row atRamp = predicted.row(rowAt(predicted, ramp));
        assertThat(atRamp.readyReplicas()).as("ready when the ramp starts: %s", atRamp).isGreaterThanOrEqualTo(need);
        assertThat(reactive.row(rowAt(reactive, ramp)).readyReplicas()).as("reactive alone is caught by the ramp").isLessThan(need);
        // the scale-out before the ramp was the forecast's, and it says what it forecast, the horizon, the model and the capacity
        Row before = null;
        for (int i = rowAt(predicted, ramp) - 15; i < rowAt(predicted, ramp); i++) {
            if (predicted.row(i).reason() == Reason.PredictiveFloor) before = predicted.row(i);
        }
        assertThat(before).as("a forecast floor raised the count before the ramp").isNotNull();
        assertThat(before.summary()).contains("request_rate forecast", "max over the next 10m", "holt-winters-additive", "replicas 10m ahead");
        assertThat(predicted.scorecard().underProvisionedMinutes()).isLessThan(reactive.scorecard().underProvisionedMinutes());
    }

    @Test
    void theErrorGuardFallsBackToReactiveOnARegimeChangeAndSaysSo() {
        // a week of the daily cycle, then the peak moves six hours later: the forecast of the old cycle is wrong
        Instant change = T0.plus(Duration.ofDays(7));
        java.util.function.Function<Instant, Double> shifted = t -> t.isBefore(change) ? daily(t) : daily(t.minus(Duration.ofHours(6)));
        Trace trace = trace(DAYS, 11, shifted);
        TargetResult r = run(spec(predictive(false, new PredictivePolicy.ErrorGuard(PredictivePolicy.ErrorMeasure.WAPE, Duration.ofHours(3), 25))), trace);

        int from = rowAt(r, change);
        boolean guardedBefore = false, guardedAfter = false;
        for (int i = 0; i < r.size(); i++) {
            boolean guarded = r.row(i).summary().contains("error guard: forecast wape");
            if (i < from) guardedBefore |= guarded;
            else guardedAfter |= guarded;
        }
        assertThat(guardedBefore).as("the cycle it learnt is forecast well").isFalse();
        assertThat(guardedAfter).as("after the change the guard trips").isTrue();
        // while guarded, the forecast sets no floor: every decision is the reactive policy's
        for (int i = from; i < r.size(); i++) {
            if (r.row(i).summary().contains("error guard")) {
                assertThat(r.row(i).summary()).contains("reactive only");
                assertThat(r.row(i).reason()).isNotEqualTo(Reason.PredictiveFloor);
            }
        }
    }

    @Test
    void forecastOnlyChangesNothingAndRecordsWhatItWouldHaveDone() {
        Trace trace = trace(DAYS, 3, PredictiveReplayTest::daily);
        TargetResult reactive = run(spec(), trace);
        TargetResult only = run(spec(predictive(true, null)), trace);

        assertThat(only.size()).isEqualTo(reactive.size());
        boolean said = false;
        for (int i = 0; i < only.size(); i++) {
            assertThat(only.row(i).desiredReplicas()).as("row %d", i).isEqualTo(reactive.row(i).desiredReplicas());
            said |= only.row(i).summary().contains("forecastOnly: would hold at least");
        }
        assertThat(said).isTrue();
    }

    @Test
    void theForecastAloneNeverScalesIn() {
        // only the predictive policy, started high: the forecast is far lower, yet the count never falls
        TargetSpec alone = target("api", 1, 40, 30, List.of(predictive(false, null)), AWS, SERVICE, "cpu");
        TargetResult r = run(alone, trace(DAYS, 5, PredictiveReplayTest::daily));
        for (int i = 1; i < r.size(); i++) {
            assertThat(r.row(i).desiredReplicas()).as("row %d", i).isGreaterThanOrEqualTo(r.row(i - 1).desiredReplicas());
        }
        assertThat(r.row(r.size() - 1).desiredReplicas()).isEqualTo(30);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(PredictivePolicy.QuantileOn.class)
    void aForecastAtTDependsOnlyOnDataBeforeT(PredictivePolicy.QuantileOn on) {
        // two traces identical up to t, one with a surge after it: every decision before t is the same
        Instant t = T0.plus(Duration.ofDays(7)).plus(Duration.ofHours(6));
        Trace same = trace(DAYS, 13, PredictiveReplayTest::daily);
        Trace surge = trace(DAYS, 13, at -> at.isBefore(t) ? daily(at) : 5 * daily(at));
        TargetSpec spec = spec(new PredictivePolicy("forecast", "request_rate", 85, SERVICE.capacityPerReplica(), SERVICE.startup(),
                Model.HOLT_WINTERS_ADDITIVE, Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofDays(1), 0, false, PredictivePolicy.ErrorGuard.DEFAULT,
                90, on, 70));
        TargetResult a = run(spec, same);
        TargetResult b = run(spec, surge);

        int until = rowAt(a, t);
        for (int i = 0; i < until; i++) {
            assertThat(b.row(i).desiredReplicas()).as("row %d", i).isEqualTo(a.row(i).desiredReplicas());
            assertThat(b.row(i).summary()).as("row %d", i).isEqualTo(a.row(i).summary());
        }
        boolean differs = false;
        for (int i = until; i < a.size(); i++) differs |= a.row(i).desiredReplicas() != b.row(i).desiredReplicas();
        assertThat(differs).as("the traces do differ after t").isTrue();
    }

    @Test
    void aQuantileAboveFiftyPlansForTheForecastsRecentErrors() {
        Trace trace = trace(DAYS, 17, PredictiveReplayTest::daily);
        PredictivePolicy p90 = new PredictivePolicy("forecast", "request_rate", 85, SERVICE.capacityPerReplica(), SERVICE.startup(),
                Model.HOLT_WINTERS_ADDITIVE, Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofDays(1), 0, false, null, 90);
        // reactive tracking at 95 % leaves the forecast's floor (at 85 %) to bind
        TargetResult point = run(target("api", 1, 40, 3, List.of(tracking("cpu", 95), predictive(false, null)), AWS, SERVICE, "cpu"), trace);
        TargetResult upper = run(target("api", 1, 40, 3, List.of(tracking("cpu", 95), p90), AWS, SERVICE, "cpu"), trace);

        assertThat(upper.scorecard().replicaHours()).isGreaterThan(point.scorecard().replicaHours());
        assertThat(upper.rows()).anySatisfy(r -> assertThat(r.summary()).contains("p90 with", "for its recent errors"));
    }

    @Test
    void aMaximumCapacityBufferLetsOnlyTheForecastPassMax() {
        // the ramp to 1000 needs ceil(1030 / 85) = 13 replicas; max is 10, and a 20 % buffer lets the floor reach 12
        Trace trace = trace(DAYS, 19, PredictiveReplayTest::daily);
        PredictivePolicy buffered = new PredictivePolicy("forecast", "request_rate", 85, SERVICE.capacityPerReplica(), SERVICE.startup(),
                Model.HOLT_WINTERS_ADDITIVE, Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofDays(1), 20, false, null);
        TargetResult within = run(target("api", 1, 10, 3, List.of(tracking("cpu", 70), predictive(false, null)), AWS, SERVICE, "cpu"), trace);
        TargetResult past = run(target("api", 1, 10, 3, List.of(tracking("cpu", 70), buffered), AWS, SERVICE, "cpu"), trace);

        assertThat(within.rows()).extracting(Row::desiredReplicas).allMatch(n -> n <= 10);
        assertThat(past.rows()).extracting(Row::desiredReplicas).allMatch(n -> n <= 12).contains(12);
        assertThat(past.rows()).filteredOn(r -> r.desiredReplicas() > 10).allSatisfy(r -> assertThat(r.summary())
                .contains("max 10 may be exceeded up to 12 (maxCapacityBuffer 20 %)"));
    }

    private static PredictivePolicy withFallback(double fallbackUtilization, PredictivePolicy.ErrorGuard guard, boolean forecastOnly) {
        return new PredictivePolicy("forecast", "request_rate", 85, SERVICE.capacityPerReplica(), SERVICE.startup(), Model.HOLT_WINTERS_ADDITIVE,
                Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofDays(1), 0, forecastOnly, guard, 50, PredictivePolicy.QuantileOn.EVERY_STEP, fallbackUtilization);
    }

    @Test
    void whileTheForecastWarmsUpAFallbackHoldsTheRecentLoadAtItsUtilization() {
        // reactive tracking at 95 % answers only surprises; before the model has two days, the fallback plans the load at 70 %
        // the morning climbs from 200 to 1000 req/s over four hours: faster than 5 % per startup time
        Trace trace = trace(3, 23, t -> {
            double hour = Duration.between(T0, t).toMinutes() % 1440 / 60.0;
            return hour < 6 || hour >= 20 ? 200 : hour >= 10 ? 1000 : 200 + 200 * (hour - 6);
        });
        TargetResult bare = run(target("api", 1, 40, 3, List.of(tracking("cpu", 95), predictive(false, null)), AWS, SERVICE, "cpu"), trace);
        TargetResult held = run(target("api", 1, 40, 3, List.of(tracking("cpu", 95), withFallback(70, null, false)), AWS, SERVICE, "cpu"), trace);

        Instant day = T0.plus(Duration.ofHours(12));
        Row r = held.row(rowAt(held, day));
        // 1000 req/s +-3 %: at 70 % of 100 req/s a replica that is ceil(load / 70), 14 or 15 replicas
        assertThat(r.desiredReplicas()).as("%s", r).isBetween(14, 15);
        assertThat(bare.row(rowAt(bare, day)).desiredReplicas()).as("reactive at 95 %% alone holds fewer").isLessThan(r.desiredReplicas());
        assertThat(held.rows()).filteredOn(row -> row.reason() == Reason.ForecastWarmingUp).isNotEmpty();
        assertThat(held.rows()).anySatisfy(row -> assertThat(row.summary()).contains("forecast warming up",
                "fallback: recent request_rate", "x 0.7)) =", "(fallbackUtilization)"));
        assertThat(held.scorecard().underProvisionedMinutes()).isLessThan(bare.scorecard().underProvisionedMinutes());
        // once the model is fit (after two days), the forecast's floor replaces the fallback
        Row late = held.row(rowAt(held, T0.plus(Duration.ofDays(2)).plus(Duration.ofHours(12))));
        assertThat(late.summary()).doesNotContain("fallback");
    }

    @Test
    void whenTheErrorGuardTripsTheFallbackHoldsInsteadOfTheForecast() {
        Instant change = T0.plus(Duration.ofDays(7));
        java.util.function.Function<Instant, Double> shifted = t -> t.isBefore(change) ? daily(t) : daily(t.minus(Duration.ofHours(6)));
        Trace trace = trace(DAYS, 11, shifted);
        PredictivePolicy.ErrorGuard guard = new PredictivePolicy.ErrorGuard(PredictivePolicy.ErrorMeasure.WAPE, Duration.ofHours(3), 25);
        TargetResult r = run(target("api", 1, 40, 3, List.of(tracking("cpu", 95), withFallback(70, guard, false)), AWS, SERVICE, "cpu"), trace);

        List<Row> guarded = r.rows().stream().filter(row -> row.summary().contains("error guard: forecast wape")).toList();
        assertThat(guarded).isNotEmpty().allSatisfy(row -> assertThat(row.summary()).contains("fallback: recent request_rate", "(ignored: ")
                .doesNotContain("reactive only"));
        assertThat(guarded).anySatisfy(row -> assertThat(row.reason()).isEqualTo(Reason.ForecastGuard));
    }

    @Test
    void forecastOnlyHoldsNoFallbackEither() {
        Trace trace = trace(2, 29, PredictiveReplayTest::daily);
        TargetResult reactive = run(spec(), trace);
        TargetResult only = run(spec(withFallback(70, null, true)), trace);
        for (int i = 0; i < only.size(); i++) {
            assertThat(only.row(i).desiredReplicas()).as("row %d", i).isEqualTo(reactive.row(i).desiredReplicas());
        }
    }

    @Test
    void aQuantileOnRisesAddsHeadroomWhereTheForecastClimbsAndNowhereElse() {
        // a gentle morning ramp (200 -> 1000 req/s over four hours) with 8 % noise: the forecasts made on the ramp run low
        Random noise = new Random(31);
        Trace.Builder b = Trace.builder();
        for (int m = 0; m < DAYS * 1440; m += 5) {
            double hour = m % 1440 / 60.0;
            double level = hour < 6 || hour >= 20 ? 200 : hour >= 10 && hour < 16 ? 1000 : hour < 10 ? 200 + 200 * (hour - 6) : 1000 - 200 * (hour - 16);
            b.add("demand", T0.plusSeconds(60L * m), level * (1 + 0.08 * (noise.nextDouble() * 2 - 1)));
        }
        Trace trace = b.build();
        // planned at 97 %: the point forecast's misses on the ramp are not absorbed by headroom
        java.util.function.BiFunction<Double, PredictivePolicy.QuantileOn, PredictivePolicy> full = (q, on) -> new PredictivePolicy("forecast",
                "request_rate", 97, SERVICE.capacityPerReplica(), SERVICE.startup(), Model.HOLT_WINTERS_ADDITIVE, Duration.ofMinutes(5), Duration.ofDays(7),
                Duration.ofDays(1), 0, false, null, q, on, 70);
        TargetResult point = run(target("api", 1, 40, 3, List.of(tracking("cpu", 99), full.apply(50.0, PredictivePolicy.QuantileOn.EVERY_STEP)), AWS, SERVICE, "cpu"), trace);
        TargetResult every = run(target("api", 1, 40, 3, List.of(tracking("cpu", 99), full.apply(95.0, PredictivePolicy.QuantileOn.EVERY_STEP)), AWS, SERVICE, "cpu"), trace);
        TargetResult rises = run(target("api", 1, 40, 3, List.of(tracking("cpu", 99), full.apply(95.0, PredictivePolicy.QuantileOn.RISES)), AWS, SERVICE, "cpu"), trace);

        assertThat(rises.scorecard().replicaHours()).as("headroom on the ramps only")
                .isGreaterThan(point.scorecard().replicaHours()).isLessThan(every.scorecard().replicaHours());
        // on this trace: 75 under-provisioned minutes for the point forecast, 30 on rises, 10 on every step
        assertThat(rises.scorecard().underProvisionedMinutes()).isLessThan(point.scorecard().underProvisionedMinutes() / 2);
        // a floor raised on the morning ramp says it planned for the rise; one that holds the count on the way down, the point forecast
        List<Row> floors = rises.rows().stream().filter(r -> r.reason() == Reason.PredictiveFloor).toList();
        assertThat(floors).anySatisfy(r -> assertThat(r.summary()).contains("a rise: p95 with", "for its recent errors on rises (", " of the last 72 measured)"));
        assertThat(floors).anySatisfy(r -> assertThat(r.summary()).contains("no rise: the point forecast"));
        assertThat(every.rows()).noneSatisfy(r -> assertThat(r.summary()).contains("rise"));
    }

    @Test
    void aSaturatedCountIsSaidAsSaturatedNotAsANumber() {
        // a legal but absurd fallback utilization: the count saturates, and max holds it
        TargetResult r = run(target("api", 1, 40, 3, List.of(tracking("cpu", 95), withFallback(1e-300, null, false)), AWS, SERVICE, "cpu"),
                trace(1, 37, PredictiveReplayTest::daily));
        assertThat(r.rows()).anySatisfy(row -> assertThat(row.summary()).contains("= more than 2147483646 (saturated) replicas"))
                .noneSatisfy(row -> assertThat(row.summary()).contains("2147483647"));
        assertThat(r.rows()).extracting(Row::desiredReplicas).allMatch(n -> n <= 40);
    }
}
