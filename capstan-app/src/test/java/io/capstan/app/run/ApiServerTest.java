package io.capstan.app.run;

import io.capstan.app.CapturedLog;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.TargetFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API's control endpoints on a real server (127.0.0.1, an ephemeral port) in front of a real controller, a real H2
 * store and a real process pool of {@code sleep} members, on a clock the test moves.
 */
class ApiServerTest {
    @TempDir
    Path dir;

    private final String marker = "3600." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    private final ControllerTest.TestClock clock = new ControllerTest.TestClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private JdbcDecisionStore store;
    private Controller controller;
    private ApiServer api;
    private String url;

    @AfterEach
    void close() {
        stopServer();
        if (store != null) store.close();
        LiveCapstan.killMembers("sleep " + marker);
    }

    private void stopServer() {
        if (api != null) api.close();
        if (controller != null) controller.close();
        api = null;
        controller = null;
    }

    /** Starts controller and API on {@code store} (opened on first use); {@code ready} as RunCommand does once resumed. */
    private void start(String token, boolean dryRun, boolean ready) throws Exception {
        start(ControllerTest.worker("[\"sleep\", \"" + marker + "\"]"), token, dryRun, ready);
    }

    void start(String yaml, String token, boolean dryRun, boolean ready) throws Exception {
        if (store == null) store = JdbcDecisionStore.open(StoreConfig.embedded(dir.resolve("data")));
        Path config = Files.writeString(dir.resolve("c.yaml"), yaml);
        ServedRun run = ServedRun.start(config, dir.resolve("data"), store, clock, token, dryRun, ready);
        controller = run.controller();
        api = run.api();
        url = run.url();
    }

    private void start() throws Exception {
        start(null, false, true);
    }

    /** The first tick brings the pool to its min of 2. */
    private void atMin() throws Exception {
        controller.tick();
        await().until(() -> controller.idle() && members() == 2);
    }

    private int members() {
        return LiveCapstan.members("sleep " + marker).size();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, null);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return LiveCapstan.JSON.readTree(r.body());
    }

    private JsonNode target() throws Exception {
        return json(get("/api/v1/targets")).get(0);
    }

    private List<StoredDecision> decisions() throws Exception {
        return store.decisions("worker", null, 100).decisions();
    }

    @Test
    void aManualScaleIsRecordedWithWhoAndWhyAppliedAsAnActionAndPausesTheTarget() throws Exception {
        start();
        atMin();
        var r = post("/api/v1/targets/worker/scale", "{\"replicas\": 5, \"reason\": \"INC-42: hold capacity for the release\", \"by\": \"alice\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode d = json(r);
        String id = d.path("id").asText();
        assertThat(id).startsWith("worker@").contains("#manual-");
        assertThat(d.path("reason").asText()).isEqualTo("ManualScale");
        assertThat(d.path("currentReplicas").asInt()).isEqualTo(2);
        assertThat(d.path("desiredReplicas").asInt()).isEqualTo(5);
        assertThat(d.path("action").asText()).isEqualTo("scaleOut");
        assertThat(d.path("by").asText()).startsWith("alice (loopback, 127.0.0.1");
        assertThat(d.path("why").asText()).isEqualTo("INC-42: hold capacity for the release");
        assertThat(d.path("actionState").asText()).isEqualTo("PLANNED");
        assertThat(d.path("paused").asBoolean()).isTrue();
        // the same path as the engine's changes: recorded, then applied under the decision's id
        await().until(() -> store.action(id).orElseThrow().state() == ActionState.APPLIED);
        await().until(() -> members() == 5);
        assertThat(store.attempts(id)).singleElement().satisfies(a -> assertThat(a.message()).startsWith("applied 2 -> 5"));
        // the manual-action audit has both what was done and the pause it brought
        assertThat(store.manualActions("worker", 10)).extracting(io.capstan.core.spi.ManualAction::action).contains("scale", "pause");
        assertThat(store.manualActions("worker", 10)).filteredOn(a -> a.action().equals("scale")).singleElement().satisfies(a -> {
            assertThat(a.detail()).isEqualTo("replicas=5 (from 2), decision " + id);
            assertThat(a.who()).startsWith("alice");
            assertThat(a.why()).isEqualTo("INC-42: hold capacity for the release");
        });

        JsonNode t = target();
        assertThat(t.path("paused").asBoolean()).isTrue();
        assertThat(t.path("pause").path("by").asText()).startsWith("alice");
        assertThat(t.path("pause").path("reason").asText()).isEqualTo("manual scale to 5: INC-42: hold capacity for the release");
        assertThat(t.path("lastDecision").path("id").asText()).isEqualTo(id);
        assertThat(t.path("lastDecision").path("reason").asText()).isEqualTo("ManualScale");
        assertThat(t.path("desiredReplicas").asInt()).isEqualTo(5);
        JsonNode history = json(get("/api/v1/targets/worker/decisions"));
        assertThat(history.get(0).path("id").asText()).isEqualTo(id);
        assertThat(history.get(0).path("actionState").asText()).isEqualTo("APPLIED");
        assertThat(history.get(0).path("steps").get(0).path("stage").asText()).isEqualTo("manual");

        // paused: a queue far below the scale-in bound changes nothing, tick after tick
        clock.advance(Duration.ofMinutes(10));
        controller.push(List.of(new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant(), 10)));
        controller.tick();
        assertThat(decisions().get(0).id()).isEqualTo(id);
        assertThat(controller.targets().get("worker").actuator.observe().desired()).isEqualTo(5);
        // a paused target is still observed: the list shows what runs
        assertThat(target().path("currentReplicas").asInt()).isEqualTo(5);
        assertThat(target().path("holding").asText()).isEqualTo("paused");
    }

    @Test
    void withoutPauseTheEngineDecidesAgainWithItsCooldownsCountingFromTheManualScale() throws Exception {
        start();
        atMin();
        var r = post("/api/v1/targets/worker/scale", "{\"replicas\": 6, \"reason\": \"warm up\", \"pause\": false}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r).path("paused").asBoolean()).isFalse();
        await().until(() -> controller.idle() && members() == 6);
        // the queue is low: queue-low wants 6 -> 4, but the scale-in cooldown (120 s) runs from the manual scale
        clock.advance(Duration.ofSeconds(30));
        controller.push(List.of(new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant(), 10)));
        assertThat(decisions().get(0).to()).isEqualTo(6);
        assertThat(decisions().get(0).reason()).isEqualTo("CooldownActive");
        clock.advance(Duration.ofSeconds(91));
        controller.push(List.of(new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant(), 10)));
        assertThat(decisions().get(0).to()).isEqualTo(4);
    }

    @Test
    void anEmergencyScalesToMaxAtOnceAndPausesSoNothingScalesItBackIn() throws Exception {
        start();
        atMin();
        var r = post("/api/v1/targets/worker/emergency", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode d = json(r);
        assertThat(d.path("desiredReplicas").asInt()).isEqualTo(20);
        assertThat(d.path("reason").asText()).isEqualTo("ManualEmergency");
        assertThat(d.path("why").asText()).isEqualTo("emergency");
        assertThat(d.path("paused").asBoolean()).isTrue();
        await().until(() -> store.action(d.path("id").asText()).orElseThrow().state() == ActionState.APPLIED);
        assertThat(controller.targets().get("worker").actuator.observe().desired()).isEqualTo(20);
        clock.advance(Duration.ofHours(1));
        controller.push(List.of(new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant(), 0)));
        controller.tick();
        assertThat(controller.targets().get("worker").actuator.observe().desired()).isEqualTo(20);
        assertThat(target().path("pause").path("reason").asText()).isEqualTo("emergency scale to max (20): emergency");
        // resumed, the engine decides again and sheds capacity by its rules
        var resumed = post("/api/v1/targets/worker/resume", "{\"reason\": \"incident over\", \"by\": \"bob\"}");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(json(resumed).path("paused").asBoolean()).isFalse();
        controller.tick();
        assertThat(decisions().get(0).to()).isEqualTo(18);
    }

    @Test
    void pauseAndResumeAreRecordedWithWhoAndWhyAndSurviveARestart() throws Exception {
        start();
        var r = post("/api/v1/targets/worker/pause", "{\"reason\": \"db maintenance until 14:00\", \"by\": \"carol\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode t = json(r);
        assertThat(t.path("paused").asBoolean()).isTrue();
        assertThat(t.path("pause").path("reason").asText()).isEqualTo("db maintenance until 14:00");
        assertThat(t.path("pause").path("at").asText()).isEqualTo(clock.instant().toString());
        controller.tick();
        assertThat(decisions()).isEmpty();
        assertThat(controller.targets().get("worker").holding).isEqualTo("paused");
        assertThat(store.manualActions("worker", 10)).isNotEmpty();

        stopServer();
        start();
        t = json(get("/api/v1/targets/worker"));
        assertThat(t.path("paused").asBoolean()).isTrue();
        assertThat(t.path("pause").path("by").asText()).startsWith("carol");
        assertThat(t.path("pause").path("reason").asText()).isEqualTo("db maintenance until 14:00");
        controller.tick();
        assertThat(decisions()).isEmpty();

        assertThat(post("/api/v1/targets/worker/resume", "").statusCode()).isEqualTo(200);
        assertThat(target().path("paused").asBoolean()).isFalse();
        controller.tick();
        assertThat(decisions()).hasSize(1);
    }

    @Test
    void aPerTargetDryRunDecidesButChangesNothingAndRefusesManualScales() throws Exception {
        start();
        atMin();
        var on = post("/api/v1/targets/worker/dry-run", "{\"enabled\": true, \"reason\": \"trying new rules\"}");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(json(on).path("dryRun").asBoolean()).isTrue();
        assertThat(json(on).path("dryRunFlag").path("reason").asText()).isEqualTo("trying new rules");
        assertThat(json(on).path("globalDryRun").asBoolean()).isFalse();
        clock.advance(Duration.ofMinutes(5));
        controller.push(List.of(new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant(), 1500)));
        StoredDecision d = decisions().get(0);
        assertThat(d.to()).isEqualTo(7);
        assertThat(d.payloadJson()).contains("\"dryRun\":true");
        assertThat(store.action(d.id())).isEmpty();
        var refused = post("/api/v1/targets/worker/scale", "{\"replicas\": 9, \"reason\": \"x\"}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).path("error").asText()).contains("worker is in dry run").contains("/dry-run {\"enabled\": false}");
        assertThat(post("/api/v1/targets/worker/dry-run", "{\"enabled\": false}").statusCode()).isEqualTo(200);
        assertThat(target().path("dryRun").asBoolean()).isFalse();
        // (the dry run's scale-out started the scale-out cooldown, as an applied one would)
        clock.advance(Duration.ofSeconds(61));
        controller.push(List.of(new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant(), 1500)));
        await().until(() -> controller.idle() && members() == 7);
    }

    @Test
    void aGlobalDryRunRefusesManualScalesAndSaysWhy() throws Exception {
        start(null, true, true);
        var r = post("/api/v1/targets/worker/emergency", "{\"reason\": \"load\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).path("error").asText()).contains("--dry-run");
        assertThat(decisions()).isEmpty();
        assertThat(store.flags()).isEmpty();
        assertThat(target().path("globalDryRun").asBoolean()).isTrue();
    }

    @Test
    void aScaleWhileAnotherActionIsAppliedIsRefusedWithRetryAfter() throws Exception {
        start();
        atMin();
        controller.targets().get("worker").inFlight = "worker@test";
        var r = post("/api/v1/targets/worker/scale", "{\"replicas\": 9, \"reason\": \"x\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(json(r).path("error").asText()).contains("applying worker@test");
        controller.targets().get("worker").inFlight = null;
        assertThat(store.flags()).isEmpty();
    }

    @Test
    void scalingToWhereTheTargetIsRecordsItWithoutAnAction() throws Exception {
        start();
        atMin();
        var r = post("/api/v1/targets/worker/scale", "{\"replicas\": 2, \"reason\": \"pin at 2\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("action").asText()).isEqualTo("hold");
        assertThat(json(r).path("actionState").isNull()).isTrue();
        assertThat(store.action(json(r).path("id").asText())).isEmpty();
        assertThat(target().path("paused").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "above max         | {\"replicas\": 21, \"reason\": \"x\"}                | body:1:14: replicas: expected a whole number from 2 to 20 (the replicas: bounds of worker), found 21",
            "below min         | {\"replicas\": 1, \"reason\": \"x\"}                 | body:1:14: replicas: expected a whole number from 2 to 20 (the replicas: bounds of worker), found 1",
            "negative          | {\"replicas\": -3, \"reason\": \"x\"}                | body:1:14: replicas: expected a whole number from 2 to 20 (the replicas: bounds of worker), found -3",
            "a text            | {\"replicas\": \"5\", \"reason\": \"x\"}             | body:1:14: replicas: expected a whole number from 2 to 20 (the replicas: bounds of worker), found \"5\"",
            "a fraction        | {\"replicas\": 5.5, \"reason\": \"x\"}               | body:1:14: replicas: expected a whole number",
            "huge              | {\"replicas\": 99999999999999999999999, \"reason\": \"x\"} | found 99999999999999999999999",
            "overflowing float | {\"replicas\": 1e400, \"reason\": \"x\"}             | body:1:14: replicas: expected a whole number",
            "NaN               | {\"replicas\": NaN, \"reason\": \"x\"}               | body:1:17: not JSON: Non-standard token 'NaN'",
            "NaN as text       | {\"replicas\": \"NaN\", \"reason\": \"x\"}           | found \"NaN\"",
            "null              | {\"replicas\": null, \"reason\": \"x\"}              | body: replicas: required: expected a whole number from 2 to 20",
            "missing replicas  | {\"reason\": \"x\"}                                  | body: replicas: required",
            "missing reason    | {\"replicas\": 5}                                    | body: reason: required: why, for the audit",
            "blank reason      | {\"replicas\": 5, \"reason\": \"  \"}                | body:1:27: reason: expected why",
            "reason not text   | {\"replicas\": 5, \"reason\": 7}                     | body:1:27: reason: expected why, for the audit",
            "typo              | {\"replica\": 5, \"reason\": \"x\"}                  | body:1:2: replica: unknown field; did you mean 'replicas'? (the fields are replicas, reason, by, pause)",
            "duplicate key     | {\"replicas\": 5, \"replicas\": 6, \"reason\": \"x\"} | body:1:17: replicas: given twice",
            "trailing garbage  | {\"replicas\": 5, \"reason\": \"x\"} xyz             | body:1:32: not JSON: Unrecognized token 'xyz'",
            "two objects       | {\"replicas\": 5, \"reason\": \"x\"} {}              | body:1:32: unexpected content after the JSON object",
            "not an object     | [5]                                                  | body:1:1: expected a JSON object with replicas, reason, by, pause",
            "not JSON          | replicas=5                                           | body:1:1: not JSON",
            "pause not boolean | {\"replicas\": 5, \"reason\": \"x\", \"pause\": \"no\"} | body:1:41: pause: expected true or false, found \"no\"",
            "empty             | ``                                                   | body: replicas: required",
    })
    void aBadScaleBodyIsALocated400AndChangesNothing(String what, String body, String error) throws Exception {
        start();
        var r = post("/api/v1/targets/worker/scale", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).contains(error);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(decisions()).isEmpty();
        assertThat(store.flags()).isEmpty();
    }

    @Test
    void otherBadBodiesAreLocatedToo() throws Exception {
        start();
        var r = post("/api/v1/targets/worker/dry-run", "{\"reason\": \"x\"}");
        assertThat(json(r).path("error").asText()).isEqualTo("body: enabled: required: true or false");
        r = post("/api/v1/targets/worker/dry-run", "{\"enabled\": \"yes\"}");
        assertThat(json(r).path("error").asText()).isEqualTo("body:1:13: enabled: expected true or false, found \"yes\"");
        r = post("/api/v1/targets/worker/pause", "{}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).startsWith("body: reason: required");
        r = post("/api/v1/targets/worker/pause", "{\"reason\": \"x\", \"by\": \"" + "a".repeat(101) + "\"}");
        assertThat(json(r).path("error").asText()).isEqualTo("body: by: at most 100 characters, found 101");
        r = post("/api/v1/targets/worker/pause", "{\"reason\": \"a\\u0000b\"}");
        assertThat(json(r).path("error").asText()).isEqualTo("body:1:12: reason: control characters are not allowed");
        r = post("/api/v1/targets/worker/emergency", "{\"replicas\": 3}");
        assertThat(json(r).path("error").asText()).isEqualTo("body:1:2: replicas: unknown field (the fields are reason, by)");
        r = post("/api/v1/metrics", "{\"samples\": [], \"samples\": []}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).startsWith("body:1:").contains("Duplicate field 'samples'");
        r = post("/api/v1/metrics", "{\"samples\": []} trailing");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).startsWith("body:1:");
        assertThat(store.flags()).isEmpty();
    }

    @Test
    void anUnknownTargetIs404NamingTheTargets() throws Exception {
        start();
        for (String path : List.of("scale", "emergency", "pause", "resume", "dry-run", "decisions", "")) {
            var r = path.equals("decisions") || path.isEmpty() ? get("/api/v1/targets/workr" + (path.isEmpty() ? "" : "/" + path))
                    : post("/api/v1/targets/workr/" + path, "{\"replicas\": 3, \"reason\": \"x\", \"enabled\": true}");
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(json(r).path("error").asText()).isEqualTo("no target 'workr'; did you mean 'worker'?; targets are worker");
        }
    }

    @Test
    void everyMutatingEndpointNeedsTheTokenAndChangesNothingWithoutIt() throws Exception {
        start("s3cret", false, true);
        atMin();
        List<String[]> calls = List.of(
                new String[]{"/api/v1/targets/worker/scale", "{\"replicas\": 5, \"reason\": \"x\"}"},
                new String[]{"/api/v1/targets/worker/emergency", "{}"},
                new String[]{"/api/v1/targets/worker/pause", "{\"reason\": \"x\"}"},
                new String[]{"/api/v1/targets/worker/resume", "{}"},
                new String[]{"/api/v1/targets/worker/dry-run", "{\"enabled\": true}"},
                new String[]{"/api/v1/metrics", "{\"samples\": [{\"target\": \"worker\", \"metric\": \"queue_depth\", \"value\": 1500}]}"});
        int recorded = decisions().size();
        for (String[] c : calls) {
            for (String token : new String[]{null, "wrong", "s3cret2", ""}) {
                var r = post(c[0], c[1], token);
                assertThat(r.statusCode()).as(c[0] + " with " + token).isEqualTo(401);
                assertThat(json(r).path("error").asText()).isIn("this endpoint needs the API token: Authorization: Bearer TOKEN", "wrong API token");
            }
        }
        assertThat(decisions()).hasSize(recorded);
        assertThat(store.flags()).isEmpty();
        assertThat(target().path("metrics").path("queue_depth").path("value").isNull()).isTrue();
        var ok = post("/api/v1/targets/worker/pause", "{\"reason\": \"x\"}", "s3cret");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).path("pause").path("by").asText()).startsWith("api (token, 127.0.0.1");
    }

    @Test
    void statusShowsATargetsNotesUnderIt() throws Exception {
        start(ControllerTest.worker("[\"sh\", \"-c\", \"exit 3\"]").replace("gracePeriod: 5s}",
                "gracePeriod: 5s, restart: {backoff: 20ms, maxBackoff: 40ms, crashLoopAfter: 2}}"), null, false, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            controller.tick();
            return io.capstan.app.CliRun.of("status", "--server", url).out().contains("member 0 is crash-looping: ");
        });
    }

    @Test
    void anApiReloadIsLoggedWithWhoAskedAndItsRefusalsAtWarn() throws Exception {
        start("s3cret", false, true);
        Path config = dir.resolve("c.yaml");
        try (CapturedLog log = new CapturedLog()) {
            Files.writeString(config, ControllerTest.worker("[\"sleep\", \"" + marker + "\"]") + "controller: {interval: 1s}\n");
            assertThat(post("/api/v1/reload", "", "s3cret").statusCode()).isEqualTo(200);
            Files.writeString(config, "targets: [");
            assertThat(post("/api/v1/reload", "", "s3cret").statusCode()).isEqualTo(400);
            assertThat(log.lines()).contains("INFO reload by api (token, 127.0.0.1): " + config + " read", "INFO reload: controller.interval: 15s -> 1s",
                    "WARN reload by api (token, 127.0.0.1): " + config + " has problems, keeping the running config:");
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN   " + config + ":"));
        }
    }

    @Test
    void afterARestartAPausedTargetShowsItsLastRecordedDecision() throws Exception {
        start();
        atMin();
        var r = post("/api/v1/targets/worker/scale", "{\"replicas\": 3, \"reason\": \"INC-7: hold\", \"by\": \"alice\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = json(r).path("id").asText();
        await().until(() -> controller.idle() && members() == 3);
        stopServer();
        start();
        controller.tick();
        JsonNode last = target().path("lastDecision");
        assertThat(target().path("paused").asBoolean()).isTrue();
        assertThat(last.path("id").asText()).isEqualTo(id);
        assertThat(last.path("reason").asText()).isEqualTo("ManualScale");
        assertThat(last.path("desiredReplicas").asInt()).isEqualTo(3);
        assertThat(target().path("desiredReplicas").asInt()).isEqualTo(3);
    }

    @Test
    void theNextPageOfANonAsciiTargetIsAnAsciiHeaderThatWorksAsAfter() throws Exception {
        start(ControllerTest.worker("[\"sleep\", \"" + marker + "\"]", "w\u00f6"), null, false, true);
        controller.tick();
        await().until(() -> controller.idle() && members() == 2);
        String path = "/api/v1/targets/" + java.net.URLEncoder.encode("w\u00f6", StandardCharsets.UTF_8);
        assertThat(post(path + "/scale", "{\"replicas\": 3, \"reason\": \"x\"}").statusCode()).isEqualTo(202);
        var first = get(path + "/decisions?limit=1");
        String next = first.headers().firstValue("X-Next-Page").orElseThrow();
        assertThat(next).matches("\\p{ASCII}+").contains("w%C3%B6@");
        var second = get(path + "/decisions?limit=1&after=" + next);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second)).hasSize(1);
        assertThat(json(second).get(0).path("id").asText()).isNotEqualTo(json(first).get(0).path("id").asText()).startsWith("w\u00f6@");
    }

    @Test
    void theTokenSchemeIsCaseInsensitive() throws Exception {
        start("s3cret", false, true);
        var r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/targets/worker/pause")).header("Authorization", "bearer s3cret")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("changed").asBoolean()).isTrue();
        var again = post("/api/v1/targets/worker/resume", "{}", "s3cret");
        assertThat(json(again).path("changed").asBoolean()).isTrue();
        assertThat(json(post("/api/v1/targets/worker/resume", "{}", "s3cret")).path("changed").asBoolean()).isFalse();
    }

    @Test
    void beforeItIsReadyTheApiSaysSoAndAcceptsNoChange() throws Exception {
        start(null, false, false);
        assertThat(get("/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(json(get("/health")).path("status").asText()).isEqualTo("starting");
        var r = post("/api/v1/targets/worker/pause", "{\"reason\": \"x\"}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).path("error").asText()).contains("starting");
        assertThat(store.flags()).isEmpty();
        api.ready();
        assertThat(get("/ready").statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/targets/worker/pause", "{\"reason\": \"x\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void onceStoppingChangesAre503AndReadingGoesOn() throws Exception {
        start();
        api.stopping();
        var r = post("/api/v1/metrics", "{\"samples\": [{\"target\": \"worker\", \"metric\": \"queue_depth\", \"value\": 1500}]}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).path("error").asText()).startsWith("capstan run is stopping: ");
        assertThat(get("/ready").statusCode()).isEqualTo(503);
        assertThat(get("/api/v1/targets").statusCode()).isEqualTo(200);
        assertThat(target().path("metrics").path("queue_depth").path("value").isNull()).isTrue();
    }

    @Test
    void anUnknownRouteIsAJson404PointingAtTheDocument() throws Exception {
        start();
        for (var r : List.of(get("/api/v1/nope"), post("/api/v1/nope", "{}"))) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(json(r).path("error").asText()).isEqualTo("no route " + r.request().method() + " /api/v1/nope; see /openapi.json");
        }
        // a 404 of a route that is there keeps its own message
        assertThat(json(get("/api/v1/targets/nope")).path("error").asText()).startsWith("no target 'nope'");
    }

    /** A body of {@code head} then {@code bytes} of {@code filler}, sent chunked (no Content-Length to check up front). */
    private HttpResponse<String> chunked(String path, String head, String filler, long bytes) throws Exception {
        byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        java.io.InputStream body = new java.io.SequenceInputStream(new ByteArrayInputStream(prefix), new java.io.InputStream() {
            long left = bytes;

            @Override
            public int read() {
                return left-- > 0 ? filler.charAt((int) (left % filler.length())) : -1;
            }
        });
        HttpRequest req = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // the server drops what it reads past the limit before answering, so the 413 reaches a client still sending
            throw new AssertionError("no answer to an oversized chunked body: " + e, e);
        }
    }

    @Test
    void chunkedBodiesAreLimitedToo() throws Exception {
        start();
        var r = chunked("/api/v1/targets/worker/pause", "{\"reason\": \"", "x", 100_000);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).isEqualTo("the request body is larger than 64 KiB; send less at a time");
        r = chunked("/api/v1/metrics", "{\"samples\": [", "0,", 5L << 20);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).startsWith("the request body is larger than 4 MiB");
        assertThat(store.flags()).isEmpty();
        // a small chunked body is fine
        r = chunked("/api/v1/targets/worker/pause", "{\"reason\": \"chunked\"", "}", 1);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void theTargetListShowsEachMetricWithItsBandAndTheSourceHealth() throws Exception {
        start();
        atMin();
        assertThat(target().path("metrics").path("queue_depth").path("band").asText()).isEqualTo("unknown");
        assertThat(target().path("metrics").path("queue_depth").path("source").asText()).isEqualTo("push");
        assertThat(target().path("sourceHealth").asText()).isEqualTo("ok");
        assertThat(target().path("minReplicas").asInt()).isEqualTo(2);
        assertThat(target().path("maxReplicas").asInt()).isEqualTo(20);
        // below queue-low's bound is no alarm: that rule removes capacity
        for (double[] v : new double[][]{{50, 0}, {500, 0}, {1500, 1}, {6000, 2}}) {
            clock.advance(Duration.ofSeconds(1));
            controller.push(List.of(new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant(), v[0])));
            assertThat(target().path("metrics").path("queue_depth").path("band").asText()).as("%s", v[0])
                    .isEqualTo(new String[]{"ok", "warning", "critical"}[(int) v[1]]);
        }
        JsonNode last = target().path("lastDecision");
        assertThat(last.path("reason").asText()).isNotEmpty();
        assertThat(last.path("action").asText()).isIn("scaleOut", "hold");
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRoutesJavalinServes() throws Exception {
        start();
        var r = get("/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = json(r);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        java.util.Set<String> documented = new java.util.TreeSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (List.of("get", "post", "put", "patch", "delete").contains(m)) documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
        }));
        java.util.Set<String> served = new java.util.TreeSet<>(api.routes());
        assertThat(documented).as("documented but not served").isSubsetOf(served);
        assertThat(served).as("served but not documented").isSubsetOf(documented);
        // every $ref points at a schema that is there
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"#/components/schemas/(\\w+)\"").matcher(r.body());
        while (m.find()) assertThat(doc.path("components").path("schemas").has(m.group(1))).as(m.group(1)).isTrue();
    }

    /**
     * The document's schemas against real answers, both ways: every field a real answer has is documented, every
     * documented field is in the answer (Target, its LastDecision, Health).
     */
    @Test
    void theTargetAndHealthSchemasHaveExactlyTheFieldsOfRealAnswers() throws Exception {
        start();
        atMin();
        clock.advance(Duration.ofSeconds(61));
        controller.push(List.of(new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant(), 1500)));
        JsonNode schemas = json(get("/openapi.json")).path("components").path("schemas");
        JsonNode target = target();
        assertSameFields("Target", schemas.path("Target"), target);
        assertThat(target.path("lastDecision").isObject()).isTrue();
        assertSameFields("LastDecision", schemas.path("LastDecision"), target.path("lastDecision"));
        assertSameFields("Health", schemas.path("Health"), json(get("/health")));
    }

    private static void assertSameFields(String name, JsonNode schema, JsonNode answer) {
        java.util.Set<String> documented = new java.util.TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(documented::add);
        java.util.Set<String> answered = new java.util.TreeSet<>();
        answer.fieldNames().forEachRemaining(answered::add);
        assertThat(answered).as(name + ": answered but not documented").isSubsetOf(documented);
        assertThat(documented).as(name + ": documented but not answered").isSubsetOf(answered);
        java.util.Set<String> required = new java.util.TreeSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        assertThat(required).as(name + ": required but not answered").isSubsetOf(answered);
    }

    // ---------------------------------------------------------------- /metrics

    /** A scrape in the Prometheus text format: each sample by name and its labels in name order ({@code a="x",b="y"}). */
    private java.util.Map<String, Double> scrape() throws Exception {
        var r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        java.util.Map<String, Double> samples = new java.util.TreeMap<>();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
        java.util.regex.Pattern label = java.util.regex.Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (String l : r.body().split("\n")) {
            if (l.isBlank() || l.startsWith("#")) continue;
            java.util.regex.Matcher m = line.matcher(l);
            assertThat(m.matches()).as("a sample line: %s", l).isTrue();
            java.util.Map<String, String> labels = new java.util.TreeMap<>();
            if (m.group(2) != null) {
                java.util.regex.Matcher lm = label.matcher(m.group(2));
                while (lm.find()) labels.put(lm.group(1), lm.group(2));
            }
            StringBuilder key = new StringBuilder(m.group(1));
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",").append(k).append("=\"").append(v).append('"'));
                key.append('}');
            }
            samples.put(key.toString(), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    @Test
    void metricsCountDecisionsActuationsEvaluationsAndSamplesAndShowEachTarget() throws Exception {
        start();
        atMin();
        controller.push(List.of(new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant(), 500),
                new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant().plusMillis(1), 600)));
        clock.advance(Duration.ofSeconds(1));
        controller.push(List.of(new io.capstan.core.spi.Sample("worker", "queue_depth", clock.instant(), 700)));
        var r = post("/api/v1/targets/worker/scale", "{\"replicas\": 5, \"reason\": \"x\"}");
        assertThat(r.statusCode()).isEqualTo(202);
        await().until(() -> controller.idle() && members() == 5);
        clock.advance(Duration.ofSeconds(1));
        controller.tick();
        var m = scrape();
        assertThat(m).containsEntry("capstan_decisions_total{action=\"scaleOut\",reason=\"TooFewReplicas\",target=\"worker\"}", 1.0)
                .containsEntry("capstan_decisions_total{action=\"scaleOut\",reason=\"ManualScale\",target=\"worker\"}", 1.0)
                .containsEntry("capstan_decisions_total{action=\"hold\",reason=\"NoChange\",target=\"worker\"}", 2.0)
                .containsEntry("capstan_actuations_total{outcome=\"applied\",target=\"worker\"}", 2.0)
                .containsEntry("capstan_samples_ingested_total{source=\"push\"}", 3.0)
                // two ticks (the second paused) and two pushes evaluated the target; a manual scale is no evaluation
                .containsEntry("capstan_evaluation_duration_seconds_count", 4.0)
                .containsEntry("capstan_evaluation_duration_seconds_bucket{le=\"+Inf\"}", 4.0)
                .containsEntry("capstan_target_current_replicas{target=\"worker\"}", 5.0)
                .containsEntry("capstan_target_desired_replicas{target=\"worker\"}", 5.0)
                .containsEntry("capstan_target_ready_replicas{target=\"worker\"}", 5.0)
                .containsEntry("capstan_target_paused{target=\"worker\"}", 1.0)
                .containsEntry("capstan_target_dry_run{target=\"worker\"}", 0.0)
                .containsEntry("capstan_target_source_errors{target=\"worker\"}", 0.0);
        assertThat(m.get("capstan_evaluation_duration_seconds_sum")).isPositive();
    }

    @Test
    void aFailingSourceIsCountedInMetricsAndShownAsFailingSourceHealth() throws Exception {
        start(RunLoopTest.outage(marker), null, false, true);
        controller.tick();
        clock.advance(Duration.ofSeconds(1));
        controller.tick();
        var m = scrape();
        assertThat(m).containsEntry("capstan_source_errors_total{source=\"prometheus\"}", 2.0)
                .containsEntry("capstan_target_source_errors{target=\"api\"}", 1.0)
                .doesNotContainKey("capstan_samples_ingested_total{source=\"prometheus\"}");
        JsonNode t = target();
        assertThat(t.path("sourceHealth").asText()).isEqualTo("failing");
        assertThat(t.path("metrics").path("rps").path("source").asText()).isEqualTo("prometheus");
        assertThat(t.path("metrics").path("rps").path("sourceError").asText()).startsWith("prometheus: ");
        assertThat(t.path("metrics").path("rps").path("band").asText()).isEqualTo("unknown");
    }

    @Test
    void aRealPrometheusScrapesTheMetrics() throws Exception {
        Path prometheus = Path.of("/usr/bin/prometheus");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(prometheus),
                "Prometheus is not installed at " + prometheus + " (apt-get install prometheus; .ci/run does): skipping");
        start();
        atMin();
        clock.advance(Duration.ofSeconds(1));
        controller.tick();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s}
                scrape_configs:
                  - job_name: capstan
                    static_configs: [{targets: ['%s']}]
                """.formatted(url.substring("http://".length())));
        Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            URI query = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=capstan_target_current_replicas");
            // Prometheus applies its scrape targets about 5 s after start; the first sample follows the first scrape.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                    http.send(HttpRequest.newBuilder(query).build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"target\":\"worker\""));
            JsonNode result = json(http.send(HttpRequest.newBuilder(query).build(), HttpResponse.BodyHandlers.ofString()));
            assertThat(result.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("2");
            URI up = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=up%7Bjob%3D%22capstan%22%7D");
            assertThat(json(http.send(HttpRequest.newBuilder(up).build(), HttpResponse.BodyHandlers.ofString()))
                    .path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("1");
        } finally {
            p.destroy();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
