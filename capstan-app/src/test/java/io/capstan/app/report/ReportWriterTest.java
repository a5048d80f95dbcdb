package io.capstan.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.app.TestSpecs;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.Scorecard;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.simulate.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReportWriterTest {
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    Path dir;

    /** Two targets over a day of 1-minute samples: api replays demand, "w<1>,\"x\"" (an awkward name) observed cpu. */
    private static SimulationResult simulate(List<TargetSpec> targets) {
        Random rnd = new Random(7);
        Trace.Builder b = Trace.builder();
        double level = 200;
        for (int m = 0; m < 24 * 60; m++) {
            level = Math.max(0, level + rnd.nextGaussian() * 20);
            Instant at = T0.plusSeconds(60L * m);
            b.add("api.demand", at, level);
            if (m % 97 != 0) b.add("cpu", at, Math.min(100, level / 5)); // with gaps
            b.add("queue_depth", at, rnd.nextInt(60));
        }
        return new Simulator().run(targets, b.build(), SimulationOptions.DEFAULTS);
    }

    private static List<TargetSpec> policyA() {
        TargetSpec api = TestSpecs.target("api", 1, 30, 3, List.of(TestSpecs.tracking("cpu", 60),
                        TestSpecs.threshold("deep-queue", "queue_depth", Comparator.GT, 50, Duration.ZERO, new Action.Named("enable-cache", null))),
                TestSpecs.service(50, Duration.ofMinutes(2), 0.1), "cpu", "queue_depth");
        TargetSpec odd = TestSpecs.cpuThresholds("w<1>,\"x\"", null);
        return List.of(api, odd);
    }

    private static List<TargetSpec> policyB() {
        TargetSpec api = TestSpecs.target("api", 2, 30, 3, List.of(TestSpecs.tracking("cpu", 40)),
                TestSpecs.service(50, Duration.ofMinutes(2), 0.1), "cpu");
        return List.of(api);
    }

    private ReportWriter.Written write(SimulationRun a, SimulationRun b) throws IOException {
        return ReportWriter.write(dir.resolve("out"), a, b, List.of("trace.csv"));
    }

    @Test
    void writesAllThreeFiles() throws IOException {
        ReportWriter.Written w = write(new SimulationRun(Path.of("a.yaml"), simulate(policyA())), null);
        assertThat(w.decisions()).exists().isEqualTo(dir.resolve("out/decisions.csv"));
        assertThat(w.summary()).exists();
        assertThat(w.report()).exists();
    }

    @Test
    void theReportGetsTheDirectorysUsualPermissionsNotATemporaryFilesOwnerOnlyOnes() throws IOException {
        Path outDir = dir.resolve("out");
        ReportWriter.Written w = write(new SimulationRun(Path.of("a.yaml"), simulate(policyA())), null);
        Path plain = Files.writeString(outDir.resolve("plain.txt"), "x");
        org.junit.jupiter.api.Assumptions.assumeTrue(outDir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        for (Path p : List.of(w.decisions(), w.summary(), w.report())) {
            assertThat(Files.getPosixFilePermissions(p)).as(p.toString()).isEqualTo(Files.getPosixFilePermissions(plain));
        }
        try (var files = Files.list(outDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("decisions.csv", "summary.json", "report.html", "plain.txt");
        }
    }

    @Test
    void decisionsCsvParsesBackToTheRows() throws IOException {
        SimulationResult result = simulate(policyA());
        ReportWriter.Written w = write(new SimulationRun(Path.of("a.yaml"), result), null);
        String text = Files.readString(w.decisions(), StandardCharsets.UTF_8);
        List<List<String>> records = parseCsv(text);
        List<String> header = records.get(0);
        assertThat(header).containsExactly("timestamp", "policy", "target", "desiredReplicas", "readyReplicas", "cpu", "queue_depth", "demand",
                "action", "reason", "summary", "warmUp");
        int rows = result.targets().stream().mapToInt(TargetResult::size).sum();
        assertThat(records).hasSize(rows + 1);
        int r = 1;
        // step by step, one row per target at each step: the order a streamed run writes
        for (int i = 0; i < result.steps(); i++) {
            for (TargetResult t : result.targets()) {
                Row row = t.row(i);
                List<String> rec = records.get(r++);
                assertThat(rec).hasSize(header.size());
                assertThat(Instant.parse(rec.get(0))).isEqualTo(row.at());
                assertThat(rec.get(1)).isEqualTo("a.yaml");
                assertThat(rec.get(2)).isEqualTo(t.target());
                assertThat(Integer.parseInt(rec.get(3))).isEqualTo(row.desiredReplicas());
                assertThat(Integer.parseInt(rec.get(4))).isEqualTo(row.readyReplicas());
                for (int k = 5; k < 8; k++) {
                    Double v = row.metrics().get(header.get(k));
                    if (v == null) assertThat(rec.get(k)).isEmpty();
                    else assertThat(Double.parseDouble(rec.get(k))).isEqualTo(v);
                }
                assertThat(rec.get(8)).isEqualTo(row.action());
                assertThat(rec.get(9)).isEqualTo(row.reason().name());
                assertThat(rec.get(10)).isEqualTo(row.summary());
                assertThat(rec.get(11)).as("no warm-up: every step scored").isEqualTo("false");
            }
        }
        assertThat(text).contains("\r\n").contains("\"w<1>,\"\"x\"\"\"");
    }

    @Test
    void summaryJsonMatchesTheScorecards() throws IOException {
        SimulationResult result = simulate(policyA());
        ReportWriter.Written w = write(new SimulationRun(Path.of("policies/a.yaml"), result), null);
        JsonNode s = new ObjectMapper().readTree(w.summary().toFile());
        assertThat(s.get("policy").asText()).isEqualTo(Path.of("policies/a.yaml").toString());
        assertThat(s.get("traces").get(0).asText()).isEqualTo("trace.csv");
        assertThat(s.get("from").asText()).isEqualTo(T0.toString());
        assertThat(s.get("to").asText()).isEqualTo(result.to().toString());
        assertThat(s.get("step").asText()).isEqualTo("1m");
        assertThat(s.get("steps").asLong()).isEqualTo(24 * 60);
        assertThat(s.has("comparison")).isFalse();
        for (TargetResult t : result.targets()) {
            JsonNode n = s.get("targets").get(t.target());
            Scorecard c = t.scorecard();
            assertThat(n.get("mode").asText()).isEqualTo(t.mode().name().toLowerCase());
            assertThat(n.get("replicaHours").asDouble()).isEqualTo(SummaryJson.round("replicaHours", c.replicaHours()));
            assertThat(n.get("replicaHours").asText()).matches("\\d+(\\.\\d)?");
            assertThat(n.get("scaleOutEvents").asInt()).isEqualTo(c.scaleOutEvents());
            assertThat(n.get("scaleInEvents").asInt()).isEqualTo(c.scaleInEvents());
            assertThat(n.get("minReplicas").asInt()).isEqualTo(c.minReplicas());
            assertThat(n.get("maxReplicas").asInt()).isEqualTo(c.maxReplicas());
            if (t.mode() == TargetResult.Mode.DEMAND) {
                assertThat(n.get("oracleReplicaHours").asDouble()).isEqualTo(SummaryJson.round("oracleReplicaHours", c.oracleReplicaHours()));
                assertThat(n.get("underProvisionedMinutes").asDouble()).isEqualTo(SummaryJson.round("underProvisionedMinutes", c.underProvisionedMinutes()));
                assertThat(n.get("cost").asDouble()).isCloseTo(c.replicaHours() * 0.1, within(0.005));
                assertThat(n.get("cost").asText()).matches("\\d+(\\.\\d{1,2})?");
                assertThat(n.get("actions").get("enable-cache").asInt()).isEqualTo(c.actions().get("enable-cache")).isPositive();
            } else {
                assertThat(n.get("oracleReplicaHours").isNull()).isTrue();
                assertThat(n.get("underProvisionedMinutes").isNull()).isTrue();
                assertThat(n.get("cost").isNull()).isTrue();
            }
            // consistent with the rows, too
            // (the observed target has no cpu sample at minute 0: that step has no data, and is not scored)
            double hours = t.rows().stream().filter(r -> t.mode() == TargetResult.Mode.DEMAND || r.at().isAfter(T0))
                    .mapToDouble(r -> r.desiredReplicas() / 60.0).sum();
            assertThat(c.unscoredMinutes()).isEqualTo(t.mode() == TargetResult.Mode.DEMAND ? 0.0 : 1.0);
            assertThat(n.get("replicaHours").asDouble()).isCloseTo(hours, within(0.05));
        }
    }

    @Test
    void comparisonSaysWhichFileIsBetterPerLine() throws IOException {
        SimulationRun a = new SimulationRun(Path.of("a.yaml"), simulate(policyA()));
        SimulationRun b = new SimulationRun(Path.of("b.yaml"), simulate(policyB()));
        ReportWriter.Written w = write(a, b);
        JsonNode c = new ObjectMapper().readTree(w.summary().toFile()).get("comparison");
        assertThat(c.get("policy").asText()).isEqualTo("a.yaml");
        assertThat(c.get("compare").asText()).isEqualTo("b.yaml");
        JsonNode api = c.get("targets").get("api");
        Scorecard sa = a.result().target("api").scorecard();
        Scorecard sb = b.result().target("api").scorecard();
        assertThat(api.get("replicaHours").get("policy").asDouble()).isEqualTo(SummaryJson.round("replicaHours", sa.replicaHours()));
        assertThat(api.get("replicaHours").get("compare").asDouble()).isEqualTo(SummaryJson.round("replicaHours", sb.replicaHours()));
        assertThat(api.get("replicaHours").get("better").asText()).isEqualTo(sa.replicaHours() < sb.replicaHours() ? "policy" : "compare");
        assertThat(api.get("underProvisionedMinutes").get("better").asText()).isIn("policy", "compare", "tie");
        assertThat(api.get("scaleEvents").get("policy").asInt()).isEqualTo(sa.scaleOutEvents() + sa.scaleInEvents());
        assertThat(api.get("cost").get("better").asText()).isEqualTo(api.get("replicaHours").get("better").asText());
        assertThat(c.get("unmatchedTargets").get(0).asText()).isEqualTo("w<1>,\"x\" (only in a.yaml)");
        String html = Files.readString(w.report());
        assertThat(html).contains("desired (b.yaml)").contains("<th>b.yaml</th>");
    }

    @Test
    void comparisonLinesTieAndSkipMissingValues() {
        assertThat(Comparison.of(new SimulationRun(Path.of("a.yaml"), simulate(policyB())), new SimulationRun(Path.of("b.yaml"), simulate(policyB())))
                .targets().get(0).lines()).allSatisfy(l -> assertThat(l.better()).isEqualTo(Comparison.TIE));
        SimulationResult observed = simulate(List.of(TestSpecs.cpuThresholds("w", null)));
        Comparison c = Comparison.of(new SimulationRun(Path.of("a.yaml"), observed), new SimulationRun(Path.of("b.yaml"), observed));
        assertThat(c.targets().get(0).lines()).filteredOn(l -> l.metric().equals("underProvisionedMinutes"))
                .singleElement().satisfies(l -> assertThat(l.better()).isNull());
    }

    @Test
    void aStoppedRunLeavesNoTemporaryFileAndTheHookLivesOnlyForTheRun() throws IOException {
        Path out = dir.resolve("stopped");
        Files.createDirectories(out);
        ReportWriter w = ReportWriter.open(out);
        try {
            DecisionsCsv csv = w.decisions(List.of("cpu"), null);
            assertThat(csv).isNotNull();
            try (var files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString())).singleElement().asString().startsWith(".decisions.csv.").endsWith(".tmp");
            }
            assertThat(Runtime.getRuntime().removeShutdownHook(w.shutdownHook())).as("registered while the run is open").isTrue();
            Runtime.getRuntime().addShutdownHook(w.shutdownHook());

            w.deleteTemporaryFiles(); // what kill -TERM runs, before close() ever does
            try (var files = Files.list(out)) {
                assertThat(files).isEmpty();
            }
            assertThatThrownBy(() -> w.commit(new SimulationRun(Path.of("a.yaml"), simulate(policyB())), null, List.of("t.csv")))
                    .isInstanceOf(IOException.class);
        } finally {
            w.close();
        }
        assertThat(Runtime.getRuntime().removeShutdownHook(w.shutdownHook())).as("removed by close").isFalse();
        try (var files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void valuesThatDisplayTheSameAreATieNotAWin() {
        Scorecard a = new Scorecard(1787.40, null, null, 1, 1, 1, 9, 178.74, java.util.Map.of());
        Scorecard b = new Scorecard(1787.45 - 1e-7, null, null, 1, 1, 1, 9, 178.7401, java.util.Map.of());
        assertThat(Comparison.lines(a, b)).filteredOn(l -> l.metric().equals("replicaHours") || l.metric().equals("cost"))
                .hasSize(2).allSatisfy(l -> assertThat(l.better()).isEqualTo(Comparison.TIE));
        Scorecard c = new Scorecard(1787.56, null, null, 1, 1, 1, 9, 178.76, java.util.Map.of());
        assertThat(Comparison.lines(a, c)).filteredOn(l -> l.metric().equals("replicaHours") || l.metric().equals("cost"))
                .hasSize(2).allSatisfy(l -> assertThat(l.better()).isEqualTo(Comparison.POLICY));
    }

    @Test
    void scorecardCellsShowNoDigitTheComparisonRoundedAway() throws IOException {
        SimulationRun a = new SimulationRun(Path.of("a.yaml"), simulate(policyA()));
        SimulationRun b = new SimulationRun(Path.of("b.yaml"), simulate(policyA()));
        String html = Files.readString(write(a, b).report());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<th>(replica-hours|under-provisioned minutes)</th>((?:<td[^>]*>[^<]*</td>){2})").matcher(html);
        int rows = 0;
        while (m.find()) {
            rows++;
            assertThat(m.group(2)).as(m.group(1) + " is compared to 0.1, so it shows at most one decimal").doesNotContainPattern("\\.\\d\\d<");
        }
        assertThat(rows).isPositive();
    }

    @Test
    void reportIsSelfContainedWithChartsAndTables() throws IOException {
        ReportWriter.Written w = write(new SimulationRun(Path.of("a.yaml"), simulate(policyA())), null);
        String html = Files.readString(w.report());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("</svg>").contains("<style>");
        assertThat(html).doesNotContainPattern("(?i)https?:").doesNotContain("<script src").doesNotContain("<link").doesNotContain("@import");
        assertThat(html).contains("w&lt;1&gt;,&quot;x&quot;").doesNotContain("w<1>");
        assertThat(html).contains("Scorecard").contains("replica-hours").contains("under-provisioned minutes");
        assertThat(html).contains("track-cpu target 60").as("thresholds drawn").contains("stroke-dasharray=\"6 4\"");
        assertThat(html).contains("enable-cache").contains("without a change (hold)");
        assertThat(html).contains("time (UTC)").contains("Mar 1");
        assertThat(html.length()).isLessThan(3_000_000);
    }

    /** A strict RFC-4180 parser for the test: quoted cells, doubled quotes, CRLF records. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') { rec.add(cell.toString()); cell.setLength(0); }
            else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                rec.add(cell.toString()); cell.setLength(0); out.add(rec); rec = new ArrayList<>(); i++;
            } else cell.append(c);
        }
        assertThat(quoted).isFalse();
        assertThat(cell).isEmpty();
        return out;
    }
}
