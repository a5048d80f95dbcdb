package io.capstan.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.ActuationAttempt;
import io.capstan.core.spi.PlannedAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code capstan run} with real parts: a child JVM running the command, a real H2 file, real HTTP, a real process pool
 * whose members are {@code sleep} processes marked by a unique duration.
 */
class RunLoopTest {
    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    /** A duration no other test's members have: how this test finds (and ends) its own members. */
    private final String marker = "3600." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    private final List<LiveCapstan> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (LiveCapstan c : started) c.close();
        LiveCapstan.killMembers("sleep " + marker);
    }

    private LiveCapstan start(Path config, Map<String, String> env, List<String> props, String... extra) throws Exception {
        LiveCapstan c = LiveCapstan.start(config, dir.resolve("data"), env, props, extra);
        started.add(c);
        return c;
    }

    /** Runbook 001's worker rules on the queue depth (hyperverge.yaml), with the cooldowns shortened for the test. */
    private Path worker(String cooldown, String interval) throws Exception {
        return LiveCapstan.write(dir, "worker.yaml", "targets:\n" + LiveCapstan.queueTarget("worker", "{min: 2, max: 20}", cooldown, "1000", marker)
                + "controller: {interval: " + interval + "}\n");
    }

    private int members() {
        return LiveCapstan.members("sleep " + marker).size();
    }

    private int current(LiveCapstan c, String target) throws Exception {
        return c.target(target).path("currentReplicas").asInt(-1);
    }

    @Test
    void pushedSamplesScaleARealProcessPool() throws Exception {
        LiveCapstan c = start(worker("{scaleOut: 1s, scaleIn: 1s}", "1s"), Map.of(), List.of());
        await().atMost(LONG).until(() -> current(c, "worker") == 2 && members() == 2);
        assertThat(c.push("worker", "queue_depth", 1500).statusCode()).isEqualTo(202);
        await().atMost(LONG).until(() -> members() >= 7);
        JsonNode t = c.target("worker");
        assertThat(t.path("metrics").path("queue_depth").path("value").asDouble()).isEqualTo(1500);
        JsonNode latest = c.decisions("worker");
        assertThat(latest).anySatisfy(d -> {
            assertThat(d.path("action").asText()).isEqualTo("scaleOut");
            assertThat(d.path("desiredReplicas").asInt()).isEqualTo(7);
            assertThat(d.path("steps")).isNotEmpty();
            assertThat(d.path("id").asText()).startsWith("worker@");
        });
        // the embedded store's file size, for an alert before the disk fills
        assertThat(c.get("/metrics").body()).containsPattern("(?m)^capstan_store_file_bytes [1-9][0-9.E]*$");
    }

    @Test
    void runbook001WorkerRulesEndToEnd() throws Exception {
        // +5 above 1000, -2 below 100, scale-out and scale-in cooldowns (60 s and 120 s in the runbook) shortened
        LiveCapstan c = start(worker("{scaleOut: 2s, scaleIn: 3s}", "1s"), Map.of(), List.of());
        await().atMost(LONG).until(() -> current(c, "worker") == 2);
        c.push("worker", "queue_depth", 1500);
        await().atMost(LONG).until(() -> current(c, "worker") == 7);
        // between the thresholds nothing changes; below 100 the pool sheds 2 per cooldown down to min
        c.push("worker", "queue_depth", 50);
        await().atMost(LONG).until(() -> current(c, "worker") == 2 && members() == 2);
        List<Integer> path = new ArrayList<>();
        JsonNode ds = c.decisions("worker");
        for (int i = ds.size() - 1; i >= 0; i--) if (!ds.get(i).path("action").asText().equals("hold")) path.add(ds.get(i).path("desiredReplicas").asInt());
        assertThat(path).containsSubsequence(2, 7, 5, 3, 2);
        assertThat(ds).filteredOn(d -> d.path("desiredReplicas").asInt() == 5)
                .allSatisfy(d -> assertThat(d.path("summary").asText()).contains("queue-low"));
    }

    @Test
    void aCrashBetweenRecordingAndApplyingNeitherRepeatsNorForgets() throws Exception {
        Path config = worker("{scaleOut: 1s, scaleIn: 1s}", "1s");
        LiveCapstan first = start(config, Map.of(), List.of("-D" + Controller.HOLD_BEFORE_APPLY + "=7"));
        await().atMost(LONG).until(() -> current(first, "worker") == 2 && members() == 2);
        Set<Long> before = LiveCapstan.members("sleep " + marker).stream().map(ProcessHandle::pid).collect(Collectors.toSet());
        first.push("worker", "queue_depth", 1500);
        // recorded (PLANNED) and held by the test hook before the actuator is called
        await().atMost(LONG).until(() -> !first.target("worker").path("applying").isNull());
        String id = first.target("worker").path("applying").asText();
        first.kill();
        assertThat(members()).isEqualTo(2);

        LiveCapstan second = start(config, Map.of(), List.of());
        await().atMost(LONG).until(() -> members() == 7 && current(second, "worker") == 7);
        assertThat(second.stop()).isZero();
        Set<Long> after = LiveCapstan.members("sleep " + marker).stream().map(ProcessHandle::pid).collect(Collectors.toSet());
        assertThat(after).hasSize(7).containsAll(before);
        try (JdbcDecisionStore store = JdbcDecisionStore.open(StoreConfig.embedded(dir.resolve("data")))) {
            assertThat(store.action(id)).get().extracting(PlannedAction::state).isEqualTo(ActionState.APPLIED);
            List<ActuationAttempt> attempts = store.attempts(id);
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).outcome()).isEqualTo(ActuationAttempt.Outcome.SUCCEEDED);
            assertThat(attempts.get(0).message()).startsWith("applied 2 -> 7");
        }
    }

    @Test
    void sighupKeepsTheRunningConfigWhenTheNewOneIsBadAndTakesAGoodOne() throws Exception {
        Path config = worker("{scaleOut: 1s, scaleIn: 1s}", "1s");
        String good = java.nio.file.Files.readString(config);
        LiveCapstan c = start(config, Map.of(), List.of());
        await().atMost(LONG).until(() -> current(c, "worker") == 2);
        java.nio.file.Files.writeString(config, good.replace("gracePeriod: 5s", "gracePeriod: soon"));
        hangUp(c);
        // the detail line comes after the header line: wait for it, not for the header
        await().atMost(LONG).until(() -> c.output().contains("keeping the running config") && c.output().contains("targets[0].actuator.gracePeriod"));
        c.push("worker", "queue_depth", 500);
        assertThat(c.target("worker").path("lastDecision").path("reason").asText()).doesNotStartWith("Threshold");
        java.nio.file.Files.writeString(config, good.replace("> 1000", "> 400"));
        hangUp(c);
        await().atMost(LONG).until(() -> c.output().contains("reload: target worker: policies changed"));
        c.push("worker", "queue_depth", 500);
        await().atMost(LONG).until(() -> current(c, "worker") == 7);
    }

    private static void hangUp(LiveCapstan c) throws Exception {
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(c.process.pid())).start().waitFor()).isZero();
    }

    @Test
    void capstanPushSendsStdinLinesAndTheChangeIsLoggedAsJson() throws Exception {
        LiveCapstan c = start(worker("{scaleOut: 1s, scaleIn: 1s}", "1s"), Map.of(), List.of(), "--log-format", "json");
        await().atMost(LONG).until(() -> current(c, "worker") == 2);
        java.io.InputStream stdin = System.in;
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit;
        try {
            System.setIn(new java.io.ByteArrayInputStream("# queue depths\nworker queue_depth 1500\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            exit = io.capstan.app.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), "push", "--server", c.url);
        } finally {
            System.setIn(stdin);
        }
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("accepted 1 of 1 sample(s)");
        await().atMost(LONG).until(() -> current(c, "worker") == 7);
        await().atMost(LONG).until(() -> c.output().lines().anyMatch(l -> l.startsWith("{") && l.contains("worker: scale out 2 -> 7")));
        // the change's fields apart, for machines; and even the address line is JSON
        JsonNode change = LiveCapstan.JSON.readTree(c.output().lines().filter(l -> l.startsWith("{") && l.contains("worker: scale out 2 -> 7")).findFirst().orElseThrow());
        Map<String, String> fields = new java.util.HashMap<>();
        for (JsonNode kv : change.path("kvpList")) kv.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
        assertThat(fields).containsEntry("target", "worker").containsEntry("from", "2").containsEntry("to", "7")
                .containsEntry("reason", "ThresholdSustained").containsEntry("dryRun", "false").containsKey("decisionId");
        String listening = c.output().lines().filter(l -> l.contains("listening on")).findFirst().orElseThrow();
        assertThat(LiveCapstan.JSON.readTree(listening).path("url").asText()).isEqualTo(c.url);
    }

    /** Members that ignore SIGTERM, so stopping one waits out the gracePeriod and ends with SIGKILL. */
    private Path stubborn(String gracePeriod) throws Exception {
        String yaml = java.nio.file.Files.readString(worker("{scaleOut: 1s, scaleIn: 1s}", "1s"))
                .replace("command: [\"sleep\", \"" + marker + "\"], gracePeriod: 5s",
                        "command: [\"sh\", \"-c\", \"trap '' TERM; exec sleep " + marker + "\"], gracePeriod: " + gracePeriod);
        assertThat(yaml).contains("trap");
        return LiveCapstan.write(dir, "stubborn-" + gracePeriod + ".yaml", yaml);
    }

    @Test
    void whileResumingAScaleInTheApiAnswersHealthButIsNotReady() throws Exception {
        Path fast = stubborn("2s");
        LiveCapstan first = start(fast, Map.of(), List.of("-D" + Controller.HOLD_BEFORE_APPLY + "=5"));
        await().atMost(LONG).until(() -> current(first, "worker") == 2 && members() == 2);
        first.push("worker", "queue_depth", 1500);
        await().atMost(LONG).until(() -> current(first, "worker") == 7 && members() == 7);
        first.push("worker", "queue_depth", 50);
        // the scale-in 7 -> 5 is recorded and held before applying; the crash leaves it for the next start
        await().atMost(LONG).until(() -> !first.target("worker").path("applying").isNull());
        first.kill();
        // the restart resumes it, which waits out a long gracePeriod for two members that ignore SIGTERM
        LiveCapstan second = LiveCapstan.starting(stubborn("30s"), dir.resolve("data"), Map.of(), List.of());
        started.add(second);
        assertThat(second.output()).doesNotContain("listening on");
        var health = second.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(LiveCapstan.JSON.readTree(health.body()).path("status").asText()).isEqualTo("starting");
        assertThat(second.get("/ready").statusCode()).isEqualTo(503);
        var push = second.push("worker", "queue_depth", 1500);
        assertThat(push.statusCode()).isEqualTo(503);
        assertThat(LiveCapstan.JSON.readTree(push.body()).path("error").asText()).startsWith("capstan run is starting: ");
        await().atMost(LONG).until(() -> second.output().contains("listening on " + second.url));
        assertThat(second.get("/ready").statusCode()).isEqualTo(200);
        assertThat(LiveCapstan.JSON.readTree(second.get("/health").body()).path("status").asText()).isEqualTo("ok");
        assertThat(members()).isEqualTo(5);
    }

    @Test
    void aStopDuringAScaleInSaysWhatItWaitsForAndTheKillItEscalatesTo() throws Exception {
        LiveCapstan c = start(stubborn("2s"), Map.of(), List.of());
        await().atMost(LONG).until(() -> current(c, "worker") == 2 && members() == 2);
        c.push("worker", "queue_depth", 1500);
        await().atMost(LONG).until(() -> current(c, "worker") == 7 && members() == 7);
        c.push("worker", "queue_depth", 50);
        await().atMost(LONG).until(() -> c.output().contains("waiting up to 2s for it to exit after SIGTERM"));
        c.terminate();
        await().atMost(LONG).until(() -> c.output().contains("stopping: "));
        c.terminate();
        // exited() reads the output to its end: at the exit itself the last lines can still be in the pipe
        assertThat(c.exited()).isZero();
        assertThat(c.output())
                .containsPattern("stopping: .*waiting for worker: applying worker@")
                .contains("still stopping")
                .containsPattern("WARN +worker: stopped member \\d+ \\(pid \\d+\\): .*SIGKILL");
        assertThat(members()).isEqualTo(5);
    }

    @Test
    void aPortInUseIsOneLineFromCapstan() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<String> cmd = io.capstan.app.ChildJvm.command(List.of(), "io.capstan.app.Main", List.of("run", "--config",
                    worker("{scaleOut: 1s, scaleIn: 1s}", "1s").toString(), "--data", dir.resolve("data").toString(), "--listen", "127.0.0.1:" + taken.getLocalPort()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(output).isEqualTo(1);
            assertThat(output).doesNotContain("Failed to start Javalin").doesNotContain("Exception")
                    .contains("capstan run: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the address is in use");
        }
    }

    @Test
    void sigtermExitsZeroAndLeavesTheMembersRunning() throws Exception {
        LiveCapstan c = start(worker("{scaleOut: 1s, scaleIn: 1s}", "1s"), Map.of(), List.of());
        await().atMost(LONG).until(() -> members() == 2);
        Set<Long> running = LiveCapstan.members("sleep " + marker).stream().map(ProcessHandle::pid).collect(Collectors.toSet());
        assertThat(c.stop()).isZero();
        assertThat(LiveCapstan.members("sleep " + marker).stream().map(ProcessHandle::pid).collect(Collectors.toSet())).isEqualTo(running);
    }

    @Test
    void mutatingEndpointsNeedTheTokenWhenOneIsSet() throws Exception {
        LiveCapstan c = start(worker("{scaleOut: 1s, scaleIn: 1s}", "1s"), Map.of(RunCommand.TOKEN_VARIABLE, "s3cret"), List.of());
        String body = "{\"samples\": [{\"target\": \"worker\", \"metric\": \"queue_depth\", \"value\": 1500}]}";
        assertThat(c.post("/api/v1/metrics", body, null).statusCode()).isEqualTo(401);
        assertThat(c.post("/api/v1/metrics", body, "wrong").statusCode()).isEqualTo(401);
        assertThat(c.target("worker").path("metrics").path("queue_depth").path("value").isNull()).isTrue();
        var ok = c.post("/api/v1/metrics", body, "s3cret");
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.body()).contains("\"accepted\":1");
        assertThat(c.output()).doesNotContain("s3cret");
    }

    @Test
    void badSamplesAreNamedAndNothingIsAccepted() throws Exception {
        LiveCapstan c = start(worker("{scaleOut: 1s, scaleIn: 1s}", "1s"), Map.of(), List.of());
        var r = c.post("/api/v1/metrics", """
                {"samples": [{"target": "worker", "metric": "queue_depth", "value": 5, "timestamp": 1772445600},
                             {"target": "workr", "metric": "queue_depth", "value": 5},
                             {"target": "worker", "metric": "queue_depth", "value": "high"}]}""", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("samples[1].target: no target 'workr'").contains("samples[2].value: expected a number, found a string")
                .doesNotContain("samples[0]");
        assertThat(c.target("worker").path("metrics").path("queue_depth").path("value").isNull()).isTrue();
        var big = c.post("/api/v1/metrics", "{\"samples\": [" + "0,".repeat(3 << 20) + "0]}", null);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("larger than 4 MiB");
        assertThat(c.get("/health").statusCode()).isEqualTo(200);
        assertThat(c.get("/ready").statusCode()).isEqualTo(200);
    }

    /** A target "api" whose only metric comes from a Prometheus that is not there (port 9): every poll fails. */
    static String outage(String marker) {
        return """
                targets:
                  - name: api
                    replicas: {min: 2, max: 10}
                    metrics:
                      rps: {scope: target, source: {prometheus: 'sum(rate(http_requests_total[1m]))'}}
                    policies:
                      - {name: busy, threshold: {when: "avg(rps, 1m) > 100", action: {add: 1}}}
                      - {name: idle, threshold: {when: "avg(rps, 1m) < 10", action: {remove: 1}}}
                    actuator: {type: process, command: ["sleep", "%s"]}
                sources: {prometheus: {url: "http://127.0.0.1:9", timeout: 1s}}
                controller: {interval: 1s}
                """.formatted(marker);
    }

    @Test
    void aSourceOutageHoldsAndIsVisible() throws Exception {
        Path config = LiveCapstan.write(dir, "outage.yaml", outage(marker));
        LiveCapstan c = start(config, Map.of(), List.of());
        await().atMost(LONG).until(() -> !c.target("api").path("sourceErrors").isEmpty()
                && c.target("api").path("lastDecision").path("reason").asText().startsWith("Missing"));
        JsonNode t = c.target("api");
        assertThat(t.path("metrics").path("rps").path("value").isNull()).isTrue();
        assertThat(t.path("metrics").path("rps").path("sourceError").asText()).startsWith("prometheus");
        assertThat(t.path("desiredReplicas").asInt()).isEqualTo(2);
    }
}
