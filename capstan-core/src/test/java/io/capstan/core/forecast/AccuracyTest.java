package io.capstan.core.forecast;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The rolling-origin evaluation on series whose errors can be worked out by hand. */
class AccuracyTest {
    private static final int DAY = 24;

    /** Hourly: a daily profile plus a trend of 10 a day, so today is yesterday plus 10 at every hour. */
    private static RegularSeries trendingDays(int days) {
        double[] y = new double[days * DAY];
        for (int t = 0; t < y.length; t++) y[t] = 100 + t * 10.0 / DAY + (t % DAY == 18 ? 40 : 0);
        return RegularSeries.of(Synthetic.START, Duration.ofHours(1), y);
    }

    @Test
    void seasonalNaiveIsOffByOneDaysTrendWhichIsTheScaleSoItsMaseIsOne() {
        RegularSeries s = trendingDays(20);
        List<Accuracy.Result> r = Accuracy.evaluate(s, 6, List.of("seasonal-naive", "robust-trend"), Duration.ofDays(56), 5 * DAY, 10);
        Accuracy.Result naive = r.get(0);
        assertThat(naive.mase()).isCloseTo(1.0, within(1e-9));
        assertThat(naive.origins()).isEqualTo(10);
        // The robust trend recovers the line and the profile exactly.
        assertThat(r.get(1).mase()).isCloseTo(0, within(1e-6));
        assertThat(r.get(1).smape()).isCloseTo(0, within(1e-6));
    }

    @Test
    void smapeIsTheMeanOfTheSymmetricPercentageErrors() {
        // One origin, horizon 1: forecast y[t-24], actual y[t] = y[t-24] + 10.
        RegularSeries s = trendingDays(6);
        List<Accuracy.Result> r = Accuracy.evaluate(s, 1, List.of("seasonal-naive"), Duration.ofDays(56), 1, 1);
        int t = s.size() - 1;
        double actual = s.value(t), forecast = s.value(t - DAY);
        assertThat(r.get(0).smape()).isCloseTo(200 * 10 / (actual + forecast), within(1e-9));
        assertThat(r.get(0).origins()).isEqualTo(1);
    }

    @Test
    void autoIsEvaluatedLikeAModelAndSaysWhatItChose() {
        RegularSeries s = trendingDays(20);
        Accuracy.Result auto = Accuracy.evaluate(s, 6, List.of(Accuracy.AUTO), Duration.ofDays(56), 5 * DAY, 4).get(0);
        assertThat(auto.chosen().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(auto.origins());
        assertThat(auto.mase()).isLessThan(0.5); // the trend and the profile are exact: auto finds a model that sees them
    }

    @Test
    void aModelThatCannotFitBeforeTheFirstOriginIsLeftOutAndAnUnknownOneRefused() {
        RegularSeries s = trendingDays(10);
        List<Accuracy.Result> r = Accuracy.evaluate(s, 6, List.of("seasonal-naive", "holt-winters-double"), Duration.ofDays(56), 3 * DAY, 4);
        assertThat(r).extracting(Accuracy.Result::model).containsExactly("seasonal-naive");
        assertThatThrownBy(() -> Accuracy.evaluate(s, 6, List.of("arima"), Duration.ofDays(56), 3 * DAY, 4)).hasMessageContaining("unknown model arima");
        assertThatThrownBy(() -> Accuracy.evaluate(s, 6, List.of("seasonal-naive"), Duration.ofDays(56), s.size(), 4)).hasMessageContaining("do not fit");
    }
}
