package io.capstan.core.forecast;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The robust trend as capacity planning reads it: slope, level and daily shape recovered, a spike ignored. */
class TrendFitTest {
    @Test
    void recoversTheSlopeAndTheDailyShapeAndIgnoresASpike() {
        double[] y = new double[7 * 24];
        for (int i = 0; i < y.length; i++) y[i] = 50 + 0.25 * i + (i % 24 == 12 ? 40 : 0);
        y[100] += 10_000; // a flash crowd
        TrendFit fit = TrendFit.of(RegularSeries.of(Instant.EPOCH, Duration.ofHours(1), y), 24);
        assertThat(fit.slopePerStep()).isCloseTo(0.25, within(1e-12));
        assertThat(fit.dailyProfile()).hasSize(24);
        assertThat(fit.dailyProfile()[12] - fit.dailyProfile()[11]).isCloseTo(40, within(1e-9));
        assertThat(fit.value(200)).isCloseTo(50 + 0.25 * 200, within(1e-9)); // 200 mod 24 = 8: no peak
        assertThat(fit.value(204) - fit.level(204)).isCloseTo(fit.dailyProfile()[12], within(1e-12));
    }

    @Test
    void withoutADailyCycleTheProfileIsOneZero() {
        TrendFit fit = TrendFit.of(RegularSeries.of(Instant.EPOCH, Duration.ofHours(1), 10, 8, 6, 4, 2), 0);
        assertThat(fit.slopePerStep()).isEqualTo(-2);
        assertThat(fit.dailyProfile()).containsExactly(0);
        assertThat(fit.value(5)).isEqualTo(0);
        assertThat(TrendFit.minimumLength(0)).isEqualTo(4);
        assertThat(TrendFit.minimumLength(24)).isEqualTo(48);
    }
}
