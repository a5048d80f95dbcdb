package io.capstan.app.run;

import io.capstan.app.client.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * examples/capstan.service, the single-VM unit of runbook 000: the settings Capstan's design depends on (members
 * outlive a stop, SIGTERM is a clean stop, the token stays out of the environment) and a command line that
 * {@code capstan run} accepts.
 */
class ServiceUnitTest {
    static final Path UNIT = Path.of("..", "examples", "capstan.service").toAbsolutePath().normalize();

    /** The unit's settings by section and key; a key given twice keeps every value. */
    static Map<String, List<String>> settings(String section) throws Exception {
        Map<String, List<String>> m = new LinkedHashMap<>();
        String current = null;
        for (String raw : Files.readAllLines(UNIT)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[")) {
                current = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (section.equals(current)) m.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
        return m;
    }

    private static String one(Map<String, List<String>> s, String key) {
        assertThat(s.get(key)).as(key).hasSize(1);
        return s.get(key).getFirst();
    }

    @Test
    void stoppingCapstanLeavesThePoolRunningAndWaitsForACleanStop() throws Exception {
        Map<String, List<String>> s = settings("Service");
        // the default (control-group) and mixed would kill the members that the next start is to adopt
        assertThat(one(s, "KillMode")).isEqualTo("process");
        assertThat(one(s, "KillSignal")).isEqualTo("SIGTERM");
        assertThat(one(s, "Restart")).isEqualTo("on-failure");
        // run waits 60 s for the tick and the actions in flight; members get their gracePeriod (10s by default) on top
        assertThat(io.capstan.core.model.Durations.parse(one(s, "TimeoutStopSec")).toSeconds()).isGreaterThan(60 + 10);
        // the private /tmp of a unit is removed at stop, under members that keep running; the JIT needs W+X memory
        assertThat(s.getOrDefault("PrivateTmp", List.of("no"))).containsOnly("no");
        assertThat(s).doesNotContainKey("MemoryDenyWriteExecute");
        assertThat(one(s, "SystemCallFilter")).isEqualTo("@system-service");
    }

    @Test
    void theTokenComesFromACredentialNeverFromTheEnvironment() throws Exception {
        Map<String, List<String>> s = settings("Service");
        assertThat(one(s, "User")).isEqualTo("capstan");
        assertThat(one(s, "LoadCredential")).isEqualTo("api-token:/etc/capstan/api-token");
        assertThat(one(s, "ExecStart")).contains("--token-file ${CREDENTIALS_DIRECTORY}/api-token");
        assertThat(s).doesNotContainKeys("Environment", "EnvironmentFile", "PassEnvironment");
        assertThat(String.join("\n", Files.readAllLines(UNIT))).doesNotContain(RunCommand.TOKEN_VARIABLE + "=");
    }

    @Test
    void execStartIsACommandLineRunAccepts() throws Exception {
        Map<String, List<String>> s = settings("Service");
        List<String> words = Arrays.asList(one(s, "ExecStart").replace("${CREDENTIALS_DIRECTORY}", "/run/credentials/capstan.service").split(" +"));
        assertThat(words.subList(0, 2)).containsExactly("/opt/capstan/capstan", "run");
        assertThat(words).containsSequence("--data", "/var/lib/capstan");
        assertThat(one(s, "WorkingDirectory")).isEqualTo("/var/lib/capstan");
        assertThat(one(s, "StateDirectory")).isEqualTo("capstan");
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(words.subList(2, words.size()).toArray(String[]::new));
        assertThat(run.config).isEqualTo(Path.of("/etc/capstan/capstan.yaml"));
        assertThat(run.listen).isEqualTo("127.0.0.1:8080");
        assertThat(run.tokenFile).isEqualTo(Path.of("/run/credentials/capstan.service/api-token"));
        // the client commands find it without --server (unless $CAPSTAN_SERVER says otherwise)
        if (System.getenv(ServerOptions.SERVER_VARIABLE) == null) {
            assertThat(new CommandLine(new ServerOptionsHolder()).getCommandSpec().findOption("--server").defaultValue())
                    .isEqualTo("http://" + run.listen);
        }
    }

    @CommandLine.Command
    static final class ServerOptionsHolder {
        @CommandLine.Mixin
        ServerOptions server;
    }

    /** systemd's own check of the unit, where systemd is installed (the ExecStart program replaced by one that exists). */
    @Test
    void systemdAcceptsTheUnit(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "no systemd-analyze here");
        Path copy = Files.writeString(dir.resolve("capstan.service"), Files.readString(UNIT).replace("/opt/capstan/capstan", "/bin/true"));
        Process p = new ProcessBuilder("systemd-analyze", "verify", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEmpty();
        assertThat(p.exitValue()).isZero();
    }
}
