package io.capstan.core.policy;

import io.capstan.core.forecast.Model;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A track warmed with the history before a live start forecasts at once, says where its history came from, and looks no further than it was given. */
class ForecastTrackWarmTest {
    static final Instant NOW = Instant.parse("2026-03-10T06:00:00Z");
    static final Duration STEP = Duration.ofMinutes(5);

    /** A daily cycle: 200 at night, 1000 from 08:00 to 20:00, no noise. */
    static double load(long epochMillis) {
        long minuteOfDay = Math.floorMod(epochMillis / 60_000, 1440);
        return minuteOfDay >= 8 * 60 && minuteOfDay < 20 * 60 ? 1000 : 200;
    }

    static PredictivePolicy policy(Duration lead) {
        return new PredictivePolicy("forecast", "request_rate", 85, 100, lead, Model.SEASONAL_NAIVE, STEP, Duration.ofDays(7), Duration.ofDays(1),
                0, false, null);
    }

    /** {@code days} of 1-minute means before {@code end}, as the store gives them. */
    static long[] times(int days, Instant end) {
        int n = days * 1440;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = end.toEpochMilli() - (long) (n - i) * 60_000;
        return t;
    }

    static double[] values(long[] times) {
        double[] v = new double[times.length];
        for (int i = 0; i < v.length; i++) v[i] = load(times[i]);
        return v;
    }

    @Test
    void aFreshTrackHasNoForecastAndAWarmedOneForecastsTheRampAtOnce() {
        // 06:00, lead 2h15m: the forecast must see the 08:00 ramp coming from yesterday's.
        PredictivePolicy p = policy(Duration.ofMinutes(135));
        ForecastTrack cold = new ForecastTrack(p);
        assertThat(cold.predict(NOW).value()).isNull();

        ForecastTrack warm = new ForecastTrack(p);
        long[] t = times(3, NOW);
        int taken = warm.warm(t, values(t), t.length, "the store");

        assertThat(taken).isEqualTo(3 * 1440);
        ForecastTrack.Prediction at = warm.predict(NOW);
        assertThat(at.value()).isCloseTo(1000, within(1e-9));
        // the last step, 05:55-06:00, stays open until a later step's sample or 06:05
        assertThat(at.note()).startsWith("2d23h55m of history (warm start: 3d from the store)");
        // At 06:00 with a 1-hour lead the ramp is not yet in sight: the night's level.
        ForecastTrack shortLead = new ForecastTrack(policy(Duration.ofHours(1)));
        shortLead.warm(t, values(t), t.length, "the store");
        assertThat(shortLead.predict(NOW).value()).isCloseTo(200, within(1e-9));
    }

    @Test
    void tooLittleHistorySaysHowMuchTheWarmStartGaveAndWhatTheModelNeeds() {
        ForecastTrack warm = new ForecastTrack(policy(Duration.ofMinutes(5)));
        long[] t = new long[120];
        for (int i = 0; i < t.length; i++) t[i] = NOW.toEpochMilli() - (long) (t.length - i) * 60_000;
        warm.warm(t, values(t), t.length, "prometheus at http://p:9090");

        ForecastTrack.Prediction at = warm.predict(NOW);
        assertThat(at.value()).isNull();
        assertThat(at.note()).contains("needs 288 steps of history").endsWith("(warm start: 2h from prometheus at http://p:9090)");
    }

    @Test
    void liveSamplesCarryAWarmedTrackOnAndHistoryOlderThanItsOpenStepIsNotTakenAgain() {
        ForecastTrack warm = new ForecastTrack(policy(Duration.ofMinutes(5)));
        long[] t = times(2, NOW);
        warm.warm(t, values(t), t.length, "the store");
        assertThat(warm.warm(t, values(t), t.length, "the store again")).isZero();
        assertThat(warm.predict(NOW).note()).contains("from the store)");

        // A day of live samples later, the history has grown by that day and the forecast follows the cycle.
        Instant later = NOW;
        for (int m = 0; m < 1440; m++) {
            later = NOW.plusSeconds(60L * m);
            warm.add(later.toEpochMilli(), load(later.toEpochMilli()));
        }
        ForecastTrack.Prediction p = warm.predict(later.plusSeconds(60));
        assertThat(p.history()).isGreaterThanOrEqualTo(Duration.ofDays(3).minus(STEP.multipliedBy(2)));
        assertThat(p.value()).isCloseTo(load(later.plusSeconds(60).toEpochMilli()), within(1e-9));
    }
}
