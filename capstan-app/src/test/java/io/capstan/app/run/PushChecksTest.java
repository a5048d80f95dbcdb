package io.capstan.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push endpoint of a real API server (in this JVM, on an ephemeral port) over a real controller, H2 store and
 * process pool, on a clock the test sets: which samples it refuses, which it reports as ignored, and what it adds.
 */
class PushChecksTest {
    @TempDir
    Path dir;

    private final String marker = "3600." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    private final ControllerTest.TestClock clock = new ControllerTest.TestClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private JdbcDecisionStore store;
    private Controller controller;
    private ApiServer api;
    private String url;

    @BeforeEach
    void open() throws Exception {
        store = JdbcDecisionStore.open(StoreConfig.inMemory("push-" + marker));
        Path config = Files.writeString(dir.resolve("c.yaml"), """
                targets:
                  - name: worker
                    replicas: {min: 0, max: 20}
                    metrics:
                      queue_depth: {scope: target, source: push}
                      backlog: {scope: target}
                      cpu: {source: {host: cpu}}
                    policies:
                      - {name: queue-high, threshold: {when: "max(queue_depth, 5m) > 1000000", action: {add: 5}}}
                    actuator: {type: process, command: ["sleep", "%s"], gracePeriod: 5s}
                """.formatted(marker));
        ServedRun run = ServedRun.start(config, dir.resolve("data"), store, clock, null, false, true);
        controller = run.controller();
        api = run.api();
        url = run.url();
    }

    @AfterEach
    void close() {
        api.close();
        controller.close();
        store.close();
        LiveCapstan.killMembers("sleep " + marker);
    }

    private HttpResponse<String> push(String samples) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/metrics")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"samples\": [" + samples + "]}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sample(String metric, double value, String timestamp) {
        return "{\"target\": \"worker\", \"metric\": \"" + metric + "\", \"value\": " + value + ", \"timestamp\": " + timestamp + "}";
    }

    private double latest(String metric) {
        TargetLoop t = controller.targets().get("worker");
        synchronized (t) {
            return t.latest.get(metric).value();
        }
    }

    @Test
    void aSampleFromTheFutureIsRefusedNamingHowFarAheadItIs() throws Exception {
        HttpResponse<String> r = push(sample("queue_depth", 5, "\"2099-01-01T00:00:00Z\""));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("samples[0].timestamp: 2099-01-01T00:00:00Z is ").contains("ahead of the server clock");
        // the metric is not frozen: a sample of now is still taken
        assertThat(push(sample("queue_depth", 7, "\"2026-03-02T10:00:00Z\"")).body()).isEqualTo("{\"accepted\":1}");
        assertThat(latest("queue_depth")).isEqualTo(7);
        // a little clock skew is fine
        assertThat(push(sample("queue_depth", 8, "\"2026-03-02T10:00:20Z\"")).statusCode()).isEqualTo(202);
    }

    @Test
    void epochMillisecondsAndTimesBefore2000AreRefused() throws Exception {
        HttpResponse<String> ms = push(sample("queue_depth", 5, "1772445600000"));
        assertThat(ms.statusCode()).isEqualTo(400);
        assertThat(ms.body()).contains("looks like epoch milliseconds; send seconds (1772445600)");
        HttpResponse<String> zero = push(sample("queue_depth", 5, "0"));
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(zero.body()).contains("is before 2000-01-01T00:00:00Z");
        assertThat(push(sample("queue_depth", 5, "1772445600")).body()).isEqualTo("{\"accepted\":1}");
    }

    @Test
    void aBatchOutOfOrderIsSortedAndAnOlderSampleIsReportedNotCounted() throws Exception {
        HttpResponse<String> r = push(sample("queue_depth", 3, "\"2026-03-02T09:59:50Z\"") + "," + sample("queue_depth", 2, "\"2026-03-02T09:59:40Z\""));
        assertThat(r.body()).isEqualTo("{\"accepted\":2}");
        assertThat(latest("queue_depth")).isEqualTo(3);
        JsonNode late = LiveCapstan.JSON.readTree(push(sample("queue_depth", 9, "\"2026-03-02T10:00:00Z\"") + ","
                + sample("queue_depth", 1, "\"2026-03-02T09:59:30Z\"")).body());
        assertThat(late.path("accepted").asInt()).isEqualTo(1);
        assertThat(late.path("ignored")).hasSize(1);
        assertThat(late.path("ignored").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(late.path("ignored").get(0).path("reason").asText())
                .isEqualTo("older than the latest sample of worker/queue_depth at 2026-03-02T09:59:50Z");
        assertThat(latest("queue_depth")).isEqualTo(9);
    }

    @Test
    void aMetricReadFromAPolledSourceRefusesPushesAndOneWithoutSourceTakesThem() throws Exception {
        HttpResponse<String> r = push(sample("cpu", 5, "null"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("metric cpu of target worker is read from host; only metrics with source: push (or no source) accept pushed samples");
        assertThat(push(sample("backlog", 5, "null")).body()).isEqualTo("{\"accepted\":1}");
    }

    @Test
    void theLastDecisionSaysWhetherItWasRecordedAndTheLastRecordedOneCanBeFound() throws Exception {
        controller.tick();
        clock.advance(Duration.ofSeconds(1));
        controller.tick();
        JsonNode target = LiveCapstan.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/targets")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get(0);
        // the second hold is like the first, so it is not written: it says so, and names the one that was
        assertThat(target.path("lastDecision").path("recorded").asBoolean(true)).isFalse();
        String recorded = target.path("lastRecordedDecisionId").asText();
        assertThat(recorded).isNotEqualTo(target.path("lastDecision").path("id").asText());
        JsonNode decisions = LiveCapstan.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/targets/worker/decisions")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(decisions.get(0).path("id").asText()).isEqualTo(recorded);
    }
}
