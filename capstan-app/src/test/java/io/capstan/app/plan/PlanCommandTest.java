package io.capstan.app.plan;

import io.capstan.app.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code capstan plan} end to end on small synthetic histories whose every number can be worked out by hand: the
 * report's growth, runway dates, phase months and replicas are those numbers.
 */
class PlanCommandTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z"); // a Monday

    @TempDir
    Path dir;

    /** An hourly trace of {@code hours} hours from T0, each value given by the hour's index. */
    private Path hourly(String name, int hours, IntToDoubleFunction value) throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,load\n");
        for (int h = 0; h < hours; h++) sb.append(T0.plus(Duration.ofHours(h))).append(',').append(value.applyAsDouble(h)).append('\n');
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("plan.yaml"), yaml);
    }

    private CliRun plan(Path config, Path history, String lookahead, String... more) {
        String[] base = {"plan", "--config", config.toString(), "--history", history.toString(), "--lookahead", lookahead, "--out",
                dir.resolve("out").toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    private String md() throws IOException {
        return Files.readString(dir.resolve("out/plan.md"));
    }

    /**
     * y = 100 + h over 7 days: slope 1 per hour exactly (every pair), no daily shape, no residuals. The history ends
     * at 2024-03-10 23:00 (267), so the forecast is 268 + k from 2024-03-11 00:00. Capacity 4 x 100 = 400: 70 % is 280
     * (k = 12: 2024-03-11 12:00), 85 % is 340 (k = 72: 2024-03-14 00:00).
     */
    @Test
    void linearGrowthOfAKnownSlopeGivesTheRunwayDateAndTheGrowthRates() throws IOException {
        Path history = hourly("linear.csv", 7 * 24, h -> 100 + h);
        Path config = config("plan:\n  unit: req/s\n  replicas: 4\n  capacityPerReplica: 100\n");
        CliRun r = plan(config, history, "30d");
        assertThat(r.exit()).as(r.err()).isZero();
        String md = md();
        assertThat(md).contains("| per day | +24 req/s | +8.99 % |") // 24 / 267
                .contains("| per week | +168 req/s | +62.92 % |")
                .contains("| per month (30 days) | +720 req/s | +269.7 % |")
                .contains("Trend level now: 267 req/s")
                .contains("Capacity now: 400 req/s (4 replicas, 100 req/s per replica)");
        assertThat(md).contains("| plan | 70 % = 280 req/s | 2024-03-11 12:00 UTC, in 12h | 2024-03-11 12:00 UTC, in 12h |")
                .contains("| act | 85 % = 340 req/s | 2024-03-14 00:00 UTC, in 3.0 days |");
        // the peak of 30 days: k = 719, 268 + 719 = 987; ceil(987 / (100 x 0.7)) = ceil(14.1) = 15
        assertThat(md).contains("| p50 | 987 req/s | 2024-04-09 23:00 UTC | 15 | +11 on 4 | ceil(987 / (100 × (1 − 30 %))) = 15 |");
        assertThat(r.out()).contains("Growth: +720 req/s per month (+269.7 % of the level) on a level of 267 req/s")
                .contains("plan (70 %): p90 2024-03-11 12:00 UTC, in 12h")
                .contains("Plan: " + dir.resolve("out/plan.html"));
        String html = Files.readString(dir.resolve("out/plan.html"));
        assertThat(html).contains("<svg").contains("<polygon").contains("plan 70 % (280)").contains("act 85 % (340)")
                .contains("<td>2024-03-11 12:00 UTC, in 12h</td>");
    }

    @Test
    void aThresholdPastTheLookaheadIsSaidSoWithTheTrendsExtrapolatedMonth() throws IOException {
        Path history = hourly("linear.csv", 7 * 24, h -> 100 + h);
        // 1 day ahead: the forecast reaches 291; 340 is 49 hours further, 72 h after the forecast starts: 2024-03-14
        CliRun r = plan(config("plan:\n  replicas: 4\n  capacityPerReplica: 100\n"), history, "1d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(md()).contains("| act | 85 % = 340 | not within the 1.0 days lookahead (the trend reaches it around 2024-03, in 3.0 days, extrapolated) |");
    }

    @Test
    void aLevelTheLastDayAlreadyPassedIsAlreadyCrossed() throws IOException {
        Path history = hourly("linear.csv", 7 * 24, h -> 100 + h);
        // 3 x 100 = 300: 70 % is 210, below the last day's peak of 267 at 2024-03-10 23:00
        CliRun r = plan(config("plan:\n  replicas: 3\n  capacityPerReplica: 100\n"), history, "30d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(md()).contains("| plan | 70 % = 210 | already crossed: the last day's peak was 267 at 2024-03-10 23:00 UTC |");
    }

    /**
     * Phases on the metric: 300 is reached at k = 32 (2024-03-12 08:00); 2000 is past the 30 days: the forecast ends
     * at 987 (k = 719), 1013 hours more: 1732 hours (149.25 days) after 2024-03-11 00:00: 2024-08-07 06:00 00:00 is 2024-05-22 04:00.
     */
    @Test
    void phasesGetTheirProjectedMonthWithinOrBeyondTheLookahead() throws IOException {
        Path history = hourly("agents.csv", 7 * 24, h -> 100 + h);
        Path config = config("""
                plan:
                  unit: agents
                  phases:
                    - {name: vertical scale, at: 150}
                    - {name: component split, at: 300}
                    - {name: horizontal scale, at: 2000}
                """);
        CliRun r = plan(config, history, "30d");
        assertThat(r.exit()).as(r.err()).isZero();
        String md = md();
        assertThat(md).contains("| vertical scale | 150 agents | already | already |")
                .contains("| component split | 300 agents | 2024-03 | 2024-03 | 2024-03-12 08:00 UTC, in 1.3 days |")
                .contains("| horizontal scale | 2000 agents | 2024-05 (extrapolated) | 2024-05 (extrapolated) | not within the 30 days lookahead "
                        + "(the trend reaches it around 2024-05, in 2.4 months, extrapolated) |");
        assertThat(md).contains("Runway not computed: no capacity model").contains("Replicas not computed: no capacity model");
        assertThat(r.out()).contains("horizontal scale (2000 agents): 2024-05 (extrapolated) at p90");
    }

    @Test
    void aDailyCycleOnATrendGivesTheSlopeThePeakHourAndAPeakAtTheDailyPeak() throws IOException {
        // y = 100 + 0.5 h + 10 (h mod 24): pairs whole days apart all have slope 0.5, so 12 per day
        Path history = hourly("daily.csv", 14 * 24, h -> 100 + 0.5 * h + 10 * (h % 24));
        CliRun r = plan(config("plan:\n  utilization: false\n"), history, "7d");
        assertThat(r.exit()).as(r.err()).isZero();
        String md = md();
        assertThat(md).contains("| per day | +12 |");
        // at the current level every hour's mean is its profile over the same base: 23:00 is 230 above 00:00
        assertThat(md).contains("Peak hour of the day: 23:00-00:00 UTC");
        // the forecast's peak is at the last day's 23:00: 100 + 0.5 x 503 + 230 = 581.5
        assertThat(md).contains("Forecast peak p50: 581.5 at 2024-03-24 23:00 UTC");
    }

    @Test
    void thePeakDayOfTheWeekIsTheBusiestDayAtTheCurrentLevel() throws IOException {
        // flat 100, Wednesdays 150: two weeks from a Monday
        Path history = hourly("weekly.csv", 14 * 24, h -> (h / 24) % 7 == 2 ? 150 : 100);
        CliRun r = plan(config("plan: {}\n"), history, "7d");
        assertThat(r.exit()).as(r.err()).isZero();
        // mean: (6 x 100 + 150) / 7 = 107.14, shown as 107.1; Wednesday 150 is 40 % above it
        assertThat(md()).contains("Peak day of the week: Wednesday, mean 150, +40 % over the mean 107.1");
    }

    @Test
    void aFlatSeriesAndAFallingOneNeverReachAThresholdAndSayWhy() throws IOException {
        Path flat = hourly("flat.csv", 3 * 24, h -> 200);
        CliRun r = plan(config("plan:\n  replicas: 4\n  capacityPerReplica: 100\n"), flat, "30d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(md()).contains("Trend: flat.").contains("| per day | 0 | 0 % |")
                .contains("No hour of the day stands out: the busiest, 00:00-01:00 UTC, is within 1 % of the mean")
                .contains("| act | 85 % = 340 | not within the 30 days lookahead (the trend is flat) |");
        Path falling = hourly("falling.csv", 3 * 24, h -> 300 - h);
        r = plan(config("plan:\n  replicas: 4\n  capacityPerReplica: 100\n"), falling, "30d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(md()).contains("Trend: falling.").contains("| per day | -24 |")
                .contains("not within the 30 days lookahead (the trend is falling)");
    }

    @Test
    void aHistoryShorterThanADayStillGivesATrendAndSaysWhatItCannotCompute() throws IOException {
        Path history = hourly("short.csv", 12, h -> 100 + 2 * h);
        CliRun r = plan(config("plan: {}\n"), history, "1d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(md()).contains("| per day | +48 |")
                .contains("less than two days: no daily profile is fitted")
                .contains("Peak hour not computed: the lookback holds 12h, less than a day.")
                .contains("Peak day of week not computed: the lookback holds 12h, less than a week.");
        CliRun tiny = plan(config("plan: {}\n"), hourly("tiny.csv", 3, h -> 1), "1d");
        assertThat(tiny.exit()).isEqualTo(1);
        assertThat(tiny.err()).contains("tiny.csv:1: series load: has 3 steps of 1h in the lookback; a plan needs at least 4 to fit a trend");
    }

    @Test
    void theLookbackCutsTheHistoryToItsMostRecentPart() throws IOException {
        // falling for a week, then rising 2 an hour for two days: a 2-day lookback sees only the rise
        Path history = hourly("turn.csv", 9 * 24, h -> h < 168 ? 1000 - h : 832 + 2 * (h - 168));
        CliRun r = plan(config("plan: {}\n"), history, "1d", "--lookback", "2d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(md()).contains("| per day | +48 |").contains("2.0 days of lookback in steps of 1h (48 steps)");
    }

    @Test
    void badOptionsAreUsageErrors() throws IOException {
        Path history = hourly("linear.csv", 7 * 24, h -> 100 + h);
        Path config = config("plan: {}\n");
        CliRun zero = plan(config, history, "0s");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--lookahead 0s: expected a positive duration, found 0s").contains("Try 'capstan plan --help'");
        CliRun huge = plan(config, history, "400d");
        assertThat(huge.exit()).isEqualTo(2);
        assertThat(huge.err()).contains("--lookahead 400d").contains("longer than the maximum of 366d");
        CliRun subStep = plan(config, history, "30m");
        assertThat(subStep.exit()).isEqualTo(2);
        assertThat(subStep.err()).contains("--lookahead 30m is shorter than one step of 1h");
        CliRun unnamed = CliRun.of("plan", "--config", config.toString(), "--history", "prometheus:http://localhost:9090",
                "--lookahead", "30d", "--out", dir.resolve("out").toString());
        assertThat(unnamed.exit()).isEqualTo(1);
        assertThat(unnamed.err()).contains("plan.metric: with --history prometheus:http://localhost:9090, name the series to plan: <target>.<metric>");
    }

    @Test
    void aMissingSeriesOrSeveralWithoutAMetricAreLocated() throws IOException {
        Path two = Files.writeString(dir.resolve("two.csv"), "timestamp,cpu,rps\n2024-03-04T00:00:00Z,1,2\n2024-03-04T01:00:00Z,1,2\n");
        CliRun r = plan(config("plan: {}\n"), two, "1d");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("two.csv:1: the history has 2 series (cpu, rps): name one with plan.metric in");
        r = plan(config("plan: {metric: rq}\n"), two, "1d");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no series rq (plan.metric in").contains("the history has cpu, rps");
    }

    /**
     * Runbook 001's table: 10 workers carry 1000 + 5/10 x 9000 = 5500 monitors; 70 % is 3850, reached by 100 + h at k = 3582
     * hours - past 30 days, so a 200-day lookahead (at an hourly step). The 30-day peak 987 / 0.7 = 1410 monitors needs
     * 5 + 410 / 9000 x 10 = 5.46, so 6 workers.
     */
    @Test
    void aCapacityTableGivesTheCapacityOfTheReplicasNowAndTheReplicasThePeakNeeds() throws IOException {
        Path history = hourly("monitors.csv", 7 * 24, h -> 100 + h);
        Path config = config("""
                plan:
                  unit: monitors
                  replicas: 10
                  capacityTable:
                    - {load: 100, replicas: 2}
                    - {load: 1000, replicas: 5}
                    - {load: 10000, replicas: 15}
                    - {load: 100000, replicas: 50}
                """);
        CliRun r = plan(config, history, "30d");
        assertThat(r.exit()).as(r.err()).isZero();
        String md = md();
        assertThat(md).contains("Capacity now: 5500 monitors (10 replicas, a capacity table of 4 rows");
        assertThat(md).contains("| p50 | 987 monitors | 2024-04-09 23:00 UTC | 6 | -4 on 10 | table(987 / (1 − 30 %) = 1410 monitors) = 5.46, rounded up: 6 |");
        // 3850 - 987 = 2863 hours past the lookahead's last step: 2863 + 719 = 3582 hours (149.25 days) after 2024-03-11 00:00: 2024-08-07 06:00
        assertThat(md).contains("| plan | 70 % = 3850 monitors | not within the 30 days lookahead (the trend reaches it around 2024-08, in 5.0 months, extrapolated)");
        CliRun far = plan(config, history, "200d");
        assertThat(far.exit()).as(far.err()).isZero();
        assertThat(md()).contains("| plan | 70 % = 3850 monitors | 2024-08-07 06:00 UTC, in 5.0 months |");
    }

    @Test
    void aUtilizationMetricIsComparedWithTheThresholdsDirectly() throws IOException {
        // CPU 40 % rising 1 point a day (1/24 an hour): 70 % is 30 days after the 40 % at the start, 85 % 45 days
        Path history = hourly("cpu.csv", 7 * 24, h -> 40 + h / 24.0);
        CliRun r = plan(config("plan:\n  unit: \"%\"\n  utilization: true\n  replicas: 4\n"), history, "60d");
        assertThat(r.exit()).as(r.err()).isZero();
        String md = md();
        // the last sample is 40 + 167/24 = 46.96; the forecast is 40 + (168 + k)/24: 70 at k = 552 (23 days), 85 at k = 912 (38 days)
        assertThat(md).contains("| plan | 70 % | 2024-04-03 00:00 UTC, in 23 days |").contains("| act | 85 % | 2024-04-18 00:00 UTC, in 38 days |");
        // the 60-day peak: 40 + (168 + 1439) / 24 = 106.96 % (shown to four digits: 107); 4 x 106.96 / 70 = 6.11 -> 7
        assertThat(md).contains("| p50 | 107 % | 2024-05-09 23:00 UTC | 7 | +3 on 4 | ceil(4 × 107 % / (100 % − 30 %)) = 7 |");
    }

    @Test
    void theShippedExampleRuns() {
        CliRun r = CliRun.of("plan", "--config", "../examples/plan.yaml", "--history", "../examples/traces/mongodb-app-rps.csv", "--lookahead", "30d",
                "--out", dir.resolve("out").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Replicas for the p90 peak:");
    }
}
