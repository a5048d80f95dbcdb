package io.capstan.app.run;

import io.capstan.app.CapturedLog;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import org.junit.jupiter.api.AfterEach;
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
 * A real host source reading the disk of a directory that is missing, then made: the failure is said once when it
 * starts and once when it ends, and shown by /health and the target's notes meanwhile (real controller, H2, pool, API).
 */
class SourceHealthTest {
    @TempDir
    Path dir;

    private final String marker = "3600." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    private final ControllerTest.TestClock clock = new ControllerTest.TestClock();
    private JdbcDecisionStore store;
    private Controller controller;
    private ApiServer api;

    @AfterEach
    void close() {
        if (api != null) api.close();
        if (controller != null) controller.close();
        if (store != null) store.close();
        LiveCapstan.killMembers("sleep " + marker);
    }

    private JsonNode get(String url) throws Exception {
        return LiveCapstan.JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aFailingSourceIsSaidOnceWhenItStartsAndWhenItEndsAndShownMeanwhile() throws Exception {
        Path missing = dir.resolve("volume");
        store = JdbcDecisionStore.open(StoreConfig.inMemory("health-" + marker));
        Path config = Files.writeString(dir.resolve("c.yaml"), """
                targets:
                  - name: worker
                    replicas: {min: 0, max: 3}
                    metrics:
                      disk: {scope: target, source: {host: "disk:%s"}}
                    policies:
                      - {name: full, threshold: {when: "last(disk, 1m) > 99", action: {add: 1}}}
                    actuator: {type: process, command: ["sleep", "%s"]}
                """.formatted(missing, marker));
        // ready as capstan run is once resumed: before, /health says starting
        ServedRun run = ServedRun.start(config, dir.resolve("data"), store, clock, null, false, true);
        controller = run.controller();
        api = run.api();
        String url = run.url();
        try (CapturedLog log = new CapturedLog()) {
            for (int i = 0; i < 3; i++) {
                controller.tick();
                clock.advance(Duration.ofSeconds(5));
            }
            assertThat(log.lines()).filteredOn(l -> l.contains("source host")).singleElement().asString()
                    .startsWith("WARN source host is failing (1 of 1 series): ");
            JsonNode health = get(url + "/health");
            assertThat(health.path("status").asText()).isEqualTo("degraded");
            assertThat(health.path("failingSources").has("host")).isTrue();
            assertThat(get(url + "/api/v1/targets").get(0).path("notes").toString()).contains("no data for disk: host");

            Files.createDirectories(missing);
            controller.tick();
            controller.tick();
            assertThat(log.lines()).filteredOn(l -> l.contains("source host")).hasSize(2).last().asString()
                    .isEqualTo("INFO source host reads again (it failed for 15s)");
            assertThat(get(url + "/health").path("status").asText()).isEqualTo("ok");
        }
    }
}
