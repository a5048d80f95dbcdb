package io.capstan.app.run;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** examples/capstan.service: a unit systemd accepts without a warning, starting a command line {@code capstan run} accepts. */
class ServiceUnitTest {
    private static final Path UNIT = Path.of("../examples/capstan.service");
    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    Path dir;

    private static String execStart() throws Exception {
        return Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow().substring("ExecStart=".length());
    }

    @Test
    void systemdAcceptsTheUnitWithoutAWarning() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze is not installed: skipping");
        // the program must exist for systemd to accept the unit: this checkout's capstan script stands in for /opt/capstan's
        String text = Files.readString(UNIT).replace("/opt/capstan/capstan ", Path.of("../capstan").toRealPath() + " ");
        Path unit = Files.writeString(dir.resolve("capstan.service"), text);
        Process p = new ProcessBuilder(SYSTEMD_ANALYZE.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEmpty();
    }

    @Test
    void itsCommandLineIsOneCapstanRunAccepts() throws Exception {
        List<String> args = Arrays.asList(execStart().split(" "));
        assertThat(args.get(0)).isEqualTo("/opt/capstan/capstan");
        assertThat(args.get(1)).isEqualTo("run");
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args.subList(2, args.size()).toArray(String[]::new));
        assertThat(run.listen).isEqualTo("127.0.0.1:8080");
        // the token comes from the credential systemd hands over, never from the config or the command line itself
        assertThat(run.tokenFile).isEqualTo(Path.of("%d/api-token"));
        assertThat(Files.readString(UNIT)).contains("LoadCredential=api-token:/etc/capstan/api-token")
                .contains("KillMode=process").contains("Restart=on-failure").contains("KillSignal=SIGTERM");
    }
}
