package io.capstan.app.explain;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static io.capstan.app.explain.ExplainConformanceTest.dir;
import static io.capstan.app.explain.ExplainConformanceTest.explain;
import static org.assertj.core.api.Assertions.assertThat;

/** Scenarios that cannot be read: an error entry naming file, line:column and what was expected; exit status 1. */
class ExplainErrorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not-json.json            | not-json.json:3:    | cannot parse",
            "capstan-policy.json      | capstan-policy.yaml | the policy file has 5 problem(s), first: ",
            "missing-max-replicas.json| missing-max-replicas.json:6:13 | policy.spec: missing required field 'maxReplicas'",
            "bad-quantity.json        | bad-quantity.json:10:57 | state.metrics[0].pods[0].value: expected a Kubernetes quantity",
            "missing-state.json       | missing-state.json:1:1 | missing required field 'state'",
            "wrong-metric-count.json  | wrong-metric-count.json:7:44 | expected 1 metric entries, one per metric of the policy in the same order, got 0",
            "bad-target-type.json     | bad-target-type.yaml:12:17 | spec.metrics[0].resource.target.type: expected Utilization | Value | AverageValue, found text 'Percentage'",
    })
    void errorEntry(String file, String location, String message) throws Exception {
        Path path = dir("hpa-errors").resolve(file);
        ExplainConformanceTest.Run run = explain(path.toString());
        assertThat(run.exit()).isEqualTo(1);
        JsonNode entry = run.output().get(0);
        assertThat(entry.get("file").asText()).isEqualTo(path.toString());
        assertThat(entry.get("error").asText()).contains(location).contains(message);
        assertThat(entry.has("desiredReplicas")).isFalse();
        assertThat(run.stdout()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void oneBadScenarioDoesNotStopTheOthers() throws Exception {
        String good = dir("hpa-conformance").resolve("scale-up.json").toString();
        String bad = dir("hpa-errors").resolve("bad-quantity.json").toString();
        ExplainConformanceTest.Run run = explain(good, bad, good);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output().size()).isEqualTo(3);
        assertThat(run.output().get(0).get("desiredReplicas").asInt()).isEqualTo(5);
        assertThat(run.output().get(1).has("error")).isTrue();
        assertThat(run.output().get(2).get("desiredReplicas").asInt()).isEqualTo(5);
    }

    @Test
    void aPolicyPathThatIsNoPathIsALocatedErrorAndTheOtherScenariosStillRun(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path nul = dir.resolve("nul.json");
        java.nio.file.Files.writeString(nul, "{\"policy\": \"p2.yaml\\u0000\", \"state\": {\"specReplicas\": 4}}");
        Path empty = dir.resolve("empty.json");
        java.nio.file.Files.writeString(empty, "{\"policy\": \"\", \"state\": {\"specReplicas\": 4}}");
        String good = dir("hpa-conformance").resolve("scale-up.json").toString();
        ExplainConformanceTest.Run run = explain(nul.toString(), empty.toString(), good);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output().get(0).get("error").asText()).contains("nul.json:1:12: policy: not a usable file path");
        assertThat(run.output().get(1).get("error").asText()).contains("empty.json:1:12: policy: the policy path is empty");
        assertThat(run.output().get(2).get("desiredReplicas").asInt()).isEqualTo(5);
        assertThat(run.stdout()).doesNotContain("internal error").doesNotContain("\u0000");
    }

    @Test
    void warningsInTheScenariosPolicyFileDoNotStopExplain(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("p.yaml"), """
                targets:
                  - name: web
                    replicas: {min: 1, max: 10}
                    metrics: {cpu: {}}
                    policies:
                      - {name: tt, targetTracking: {metric: cpu, target: 50}}
                      - name: leap
                        schedule:
                          - {name: never, cron: "0 0 31 2 *", set: 8}
                """);
        Path scenario = dir.resolve("s.json");
        java.nio.file.Files.writeString(scenario, "{\"policy\": \"p.yaml\", \"state\": {\"specReplicas\": 4, \"metrics\": {\"cpu\": {\"value\": 50}}}}");
        ExplainConformanceTest.Run run = explain(scenario.toString());
        assertThat(run.exit()).as(run.stdout()).isZero();
        assertThat(run.output().get(0).get("desiredReplicas").asInt()).isEqualTo(4);
    }

    @Test
    void moreLoadNeverMeansLessScalingWhenTheStrongestOpinionIsInItsCooldown(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("p.yaml"), """
                targets:
                  - name: web
                    replicas: {min: 1, max: 10}
                    cooldown: {betweenEvents: 10m}
                    metrics: {cpu: {}}
                    policies:
                      - {name: tt, targetTracking: {metric: cpu, type: utilization, target: 50, cooldown: {betweenEvents: 1m}}}
                      - {name: hot, threshold: {when: "avg(cpu, 1m) > 70", action: {toMax: true}}}
                """);
        int[] desired = new int[2];
        int k = 0;
        for (int cpu : new int[] {69, 71}) {
            Path scenario = dir.resolve("s" + cpu + ".json");
            java.nio.file.Files.writeString(scenario, "{\"policy\": \"p.yaml\", \"state\": {\"specReplicas\": 4, \"lastScaleInSecondsAgo\": 120,"
                    + " \"metrics\": {\"cpu\": {\"value\": " + cpu + "}}}}");
            JsonNode r = explain(scenario.toString()).output().get(0);
            desired[k++] = r.get("desiredReplicas").asInt();
            if (cpu == 71) {
                assertThat(r.get("summary").asText()).contains("hot is held by its cooldown (between-events cooldown 10m: last scaling 2m ago)")
                        .contains("tt wanted 6 and its cooldown has passed");
            }
        }
        assertThat(desired[0]).as("cpu 69").isEqualTo(6);
        assertThat(desired[1]).as("cpu 71: at least what 69 gives").isGreaterThanOrEqualTo(desired[0]);
    }

    @Test
    void missingFileIsAnErrorEntry() throws Exception {
        ExplainConformanceTest.Run run = explain("/nonexistent/scenario.json");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output().get(0).get("error").asText()).contains("/nonexistent/scenario.json").endsWith("file not found");
    }

    @Test
    void hpaScenarioStrictness(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.json");
        java.nio.file.Files.writeString(scenario, """
                {"policy": {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                            "spec": {"maxReplicas": 10, "behavior": {"scaleDown": {"stabilizationWindowSecond": 60}}}},
                 "state": {"specReplicas": 3, "statusReplicas": -1, "metrics": [{"unavailable": true}]}}
                {"trailing": true}
                """);
        String error = explain(scenario.toString()).output().get(0).get("error").asText();
        assertThat(error).contains("s.json:4:1: unexpected content after the JSON document");
        java.nio.file.Files.writeString(scenario, """
                {"policy": {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                            "spec": {"maxReplicas": 10, "behavior": {"scaleDown": {"stabilizationWindowSecond": 60}}}},
                 "state": {"specReplicas": 3, "statusReplicas": -1, "statusReplicas": 2, "metrics": [{"unavailable": true}]}}
                """);
        error = explain(scenario.toString()).output().get(0).get("error").asText();
        assertThat(error).contains("s.json:2:68: policy.spec.behavior.scaleDown.stabilizationWindowSecond: unknown field"
                        + " 'stabilizationWindowSecond'; did you mean 'stabilizationWindowSeconds'?")
                .contains("s.json:3:53: state.statusReplicas: duplicate key 'statusReplicas'");
    }

    @Test
    void hpaScenarioRangesAreLocatedErrors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.json");
        java.nio.file.Files.writeString(scenario, """
                {"policy": {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"}, "spec": {"maxReplicas": 10, "scaleTargetRef": {"kind": "Deployment", "name": "web"}}},
                 "state": {"specReplicas": 3, "statusReplicas": -1,
                           "metrics": [{"pods": [{"request": "1", "value": "500m", "startedSecondsAgo": 1e17}]}],
                           "scaleUpEvents": [{"secondsAgo": 100000000000000000, "replicaChange": 1}]}}
                """);
        String error = explain(scenario.toString()).output().get(0).get("error").asText();
        assertThat(error).contains("s.json:2:49: state.statusReplicas: expected a whole number of 0 or more, found -1")
                .contains("state.metrics[0].pods[0].startedSecondsAgo: expected a whole number from 0 to 3153600000, found 1e17")
                .contains("state.scaleUpEvents[0].secondsAgo: expected a whole number from 0 to 3153600000, found 100000000000000000")
                .doesNotContain("internal error").doesNotContain("Exception");
    }

    @ParameterizedTest(name = "request {0}")
    @CsvSource({"'\"-1\"', -1", "'\"0\"', 0", "'\"-500m\"', -500m", "'-2', -2", "'0', 0"})
    void aPodRequestMustBePositive(String request, String shown, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.json");
        String template = """
                {"policy": {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"},
                            "spec": {"maxReplicas": 10, "scaleTargetRef": {"kind": "Deployment", "name": "web"},
                                     "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]}},
                 "state": {"specReplicas": 2,
                           "metrics": [{"pods": [{"request": %s, "value": "500m"}, {"request": "1", "value": "500m"}]}]}}
                """;
        java.nio.file.Files.writeString(scenario, template.formatted(request));
        ExplainConformanceTest.Run run = explain(scenario.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output().get(0).get("error").asText())
                .startsWith(scenario + ":5:46: state.metrics[0].pods[0].request: a pod's resource request must be positive, found")
                .contains(shown);
        // a positive request, however small, is fine
        java.nio.file.Files.writeString(scenario, template.formatted("\"1m\""));
        assertThat(explain(scenario.toString()).exit()).isZero();
    }

    private static Path policyScenario(Path dir, String now) throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("p.yaml"), """
                targets:
                  - name: web
                    replicas: {min: 1, max: 20}
                    policies:
                      - name: weekend
                        schedule: [{name: weekend, cron: "0 0 * * 6,0", set: 2}]
                """);
        return java.nio.file.Files.writeString(dir.resolve("s.json"), "{\"policy\": \"p.yaml\", \"now\": \"" + now
                + "\", \"state\": {\"specReplicas\": 4}}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "2026-02-30T10:00:00Z | '2026-02-30T10:00:00Z' is not a real date and time: invalid date 'FEBRUARY 30'",
            "2027-02-29T10:00:00Z | '2027-02-29T10:00:00Z' is not a real date and time: invalid date 'February 29' as '2027' is not a leap year",
            "2026-04-31T10:00:00Z | is not a real date and time",
            "2026-12-01T24:30:00Z | '2026-12-01T24:30:00Z' is not a real date and time: invalid value for HourOfDay",
            "2026-12-01T10:00:00  | found '2026-12-01T10:00:00'; add Z for UTC or an offset such as +01:00",
    })
    void anImpossibleNowSaysTheDateIsImpossible(String now, String message, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String error = explain(policyScenario(dir, now).toString()).output().get(0).get("error").asText();
        assertThat(error).contains("s.json:1:29: now: ").contains(message);
        if (!now.endsWith("10:00:00")) assertThat(error).doesNotContain("with an offset");
    }

    @Test
    void nothingBeforeTheYearOneIsPrintedAsYearZero(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // 0001-01-01 is a Monday: the weekend cron's previous firing would be in the year 0
        ExplainConformanceTest.Run run = explain(policyScenario(dir, "0001-01-01T00:00:00Z").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).doesNotContain("0000-").contains("0001-01-01T00:00:00Z");
    }

    @Test
    void anHpaManifestIsReadOnce(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // A named pipe gives its content once: a second read of the manifest would see other text (or none).
        Path pipe = dir.resolve("hpa.yaml");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        String manifest = """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: web}
                spec:
                  scaleTargetRef: {kind: Deployment, name: web}
                  maxReplicas: 10
                  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
                """;
        // written once: a second open for reading would wait for a writer that never comes
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            try {
                java.nio.file.Files.writeString(pipe, manifest);
            } catch (java.io.IOException e) {
                // the test fails on the missing manifest
            }
        });
        Path scenario = java.nio.file.Files.writeString(dir.resolve("s.json"),
                "{\"policy\": \"hpa.yaml\", \"state\": {\"specReplicas\": 2, \"metrics\": [{\"pods\": [{\"request\": \"1\", \"value\": \"900m\"},"
                        + " {\"request\": \"1\", \"value\": \"900m\"}]}]}}");
        try {
            // a bound on a hang (a second read waits forever), not on speed
            ExplainConformanceTest.Run run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> explain(scenario.toString()));
            assertThat(run.output().get(0).has("error")).as(run.stdout()).isFalse();
            assertThat(run.output().get(0).get("desiredReplicas").asInt()).isEqualTo(4);
        } finally {
            // a writer still waiting for its reader (explain never read): be it, so the thread ends
            if (writer.isAlive()) java.nio.file.Files.readString(pipe);
        }
    }

    @Test
    void aPolicyPathEndingInASlashIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path scenario = policyScenario(dir, "2026-12-01T10:00:00Z");
        java.nio.file.Files.writeString(scenario, java.nio.file.Files.readString(scenario).replace("\"p.yaml\"", "\"p.yaml/\""));
        ExplainConformanceTest.Run run = explain(scenario.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output().get(0).get("error").asText())
                .isEqualTo(scenario + ":1:12: policy: 'p.yaml/' ends with /, so it names a directory, not a file; write p.yaml for the file");
        assertThat(explain(scenario + "/").exit()).isEqualTo(2);
    }
}
