package io.capstan.app.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** explain on targets of Capstan policy files (the shipped runbook examples). */
class PolicyScenarioTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private JsonNode explain(String... scenarios) throws Exception {
        String[] files = new String[scenarios.length];
        for (int i = 0; i < scenarios.length; i++) {
            Path f = dir.resolve("s" + i + ".json");
            Files.writeString(f, scenarios[i].replace("EXAMPLES", EXAMPLES.toString()));
            files[i] = f.toString();
        }
        return run(files).output();
    }

    record Run(int exit, JsonNode output) {}

    private static Run run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ExplainCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute(args);
        return new Run(exit, new ObjectMapper().readTree(out.toString()));
    }

    @Test
    void queueBacklogAddsFiveWorkersAndSaysWhy() throws Exception {
        JsonNode r = explain("""
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "worker",
                 "state": {"specReplicas": 4, "metrics": {"queue_depth": {"value": 1500}, "cpu": {"value": 50}, "memory": {"value": 50}}}}
                """).get(0);
        assertThat(r.get("desiredReplicas").asInt()).isEqualTo(9);
        assertThat(r.get("reason").asText()).isEqualTo("ThresholdSustained");
        assertThat(r.get("steps").get(0).get("message").asText()).contains("queue-high").contains("1500 > 1000");
        assertThat(r.get("proposals")).anySatisfy(p -> assertThat(p.get("policy").asText()).isEqualTo("cpu-target"));
    }

    /** The decision's id and the readings it rested on, with the rule that stood in for a missing metric: what an audit record keeps. */
    @Test
    void namesTheDecisionAndTheReadingsItUsed() throws Exception {
        JsonNode r = explain("""
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "worker", "now": "2026-12-01T10:00:00Z",
                 "state": {"specReplicas": 4, "metrics": {"queue_depth": {"value": 1500}, "cpu": {"value": 50}, "memory": {"unavailable": true}}}}
                """).get(0);
        assertThat(r.get("id").asText()).isEqualTo("worker@2026-12-01T10:00:00Z");
        assertThat(r.get("readings")).anySatisfy(n -> {
            assertThat(n.get("metric").asText()).isEqualTo("queue_depth");
            assertThat(n.get("value").asDouble()).isEqualTo(1500);
            assertThat(n.has("onMissing")).isFalse();
        });
        assertThat(r.get("readings")).anySatisfy(n -> {
            assertThat(n.get("metric").asText()).isEqualTo("memory");
            assertThat(n.get("missing").asText()).isNotBlank();
            assertThat(n.get("onMissing").asText()).isNotBlank();
        });
    }

    @Test
    void aSetThatABoundMovesIsNamedBeforeTheBound() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                targets:
                  - name: web
                    replicas: {min: 1, max: 10}
                    metrics: {cpu: {}}
                    policies:
                      - {name: tt, targetTracking: {metric: cpu, type: utilization, target: 50}}
                      - name: s
                        schedule:
                          - {name: f, cron: "0 8 * * *", set: 3}
                          - {name: g, start: "2026-12-01T07:00", end: "2026-12-01T09:00", min: 5}
                """);
        JsonNode r = explain("""
                {"policy": "p.yaml", "now": "2026-12-01T08:00:00Z",
                 "state": {"specReplicas": 7, "metrics": {"cpu": {"value": 50}}, "scheduled": {"s": "2026-11-30T08:00:00Z"}}}
                """).get(0);
        assertThat(r.get("desiredReplicas").asInt()).isEqualTo(5);
        assertThat(r.get("summary").asText()).startsWith("scale in 7 -> 5 (ScheduleFloor): schedule s entry f set 3; below min 5");
    }

    @Test
    void aScheduledFiringSeenAfterNowIsAnError() throws Exception {
        JsonNode r = explain("""
                {"policy": "EXAMPLES/sergas.yaml", "now": "2026-12-02T08:00:30Z",
                 "state": {"specReplicas": 5, "scheduled": {"business-hours": "2026-12-03T08:00:00Z"}}}
                """).get(0);
        assertThat(r.get("error").asText()).contains("state.scheduled.business-hours: the last firing seen, 2026-12-03T08:00:00Z,"
                + " is after now (2026-12-02T08:00:30Z)");
    }

    @Test
    void cooldownFromStateHoldsAScaleOut() throws Exception {
        JsonNode r = explain("""
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "worker",
                 "state": {"specReplicas": 7, "lastScaleOutSecondsAgo": 30,
                           "metrics": {"queue_depth": {"value": 1500}, "cpu": {"value": 50}, "memory": {"value": 50}}}}
                """).get(0);
        assertThat(r.get("desiredReplicas").asInt()).isEqualTo(7);
        assertThat(r.get("reason").asText()).isEqualTo("CooldownActive");
        assertThat(r.get("summary").asText()).contains("scale-out cooldown 1m");
    }

    @Test
    void nowSetsTheInstantSchedulesAreEvaluatedAtAndTheExplanationStatesIt() throws Exception {
        JsonNode results = explain("""
                {"policy": "EXAMPLES/sergas.yaml", "now": "2026-12-01T10:00:00Z",
                 "state": {"specReplicas": 5, "metrics": {"cpu": {"value": 50}, "memory": {"value": 50}}}}
                """, """
                {"policy": "EXAMPLES/sergas.yaml",
                 "state": {"specReplicas": 5, "metrics": {"cpu": {"value": 50}, "memory": {"value": 50}}}}
                """);
        JsonNode launch = results.get(0);
        assertThat(launch.get("desiredReplicas").asInt()).as("the product launch floor, 09:30-14:00 on 2026-12-01").isEqualTo(20);
        assertThat(launch.get("reason").asText()).isEqualTo("ScheduleFloor");
        assertThat(launch.get("summary").asText()).endsWith("schedule product-launch holds at least 20 at 2026-12-01T10:00:00Z");
        JsonNode fixed = results.get(1);
        assertThat(fixed.get("desiredReplicas").asInt()).as("without now: the documented default instant").isEqualTo(5);
        assertThat(fixed.get("proposals")).anySatisfy(p -> assertThat(p.get("message").asText())
                .isEqualTo("at 2001-09-09T01:46:40Z: no schedule period is active"));
    }

    @Test
    void aSetFiringIsExplainedFromTheScheduledState() throws Exception {
        JsonNode results = explain("""
                {"policy": "EXAMPLES/sergas.yaml", "now": "2026-12-02T08:00:30Z",
                 "state": {"specReplicas": 5, "scheduled": {"business-hours": "2026-12-01T20:00:00Z"},
                           "metrics": {"cpu": {"value": 50}, "memory": {"value": 50}}}}
                """, """
                {"policy": "EXAMPLES/sergas.yaml", "now": "2026-12-02T08:00:30+01:00",
                 "state": {"specReplicas": 5, "scheduled": {"business-hour": "2026-12-01T20:00:00Z"}}}
                """, """
                {"now": "yesterday", "policy": "EXAMPLES/sergas.yaml",
                 "state": {"specReplicas": 5}}
                """);
        JsonNode set = results.get(0);
        assertThat(set.get("desiredReplicas").asInt()).isEqualTo(10);
        assertThat(set.get("reason").asText()).isEqualTo("ScheduleSet");
        assertThat(set.get("summary").asText()).isEqualTo("scale out 5 -> 10 (ScheduleSet): schedule business-hours entry morning-scale-up"
                + " fired at 2026-12-02T08:00:00Z (evaluated at 2026-12-02T08:00:30Z): set 10");
        assertThat(results.get(1).get("error").asText()).contains("state.scheduled.business-hour")
                .contains("unknown schedule 'business-hour'").contains("did you mean 'business-hours'");
        assertThat(results.get(2).get("error").asText()).contains(":1:9: now: expected an ISO-8601 instant");
    }

    @Test
    void sustainAndMissingDataAreExplained() throws Exception {
        JsonNode results = explain("""
                {"policy": "EXAMPLES/arq.yaml",
                 "state": {"specReplicas": 6, "metrics": [{"value": 20}, {"value": 40}, {"value": 300}, {"value": 5},
                           {"value": 0.1}, {"value": 40}, {"value": 20}, {"value": 1}, {"value": 40}, {"value": 100}, {"value": 30}]}}
                """, """
                {"policy": "EXAMPLES/arq.yaml",
                 "state": {"specReplicas": 6, "heldForSeconds": 600, "metrics": [{"value": 20}, {"value": 40}, {"value": 300}, {"value": 5},
                           {"value": 0.1}, {"value": 40}, {"value": 20}, {"value": 1}, {"value": 40}, {"value": 100}, {"value": 30}]}}
                """, """
                {"policy": "EXAMPLES/arq.yaml",
                 "state": {"specReplicas": 6, "heldForSeconds": 600, "metrics": {"cpu": {"value": 20}, "memory": {"value": 40},
                           "latency_p95_ms": {"value": 300}}}}
                """);
        assertThat(results.get(0).get("desiredReplicas").asInt()).as("not yet held for 10m").isEqualTo(6);
        assertThat(results.get(1).get("desiredReplicas").asInt()).isEqualTo(5);
        assertThat(results.get(1).get("summary").asText()).contains("scale-down");
        assertThat(results.get(2).get("desiredReplicas").asInt()).as("queue depth and others missing").isEqualTo(6);
        assertThat(results.get(2).get("reason").asText()).isEqualTo("MissingUpOnly");
    }

    @Test
    void namedActionsAreListed() throws Exception {
        JsonNode r = explain("""
                {"policy": "EXAMPLES/phoenix.yaml",
                 "state": {"specReplicas": 1, "metrics": {"cpu": {"value": 90}, "memory": {"value": 50}, "latency_p95_ms": {"value": 100},
                           "agents": {"value": 100}, "metrics_per_second": {"value": 1000}, "disk": {"value": 50}}}}
                """).get(0);
        assertThat(r.get("actions").get(0).get("name").asText()).isEqualTo("vertical-scale");
        assertThat(r.get("actions").get(0).get("params").get("to").asText()).isEqualTo("t3.large");
        assertThat(r.get("summary").asText()).contains("decided vertical-scale");
    }

    /** A bad "now" does not hide the state's own problems: they are all listed at once (the newcomer's c1.json). */
    @Test
    void aBadNowIsListedWithTheStatesOtherProblems() throws Exception {
        String error = explain("""
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "worker", "now": "yesterday",
                 "state": {"specReplicas": 7, "metrics": {"queue_depth": {"value": -1},
                   "cpu": {"samples": [{"secondsAgo": 0, "value": 10}, {"secondsAgo": 60, "value": 20}]}, "memory": {"value": 5}}}}
                """).get(0).get("error").asText();
        assertThat(error).containsPattern(":1:\\d+: now: expected an ISO-8601 instant").contains("state.metrics.queue_depth.value: expected a number from 0 to 1e15, found -1")
                .contains("state.metrics.cpu.samples[1]: samples must be oldest first");
    }

    /** Scenario values have the trace's range, and the bound is written as a person writes it, not in 309 digits. */
    @Test
    void scenarioValuesHaveTheTracesMaximum() throws Exception {
        JsonNode results = explain("""
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "worker",
                 "state": {"specReplicas": 4, "metrics": {"queue_depth": {"value": 1e400}, "cpu": {"value": 2e15}}}}
                """);
        assertThat(results.get(0).get("error").asText()).contains("state.metrics.queue_depth.value: expected a number from 0 to 1e15, found 1e400")
                .contains("state.metrics.cpu.value: expected a number from 0 to 1e15, found 2e15");
    }

    @Test
    void badScenariosNameTheirLocation() throws Exception {
        JsonNode results = explain("""
                {"policy": "EXAMPLES/hyperverge.yaml",
                 "state": {"specReplicas": 2}}
                """, """
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "workers",
                 "state": {"specReplicas": 2}}
                """, """
                {"policy": "EXAMPLES/arq.yaml",
                 "state": {"specReplicas": 2, "metrics": {"cpuu": {"value": 1}}}}
                """);
        assertThat(results.get(0).get("error").asText()).contains("4 targets").contains("name one with \"target\"");
        assertThat(results.get(1).get("error").asText()).contains(":1:").contains("no target named \"workers\"")
                .contains("did you mean 'worker'?");
        assertThat(results.get(2).get("error").asText()).contains("unknown metric 'cpuu'").contains("did you mean 'cpu'?");
    }

    @Test
    void unreadableScenariosAreErrorsWithoutJavaNames() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ExplainCommand());
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute(dir.resolve("nope.json").toString(), dir.toString());
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(exit).isEqualTo(1);
        assertThat(r.get(0).get("error").asText()).endsWith("nope.json: file not found");
        assertThat(r.get(1).get("error").asText()).endsWith("it is a directory");
        assertThat(out.toString()).doesNotContain("Exception").doesNotContain("java.");
    }

    @Test
    void aMisspelledStateKeyIsAnErrorNotASilentScaleOut() throws Exception {
        JsonNode r = explain("""
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "worker",
                 "state": {"specReplicas": 7, "lastScaleOutSecondAgo": 30,
                           "metrics": {"queue_depth": {"value": 1500}, "cpu": {"value": 50}, "memory": {"value": 50}}}}
                """).get(0);
        assertThat(r.has("desiredReplicas")).as("before: 7 -> 12 with the cooldown ignored").isFalse();
        assertThat(r.get("error").asText()).contains(":2:31: state.lastScaleOutSecondAgo: unknown field 'lastScaleOutSecondAgo';"
                + " did you mean 'lastScaleOutSecondsAgo'?");
    }

    @Test
    void outOfRangeStateValuesAreLocatedErrors() throws Exception {
        JsonNode results = explain("""
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "worker",
                 "state": {"specReplicas": 7, "statusReplicas": -1}}
                """, """
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "worker",
                 "state": {"specReplicas": 7, "lastScaleOutSecondsAgo": 1e17}}
                """, """
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "worker",
                 "state": {"specReplicas": 7, "heldForSeconds": 100000000000000000}}
                """, """
                {"policy": "EXAMPLES/hyperverge.yaml", "target": "worker",
                 "state": {"specReplicas": 7, "scaleUpEvents": [{"secondsAgo": 1e300, "replicaChange": 1}]}}
                """);
        assertThat(results.get(0).get("error").asText()).contains(":2:49: state.statusReplicas: expected a whole number of 0 or more, found -1");
        assertThat(results.get(1).get("error").asText()).contains(":2:57: state.lastScaleOutSecondsAgo: expected a whole number from 0 to 3153600000");
        assertThat(results.get(2).get("error").asText()).contains(":2:49: state.heldForSeconds: expected a whole number from 0 to");
        assertThat(results.get(3).get("error").asText()).contains("state.scaleUpEvents[0].secondsAgo: expected a whole number from 0 to");
        for (JsonNode r : results) assertThat(r.get("error").asText()).doesNotContain("internal error").doesNotContain("Exception");
    }

    @Test
    void anEndlessFileStopsAtTheSizeLimit() throws Exception {
        java.nio.file.Path zero = java.nio.file.Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero));
        Run run = run("--max-input-size", "64KiB", zero.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output().get(0).get("error").asText())
                .isEqualTo("/dev/zero: the file is larger than the input limit of 64 KiB; raise it with --max-input-size if the file is meant to be this large");
    }

    private String error(String scenario) throws Exception {
        JsonNode r = explain(scenario).get(0);
        assertThat(r.has("error")).as("an error, not a decision: %s", r).isTrue();
        return r.get("error").asText();
    }

    @Test
    void aMetricEntryGivesOneOfValueSamplesOrUnavailable() throws Exception {
        assertThat(error("""
                {"policy": "EXAMPLES/phoenix.yaml",
                 "state": {"specReplicas": 2, "metrics": {"cpu": {"value": 5, "samples": [{"secondsAgo": 60, "value": 90}]}}}}
                """)).contains("s0.json:2:74: state.metrics.cpu.samples: a metric entry gives one of \"value\", \"samples\" or \"unavailable\", found value and samples");
        assertThat(error("""
                {"policy": "EXAMPLES/phoenix.yaml",
                 "state": {"specReplicas": 2, "metrics": {"cpu": {"value": 5, "unavailable": true}}}}
                """)).contains("state.metrics.cpu.unavailable: a metric entry gives one of").contains("found value and unavailable");
    }

    @Test
    void negativeMetricValuesAreRejectedAsTraceCsvsRejectThem() throws Exception {
        assertThat(error("""
                {"policy": "EXAMPLES/phoenix.yaml", "state": {"specReplicas": 2, "metrics": {"cpu": {"value": -5}}}}
                """)).contains("state.metrics.cpu.value: expected a number from 0 to 1e15, found -5");
        assertThat(error("""
                {"policy": "EXAMPLES/phoenix.yaml", "state": {"specReplicas": 2, "metrics": {"cpu": {"samples": [{"secondsAgo": 1, "value": -1}]}}}}
                """)).contains("state.metrics.cpu.samples[0].value: expected a number from 0 to 1e15, found -1");
    }

    @Test
    void aMisspelledActionInStateIsAnErrorWithDidYouMean() throws Exception {
        assertThat(error("""
                {"policy": "EXAMPLES/phoenix.yaml",
                 "state": {"specReplicas": 2, "actions": {"vertical-scael": 1200}, "metrics": {"cpu": {"value": 75}}}}
                """)).contains("s0.json:2:43: state.actions.vertical-scael: unknown action 'vertical-scael'; the target's policies name [")
                .contains("did you mean 'vertical-scale'");
        assertThat(explain("""
                {"policy": "EXAMPLES/phoenix.yaml",
                 "state": {"specReplicas": 2, "actions": {"vertical-scale": 1200}, "metrics": {"cpu": {"value": 75}}}}
                """).get(0).has("error")).isFalse();
    }
}
