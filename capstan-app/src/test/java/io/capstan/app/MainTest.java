package io.capstan.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a newcomer meets it: usage, help, exit codes. */
class MainTest {
    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void noArgumentsIsAUsageError() {
        Run r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Missing command").contains("Usage: capstan").contains("validate").contains("simulate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "explain", "simulate"})
    void everyCommandsHelpListsItsExitCodesAndPointsToItsDoc(String command) {
        Run r = run(command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Exit codes:").containsPattern("(?m)^\\s+0\\s").containsPattern("(?m)^\\s+1\\s")
                .containsPattern("(?m)^\\s+2\\s+usage error").containsPattern("(?m)^\\s+70\\s+internal error").contains("docs/");
    }

    @Test
    void validateSaysItTakesHpaManifests() {
        assertThat(run("validate", "--help").out()).contains("HPA manifests").contains("HorizontalPodAutoscaler").contains("docs/hpa.md");
    }

    /** The exit codes the help lists are the ones the commands return. */
    @Test
    void documentedExitCodesAreTheRealOnes() {
        assertThat(run("validate", "no-such-file.yaml").exit()).as("unreadable file: bad input, as for simulate").isEqualTo(1);
        assertThat(run("validate").exit()).as("no file").isEqualTo(2);
        assertThat(run("explain", "no-such-file.json").exit()).as("unreadable scenario").isEqualTo(1);
        assertThat(run("simulate", "--policy", "x.yaml").exit()).as("missing options").isEqualTo(2);
        assertThat(run("simulate", "--policy", "no-such.yaml", "--trace", "no-such.csv", "--out", "out").exit()).as("bad input").isEqualTo(1);
        assertThat(run("--bogus").exit()).isEqualTo(2);
        assertThat(run("help").exit()).isZero();
    }

    @Test
    void runningOutOfHeapSaysHowToProceedAndOtherJvmErrorsAreInternalErrorsWithoutAStackTrace() {
        StringWriter err = new StringWriter();
        assertThat(Main.fatal(new OutOfMemoryError("Java heap space"), new PrintWriter(err, true))).isEqualTo(1);
        assertThat(err.toString()).startsWith("capstan: out of memory: the input needs more than this JVM's heap of ")
                .contains("CAPSTAN_JAVA_OPTS=-Xmx2g").doesNotContain("\tat ");
        StringWriter err2 = new StringWriter();
        assertThat(Main.fatal(new StackOverflowError(), new PrintWriter(err2, true))).isEqualTo(70);
        assertThat(err2.toString()).startsWith("capstan: internal error: java.lang.StackOverflowError").doesNotContain("\tat ");
    }
}
