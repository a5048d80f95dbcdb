package io.capstan.app.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario files under hpa-conformance/, each derived from a Kubernetes test (named in its "goTest" field), run
 * end to end through {@link ExplainCommand}: the printed desiredReplicas must be the file's expectedDesiredReplicas.
 */
class ExplainConformanceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, JsonNode output, String stdout) {
    }

    static Run explain(String... args) throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ExplainCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int exit = cli.execute(args);
        return new Run(exit, JSON.readTree(out.toString()), out.toString());
    }

    static Path dir(String name) throws URISyntaxException {
        return Path.of(ExplainConformanceTest.class.getResource("/" + name).toURI());
    }

    static Stream<Path> scenarios() throws Exception {
        try (Stream<Path> files = Files.list(dir("hpa-conformance"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Path file) throws IOException {
        JsonNode scenario = JSON.readTree(file.toFile());
        Run run = explain(file.toString());
        assertThat(run.exit()).as(run.stdout()).isZero();
        JsonNode result = run.output().get(0);
        assertThat(result.has("error")).as(run.stdout()).isFalse();
        assertThat(result.get("desiredReplicas").asInt()).as(scenario.get("goTest").asText() + "\n" + run.stdout())
                .isEqualTo(scenario.get("expectedDesiredReplicas").asInt());

        JsonNode steps = result.get("steps");
        assertThat(steps.size()).isPositive();
        assertThat(steps.get(0).get("before").asInt()).isEqualTo(scenario.get("state").get("specReplicas").asInt());
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i).get("before").asInt()).as("step %d chains", i).isEqualTo(steps.get(i - 1).get("after").asInt());
        }
        assertThat(steps.get(steps.size() - 1).get("after").asInt()).isEqualTo(result.get("desiredReplicas").asInt());
        for (JsonNode s : steps) {
            assertThat(s.fieldNames()).toIterable().contains("stage", "reason", "before", "after", "message");
        }
    }

    @Test
    void allScenariosAtOnce_oneEntryPerFileInOrder() throws Exception {
        List<String> args = scenarios().map(Path::toString).toList();
        Run run = explain(args.toArray(String[]::new));
        assertThat(run.exit()).isZero();
        assertThat(run.output().size()).isEqualTo(args.size());
        List<String> files = new ArrayList<>();
        run.output().forEach(n -> files.add(n.get("file").asText()));
        assertThat(files).containsExactlyElementsOf(args);
    }

    @Test
    void deterministic() throws Exception {
        String file = dir("hpa-conformance").resolve("scale-down-default-behavior-stabilized.json").toString();
        assertThat(explain(file).stdout()).isEqualTo(explain(file).stdout());
    }

    @Test
    void explainsTheDecisiveSteps() throws Exception {
        JsonNode r = explain(dir("hpa-conformance").resolve("scale-up-rate-limited-by-recent-event.json").toString()).output().get(0);
        List<String> reasons = new ArrayList<>();
        r.get("steps").forEach(s -> reasons.add(s.get("reason").asText()));
        assertThat(reasons).containsExactly("ValidMetricFound", "ValidMetricFound", "ReadyForNewScale", "ScaleUpLimit");
        assertThat(r.get("steps").get(0).get("stage").asText()).isEqualTo("metric:cpu resource utilization (percentage of request)");
        // the rescale is stored for the next sync, as storeScaleEvent does
        assertThat(r.get("scaleUpEvents").toString()).contains("\"replicaChange\":4");
    }

    @Test
    void firstSyncRecordsTheCurrentCountAsARecommendation() throws Exception {
        JsonNode r = explain(dir("hpa-conformance").resolve("scale-down-first-sync-stabilized.json").toString()).output().get(0);
        assertThat(r.get("recommendations").toString()).isEqualTo("[{\"secondsAgo\":0,\"replicas\":5},{\"secondsAgo\":0,\"replicas\":3}]");
    }
}
