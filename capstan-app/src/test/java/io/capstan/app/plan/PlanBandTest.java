package io.capstan.app.plan;

import io.capstan.app.CliRun;
import io.capstan.core.forecast.RegularSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The forecast band widens with the horizon by the trend's own uncertainty (docs/plan.md, "The band"), worked out by
 * hand on small series, and stays zero wide where the history leaves no doubt.
 */
class PlanBandTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");

    @TempDir
    Path dir;

    /**
     * y = 10 + 2 i + e over 8 hours, e = (0, 0, 0, 0, 4, -4, 8, 0). No daily profile (under two days); the slopes are
     * between samples 4 apart: 2 + (e[i+4] - e[i]) / 4 = 3, 1, 4, 2 in time order, so the trend's slope is their median
     * 2.5. Their lag-1 autocorrelation is negative ((0.5 x -1.5 + -1.5 x 1.5 + 1.5 x -0.5) / 5 = -0.75), taken as 0:
     * 4 effective slopes, the interval's ends at the quantiles 1/2 -+ 1.28155 / (2 x 2) = 0.17961 and 0.82039 of
     * (1, 2, 3, 4): 1.53884 and 3.46116, so the slope may be 0.96116 a step higher or lower. The intercept is the median
     * of y - 2.5 i = (10, 9.5, 9, 8.5, 12, 3.5, 15, 6.5): 9.25; the residuals sorted are (-5.75, -2.75, -0.75, -0.25,
     * 0.25, 0.75, 2.75, 5.75): q10 -3.65, q50 0, q90 3.65. At step t the band is p50 = 9.25 + 2.5 t, p90 = p50 +
     * hypot(3.65, 0.96116 (t - 3.5)), p10 = p50 - hypot(3.65, 0.96116 (t - 3.5)), 3.5 the middle of the lookback.
     */
    private static final double[] SMALL = {10, 12, 14, 16, 22, 16, 30, 24};
    private static final double UP = 0.9611636741584504;

    @Test
    void theSlopeIntervalOfASmallSeriesIsTheHandComputedOne() {
        SlopeInterval si = SlopeInterval.of(SMALL, 0);
        assertThat(si.slope()).isEqualTo(2.5);
        assertThat(si.slopes()).isEqualTo(4);
        assertThat(si.effective()).isEqualTo(4);
        assertThat(si.low()).isCloseTo(1.5388363258415496, within(1e-12));
        assertThat(si.high()).isCloseTo(3.4611636741584504, within(1e-12));
        assertThat(SlopeInterval.autocorrelation(new double[] {3, 1, 4, 2})).isCloseTo(-0.75, within(1e-12));
    }

    @Test
    void theBandWidensWithTheHorizonAsComputedByHand() {
        PlanAnalysis a = new PlanAnalysis(RegularSeries.of(T0, Duration.ofHours(1), SMALL), 24, ZoneOffset.UTC);
        assertThat(a.q10).isCloseTo(-3.65, within(1e-9));
        assertThat(a.q50).isCloseTo(0, within(1e-9));
        assertThat(a.q90).isCloseTo(3.65, within(1e-9));
        for (int k : new int[] {0, 11, 23}) {
            double t = 8 + k;
            double p50 = 9.25 + 2.5 * t;
            assertThat(a.forecast.p50()[k]).isCloseTo(p50, within(1e-9));
            assertThat(a.forecast.p90()[k]).isCloseTo(p50 + Math.hypot(3.65, UP * (t - 3.5)), within(1e-9));
            assertThat(a.forecast.p10()[k]).isCloseTo(p50 - Math.hypot(3.65, UP * (t - 3.5)), within(1e-9));
        }
        // one hour ahead (t = 8): 29.25 + hypot(3.65, 4.3252) = 34.910; a day ahead (t = 31): 86.75 + hypot(3.65, 26.432) = 113.433
        assertThat(a.forecast.p90()[0]).isCloseTo(34.90952039245075, within(1e-9));
        assertThat(a.forecast.p90()[23]).isCloseTo(113.43282554274546, within(1e-9));
        assertThat(a.forecast.p90()[23] - a.forecast.p10()[23]).isCloseTo(53.36565108549093, within(1e-9));
        for (int k = 1; k < 24; k++) {
            assertThat(a.forecast.p90()[k] - a.forecast.p10()[k]).isGreaterThan(a.forecast.p90()[k - 1] - a.forecast.p10()[k - 1]);
        }
    }

    @Test
    void aFlatNoiselessSeriesAndANoiselessLineKeepABandOfZeroWidth() {
        double[] flat = new double[72];
        java.util.Arrays.fill(flat, 50);
        double[] line = new double[72];
        for (int i = 0; i < line.length; i++) line[i] = 20 + 0.5 * i;
        for (double[] y : new double[][] {flat, line}) {
            PlanAnalysis a = new PlanAnalysis(RegularSeries.of(T0, Duration.ofHours(1), y), 30 * 24, ZoneOffset.UTC);
            for (int k = 0; k < a.horizon; k++) {
                assertThat(a.forecast.p90()[k]).isCloseTo(a.forecast.p50()[k], within(1e-9));
                assertThat(a.forecast.p10()[k]).isCloseTo(a.forecast.p50()[k], within(1e-9));
            }
        }
    }

    /**
     * A line with independent normal noise over 14 days: the interval is the slope's 10th to 90th percentile, so over
     * many seeds it holds the true slope about 80 % of the time (Sen's interval is approximate: 70-93 % is asked), and
     * each time the band is wider a month out than a step out by the slope's uncertainty carried there.
     */
    @Test
    void overManySeedsTheIntervalHoldsTheTrueSlopeAboutEightTimesInTen() {
        int covered = 0;
        int runs = 300;
        for (int seed = 0; seed < runs; seed++) {
            Random random = new Random(seed);
            double[] y = new double[14 * 24];
            for (int i = 0; i < y.length; i++) y[i] = 500 + 0.3 * i + 20 * random.nextGaussian();
            PlanAnalysis a = new PlanAnalysis(RegularSeries.of(T0, Duration.ofHours(1), y), 30 * 24, ZoneOffset.UTC);
            SlopeInterval si = a.slopeInterval;
            if (si.low() <= 0.3 && 0.3 <= si.high()) covered++;
            double first = a.forecast.p90()[0] - a.forecast.p10()[0];
            double last = a.forecast.p90()[a.horizon - 1] - a.forecast.p10()[a.horizon - 1];
            assertThat(last).isGreaterThan(first);
            double d = a.n + a.horizon - 1 - a.pivot;
            assertThat(a.forecast.p90()[a.horizon - 1] - a.forecast.p50()[a.horizon - 1])
                    .isCloseTo(Math.hypot(a.q90 - a.q50, si.up() * d), within(1e-9));
        }
        assertThat(covered / (double) runs).isBetween(0.70, 0.93);
    }

    /**
     * The small series end to end (hourly, so the step is 1h): 2 replicas of 50 req/s, 100 req/s now, 70 % = 70 and
     * 85 % = 85. p90 first reaches 70 at t = 19 (9.25 + 47.5 + hypot(3.65, 0.96116 x 15.5) = 72.09; at t = 18: 68.66),
     * 19:00, 11 hours after the history's end at 08:00; with the old constant band (p50 + 3.65) it was t = 23. p90
     * reaches 85 at t = 23 (23:00; the old band: t = 29), p50 reaches 70 at t = 25 (next day 01:00) and 85 at t = 31
     * (07:00). The p90 peak of the day ahead is 113.43 at t = 31: ceil(113.43 / (50 x 0.7)) = 4 replicas (the old
     * band's 90.4 gave 3).
     */
    @Test
    void runwayAndReplicasAtP90UseTheWideningBand() throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,load\n");
        for (int h = 0; h < SMALL.length; h++) csv.append(T0.plus(Duration.ofHours(h))).append(',').append(SMALL[h]).append('\n');
        Path history = Files.writeString(dir.resolve("small.csv"), csv.toString());
        Path config = Files.writeString(dir.resolve("plan.yaml"), "plan:\n  unit: req/s\n  replicas: 2\n  capacityPerReplica: 50\n");
        CliRun r = CliRun.of("plan", "--config", config.toString(), "--history", history.toString(), "--lookahead", "1d", "--out",
                dir.resolve("out").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(dir.resolve("out/plan.md"));
        assertThat(md).contains("| plan | 70 % = 70 req/s | 2024-03-05 01:00 UTC, in 17h | 2024-03-04 19:00 UTC, in 11h |")
                .contains("| act | 85 % = 85 req/s | 2024-03-05 07:00 UTC, in 23h | 2024-03-04 23:00 UTC, in 15h |")
                .contains("| p90 | 113.4 req/s | 2024-03-05 07:00 UTC | 4 | +2 on 2 | ceil(113.4 / (50 × (1 − 30 %))) = 4 |")
                .contains("(p90 +3.65 req/s, p10 -3.65 req/s around p50)")
                .contains("its slope is +60 req/s a day, between +36.93 and +83.07 req/s a day at 80 % confidence (4 slopes, 4 independent")
                .contains("| 1h | 23.59 req/s | 29.25 req/s | 34.91 req/s | 11.32 req/s |")
                .contains("| 1.0 days | 60.07 req/s | 86.75 req/s | 113.4 req/s | 53.37 req/s |");
        assertThat(r.out()).contains("Forecast peak: p50 86.75 req/s, p90 113.4 req/s").contains("plan (70 %): p90 2024-03-04 19:00 UTC, in 11h");
    }
}
