package io.capstan.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ValidateCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void validFilePrintsOkWithTargetNames() {
        Path full = Path.of("src/test/resources/policies/full.yaml");
        Run r = run(full.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(full + ": OK (2 targets: worker, api)" + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void singleTargetIsSingular() throws IOException {
        Path f = write("one.yaml", "targets: [{name: web, replicas: {min: 1, max: 3}}]\n");
        assertThat(run(f.toString()).out()).contains(": OK (1 target: web)");
    }

    @Test
    void everyProblemGoesToStderrAndExitIsOne() throws IOException {
        Path f = write("bad.yaml", """
                targets:
                  - name: w
                    replicas: {min: 5, max: 2}
                    cooldwon: 5m
                """);
        Run r = run(f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).containsExactly(
                f + ":3:29: targets[0].replicas.max: max 2 is below min 5",
                f + ":4:5: targets[0].cooldwon: unknown field 'cooldwon'; did you mean 'cooldown'? Accepted fields: name, replicas, metrics, service, cooldown, flappingGuard, behavior, policies, actuator");
    }

    @Test
    void unreadableFileIsBadInputExitOneWithoutAStackTrace() throws IOException {
        Path good = write("good.yaml", "targets: [{name: web, replicas: {min: 1, max: 3}}]\n");
        Path bad = write("bad.yaml", "targets: 3\n");
        Run r = run(good.toString(), dir.resolve("missing.yaml").toString(), bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("good.yaml: OK (1 target: web)");
        assertThat(r.err()).contains("missing.yaml: file not found").contains("bad.yaml:1:10: targets: expected a list of targets, found the number 3")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void directoryIsUnreadable() {
        Run r = run(dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read file: it is a directory");
    }

    @Test
    void needsAtLeastOneFile() {
        Run r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void hpaManifestIsRoutedToTheHpaImporter() throws IOException {
        Path broken = write("hpa.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n");
        Run r = run(broken.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith(broken + ":1:1: missing required field 'spec'");
        Path ok = write("web.yaml", """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: web}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  maxReplicas: 10
                  metrics:
                  - type: Resource
                    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
                """);
        Run good = run(ok.toString());
        assertThat(good.exit()).isZero();
        assertThat(good.out()).contains("OK (1 target: web)");
    }

    @Test
    void controlCharactersInFileNamesAreEscapedNotPrinted() {
        Run r = run("p\u001B[31m.yaml");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("p\\u001B[31m.yaml: file not found").doesNotContain("\u001B");
    }

    @Test
    void anEndlessFileExitsOneAtTheLimitAndTheLimitCanBeRaised() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/zero")));
        Run zero = run("/dev/zero");
        assertThat(zero.exit()).isEqualTo(1);
        assertThat(zero.err().strip()).isEqualTo("/dev/zero: the file is larger than the input limit of 4 MiB;"
                + " raise it with --max-input-size if the file is meant to be this large");
        Path big = write("big.yaml", "targets:\n  - name: w\n    replicas: {min: 1, max: 2}\n" + "#\n".repeat(600));
        assertThat(run("--max-input-size", "1KiB", big.toString()).exit()).isEqualTo(1);
        assertThat(run("--max-input-size", "2KiB", big.toString()).out()).contains("OK (1 target: w)");
        Run bad = run("--max-input-size", "lots", big.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("expected a size such as 4MiB");
    }

    @Test
    void warningsArePrintedAndTheFileIsStillValid() throws IOException {
        Path f = write("w.yaml", """
                targets:
                  - name: w
                    replicas: {min: 1, max: 2}
                    policies:
                      - {name: s, schedule: [{name: e, cron: "0 0 31 2 *", timeZone: EST, min: 2}]}
                """);
        Run r = run(f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("OK (1 target: w)");
        assertThat(r.err()).contains(f + ":5:46: warning: targets[0].policies[0].schedule[0].cron: cron '0 0 31 2 *' never fires")
                .contains(f + ":5:70: warning: targets[0].policies[0].schedule[0].timeZone: 'EST' is read as");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/", "//"})
    void aPathEndingInASlashIsRefusedNotReadAsTheFile(String slash) throws IOException {
        Path f = write("p.yaml", "targets: [{name: web, replicas: {min: 1, max: 3}}]\n");
        Run r = run(f + slash);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).doesNotContain("OK");
        assertThat(r.err()).contains("'" + f + slash + "' ends with /, so it names a directory, not a file; write " + f + " for the file");
        assertThat(run(f.toString()).exit()).isZero();
    }

    @Test
    void anEmptyFileNameIsRefused() {
        Run r = run("");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("the file name is empty");
    }

    @Test
    void anUnreadableFilesNameIsEscapedLineBreaksToo() throws IOException {
        Path d = Files.createDirectory(dir.resolve("a\u001b[31mred\nfake.yaml: OK"));
        Run r = run(d.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("\u001b").isEqualTo(dir + "/a\\u001B[31mred\\u000Afake.yaml: OK: cannot read file: it is a directory"
                + System.lineSeparator());
        Path f = write("b\nc.yaml", "targets: []\n");
        assertThat(run(f.toString()).err()).startsWith(dir + "/b\\u000Ac.yaml:1:10: targets: expected at least one target");
        Path ok = write("o\nk.yaml", "targets: [{name: web, replicas: {min: 1, max: 3}}]\n");
        assertThat(run(ok.toString()).out()).isEqualTo(dir + "/o\\u000Ak.yaml: OK (1 target: web)" + System.lineSeparator());
    }
}
