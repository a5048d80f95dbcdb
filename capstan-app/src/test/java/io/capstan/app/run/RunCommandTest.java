package io.capstan.app.run;

import io.capstan.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code capstan run} refuses before it starts anything: nothing is listening, no store is created. */
class RunCommandTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Path config(String actuator) throws Exception {
        return Files.writeString(dir.resolve("c.yaml"), """
                targets:
                  - name: worker
                    replicas: {min: 1, max: 3}
                    metrics:
                      queue_depth: {scope: target, source: push}
                    policies:
                      - {name: high, threshold: {when: "last(queue_depth, 1m) > 1000", action: {add: 1}}}
                %s
                controller: {interval: 1s}
                """.formatted(actuator));
    }

    /** capstan run on a config it must refuse: exit 1, nothing listening. */
    private Result runRefused(Path config, String listen, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--config", config.toString(), "--data", dir.resolve("data").toString(), "--listen", listen));
        args.addAll(java.util.List.of(extra));
        Result r = run(args.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("listening");
        return r;
    }

    @Test
    void aBadConfigIsLocatedAndStartsNothing() throws Exception {
        Path c = config("    actuator: {type: process, command: [\"sleep\", \"1\"], gracePriod: 5s}");
        Result r = runRefused(c, "127.0.0.1:0");
        assertThat(r.err()).contains(c + ":8:56: targets[0].actuator.gracePriod: unknown field 'gracePriod'; did you mean 'gracePeriod'?");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** capstan run refuses the config with this actuator, saying exactly {@code error} after the file name; no store is made. */
    private void refusedAt(String actuator, String error) throws Exception {
        Path c = config(actuator);
        assertThat(runRefused(c, "127.0.0.1:0").err()).isEqualTo(c + error + "\n");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aProgramThatIsNotHereIsLocatedBeforeAnythingStarts() throws Exception {
        refusedAt("    actuator: {type: process, command: [\"/nonexistent/capstan-member\", \"1\"]}",
                ":8:40: targets[0].actuator.command: command /nonexistent/capstan-member is not an executable file on this machine");
        refusedAt("    actuator: {type: process, command: [\"capstan-no-such-program\"]}",
                ":8:40: targets[0].actuator.command: command 'capstan-no-such-program' is not found on the PATH on this machine");
        refusedAt("    actuator: {type: process, command: [\"sleep\", \"1\"], workingDirectory: " + dir.resolve("gone") + "}",
                ":8:74: targets[0].actuator.workingDirectory: working directory " + dir.resolve("gone") + " does not exist on this machine");
        // validate reads the config, not the machine it may run on
        assertThat(run("validate", config("    actuator: {type: process, command: [\"/nonexistent/capstan-member\"]}").toString()).exit()).isZero();
    }

    @Test
    void aPortRangePastTheLastPortIsLocatedByValidateToo() throws Exception {
        Path c = config("    actuator: {type: process, command: [\"sleep\", \"1\"], port: {base: 65534}}");
        String expected = c + ":8:62: targets[0].actuator.port: member 2 (of max 3) would get port 65536, above 65535; use a base of at most 65533\n";
        assertThat(runRefused(c, "127.0.0.1:0").err()).isEqualTo(expected);
        Result v = run("validate", c.toString());
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.err() + v.out()).contains(expected.strip());
        assertThat(run("validate", config("    actuator: {type: process, command: [\"sleep\", \"1\"], port: {base: 65533}}").toString()).exit()).isZero();
    }

    @Test
    void aBareHpaManifestIsRefusedWithTheSpellingThatRunsIt() throws Exception {
        Path c = Files.writeString(dir.resolve("hpa.yaml"), """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: web}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  maxReplicas: 10
                  metrics:
                    - type: Resource
                      resource: {name: cpu, target: {type: Utilization, averageUtilization: 100}}
                """);
        Result r = runRefused(c, "127.0.0.1:0");
        assertThat(r.err()).startsWith(c + ": capstan run reads a policy file; a HorizontalPodAutoscaler manifest runs as a target of one")
                .doesNotContain("internal error").doesNotContain("Exception");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aTargetWithoutAnActuatorIsLocated() throws Exception {
        Path c = config("");
        assertThat(runRefused(c, "127.0.0.1:0").err()).contains(c + ":2:5: targets[0]: target worker has no actuator");
    }

    @Test
    void aNonLoopbackListenWithoutATokenIsRefused() throws Exception {
        Path c = config("    actuator: {type: process, command: [\"sleep\", \"1\"]}");
        assertThat(runRefused(c, "0.0.0.0:0").err()).contains("not a loopback address and no API token is set");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aDataDirectoryUnderAFileIsOneLineWithoutAStackTrace() throws Exception {
        Path c = config("    actuator: {type: process, command: [\"sleep\", \"1\"]}");
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Result under = run("run", "--config", c.toString(), "--data", file.resolve("sub").toString(), "--listen", "127.0.0.1:0");
        assertThat(under.exit()).isEqualTo(1);
        assertThat(under.err()).isEqualTo("capstan run: cannot open the store under " + file.resolve("sub") + ": not a directory (" + file + " is a file)\n");
        Result at = run("run", "--config", c.toString(), "--data", file.toString(), "--listen", "127.0.0.1:0");
        assertThat(at.err()).isEqualTo("capstan run: cannot open the store under " + file + ": not a directory\n");
    }

    @Test
    void anUnwritableDataDirectoryIsOneLineWithTheOsReason() throws Exception {
        Path c = config("    actuator: {type: process, command: [\"sleep\", \"1\"]}");
        Path data = Files.createDirectories(dir.resolve("immutable"));
        // tests run as root, where permissions do not stop a write; the immutable attribute does
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("chattr", "+i", data.toString()).start().waitFor() == 0, "no chattr here");
        try {
            Result r = run("run", "--config", c.toString(), "--data", data.toString(), "--listen", "127.0.0.1:0");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("capstan run: cannot open the store under " + data + ": not writable (Operation not permitted)\n");
        } finally {
            new ProcessBuilder("chattr", "-i", data.toString()).start().waitFor();
        }
    }

    @Test
    void aDataDirectoryInUseByAnotherCapstanNamesItsPid() throws Exception {
        Path c = config("    actuator: {type: process, command: [\"sleep\", \"1\"]}");
        try (LiveCapstan other = LiveCapstan.start(c, dir.resolve("data"), java.util.Map.of(), java.util.List.of())) {
            Result r = runRefused(c, "127.0.0.1:0");
            assertThat(r.err()).isEqualTo("capstan run: cannot open the store under " + dir.resolve("data") + ": in use by another capstan (pid "
                    + other.process.pid() + ")\n");
        }
    }

    @Test
    void anEmptyTokenFileIsAnErrorNotARunWithoutAToken() throws Exception {
        Path c = config("    actuator: {type: process, command: [\"sleep\", \"1\"]}");
        Path token = Files.writeString(dir.resolve("token"), "\n");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Result r = run("run", "--config", c.toString(), "--data", dir.resolve("data").toString(), "--listen", "0.0.0.0:0", "--token-file", token.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("capstan run: --token-file " + token + " is empty; a token is required when --token-file is given\n");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aTokenFileOthersCanReadIsWarnedAbout() throws Exception {
        Path c = config("    actuator: {type: process, command: [\"sleep\", \"1\"]}");
        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        // a --listen that cannot work: the run stops right after reading the token
        Result r = runRefused(c, "nowhere", "--token-file", token.toString());
        assertThat(r.err()).startsWith("capstan run: warning: --token-file " + token + " is readable by others than its owner (mode 0644 rw-r--r--): chmod 600 " + token + "\n");
        assertThat(r.err()).doesNotContain("s3cret");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(runRefused(c, "nowhere", "--token-file", token.toString()).err()).doesNotContain("warning");
    }

    @Test
    void validateChecksTheLiveSectionsToo() throws Exception {
        Path c = config("    actuator: {type: proces, command: [\"sleep\", \"1\"]}");
        Result r = run("validate", c.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("targets[0].actuator.type: unknown actuator type 'proces'; did you mean 'process'?");
    }

    @Test
    void pushLinesAreCheckedBeforeAnythingIsSent() {
        assertThat(PushCommand.parse("worker queue_depth 1500")).containsEntry("value", 1500.0).doesNotContainKey("timestamp");
        assertThat(PushCommand.parse("worker queue_depth 1500 2026-03-02T10:00:00Z")).containsEntry("timestamp", "2026-03-02T10:00:00Z");
        assertThat(PushCommand.parse("{\"target\": \"worker\", \"metric\": \"q\", \"value\": 3}")).containsEntry("metric", "q");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PushCommand.parse("worker queue_depth lots"))
                .hasMessage("expected a number as VALUE, found 'lots'");
    }
}
