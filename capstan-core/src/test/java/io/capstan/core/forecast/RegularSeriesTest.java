package io.capstan.core.forecast;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Irregular input onto a regular grid: duplicates, gaps, daylight-saving artefacts, order, aggregation. */
class RegularSeriesTest {
    private static final long H = Duration.ofHours(1).toMillis();
    private static final long T0 = Instant.parse("2017-11-05T00:00:00Z").toEpochMilli();

    @Test
    void aRepeatedHourIsAveragedAndAMissingHourIsFilledAndMarked() {
        // As api-01.csv: local time written as UTC, so the fall-back hour 01:00 appears twice and, in spring, 02:00 never.
        long[] t = {T0, T0 + H, T0 + H, T0 + 2 * H, T0 + 4 * H};
        double[] v = {10, 20, 40, 50, 70};
        RegularSeries s = RegularSeries.resample(t, v, t.length, Duration.ofHours(1));
        assertThat(s.size()).isEqualTo(5);
        assertThat(s.values()).containsExactly(10, 30, 50, 60, 70);
        assertThat(s.observedMask()).containsExactly(true, true, true, false, true);
        assertThat(s.merged()).isEqualTo(1);
        assertThat(s.filled()).isEqualTo(1);
    }

    @Test
    void samplesInAnyOrderLandInTheirBuckets() {
        long[] t = {T0 + 2 * H, T0, T0 + H};
        double[] v = {3, 1, 2};
        assertThat(RegularSeries.resample(t, v, 3, Duration.ofHours(1)).values()).containsExactly(1, 2, 3);
    }

    @Test
    void aFinerInputIsAggregatedToTheMeanPerBucketOnAnEpochAlignedGrid() {
        long m = Duration.ofMinutes(1).toMillis();
        long start = T0 + 3 * m; // 00:03: the first 5-minute bucket is 00:00
        long[] t = new long[10];
        double[] v = new double[10];
        for (int i = 0; i < 10; i++) {
            t[i] = start + i * m;
            v[i] = i;
        }
        RegularSeries s = RegularSeries.resample(t, v, 10, Duration.ofMinutes(5));
        assertThat(s.start()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(s.values()).containsExactly(0.5, 4, 8); // {0,1}, {2..6}, {7,8,9}
        assertThat(s.merged()).isEqualTo(7);
    }

    @Test
    void aGapShorterThanADayTakesYesterdaysShapeAtTodaysLevel() {
        int days = 3;
        long[] t = new long[days * 24];
        double[] v = new double[days * 24];
        int n = 0;
        for (int i = 0; i < days * 24; i++) {
            if (i >= 50 && i < 54) continue; // four hours missing on day 3
            t[n] = T0 + i * H;
            v[n++] = 100 + (i / 24) * 10 + (i % 24 == 3 ? 50 : 0); // a peak at 03:00 each day; each day 10 higher
        }
        RegularSeries s = RegularSeries.resample(t, v, n, Duration.ofHours(1));
        // Hour 51 is 03:00 on day 3: yesterday's peak, lifted by the day's 10.
        assertThat(s.value(51)).isCloseTo(170, within(1e-9));
        assertThat(s.value(50)).isCloseTo(120, within(1e-9));
        assertThat(s.observed(51)).isFalse();
        assertThat(s.filled()).isEqualTo(4);
    }

    @Test
    void aGapLongerThanADayIsInterpolatedLinearlyAndFillsNeverGoNegative() {
        long[] t = {T0, T0 + 30 * H};
        double[] v = {0, 30};
        RegularSeries s = RegularSeries.resample(t, v, 2, Duration.ofHours(1));
        assertThat(s.value(10)).isCloseTo(10, within(1e-9));
        // Yesterday's shape dipping below zero is clamped when no observed value is negative.
        long[] t2 = new long[24 + 3];
        double[] v2 = new double[27];
        for (int i = 0; i < 24; i++) {
            t2[i] = T0 + i * H;
            v2[i] = i == 1 ? 0 : 10;
        }
        t2[24] = T0 + 24 * H;
        v2[24] = 1;
        t2[25] = T0 + 26 * H;
        v2[25] = 1;
        t2[26] = T0 + 27 * H;
        v2[26] = 1;
        RegularSeries s2 = RegularSeries.resample(t2, v2, 27, Duration.ofHours(1));
        assertThat(s2.value(25)).isEqualTo(0); // 0 + offset (1 - 10) would be -9
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThatThrownBy(() -> RegularSeries.resample(new long[0], new double[0], 0, Duration.ofHours(1))).hasMessageContaining("no samples");
        assertThatThrownBy(() -> RegularSeries.resample(new long[] {0}, new double[] {Double.NaN}, 1, Duration.ofHours(1))).hasMessageContaining("finite");
        assertThatThrownBy(() -> RegularSeries.resample(new long[] {0, Duration.ofDays(3650).toMillis()}, new double[] {1, 2}, 2, Duration.ofSeconds(1)))
                .hasMessageContaining("buckets");
        assertThatThrownBy(() -> RegularSeries.resample(new long[] {0}, new double[] {1}, 1, Duration.ZERO)).hasMessageContaining("step");
    }
}
