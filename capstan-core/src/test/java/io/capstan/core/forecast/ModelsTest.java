package io.capstan.core.forecast;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each model on series whose shape is known: what it recovers, and within what error. */
class ModelsTest {
    private static final int HOURLY = 24;
    private static final Seasons HOURS = Seasons.of(Duration.ofHours(1));

    /** The largest |forecast - truth| over the steps after {@code n}. */
    private static double maxError(Fitted f, Synthetic s, int n, int horizon, int perDay) {
        double[] out = f.forecast(horizon);
        double worst = 0;
        for (int k = 0; k < horizon; k++) worst = Math.max(worst, Math.abs(out[k] - s.truth(n + k, perDay)));
        return worst;
    }

    @Test
    void seasonalNaiveRepeatsTheLastDayExactly() {
        double[] y = new double[3 * HOURLY];
        for (int t = 0; t < y.length; t++) y[t] = t % HOURLY * 10 + t / HOURLY; // the day's shape plus a day number
        Fitted f = Model.SEASONAL_NAIVE.fit(y, 0, y.length, HOURS);
        double[] out = f.forecast(2 * HOURLY);
        for (int k = 0; k < out.length; k++) assertThat(out[k]).isEqualTo(y[2 * HOURLY + k % HOURLY]);
        f.observe(1000);
        assertThat(f.forecast(HOURLY)[HOURLY - 1]).isEqualTo(1000);
    }

    @Test
    void holtWintersAdditiveRecoversDailyCycleAndTrendWithinThreeNoiseSigmas() {
        Synthetic s = new Synthetic(100, 0.05, 20, 0, 1, false);
        int n = 21 * HOURLY;
        Fitted f = Model.HOLT_WINTERS_ADDITIVE.fit(s.values(n, HOURLY, 1), 0, n, HOURS);
        assertThat(maxError(f, s, n, HOURLY, HOURLY)).isLessThan(3.0);
    }

    @Test
    void holtWintersMultiplicativeRecoversACycleThatGrowsWithTheLevel() {
        Synthetic s = new Synthetic(100, 0.2, 0.3, 0, 0.5, true);
        int n = 21 * HOURLY;
        Fitted f = Model.HOLT_WINTERS_MULTIPLICATIVE.fit(s.values(n, HOURLY, 2), 0, n, HOURS);
        // The cycle's amplitude at the end is ~0.3 * 200 = 60; within 3 % of the level.
        assertThat(maxError(f, s, n, HOURLY, HOURLY)).isLessThan(0.03 * (100 + 0.2 * n));
    }

    @Test
    void doubleSeasonalSeesTheWeekendThatOneDailyCycleCannot() {
        Synthetic s = new Synthetic(100, 0, 20, 15, 1, false);
        int n = 35 * HOURLY; // ends on a Friday night: the next day is a Saturday
        double[] y = s.values(n, HOURLY, 3);
        double daily = maxError(Model.HOLT_WINTERS_ADDITIVE.fit(y, 0, n, HOURS), s, n, HOURLY, HOURLY);
        double weekly = maxError(Model.HOLT_WINTERS_DOUBLE.fit(y, 0, n, HOURS), s, n, HOURLY, HOURLY);
        assertThat(weekly).isLessThan(4.0);
        assertThat(daily).isGreaterThan(15.0); // forecasts a weekday level for the Saturday
    }

    @Test
    void seasonalMeanWeeklyAveragesTheLastFourWeeksAndHalvesTheNoiseOfOneWeek() {
        Synthetic s = new Synthetic(100, 0, 20, 15, 4, false);
        int n = 42 * HOURLY; // six weeks: the fit averages the last four
        double[] y = s.values(n, HOURLY, 5);
        Fitted mean = Model.SEASONAL_MEAN_WEEKLY.fit(y, 0, n, HOURS);
        double[] out = mean.forecast(7 * HOURLY);
        int week = 7 * HOURLY;
        for (int k = 0; k < out.length; k++) {
            double expected = (y[n - week + k] + y[n - 2 * week + k] + y[n - 3 * week + k] + y[n - 4 * week + k]) / 4;
            assertThat(out[k]).isCloseTo(expected, within(1e-9));
        }
        // Averaging four copies halves the noise's standard deviation: the weekly shape (weekends 21 lower) is
        // recovered within 3 sigma / 2 = 6 where one week's copy strays by up to 3 sigma = 12.
        assertThat(maxError(mean, s, n, week, HOURLY)).isLessThan(6.0);
        assertThat(maxError(Model.SEASONAL_NAIVE_WEEKLY.fit(y, 0, n, HOURS), s, n, week, HOURLY)).isGreaterThan(6.0);
        // A new sample joins its phase's last four (the oldest drops out): a week later it weighs a quarter.
        mean.observe(y[n - week] + 400);
        assertThat(mean.forecast(week)[week - 1]).isCloseTo((y[n - week] + 400 + y[n - week] + y[n - 2 * week] + y[n - 3 * week]) / 4,
                within(1e-9));
    }

    @Test
    void seasonalMeanWeeklyUsesTheWeeksTheHistoryHasAndNeedsTwo() {
        int week = 7 * HOURLY;
        double[] y = new double[2 * week + 5];
        for (int t = 0; t < y.length; t++) y[t] = t;
        assertThat(Model.SEASONAL_MEAN_WEEKLY.unusable(2 * week - 1, HOURS, true)).isEqualTo("needs 336 steps of history, has 335");
        double[] out = Model.SEASONAL_MEAN_WEEKLY.fit(y, 0, y.length, HOURS).forecast(week);
        // Step n + k: its phase one, two and three weeks back, as far as the history reaches (y[t] = t).
        int n = y.length;
        for (int k = 0; k < week; k++) {
            double sum = 0;
            int weeks = 0;
            for (int at = n + k - week; at >= 0; at -= week, weeks++) sum += at;
            assertThat(out[k]).as("step %d", k).isEqualTo(sum / weeks);
        }
        assertThat(out[0]).isEqualTo((n - week + n - 2 * week) / 2.0);
        assertThat(out[week - 1]).isEqualTo((n - 1 + n - 1 - week + n - 1 - 2 * week) / 3.0);
    }

    @Test
    void robustTrendRecoversTheSlopeThroughSpikesAndAnOutage() {
        Synthetic s = new Synthetic(50, 0.1, 10, 0, 1, false);
        int n = 28 * HOURLY;
        double[] y = s.values(n, HOURLY, 4);
        for (int t = 100; t < 106; t++) y[t] *= 8; // a flash crowd
        for (int t = 400; t < 440; t++) y[t] = 0; // an outage
        RobustTrend.Fit f = (RobustTrend.Fit) Model.ROBUST_TREND.fit(y, 0, n, HOURS);
        assertThat(f.slope()).isCloseTo(0.1, within(0.005));
        assertThat(maxError(f, s, n, HOURLY, HOURLY)).isLessThan(3.0);
    }

    @Test
    void aMultiplicativeModelSurvivesASurgeAndItsCollapse() {
        // Ten quiet days, a three-day surge to ten times the level, then back: the fitted trend points steeply down
        // at the end, which drove the base below zero and left the model forecasting nothing (as on the World Cup trace).
        Synthetic quiet = new Synthetic(100, 0, 0.3, 0, 2, true);
        int n = 16 * HOURLY;
        double[] y = quiet.values(n, HOURLY, 9);
        for (int t = 10 * HOURLY; t < 13 * HOURLY; t++) y[t] *= 1 + 9.0 * (t - 10 * HOURLY) / (3 * HOURLY);
        for (int t = 13 * HOURLY; t < 13 * HOURLY + 6; t++) y[t] *= 10 - 1.5 * (t - 13 * HOURLY);
        for (Model m : new Model[] {Model.HOLT_WINTERS_MULTIPLICATIVE, Model.HOLT_WINTERS_DOUBLE_MULTIPLICATIVE}) {
            if (m.unusable(n, HOURS, true) != null) continue;
            double[] out = m.fit(y, 0, n, HOURS, HOURLY).forecast(HOURLY);
            for (int k = 0; k < HOURLY; k++) assertThat(out[k]).as(m.id()).isFinite().isBetween(10.0, 1000.0);
        }
    }

    @Test
    void aConstantSeriesIsForecastAsItselfByEveryModel() {
        double[] y = new double[21 * HOURLY];
        java.util.Arrays.fill(y, 42);
        for (Model m : Model.values()) {
            double[] out = m.fit(y, 0, y.length, HOURS).forecast(HOURLY);
            for (double v : out) assertThat(v).as(m.id()).isCloseTo(42, within(1e-6));
        }
    }

    @Test
    void modelsSayWhyTheyCannotFit() {
        assertThat(Model.HOLT_WINTERS_ADDITIVE.unusable(30, HOURS, true)).isEqualTo("needs 48 steps of history, has 30");
        assertThat(Model.HOLT_WINTERS_MULTIPLICATIVE.unusable(500, HOURS, false)).isEqualTo("multiplicative seasonality needs every value positive");
        assertThat(Model.HOLT_WINTERS_DOUBLE.unusable(500, Seasons.of(Duration.ofMinutes(7)), true)).isEqualTo(
                "the step does not divide a day into two or more steps");
        assertThat(Model.HOLT_WINTERS_ADDITIVE.unusable(48, HOURS, true)).isNull();
        assertThatThrownBy(() -> Model.HOLT_WINTERS_MULTIPLICATIVE.fit(new double[] {1, 0, 2, 3}, 0, 4, new Seasons(2, 0)))
                .hasMessageContaining("positive");
    }

    @Test
    void namesParseAsTheCliGivesThem() {
        assertThat(Model.parse("holt-winters")).contains(Model.HOLT_WINTERS_ADDITIVE);
        assertThat(Model.parse("Seasonal-Naive")).contains(Model.SEASONAL_NAIVE);
        assertThat(Model.parse("arima")).isEmpty();
    }

    @Test
    void aStepThatDoesNotDivideADayHasNoSeasons() {
        assertThat(Seasons.of(Duration.ofMinutes(5))).isEqualTo(new Seasons(288, 2016));
        assertThat(Seasons.of(Duration.ofMinutes(7))).isEqualTo(new Seasons(0, 1440));
        assertThat(Seasons.of(Duration.ofDays(1))).isEqualTo(new Seasons(0, 7));
    }
}
