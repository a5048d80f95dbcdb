package io.capstan.app.run;

import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A controller run in the test's JVM: a real in-memory H2 store, a clock the test moves, process pools whose members
 * are {@code sleep} processes marked by durations no other test uses (how a test finds, and ends, its own members).
 */
abstract class InProcessRun {
    @TempDir
    Path dir;

    final int random = ThreadLocalRandom.current().nextInt(100_000, 999_999);
    final String marker = "3600." + random;
    final ControllerTest.TestClock clock = new ControllerTest.TestClock();
    JdbcDecisionStore store;
    /** Set by the test; closed after it. */
    Controller controller;

    /** The sleep durations of every member the test may start. */
    List<String> markers() {
        return List.of(marker);
    }

    @BeforeEach
    void openStore() throws Exception {
        store = JdbcDecisionStore.open(StoreConfig.inMemory(getClass().getSimpleName() + "-" + marker));
    }

    @AfterEach
    void closeRun() {
        if (controller != null) controller.close();
        store.close();
        for (String m : markers()) LiveCapstan.killMembers("sleep " + m);
    }
}
