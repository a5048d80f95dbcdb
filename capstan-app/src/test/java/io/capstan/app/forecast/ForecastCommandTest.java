package io.capstan.app.forecast;

import io.capstan.app.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan forecast} end to end, in process: the files it writes, and bad input located. */
class ForecastCommandTest {
    private static final Path MONGODB = Path.of("../examples/traces/mongodb-app-rps.csv");

    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** An hourly trace of {@code days} days: a daily shape, each hour's value its hour of day times 10 plus 100. */
    private Path periodic(int days) throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        Instant t0 = Instant.parse("2024-03-04T00:00:00Z");
        for (int h = 0; h < days * 24; h++) sb.append(t0.plus(Duration.ofHours(h))).append(',').append(100 + (h % 24) * 10).append('\n');
        return Files.writeString(dir.resolve("periodic.csv"), sb.toString());
    }

    @Test
    void forecastsTheShippedMongoDbTraceIntoCsvAndHtml() throws IOException {
        Path out = dir.resolve("out");
        CliRun r = run("forecast", "--trace", MONGODB.toString(), "--horizon", "1h", "--model", "holt-winters", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Forecast 60 steps of 1m (1h) from 2018-05-06T00:00:00Z with holt-winters-additive");
        List<String> csv = Files.readAllLines(out.resolve("forecast.csv"));
        assertThat(csv).hasSize(61);
        assertThat(csv.get(0)).isEqualTo("time,p10,p50,p90,model");
        assertThat(csv.get(1)).startsWith("2018-05-06T00:00:00Z,").endsWith(",holt-winters-additive");
        assertThat(csv.get(60)).startsWith("2018-05-06T00:59:00Z,");
        for (String line : csv.subList(1, csv.size())) {
            String[] c = line.split(",");
            double p10 = Double.parseDouble(c[1]), p50 = Double.parseDouble(c[2]), p90 = Double.parseDouble(c[3]);
            assertThat(p10).isLessThanOrEqualTo(p50);
            assertThat(p50).isLessThanOrEqualTo(p90);
            // The trace's last hours run between about 1,400 and 4,000 queries/s.
            assertThat(p50).isBetween(1000.0, 5000.0);
        }
        String html = Files.readString(out.resolve("forecast.html"));
        assertThat(html).contains("<svg").contains("<polygon").contains("holt-winters-additive (chosen)").contains("mongodb-app-rps.csv (demand)");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "-1h | error: --horizon -1h: expected a positive duration, found -1h",
            "0s | error: --horizon 0s: expected a positive duration, found 0s",
            "1e308 | error: --horizon 1e308: duration 1e308 is longer than the maximum of 366d",
            "5x | error: --horizon 5x: expected a duration such as 90s, 5m or 1h30m, found '5x'"})
    void aHorizonIsReadInTheDurationGrammarEveryOptionShares(String value, String message) {
        CliRun r = run("forecast", "--trace", MONGODB.toString(), "--horizon", value, "--out", dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).contains(message);
        // a bare number is seconds, as in simulate's --warm-up and a policy file: 1e3 is 1000 s, not a bad unit
        CliRun seconds = run("forecast", "--trace", MONGODB.toString(), "--horizon", "3.6e3", "--out", dir.resolve("s").toString());
        assertThat(seconds.exit()).as(seconds.err()).isZero();
        assertThat(seconds.out()).contains("Forecast 60 steps of 1m (1h)");
    }

    @Test
    void theHistoryLineSaysWhatWasFittedNotTheWholeTrace() {
        CliRun windowed = run("forecast", "--trace", MONGODB.toString(), "--horizon", "1h", "--history", "2d", "--out", dir.resolve("w").toString());
        assertThat(windowed.exit()).as(windowed.err()).isZero();
        assertThat(windowed.out()).contains("History: 2880 steps from 2018-05-04T00:00:00Z (the last 2d, --history; the trace has 15840 steps"
                + " from 2018-04-25T00:00:00Z)");
        CliRun whole = run("forecast", "--trace", MONGODB.toString(), "--horizon", "1h", "--out", dir.resolve("a").toString());
        assertThat(whole.out()).contains("History: 15840 steps from 2018-04-25T00:00:00Z\n");
    }

    @Test
    void aHorizonLongerThanTheBacktestCanTestIsRefusedSayingWhatTheHistoryBacks() {
        String o = dir.resolve("out").toString();
        CliRun r = run("forecast", "--trace", MONGODB.toString(), "--horizon", "366d", "--out", o);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--horizon 366d is longer than the backtest can test on 11d of history, so its score and intervals "
                + "would not be measured: the longest this history backs is 10d (--horizon 10d); a 366d horizon needs at least 367d of history");
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(run("forecast", "--trace", MONGODB.toString(), "--horizon", "10d", "--out", o).exit()).isZero();
        CliRun windowed = run("forecast", "--trace", MONGODB.toString(), "--horizon", "2d", "--history", "2d", "--out", o);
        assertThat(windowed.exit()).isEqualTo(2);
        assertThat(windowed.err()).contains("test on 2d of history (--history 2d)").contains("the longest this history backs is 1d")
                .contains("(raise --history)");
    }

    @Test
    void aHistoryTooShortForAnyModelSaysHowMuchItHasAndHowMuchIsNeeded() throws IOException {
        StringBuilder rows = new StringBuilder("timestamp,cpu\n");
        for (int i = 0; i < 10; i++) rows.append(String.format("2026-01-01T00:%02d:00Z,5%n", i));
        Path t = Files.writeString(dir.resolve("ten.csv"), rows.toString());
        CliRun r = run("forecast", "--trace", t.toString(), "--horizon", "5m", "--out", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(t + ":1: series cpu: has 10m of history (10 steps of 1m); the shortest any model fits is 1d, "
                + "and a 5m horizon needs at least 1d5m of history");
        CliRun windowed = run("forecast", "--trace", MONGODB.toString(), "--horizon", "1m", "--history", "90s", "--out", dir.resolve("out").toString());
        assertThat(windowed.exit()).isEqualTo(1);
        assertThat(windowed.err()).contains("has 1m of history (1 step of 1m, the --history 90s); the shortest any model fits is 1d")
                .contains("(raise --history)");
    }

    @Test
    void aTraceSparserThanTheLongestStepIsRefusedWithoutSuggestingAnInvalidStep() throws IOException {
        Path t = Files.writeString(dir.resolve("span.csv"), "timestamp,cpu\n0001-01-01T00:00:00Z,5\n9999-12-31T23:59:00Z,5\n");
        CliRun r = run("forecast", "--trace", t.toString(), "--horizon", "366d", "--out", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(t + ":1: series cpu: its samples are 3652058d23h59m apart (median), further than the longest step "
                + "a forecast takes (366d): too sparse to forecast").doesNotContain("steps");
    }

    /** forecast's files get the permissions simulate's get (the umask's), not a temporary file's owner-only 0600. */
    @Test
    void writtenFilesHaveTheUsualPermissionsNotOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path out = dir.resolve("perm");
        assertThat(run("forecast", "--trace", "value=" + periodic(10), "--horizon", "1h", "--out", out.toString()).exit()).isZero();
        Path probe = Files.createFile(dir.resolve("probe"));
        for (String name : List.of("forecast.csv", "forecast.html")) {
            assertThat(Files.getPosixFilePermissions(out.resolve(name))).as(name).isEqualTo(Files.getPosixFilePermissions(probe));
        }
    }

    @Test
    void seasonalNaiveOnAPerfectlyRegularDayRepeatsItWithNoInterval() throws IOException {
        Path trace = periodic(10);
        Path out = dir.resolve("out");
        CliRun r = run("forecast", "--trace", "value=" + trace, "--horizon", "1d", "--model", "seasonal-naive", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("forecast.csv"));
        assertThat(csv).hasSize(25);
        assertThat(csv.get(1)).isEqualTo("2024-03-14T00:00:00Z,100,100,100,seasonal-naive");
        assertThat(csv.get(24)).isEqualTo("2024-03-14T23:00:00Z,330,330,330,seasonal-naive");
    }

    @Test
    void aRepeatedAndAMissingHourAreReadAndTheGapIsSaid() throws IOException {
        // Local time written as UTC: the fall-back hour 01:00 twice, and a spring-forward hour missing.
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        Instant t0 = Instant.parse("2024-03-04T00:00:00Z");
        for (int h = 0; h < 10 * 24; h++) {
            if (h == 100) continue;
            sb.append(t0.plus(Duration.ofHours(h))).append(',').append(100 + (h % 24) * 10 + (h * 7 % 5)).append('\n');
            if (h == 50) sb.append(t0.plus(Duration.ofHours(h))).append(",999\n");
        }
        Path trace = Files.writeString(dir.resolve("dst.csv"), sb.toString());
        CliRun r = run("forecast", "--trace", "value=" + trace, "--horizon", "6h", "--out", dir.resolve("out").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 steps without a sample filled across gaps (not scored)");
        CliRun strict = run("forecast", "--trace", "value=" + trace, "--horizon", "6h", "--dedupe", "error", "--out", dir.resolve("out2").toString());
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.err()).contains(trace + ":53:1: duplicate timestamp 2024-03-06T02:00:00Z");
    }

    @Test
    void badInputIsLocatedAndWritesNothing() throws IOException {
        Path trace = periodic(3);
        Path wide = Files.writeString(dir.resolve("wide.csv"), "timestamp,cpu,memory\n2024-01-01T00:00:00Z,1,2\n2024-01-01T01:00:00Z,1,2\n");
        Path broken = Files.writeString(dir.resolve("broken.csv"), "timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,abc\n");
        Path out = dir.resolve("out");
        String o = out.toString();

        CliRun several = run("forecast", "--trace", wide.toString(), "--horizon", "1h", "--out", o);
        assertThat(several.exit()).isEqualTo(1);
        assertThat(several.err()).contains(wide + ":1: the trace has 2 series (cpu, memory): choose one with --metric");

        CliRun missing = run("forecast", "--trace", wide.toString(), "--metric", "disk", "--horizon", "1h", "--out", o);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains(wide + ":1: no series disk in the trace; it has cpu, memory");

        CliRun row = run("forecast", "--trace", "value=" + broken, "--horizon", "1h", "--out", o);
        assertThat(row.exit()).isEqualTo(1);
        assertThat(row.err()).contains(broken + ":3:");

        CliRun shortHistory = run("forecast", "--trace", "value=" + trace, "--horizon", "1h", "--model", "holt-winters-double", "--out", o);
        assertThat(shortHistory.exit()).isEqualTo(1);
        assertThat(shortHistory.err()).contains(trace + ":1: series value: holt-winters-double: needs 336 steps of history, has 72");

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRun notDir = run("forecast", "--trace", "value=" + trace, "--horizon", "1h", "--out", file.toString());
        assertThat(notDir.exit()).isEqualTo(1);
        assertThat(notDir.err()).contains("is a file, not a directory");

        CliRun overwrite = run("forecast", "--trace", "value=" + dir.resolve("forecast.csv"), "--horizon", "1h", "--out", dir.toString());
        assertThat(overwrite.exit()).isEqualTo(1);
        assertThat(overwrite.err()).contains("would overwrite the input file");

        assertThat(out).doesNotExist();
    }

    @Test
    void badOptionValuesAreUsageErrors() throws IOException {
        Path trace = periodic(3);
        String t = "value=" + trace, o = dir.resolve("out").toString();
        assertThat(run("forecast", "--trace", t, "--horizon", "soon", "--out", o)).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--horizon soon:").contains("Try 'capstan forecast --help'");
        });
        assertThat(run("forecast", "--trace", t, "--horizon", "90m", "--out", o).err()).contains("--horizon 90m is not a whole number of 1h steps");
        assertThat(run("forecast", "--trace", t, "--horizon", "1h", "--step", "5m", "--out", o).err())
                .contains("--step 5m is finer than the series' resolution of 1h");
        assertThat(run("forecast", "--trace", t, "--horizon", "1h", "--model", "arima", "--out", o).err()).contains("--model arima: expected auto");
        assertThat(run("forecast", "--trace", t, "--horizon", "1h", "--model", "arima", "--out", o).exit()).isEqualTo(2);
        assertThat(run("forecast", "--trace", t, "--out", o).exit()).as("no --horizon").isEqualTo(2);
    }

    @Test
    void helpListsOptionsModelsAndExitCodes() {
        CliRun r = run("forecast", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).as("no picocli warning (a bare % in a description)").isEmpty();
        assertThat(r.out()).contains("80 % interval").contains("--horizon").contains("--model").contains("holt-winters-double").contains("Exit codes:").contains("docs/forecast.md");
        assertThat(run("--help").out()).contains("forecast");
    }
}
