package io.capstan.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Config reloads of a real {@code capstan run} (child JVM, H2 file, HTTP API, process pools of {@code sleep}
 * members): by SIGHUP and by {@code POST /api/v1/reload}.
 */
class LiveReloadTest {
    private static final Duration LONG = Duration.ofSeconds(90);
    private static final String TOKEN = "reload-s3cret";

    @TempDir
    Path dir;

    private final int random = ThreadLocalRandom.current().nextInt(100_000, 999_999);
    private final String worker = "3600." + random;
    private final String batch = "7200." + random;
    private LiveCapstan capstan;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (capstan != null) capstan.close();
        LiveCapstan.killMembers("sleep " + worker);
        LiveCapstan.killMembers("sleep " + batch);
    }

    /** A target scaled on pushed queue depths between 2 and 7 members running {@code sleep <duration>}. */
    private static String target(String name, String duration) {
        return LiveCapstan.queueTarget(name, "{min: 2, max: 7}", "{scaleOut: 1s, scaleIn: 1s}", "1000", duration);
    }

    private Path write(String targets) throws Exception {
        return LiveCapstan.write(dir, "live.yaml", "targets:\n" + targets + "controller: {interval: 1s}\n");
    }

    private static Set<Long> members(String duration) {
        return LiveCapstan.members("sleep " + duration).stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private JsonNode reload(String token, int status) throws Exception {
        var r = capstan.post("/api/v1/reload", "", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return LiveCapstan.JSON.readTree(r.body());
    }

    @Test
    void sighupAddsATargetThatScalesAndTheApiRemovesItLeavingItsMembersRunning() throws Exception {
        Path config = write(target("worker", worker));
        capstan = LiveCapstan.start(config, dir.resolve("data"), Map.of(RunCommand.TOKEN_VARIABLE, TOKEN), List.of());
        await().atMost(LONG).until(() -> members(worker).size() == 2);

        write(target("worker", worker) + target("batch", batch));
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(capstan.process.pid())).start().waitFor()).isZero();
        await().atMost(LONG).until(() -> capstan.output().contains("reload: target batch: added (0 running)"));
        await().atMost(LONG).until(() -> members(batch).size() == 2);
        var push = capstan.post("/api/v1/metrics", "{\"samples\": [{\"target\": \"batch\", \"metric\": \"queue_depth\", \"value\": 1500}]}", TOKEN);
        assertThat(push.statusCode()).isEqualTo(202);
        await().atMost(LONG).until(() -> members(batch).size() == 7 && capstan.target("batch").path("currentReplicas").asInt() == 7);
        Set<Long> batchMembers = members(batch);

        // the same file again: nothing changed, and said so
        assertThat(reload(TOKEN, 200).path("changed").asBoolean()).isFalse();
        // a reload is a change: the token is needed
        write(target("worker", worker));
        assertThat(reload(null, 401).path("error").asText()).contains("API token");
        assertThat(reload("wrong", 401).path("error").asText()).isEqualTo("wrong API token");
        assertThat(capstan.target("batch").path("name").asText()).isEqualTo("batch");

        JsonNode removed = reload(TOKEN, 200);
        assertThat(removed.path("changed").asBoolean()).isTrue();
        assertThat(removed.path("changes")).singleElement().satisfies(line -> assertThat(line.asText())
                .startsWith("target batch: removed").contains("7 running"));
        assertThat(LiveCapstan.JSON.readTree(capstan.get("/api/v1/targets").body())).extracting(t -> t.path("name").asText()).containsExactly("worker");
        assertThat(members(batch)).isEqualTo(batchMembers);
        assertThat(members(worker)).hasSize(2);
    }

    @Test
    void aBadConfigIsAnsweredWithItsLocatedProblemsAndTheRunningOneKeepsScaling() throws Exception {
        Path config = write(target("worker", worker));
        String good = Files.readString(config);
        capstan = LiveCapstan.start(config, dir.resolve("data"), Map.of(), List.of());
        await().atMost(LONG).until(() -> members(worker).size() == 2);

        Files.writeString(config, "targets:\n" + target("worker", worker) + target("worker", batch));
        JsonNode duplicate = reload(null, 400);
        assertThat(duplicate.path("error").asText()).isEqualTo("the config has problems; the running config is kept");
        assertThat(duplicate.path("problems")).anySatisfy(p -> assertThat(p.asText()).startsWith(config + ":").contains("duplicate"));

        Files.writeString(config, good.substring(0, good.indexOf("policies:") + 12));
        assertThat(reload(null, 400).path("problems")).isNotEmpty();
        Files.delete(config);
        assertThat(reload(null, 400).path("problems")).singleElement().satisfies(p -> assertThat(p.asText()).contains("live.yaml"));
        Files.writeString(config, "targets: []\n");
        assertThat(reload(null, 400).path("problems").toString()).contains("expected at least one target");

        // still running the config it started with
        assertThat(capstan.post("/api/v1/metrics", "{\"samples\": [{\"target\": \"worker\", \"metric\": \"queue_depth\", \"value\": 1500}]}", null).statusCode())
                .isEqualTo(202);
        await().atMost(LONG).until(() -> members(worker).size() == 7);
        // renamed: the old target removed (its members keep running, unmanaged), the new one added, adopting nothing
        Files.writeString(config, good.replace("name: worker", "name: consumer"));
        JsonNode renamed = reload(null, 200);
        assertThat(renamed.path("changes")).hasSize(2);
        assertThat(renamed.path("changes").get(0).asText()).startsWith("target worker: removed");
        assertThat(renamed.path("changes").get(1).asText()).isEqualTo("target consumer: added (0 running)");
        await().atMost(LONG).until(() -> members(worker).size() == 9 && capstan.target("consumer").path("currentReplicas").asInt() == 2);
    }
}
