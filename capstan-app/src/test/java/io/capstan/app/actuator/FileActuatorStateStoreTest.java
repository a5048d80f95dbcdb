package io.capstan.app.actuator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FileActuatorStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void aSaveReplacesTheWholeTextAndLeavesNoTemporaryFile() throws IOException {
        FileActuatorStateStore store = new FileActuatorStateStore(dir.resolve("actuators"));
        assertThat(store.load("process/web")).isEmpty();

        store.save("process/web", "first\nlonger text\n");
        store.save("process/web", "second\n");

        assertThat(store.load("process/web")).isEqualTo(Optional.of("second\n"));
        try (Stream<Path> files = Files.list(dir.resolve("actuators"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("process%2Fweb.state");
        }
    }

    @Test
    void keysThatDifferOnlyInCharactersAFileNameCannotHoldStayApart() throws IOException {
        FileActuatorStateStore store = new FileActuatorStateStore(dir);
        String[] keys = {"process/a b", "process/a_b", "process/a%20b", "../escape", ".hidden", "process/ü"};
        for (String k : keys) store.save(k, k);
        for (String k : keys) {
            assertThat(store.load(k)).contains(k);
            assertThat(store.file(k).getParent()).isEqualTo(dir);
            assertThat(store.file(k).getFileName().toString()).doesNotStartWith(".");
        }
    }
}
