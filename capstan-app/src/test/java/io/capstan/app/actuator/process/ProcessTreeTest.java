package io.capstan.app.actuator.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessTreeTest {
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killEverything() {
        for (ProcessHandle h : started) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
    }

    @Test
    void aZombieDoesNotRunThoughTheJdkCallsItAlive() throws IOException {
        // the shell's background child exits; the shell became 'sleep' by exec and never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 3600").start();
        started.add(parent.toHandle());
        await().until(() -> parent.children().findAny().map(c -> !ProcessTree.runs(c)).orElse(false));
        ProcessHandle zombie = parent.children().findAny().orElseThrow();

        assertThat(zombie.isAlive()).isTrue();
        assertThat(ProcessTree.runs(zombie)).isFalse();
        assertThat(ProcessTree.runs(parent.toHandle())).isTrue();
    }

    @Test
    void aProgramIsFoundOnThePathOrByItsPath() {
        assertThat(ProcessTree.executable("sh", System.getenv("PATH"), null)).isNotNull();
        assertThat(ProcessTree.executable("no-such-program-capstan", System.getenv("PATH"), null)).isNull();
        assertThat(ProcessTree.executable("/bin/sh", null, null)).isNotNull();
        assertThat(ProcessTree.executable("./sh", null, java.nio.file.Path.of("/bin"))).isNotNull();
        assertThat(ProcessTree.executable("sh", null, null)).isNull();
    }
}
