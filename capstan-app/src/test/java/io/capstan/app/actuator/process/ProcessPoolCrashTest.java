package io.capstan.app.actuator.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Capstan killed with SIGKILL: the members live on, and the next Capstan adopts them instead of starting new ones. */
class ProcessPoolCrashTest {
    private static final String POOL = "{type: process, command: [sh, -c, 'exec sleep 3600'], gracePeriod: 5s}";

    @TempDir
    Path dir;
    private final List<Long> pids = new ArrayList<>();

    /** A child JVM and the lines it has printed so far. */
    private record Child(Process process, List<String> lines) {
        String line(String prefix) {
            await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream().anyMatch(l -> l.startsWith(prefix)));
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    private Child start(String... args) throws IOException {
        Process p = PoolFixture.jvm(PoolMain.class, args).redirectError(dir.resolve("capstan-" + pids.size() + ".err").toFile()).start();
        pids.add(p.pid());
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException e) {
                // the child was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Child(p, lines);
    }

    /** "members 0:123,1:124 current 2" gives [123, 124]. */
    private List<Long> members(String line) {
        String list = line.split(" ")[1];
        List<Long> found = Arrays.stream(list.split(",")).map(m -> Long.parseLong(m.substring(m.indexOf(':') + 1))).toList();
        pids.addAll(found);
        return found;
    }

    @AfterEach
    void killEverything() {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }

    @Test
    void afterSigkillOfCapstanARestartAdoptsTheSameMembersAndKeepsTheCount() throws Exception {
        String data = dir.resolve("data").toString();
        Child first = start(data, "web", POOL, "d1", "3");
        assertThat(first.line("outcome ")).isEqualTo("outcome Applied");
        List<Long> before = members(first.line("members "));
        assertThat(before).hasSize(3);

        first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
        await().until(() -> !first.process().isAlive());
        assertThat(before).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        Child second = start(data, "web", POOL, "d1", "3");
        List<Long> adopted = members(second.line("opened "));
        assertThat(second.line("outcome ")).isEqualTo("outcome AlreadyApplied");
        assertThat(second.line("members ")).endsWith(" current 3");
        assertThat(adopted).isEqualTo(before);
        assertThat(members(second.line("members "))).isEqualTo(before);
    }

    @Test
    void aScaleInCutShortByACrashIsFinishedByTheNextCapstan() throws Exception {
        // the first Capstan recorded 3 members, then died while stopping one; the record still names all three
        String data = dir.resolve("data").toString();
        Child first = start(data, "web", POOL, "d1", "3");
        List<Long> three = members(first.line("members "));
        first.process().destroyForcibly();
        await().until(() -> !first.process().isAlive());
        Path record = new io.capstan.app.actuator.FileActuatorStateStore(dir.resolve("data/actuators")).file("process/web");
        String text = java.nio.file.Files.readString(record);
        java.nio.file.Files.writeString(record, text.replace("desired 3", "desired 2"));

        Child second = start(data, "web", POOL);
        List<Long> kept = members(second.line("members "));

        assertThat(kept).isEqualTo(three.subList(0, 2));
        await().until(() -> ProcessHandle.of(three.get(2)).map(h -> !h.isAlive()).orElse(true));
    }
}
