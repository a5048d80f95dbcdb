package io.capstan.app.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.app.TestSpecs;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** simulate with several targets, several trace files and option combinations. */
class SimulateCommandInputsTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private final TargetSpec api = TestSpecs.target("api", 1, 10, 2, List.of(
            TestSpecs.threshold("cpu-high", "cpu", Comparator.GT, 70, Duration.ZERO, new Action.Add(1)),
            TestSpecs.threshold("deep-queue", "queue_depth", Comparator.GT, 100, Duration.ZERO, new Action.Named("enable-cache", null))),
            null, "cpu", "queue_depth");
    private final TargetSpec worker = TestSpecs.target("worker", 1, 10, 3, List.of(
            TestSpecs.threshold("cpu-low", "cpu", Comparator.LT, 20, Duration.ZERO, new Action.Remove(1))), null, "cpu");
    private final Map<String, List<TargetSpec>> policies = Map.of(
            "two.yaml", List.of(api, worker),
            "api-only.yaml", List.of(api),
            "broken.yaml", List.of());

    private int run(String... args) throws IOException {
        for (String name : policies.keySet()) Files.writeString(dir.resolve(name), "#");
        PolicyLoader loader = file -> policies.get(file.getFileName().toString());
        CommandLine cli = new CommandLine(new SimulateCommand(loader));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static String minutes(int n, String... columns) {
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < n; m++) {
            sb.append(String.format("2024-05-01 10:%02d:00", m));
            for (String c : columns) sb.append(',').append(c);
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void twoTargetsFromTargetColumnsAndASecondFile() throws IOException {
        Path main = csv("main.csv", "timestamp,api.cpu,worker.cpu\n" + minutes(30, "90", "10"));
        Path queue = csv("queue.csv", minutes(30, "500"));
        Path outDir = dir.resolve("out");

        int code = run("--policy", dir.resolve("two.yaml").toString(), "--trace", main.toString(), "--trace", "queue_depth=" + queue,
                "--out", outDir.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        JsonNode s = new ObjectMapper().readTree(outDir.resolve("summary.json").toFile());
        assertThat(s.get("traces").get(1).asText()).isEqualTo("queue_depth=" + queue);
        JsonNode a = s.get("targets").get("api");
        JsonNode w = s.get("targets").get("worker");
        assertThat(a.get("scaleOutEvents").asInt()).isPositive();
        assertThat(a.get("actions").get("enable-cache").asInt()).isPositive();
        assertThat(w.get("scaleInEvents").asInt()).isPositive();
        assertThat(w.get("minReplicas").asInt()).isEqualTo(1);
        List<String> lines = Files.readAllLines(outDir.resolve("decisions.csv"));
        assertThat(lines.get(0)).isEqualTo("timestamp,policy,target,desiredReplicas,readyReplicas,cpu,queue_depth,action,reason,summary,warmUp");
        assertThat(lines).hasSize(1 + 2 * 30);
        assertThat(lines).anyMatch(l -> l.contains(",worker,") && l.contains(",scale-in,"));
        assertThat(lines).anyMatch(l -> l.contains(",api,") && l.contains("enable-cache"));
        assertThat(out.toString()).contains("  api [two.yaml, observed replay]").contains("  worker [two.yaml, observed replay]")
                .contains("actions {enable-cache=");
    }

    @Test
    void dedupeLastAcceptsRepeatedTimestamps() throws IOException {
        Path t = csv("dup.csv", "timestamp,cpu\n2024-05-01T10:00:00Z,50\n2024-05-01T10:00:00Z,90\n2024-05-01T10:01:00Z,90\n");
        assertThat(run("--policy", dir.resolve("api-only.yaml").toString(), "--trace", t.toString(), "--out", dir.resolve("a").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains(t + ":3:1: duplicate timestamp 2024-05-01T10:00:00Z, also on line 2");
        err.getBuffer().setLength(0);
        assertThat(run("--policy", dir.resolve("api-only.yaml").toString(), "--trace", t.toString(), "--out", dir.resolve("b").toString(),
                "--dedupe", "last")).isZero();
        assertThat(Files.readAllLines(dir.resolve("b/decisions.csv")).get(1)).contains(",90,");
    }

    @Test
    void aDemandMetricMissingFromTheTraceIsBadInput() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n" + minutes(3, "50"));
        int code = run("--policy", dir.resolve("api-only.yaml").toString(), "--trace", t.toString(), "--out", dir.resolve("o").toString(),
                "--demand", "rps");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--demand rps: no trace column rps or <target>.rps; columns: cpu");
    }

    @Test
    void aPolicyFileWithoutTargetsIsBadInput() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n" + minutes(3, "50"));
        int code = run("--policy", dir.resolve("broken.yaml").toString(), "--trace", t.toString(), "--out", dir.resolve("o").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + dir.resolve("broken.yaml") + ": declares no targets");
    }

    @Test
    void problemsInPolicyAndTraceAreAllReportedTogether() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n2024-05-01T10:00:00Z,-1\n");
        int code = run("--policy", dir.resolve("nope.yaml").toString(), "--compare", dir.resolve("broken.yaml").toString(),
                "--trace", t.toString(), "--out", dir.resolve("o").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(3).allMatch(l -> l.startsWith("error: "));
        assertThat(err.toString()).contains("nope.yaml: declares no targets").contains("broken.yaml: declares no targets").contains(t + ":2:22: value of cpu is negative (-1)");
    }

    @Test
    void aCompareFileIsCheckedAgainstTheTraceToo() throws IOException {
        Path t = csv("t.csv", "timestamp,api.cpu,worker.cpu\n" + minutes(3, "50", "50"));
        int code = run("--policy", dir.resolve("two.yaml").toString(), "--compare", dir.resolve("api-only.yaml").toString(),
                "--trace", t.toString(), "--out", dir.resolve("o").toString());
        assertThat(code).as("worker.cpu is fine for two.yaml but names no target of api-only.yaml").isEqualTo(1);
        assertThat(err.toString()).contains("column worker.cpu names a metric no target declares").contains("(in " + dir.resolve("api-only.yaml") + ")");
    }

    @Test
    void helpListsTheOptions() throws IOException {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--policy=FILE").contains("--trace=[NAME=]FILE").contains("--compare=FILE")
                .contains("--demand=METRIC").contains("--step=DURATION").contains("default: 1m").containsPattern("2 +usage error");
    }
}
