package io.capstan.app.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.app.TestSpecs;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {
    @TempDir
    Path dir;
    private Path nab;
    private final Map<String, List<TargetSpec>> policies = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        nab = Path.of("..", "examples", "traces", "ec2-cpu-5f5533.csv");
        policies.put("thresholds.yaml", List.of(TestSpecs.cpuThresholds("api", null)));
        policies.put("tracking.yaml", List.of(TestSpecs.cpuTracking("api", 50, null)));
        policies.put("demand-thresholds.yaml", List.of(TestSpecs.cpuThresholds("api", TestSpecs.service(100, Duration.ofMinutes(3), 0.05))));
        policies.put("demand-tracking.yaml", List.of(TestSpecs.cpuTracking("api", 60, TestSpecs.service(100, Duration.ofMinutes(3), 0.05))));
        for (String name : policies.keySet()) Files.writeString(dir.resolve(name), "# stand-in; targets come from the test's loader\n");
    }

    private int run(String... args) {
        PolicyLoader loader = file -> {
            List<TargetSpec> t = policies.get(file.getFileName().toString());
            if (t == null) throw new io.capstan.app.input.InputException(io.capstan.app.input.Problem.error(file, 1, 1, "", "no such policy in this test"));
            return t;
        };
        CommandLine cli = new CommandLine(new SimulateCommand(loader));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private JsonNode summary(Path outDir) throws IOException {
        return new ObjectMapper().readTree(outDir.resolve("summary.json").toFile());
    }

    @Test
    void aManifestsWarningsAreSaidNotDropped() throws IOException {
        // The review's hpa2.yaml: minReplicas 0 started at 1 with nothing said.
        Path hpa = dir.resolve("hpa2.yaml");
        Files.writeString(hpa, """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: q}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: q}
                  minReplicas: 0
                  maxReplicas: 5
                  metrics:
                  - type: External
                    external: {metric: {name: queue_depth}, target: {type: AverageValue, averageValue: "100"}}
                """);
        Path trace = dir.resolve("q.csv");
        Files.writeString(trace, "timestamp,queue_depth\n2026-01-01T00:00:00Z,500\n2026-01-01T00:01:00Z,500\n");
        CommandLine cli = new CommandLine(new SimulateCommand(PolicyLoader.yaml()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--policy", hpa.toString(), "--trace", trace.toString(), "--out", dir.resolve("o").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("hpa2.yaml:6:16: warning: spec.minReplicas: 0 is accepted by Kubernetes only with the HPAScaleToZero");
    }

    @Test
    void replaysARealTraceAndWritesTheReport() throws IOException {
        Path outDir = dir.resolve("out");
        int code = run("--policy", dir.resolve("thresholds.yaml").toString(), "--trace", "cpu=" + nab, "--out", outDir.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(outDir.resolve("decisions.csv")).exists();
        assertThat(outDir.resolve("report.html")).exists();
        JsonNode s = summary(outDir);
        assertThat(s.get("step").asText()).isEqualTo("1m");
        assertThat(s.get("from").asText()).isEqualTo("2014-02-14T14:27:00Z");
        // 14 days of 1-minute steps from 14:27 to the last sample at 2014-02-28 14:22.
        assertThat(s.get("steps").asLong()).isEqualTo(14 * 24 * 60 - 5 + 1);
        JsonNode api = s.get("targets").get("api");
        assertThat(api.get("mode").asText()).isEqualTo("observed");
        assertThat(api.get("oracleReplicaHours").isNull()).isTrue();
        assertThat(api.get("underProvisionedMinutes").isNull()).isTrue();
        assertThat(api.get("minReplicas").asInt()).isBetween(1, 10);
        assertThat(out.toString()).contains("Simulated 20156 steps of 1m").contains("api [thresholds.yaml, observed replay]")
                .contains("replica-hours").contains("Report: " + outDir.resolve("report.html"));
        // A mid-load host (median 43 % cpu; only two isolated samples above 60 %): the sustained high
        // rule never fires; the low rule (below 40 % for 15m) asks to go from 2 to 1, but projected onto
        // one replica the cpu would be ~80 % and trip the high rule, so the flapping guard holds at 2.
        assertThat(api.get("scaleOutEvents").asInt()).isZero();
        assertThat(api.get("scaleInEvents").asInt()).isZero();
        assertThat(api.get("minReplicas").asInt()).isEqualTo(2);
        assertThat(Files.readString(outDir.resolve("decisions.csv"))).contains(",hold,FlappingGuard,");
    }

    @Test
    void demandReplayWithComparisonScoresBothPolicies() throws IOException {
        // The cpu trace read as demand: capacity 100 per replica means one replica per 100 units.
        Path outDir = dir.resolve("cmp");
        int code = run("--policy", dir.resolve("demand-thresholds.yaml").toString(), "--compare", dir.resolve("demand-tracking.yaml").toString(),
                "--trace", "load=" + nab, "--demand", "load", "--out", outDir.toString(), "--step", "5m");

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        JsonNode s = summary(outDir);
        JsonNode api = s.get("targets").get("api");
        assertThat(api.get("mode").asText()).isEqualTo("demand");
        assertThat(api.get("oracleReplicaHours").asDouble()).isPositive();
        assertThat(api.get("underProvisionedMinutes").isNumber()).isTrue();
        assertThat(api.get("cost").asDouble()).isCloseTo(api.get("replicaHours").asDouble() * 0.05, org.assertj.core.api.Assertions.within(0.01));
        JsonNode cmp = s.get("comparison");
        assertThat(cmp.get("compare").asText()).endsWith("demand-tracking.yaml");
        JsonNode lines = cmp.get("targets").get("api");
        assertThat(lines.get("replicaHours").get("policy").asDouble()).isEqualTo(api.get("replicaHours").asDouble());
        assertThat(lines.get("replicaHours").get("compare").asDouble())
                .isEqualTo(cmp.get("compareTargets").get("api").get("replicaHours").asDouble());
        assertThat(lines.get("replicaHours").get("better").asText()).isIn("policy", "compare", "tie");
        assertThat(lines.get("cost").get("better").asText()).isIn("policy", "compare", "tie");
        assertThat(Files.readString(outDir.resolve("report.html"))).contains("demand-tracking.yaml").contains("<svg");
        assertThat(out.toString()).contains("[demand-tracking.yaml, demand replay]");
    }

    @Test
    void timeWithoutDemandIsNotScoredAndTheConsoleAndSummarySaySo() throws IOException {
        // Demand at minutes 0-9 and 70-79: the hour between is not billed as real time.
        policies.put("gap.yaml", List.of(TestSpecs.cpuTracking("api", 50, TestSpecs.service(100, Duration.ZERO, 0))));
        Files.writeString(dir.resolve("gap.yaml"), "# stand-in\n");
        StringBuilder csv = new StringBuilder("timestamp,demand\n");
        for (int m = 0; m < 80; m++) if (m < 10 || m >= 70) csv.append(1_700_000_000L + 60L * m).append(",150\n");
        Path trace = dir.resolve("gap.csv");
        Files.writeString(trace, csv);
        Path outDir = dir.resolve("gap");
        int code = run("--policy", dir.resolve("gap.yaml").toString(), "--trace", trace.toString(), "--out", outDir.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains(", 1h without demand data not scored");
        JsonNode api = summary(outDir).get("targets").get("api");
        assertThat(api.get("unscoredMinutes").asDouble()).isEqualTo(60.0);
        assertThat(api.get("replicaHours").asDouble()).isLessThanOrEqualTo(20 * 10 / 60.0 + 0.05);
        assertThat(Files.readString(outDir.resolve("report.html"))).contains("minutes not scored (no demand data)");
    }

    @Test
    void aCompareFileWithoutACommonTargetIsAnErrorAndAPartialMatchANote() throws IOException {
        policies.put("other.yaml", List.of(TestSpecs.cpuTracking("web", 50, null)));
        policies.put("both.yaml", List.of(TestSpecs.cpuTracking("api", 50, null), TestSpecs.cpuTracking("web", 50, null)));
        for (String f : List.of("other.yaml", "both.yaml")) Files.writeString(dir.resolve(f), "# stand-in\n");
        int code = run("--policy", dir.resolve("tracking.yaml").toString(), "--compare", dir.resolve("other.yaml").toString(),
                "--trace", "cpu=" + nab, "--out", dir.resolve("none").toString(), "--step", "5m");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no target in common with").contains("(api vs web)");

        err.getBuffer().setLength(0);
        code = run("--policy", dir.resolve("tracking.yaml").toString(), "--compare", dir.resolve("both.yaml").toString(),
                "--trace", "cpu=" + nab, "--out", dir.resolve("some").toString(), "--step", "5m");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("note: target web (only in both.yaml) is replayed but not compared: the other file has no target "
                + "of that name (its own scores are in summary.json's comparison.compareTargets, listed in comparison.unmatchedTargets)");
        JsonNode comparison = new ObjectMapper().readTree(dir.resolve("some").resolve("summary.json").toFile()).get("comparison");
        assertThat(comparison.get("compareTargets").has("web")).isTrue();
        assertThat(comparison.get("targets").has("web")).as("no comparison lines").isFalse();
        assertThat(comparison.get("unmatchedTargets").toString()).contains("web (only in both.yaml)");
    }

    @Test
    void eitherFileMayGiveTheServiceModelButNotTwoDifferentOnes() throws IOException {
        // The README tour swapped: the file without a model is --policy, the one with it --compare.
        int code = run("--policy", dir.resolve("tracking.yaml").toString(), "--compare", dir.resolve("demand-tracking.yaml").toString(),
                "--trace", "demand=" + nab, "--out", dir.resolve("swapped").toString(), "--step", "5m");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("[tracking.yaml, demand replay]").contains("[demand-tracking.yaml, demand replay]");

        policies.put("other-model.yaml", List.of(TestSpecs.cpuTracking("api", 60, TestSpecs.service(50, Duration.ofMinutes(3), 0.05))));
        Files.writeString(dir.resolve("other-model.yaml"), "# stand-in\n");
        err.getBuffer().setLength(0);
        code = run("--policy", dir.resolve("demand-tracking.yaml").toString(), "--compare", dir.resolve("other-model.yaml").toString(),
                "--trace", "demand=" + nab, "--out", dir.resolve("conflict").toString(), "--step", "5m");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("target api: --policy and --compare give different service models (capacityPerReplica 100.0")
                .contains("vs capacityPerReplica 50.0");
    }

    @Test
    void twoFilesOfTheSameNameAreToldApartByTheirDirectories() throws IOException {
        Files.createDirectories(dir.resolve("d1"));
        Files.createDirectories(dir.resolve("d2"));
        Files.writeString(dir.resolve("d1/tracking.yaml"), "# stand-in\n");
        Files.writeString(dir.resolve("d2/tracking.yaml"), "# stand-in\n");
        Path outDir = dir.resolve("same-name");
        int code = run("--policy", dir.resolve("d1/tracking.yaml").toString(), "--compare", dir.resolve("d2/tracking.yaml").toString(),
                "--trace", "cpu=" + nab, "--out", outDir.toString(), "--step", "5m");
        assertThat(code).as(err.toString()).isZero();
        String d1 = Path.of("d1", "tracking.yaml").toString();
        String d2 = Path.of("d2", "tracking.yaml").toString();
        assertThat(out.toString()).contains("[" + d1 + ", observed replay]").contains("[" + d2 + ", observed replay]");
        List<String> csv = Files.readAllLines(outDir.resolve("decisions.csv"));
        assertThat(csv.stream().skip(1).map(l -> l.split(",")[1]).distinct()).containsExactlyInAnyOrder(d1, d2);
    }

    @Test
    void windowsShorterThanTheTracesSpacingAreRefusedAtAFinerStep() throws IOException {
        // The example: sergas.yaml reads 1m windows, the EC2 trace has a sample every 5m.
        Path sergas = Path.of("..", "examples", "sergas.yaml");
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--policy", sergas.toString(), "--trace", "cpu=" + nab, "--out", dir.resolve("fine").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("the window avg(cpu, 1m)").contains("is shorter than the spacing of cpu (a sample every 5m)")
                .contains("use --step 5m --allow-coarse-step, or windows of at least 5m");
        assertThat(dir.resolve("fine")).doesNotExist();

        // README's EC2 example keeps working.
        err.getBuffer().setLength(0);
        code = cli.execute("--policy", sergas.toString(), "--trace", "cpu=" + nab, "--out", dir.resolve("coarse").toString(),
                "--step", "5m", "--allow-coarse-step");
        assertThat(code).as(err.toString()).isZero();
    }

    @Test
    void anExtremePriceNeverPrintsInfinity() throws IOException {
        policies.put("pricey.yaml", List.of(TestSpecs.cpuTracking("api", 60, TestSpecs.service(100, Duration.ofMinutes(3), 1e308))));
        Files.writeString(dir.resolve("pricey.yaml"), "# stand-in\n");
        Path outDir = dir.resolve("pricey");
        int code = run("--policy", dir.resolve("pricey.yaml").toString(), "--trace", "demand=" + nab, "--out", outDir.toString(), "--step", "5m");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("cost 1.7976931348623157E308").contains("note: cost exceeds the largest representable number")
                .doesNotContain("Infinity").doesNotContain("NaN");
        String json = Files.readString(outDir.resolve("summary.json"));
        assertThat(json).doesNotContain("Infinity").doesNotContain("NaN");
        assertThat(summary(outDir).get("targets").get("api").get("cost").isNumber()).isTrue();
    }

    @Test
    void fromToAndStepNarrowTheRun() throws IOException {
        Path outDir = dir.resolve("narrow");
        int code = run("--policy", dir.resolve("tracking.yaml").toString(), "--trace", "cpu=" + nab, "--out", outDir.toString(),
                "--from", "2014-02-20 00:00:00", "--to", "2014-02-21T00:00:00Z", "--step", "10m", "--allow-coarse-step");
        assertThat(code).as(err.toString()).isZero();
        JsonNode s = summary(outDir);
        assertThat(s.get("steps").asInt()).isEqualTo(145);
        assertThat(s.get("to").asText()).isEqualTo("2014-02-21T00:00:00Z");
        assertThat(Files.readAllLines(outDir.resolve("decisions.csv"))).hasSize(146);
    }

    @Test
    void aBadTraceIsOneMessagePerProblemAndExitOne() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "timestamp,cpu\n2024-01-01T00:00:00Z,NaN\n2024-01-01T00:01:00Z,oops\n");
        int code = run("--policy", dir.resolve("thresholds.yaml").toString(), "--trace", bad.toString(), "--out", dir.resolve("o").toString());
        assertThat(code).isEqualTo(1);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).containsExactly("error: " + bad + ":2:22: value of cpu is NaN: only finite numbers are allowed (leave the cell empty for no data)",
                "error: " + bad + ":3:22: value of cpu is not a number: 'oops'");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void anUndeclaredTraceColumnIsBadInput() throws IOException {
        Path t = dir.resolve("t.csv");
        Files.writeString(t, "timestamp,cpu,memroy\n2024-01-01T00:00:00Z,1,2\n");
        int code = run("--policy", dir.resolve("thresholds.yaml").toString(), "--trace", t.toString(), "--out", dir.resolve("o").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(t + ":1: column memroy names a metric no target declares; declared metrics: cpu");
    }

    @Test
    void policyProblemsArePrintedAsTheLoaderGivesThem() {
        int code = run("--policy", dir.resolve("missing.yaml").toString(), "--trace", "cpu=" + nab, "--out", dir.resolve("o").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + dir.resolve("missing.yaml") + ":1:1: no such policy in this test");
    }

    @Test
    void theDefaultConstructorLoadsPolicyFilesWithTheYamlLoader() {
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute("--policy", "p.yaml", "--trace", "cpu=" + nab, "--out", dir.resolve("o").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("p.yaml").contains("file not found");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"--step", "soon"});
        cases.add(new String[] {"--step", "0s"});
        cases.add(new String[] {"--from", "tomorrow"});
        cases.add(new String[] {"--from", "2014-02-21T00:00:00Z", "--to", "2014-02-20T00:00:00Z"});
        cases.add(new String[] {"--dedupe", "first"});
        for (String[] extra : cases) {
            err.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(List.of("--policy", dir.resolve("thresholds.yaml").toString(), "--trace", "cpu=" + nab,
                    "--out", dir.resolve("o").toString()));
            args.addAll(List.of(extra));
            assertThat(run(args.toArray(new String[0]))).as(String.join(" ", extra)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", extra)).startsWith("error: --").doesNotContain("Exception");
        }
    }

    @Test
    void aRangeOutsideTheTraceIsAUsageError() {
        int code = run("--policy", dir.resolve("thresholds.yaml").toString(), "--trace", "cpu=" + nab, "--out", dir.resolve("o").toString(),
                "--from", "2020-01-01T00:00:00Z");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("the simulated range is empty").contains("trace end 2014-02-28T14:22:00Z");
    }

    @Test
    void missingRequiredOptionsAreUsageErrors() {
        assertThat(run("--policy", "p.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options");
    }

    @Test
    void anUnwritableOutputIsBadInputNotAStackTrace() throws IOException {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        int code = run("--policy", dir.resolve("thresholds.yaml").toString(), "--trace", "cpu=" + nab, "--out", file.resolve("sub").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: cannot write the report to ").doesNotContain("\tat ");
    }

    @Test
    void noProgressBarWithoutATerminal() {
        // Tests run without a terminal (and the bar would go to stderr): nothing of it may show.
        run("--policy", dir.resolve("thresholds.yaml").toString(), "--trace", "cpu=" + nab, "--out", dir.resolve("o").toString());
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).doesNotContain("%");
    }
}
