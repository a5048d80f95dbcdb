package io.capstan.app.store.jdbc;

import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code store:} section of a run config, read with the located-field layer. */
class StoreSectionTest {
    @TempDir
    Path dir;

    private final Path data = Path.of("/var/lib/capstan");

    private Problems problems;

    private StoreConfig read(String yaml) {
        problems = new Problems(Path.of("capstan.yaml"));
        Node.Mapping root = (Node.Mapping) Tree.read(yaml, Tree.Format.YAML, InputLimits.DEFAULT, problems).get(0);
        return StoreSection.read(root.get("store"), problems, data, dir);
    }

    private List<String> messages() {
        return problems.list().stream().map(Problem::toString).toList();
    }

    @Test
    void withoutASectionTheStoreIsAnH2FileUnderTheDataDirectory() {
        StoreConfig c = read("controller: {interval: 15s}\n");
        assertThat(c).isEqualTo(StoreConfig.embedded(data));
        assertThat(c.url()).isEqualTo("jdbc:h2:file:/var/lib/capstan/capstan;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;REUSE_SPACE=FALSE;TRACE_LEVEL_FILE=4");
        assertThat(c.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(read("store:\n").url()).isEqualTo(c.url());
        assertThat(read("store: {retention: 7d}\n")).isEqualTo(c.withRetention(Duration.ofDays(7)));
        assertThat(c.historyStep()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theMetricHistoryStepIsReadAndAtLeastASecond() {
        assertThat(read("store: {historyStep: 5m}\n").historyStep()).isEqualTo(Duration.ofMinutes(5));
        read("store: {historyStep: 500ms}\n");
        assertThat(messages()).containsExactly("capstan.yaml:1:22: store.historyStep: expected a duration of at least 1s, found 500ms");
    }

    @Test
    void postgresWithAPasswordFileRelativeToTheConfig() throws Exception {
        Files.writeString(dir.resolve("db-password"), "pa55:word\n");
        StoreConfig c = read("""
                store:
                  url: jdbc:postgresql://db.internal:5432/capstan
                  user: capstan
                  passwordFile: db-password
                  retention: 90d
                  poolSize: 8
                """);
        assertThat(messages()).isEmpty();
        assertThat(c).isEqualTo(new StoreConfig("jdbc:postgresql://db.internal:5432/capstan", "capstan", "pa55:word", Duration.ofDays(90), 8));
        assertThat(c.toString()).doesNotContain("pa55");
    }

    @Test
    void everyProblemIsLocatedAndNoneEchoesThePassword() {
        StoreConfig c = read("""
                store:
                  url: mysql://db/capstan
                  password: {not: text}
                  passwordFile: /nonexistent/db-password
                  retension: 30d
                  poolSize: 0
                """);
        assertThat(c).isNull();
        assertThat(messages()).containsExactly(
                "capstan.yaml:2:8: store.url: expected a jdbc:postgresql: or jdbc:h2: URL, found 'mysql://db/capstan'",
                "capstan.yaml:3:13: store.password: expected text, found a map",
                "capstan.yaml:4:17: store.passwordFile: give password or passwordFile, not both",
                "capstan.yaml:5:3: store.retension: unknown field 'retension'; did you mean 'retention'? Accepted fields: url, user, password, passwordFile, retention, poolSize, historyStep",
                "capstan.yaml:6:13: store.poolSize: expected a whole number from 1 to 64, found 0");
    }

    @Test
    void anUnreadableOrEmptyPasswordFileIsNamed() throws Exception {
        read("store: {url: 'jdbc:postgresql://db/capstan', passwordFile: missing}\n");
        assertThat(messages()).containsExactly("capstan.yaml:1:60: store.passwordFile: cannot read password file missing: no such file");
        Files.writeString(dir.resolve("empty"), "\n");
        read("store: {url: 'jdbc:postgresql://db/capstan', passwordFile: empty}\n");
        assertThat(messages()).containsExactly("capstan.yaml:1:60: store.passwordFile: password file empty is empty");
        read("store: {retention: 10s}\n");
        assertThat(messages()).containsExactly("capstan.yaml:1:20: store.retention: expected a duration of at least 1m, found 10s");
    }

    @Test
    void aUrlIsShownWithoutCredentials() {
        StoreConfig c = new StoreConfig("jdbc:postgresql://cap:hunter2@db:5432/capstan?user=cap&password=hunter2&ssl=true", null, "hunter2",
                Duration.ofDays(1), 1);
        assertThat(c.safeUrl()).isEqualTo("jdbc:postgresql://db:5432/capstan?user=****&password=****&ssl=true");
        assertThat(c.redact("FATAL: password hunter2 rejected")).isEqualTo("FATAL: password **** rejected");
        assertThat(new StoreConfig("jdbc:h2:file:/d/capstan;USER=sa;PASSWORD=hunter2", null, null, Duration.ofDays(1), 1).safeUrl())
                .isEqualTo("jdbc:h2:file:/d/capstan;USER=****;PASSWORD=****");
    }
}
