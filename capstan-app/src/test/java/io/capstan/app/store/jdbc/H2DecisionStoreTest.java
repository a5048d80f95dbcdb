package io.capstan.app.store.jdbc;

import io.capstan.core.spi.StoreException;
import io.capstan.core.spi.StoredState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract on the embedded default: an H2 file in a fresh data directory per test. */
class H2DecisionStoreTest extends DecisionStoreContract {
    @TempDir
    Path data;

    @Override
    protected StoreConfig freshConfig() {
        return StoreConfig.embedded(data.resolve("capstan-data"));
    }

    @Test
    void theDefaultStoreIsAFileInTheDataDirectoryWhichItCreates() {
        assertThat(config.url()).startsWith("jdbc:h2:file:" + data.resolve("capstan-data").resolve("capstan"));
        assertThat(data.resolve("capstan-data").resolve("capstan.mv.db")).exists();
    }

    @Test
    void anInMemoryStoreServesTestsAndIsGoneWhenClosed() throws Exception {
        try (JdbcDecisionStore memory = JdbcDecisionStore.open(StoreConfig.inMemory("h2-test-a"))) {
            memory.record(scaling("d1", "web", T0, 1, 2));
            assertThat(memory.unfinishedActions()).hasSize(1);
        }
        try (JdbcDecisionStore again = JdbcDecisionStore.open(StoreConfig.inMemory("h2-test-a"))) {
            assertThat(again.decision("d1")).isEmpty();
        }
        assertThat(List.of(data.toFile().list())).containsExactly("capstan-data");
    }

    /** Another Capstan (another process) on the same --data holds the H2 file: say so, not H2's error code. */
    @Test
    void aDataDirectoryInUseByAnotherProcessIsNamed() throws Exception {
        store.close();
        store = null;
        Process holder = java(H2FileHolder.class, config.url());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo(H2FileHolder.READY);

            assertThatThrownBy(() -> JdbcDecisionStore.open(config)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("is in use by another process: is another Capstan running with --data " + data.resolve("capstan-data"));
        } finally {
            holder.getOutputStream().close();
            holder.destroy();
            holder.waitFor();
        }
        // Once it has gone, the file opens again.
        store = JdbcDecisionStore.open(config);
        assertThat(store.unfinishedActions()).isEmpty();
    }

    /**
     * kill -9 right after a commit loses nothing: a commit reaches the file before the call returns (H2 would
     * otherwise keep it in memory for up to WRITE_DELAY, 500 ms by default).
     */
    @Test
    void whatWasCommittedSurvivesSigkillOfTheProcess() throws Exception {
        store.close();
        store = null;
        Path dataDir = data.resolve("capstan-data");
        Process writer = java(StoreCrashWriter.class, dataDir.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.lines().filter(l -> !l.startsWith("SLF4J")).findFirst()).contains(StoreCrashWriter.DONE);
            writer.destroyForcibly();
            writer.waitFor();
        }

        store = JdbcDecisionStore.open(config);
        assertThat(store.decision("before-kill")).isPresent();
        assertThat(store.state("worker").orElseThrow().payload()).isEqualTo("{\"clock\":1}");
        assertThat(store.unfinishedActions()).extracting(a -> a.decisionId() + " " + a.state()).containsExactly("before-kill APPLYING");
        assertThat(store.actuatorRecord("worker", "process.members")).isPresent();
    }

    /**
     * The same once the file reuses the space of freed chunks, as it does in a store that has run longer than H2's
     * retention time: then the last commits before a kill -9 were lost (a decision reported APPLIED came back
     * PLANNED, a newer one vanished). Several rounds, each killed, as one kill alone did not always lose the commit.
     */
    @Test
    void whatWasCommittedSurvivesSigkillOnceTheFileReusesSpace() throws Exception {
        store.close();
        store = null;
        Path dataDir = data.resolve("capstan-data");
        for (int round = 0; round < 4; round++) {
            Process writer = java(StoreCrashWriter.class, dataDir.toString(), Integer.toString(round), "300");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.lines().filter(l -> !l.startsWith("SLF4J")).findFirst()).contains(StoreCrashWriter.DONE);
                writer.destroyForcibly();
                writer.waitFor();
            }
            try (JdbcDecisionStore reopened = JdbcDecisionStore.open(config)) {
                String id = "before-kill-" + round;
                assertThat(reopened.decision(id)).as("round %d", round).isPresent();
                assertThat(reopened.state("worker").orElseThrow().payload()).as("round %d", round).isEqualTo("{\"clock\":" + (round + 1) + "}");
                assertThat(reopened.unfinishedActions()).as("round %d", round).extracting(a -> a.decisionId() + " " + a.state()).contains(id + " APPLYING");
                assertThat(reopened.actuatorRecord("worker", "process.members").orElseThrow().payload()).as("round %d", round)
                        .isEqualTo("[{\"pid\":" + (4242 + round) + "}]");
            }
        }
    }

    /** Every commit is appended while the file is open (see the test above); closing rewrites it to what it holds. */
    @Test
    void closingCompactsTheFileThatGrewWithEveryCommit() throws Exception {
        Path file = data.resolve("capstan-data").resolve("capstan.mv.db");
        for (int i = 0; i < 200; i++) {
            store.saveState(new StoredState("web", 1, "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(1000) + "\"}", StoreCrashWriter.AT));
        }
        long whileOpen = Files.size(file);
        store.close();
        store = null;
        assertThat(Files.size(file)).isLessThan(whileOpen / 4);

        store = JdbcDecisionStore.open(config);
        assertThat(store.state("web").orElseThrow().payload()).startsWith("{\"n\":199,");
    }

    private static Process java(Class<?> main, String... args) throws java.io.IOException {
        return new ProcessBuilder(io.capstan.app.ChildJvm.command(List.of(), main.getName(), List.of(args))).redirectErrorStream(true).start();
    }

    @Test
    void aDataDirectoryThatCannotBeMadeIsNamed() throws Exception {
        Path file = Files.writeString(data.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> JdbcDecisionStore.open(StoreConfig.embedded(file.resolve("sub"))))
                .isInstanceOf(StoreException.class).hasMessageContaining("cannot create the data directory " + file.resolve("sub"));
        assertThat(List.of(data.toFile().list())).contains("not-a-dir");
    }
}
