package io.capstan.app.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code simulate --warm-up}: the first part of the range is replayed, marked, and left out of every score. */
class SimulateWarmUpTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Capacity 10 per replica, 5 minutes to start; target tracking at {@code target} % from 1 replica. */
    private Path policy(String name, int target) throws IOException {
        return Files.writeString(dir.resolve(name), tracking(target, 10, 300));
    }

    private static String tracking(int target, int capacity, int startupSeconds) {
        return """
                targets:
                  - name: api
                    replicas: {min: 1, max: 40}
                    metrics: {cpu: {}}
                    service: {capacityPerReplica: %d, startupSeconds: %d}
                    policies:
                      - name: cpu
                        targetTracking: {metric: cpu, target: %d}
                """.formatted(capacity, startupSeconds, target);
    }

    /**
     * Ten minutes of demand 120: at 100 % the policy asks for 12 replicas at minute 0, ready at minute 5, so minutes 0-4
     * are under-provisioned (1 ready, 10 < 120) and minutes 5-9 are not.
     */
    private Path tenMinutes() throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,demand\n");
        for (int m = 0; m < 10; m++) sb.append("2026-01-01T00:0").append(m).append(":00Z,120\n");
        return Files.writeString(dir.resolve("t.csv"), sb.toString());
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new SimulateCommand(PolicyLoader.yaml()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static JsonNode summary(Path outDir) throws IOException {
        return new ObjectMapper().readTree(outDir.resolve("summary.json").toFile());
    }

    @Test
    void theWarmUpIsLeftOutOfEveryScoreOfBothPolicies() throws IOException {
        Path trace = tenMinutes();
        Path full = dir.resolve("full");
        Path warm = dir.resolve("warm");
        List<String> common = List.of("--policy", policy("p.yaml", 100).toString(), "--compare", policy("c.yaml", 50).toString(),
                "--trace", trace.toString());
        assertThat(run(concat(common, "--out", full.toString()))).as(err.toString()).isZero();
        assertThat(run(concat(common, "--out", warm.toString(), "--warm-up", "5m"))).as(err.toString()).isZero();

        // without a warm-up: 10 minutes of 12 replicas (the oracle's ceil(120 / 10) = 12 too), 5 minutes short, one scale-out
        JsonNode all = summary(full).get("targets").get("api");
        assertThat(all.get("replicaHours").asDouble()).isEqualTo(2.0);
        assertThat(all.get("oracleReplicaHours").asDouble()).isEqualTo(2.0);
        assertThat(all.get("underProvisionedMinutes").asDouble()).isEqualTo(5.0);
        assertThat(all.get("scaleOutEvents").asInt()).isEqualTo(1);
        assertThat(summary(full).get("warmUp").asText()).isEqualTo("0s");
        assertThat(summary(full).get("scoredFrom").asText()).isEqualTo("2026-01-01T00:00:00Z");

        // with 5m of warm-up: minutes 5-9 alone, 5 x 12 / 60 = 1 replica-hour, none short, the scale-out not counted
        JsonNode s = summary(warm);
        assertThat(s.get("warmUp").asText()).isEqualTo("5m");
        assertThat(s.get("scoredFrom").asText()).isEqualTo("2026-01-01T00:05:00Z");
        assertThat(s.get("from").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(s.get("steps").asInt()).isEqualTo(10);
        JsonNode api = s.get("targets").get("api");
        assertThat(api.get("replicaHours").asDouble()).isEqualTo(1.0);
        assertThat(api.get("oracleReplicaHours").asDouble()).isEqualTo(1.0);
        assertThat(api.get("underProvisionedMinutes").asDouble()).isEqualTo(0.0);
        assertThat(api.get("unscoredMinutes").asDouble()).isEqualTo(0.0);
        assertThat(api.get("scaleOutEvents").asInt()).isZero();
        assertThat(api.get("minReplicas").asInt()).isEqualTo(12);
        // the compared policy over the same window: 24 replicas (120 / (10 x 0.5)) for minutes 5-9
        JsonNode other = s.get("comparison").get("compareTargets").get("api");
        assertThat(other.get("replicaHours").asDouble()).isEqualTo(2.0);
        assertThat(other.get("oracleReplicaHours").asDouble()).isEqualTo(1.0);
        assertThat(other.get("underProvisionedMinutes").asDouble()).isEqualTo(0.0);
        assertThat(other.get("scaleOutEvents").asInt()).isZero();

        assertThat(out.toString()).contains("Simulated 10 steps of 1m (2026-01-01T00:00:00Z to 2026-01-01T00:09:00Z) in ")
                .contains(", scored from 2026-01-01T00:05:00Z (warm-up 5m)")
                .contains("api [p.yaml, demand replay]: 1.0 replica-hours (oracle 1.0), 0 under-provisioned minutes, 0 scale-outs");
        String html = Files.readString(warm.resolve("report.html"));
        assertThat(html).contains("Warm-up 5m: the steps before 2026-01-01T00:05:00Z are replayed")
                .contains("<rect class=\"warmup\"").contains("warm-up 5m: replayed, not scored")
                // the decisions paragraph counts as the scorecard does: the 5 holds after the warm-up, not the scale-out in it
                .contains("<b>p.yaml</b>: 0 scale-outs, 0 scale-ins, 0 named actions; 5 steps without a change (hold).");
        assertThat(Files.readString(full.resolve("report.html"))).doesNotContain("class=\"warmup\"").doesNotContain("Warm-up");
    }

    @Test
    void decisionsCsvKeepsEveryStepAndMarksTheWarmUpInItsLastColumn() throws IOException {
        Path outDir = dir.resolve("o");
        int code = run("--policy", policy("p.yaml", 100).toString(), "--compare", policy("c.yaml", 50).toString(), "--trace", tenMinutes().toString(),
                "--out", outDir.toString(), "--warm-up", "5m");
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(outDir.resolve("decisions.csv"));
        assertThat(lines.get(0)).isEqualTo("timestamp,policy,target,desiredReplicas,readyReplicas,cpu,demand,action,reason,summary,warmUp");
        assertThat(lines).hasSize(1 + 2 * 10);
        for (String line : lines.subList(1, lines.size())) {
            int minute = Integer.parseInt(line.substring(15, 16));
            assertThat(line).as(line).endsWith(minute < 5 ? ",true" : ",false");
        }
        // the warm-up's rows are the replay's: the scale-out to 12 at minute 0 is there
        assertThat(lines.get(1)).startsWith("2026-01-01T00:00:00Z,p.yaml,api,12,1,").contains(",scale-out,");
    }

    /** Seasonal naive on an hourly step: its first forecast needs a day of history. */
    private Path predictive() throws IOException {
        return Files.writeString(dir.resolve("predictive.yaml"), tracking(70, 100, 600)
                + "      - name: forecast\n        predictive: {metric: request_rate, targetUtilization: 85, model: seasonal-naive, step: 1h}\n");
    }

    private Path hourly() throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,demand\n");
        for (int h = 0; h < 20; h++) sb.append(String.format("2026-01-01T%02d:00:00Z,%d%n", h, h < 8 ? 200 : 900));
        return Files.writeString(dir.resolve("hourly.csv"), sb.toString());
    }

    @Test
    void aForecastStillWarmingUpWhenScoringStartsIsSaid() throws IOException {
        Path outDir = dir.resolve("o");

        int code = run("--policy", predictive().toString(), "--trace", hourly().toString(), "--step", "1h", "--allow-coarse-step", "--warm-up", "6h", "--out", outDir.toString());

        assertThat(code).as(err.toString()).isZero();
        String note = "forecast of policy forecast still warming up at the end of the warm-up (6h, at 2026-01-01T06:00:00Z): request_rate forecast "
                + "warming up: 6h of history; seasonal-naive needs 24 steps of history, has 6; so the score still includes its cold start";
        assertThat(out.toString()).contains("note: " + note).contains("it made no forecast in the whole range");
        assertThat(summary(outDir).get("targets").get("api").get("notes").get(0).asText()).startsWith(note);
        assertThat(Files.readString(outDir.resolve("report.html"))).contains("forecast of policy forecast still warming up");
    }

    @Test
    void theComparedFilesNoteIsOnTheConsoleToo() throws IOException {
        // the usual comparison: a reactive baseline, and the predictive policy as --compare
        Path reactive = Files.writeString(dir.resolve("reactive.yaml"), tracking(70, 100, 600));
        int code = run("--policy", reactive.toString(), "--compare", predictive().toString(), "--trace", hourly().toString(), "--step", "1h",
                "--allow-coarse-step", "--warm-up", "6h", "--out", dir.resolve("o").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("  note (predictive.yaml): forecast of policy forecast still warming up at the end of the warm-up (6h, ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-5m | error: --warm-up -5m: expected a duration of zero or more, found -5m",
            "5x | error: --warm-up 5x: expected a duration such as 90s, 5m or 1h30m, found '5x'",
            "9m | error: --warm-up 9m: must be shorter than the replayed range, 2026-01-01T00:00:00Z to 2026-01-01T00:09:00Z (9m), so that some of it is scored",
            "2d | error: --warm-up 2d: must be shorter than the replayed range, 2026-01-01T00:00:00Z to 2026-01-01T00:09:00Z (9m), so that some of it is scored",
            // a range of 8m30s has its last step at minute 8; a warm-up of 8m15s ends at the step of minute 9
            "8m15s | error: --warm-up 8m15s: leaves no step of the replayed range, 2026-01-01T00:00:00Z to 2026-01-01T00:08:30Z (8m30s) to score: "
                    + "the first step after it would be 2026-01-01T00:09:00Z, after the last, 2026-01-01T00:08:00Z"})
    void aWarmUpThatIsNegativeMalformedOrTooLongIsOneUsageLine(String value, String message) throws IOException {
        Path outDir = dir.resolve("o");
        String to = value.equals("8m15s") ? "2026-01-01T00:08:30Z" : "2026-01-01T00:09:00Z";
        int code = run("--policy", policy("p.yaml", 100).toString(), "--trace", tenMinutes().toString(), "--out", outDir.toString(),
                "--warm-up", value, "--to", to);

        assertThat(code).isEqualTo(2);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("error:"))).containsExactly(message);
        assertThat(lines).last().isEqualTo("Try 'capstan simulate --help' for the options.");
        assertThat(outDir).doesNotExist();
    }

    @Test
    void aOneStepRangeWithoutAWarmUpReplaysThatStep() throws IOException {
        // --from T --to T: one step, all of it scored; the warm-up check is for a warm-up that is given
        int code = run("--policy", policy("p.yaml", 100).toString(), "--trace", tenMinutes().toString(), "--out", dir.resolve("one").toString(),
                "--from", "2026-01-01T00:03:00Z", "--to", "2026-01-01T00:03:00Z");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Simulated 1 steps of 1m");
    }

    private static String[] concat(List<String> common, String... more) {
        List<String> all = new java.util.ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}
