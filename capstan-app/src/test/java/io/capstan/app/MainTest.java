package io.capstan.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a newcomer meets it: usage, help, exit codes. */
class MainTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void noArgumentsIsAUsageError() {
        CliRun r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Missing command").contains("Usage: capstan").contains("validate").contains("simulate");
    }

    /** Every option error, whoever finds it (picocli's converters or the command), is one line in Capstan's words, a pointer to --help, exit 2. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "simulate --policy p.yaml --trace t.csv --out o --max-steps 0 | simulate | error: --max-steps 0: expected a whole number of 1 or more, found 0",
            "simulate --policy p.yaml --trace t.csv --out o --step -1m   | simulate | error: --step -1m: expected a positive duration, found -1m",
            "simulate --policy p.yaml --trace t.csv --out o --step 0     | simulate | error: --step 0: expected a positive duration, found 0",
            "forecast --trace t.csv --horizon 1h --out o --dedupe lsat    | forecast | error: --dedupe lsat: expected last | error, found text 'lsat'; did you mean 'last'?",
            "simulate --policy p.yaml --trace t.csv --out=               | simulate | error: --out: the directory name is empty",
            "forecast --trace t.csv --horizon 1h --out=                   | forecast | error: --out: the directory name is empty",
            "validate v/                                                  | validate | error: 'v/' ends with /, so it names a directory, not a file",
            "simulate --policy p.yaml --trace t.csv --out o --bogus      | simulate | error: Unknown option: '--bogus'",
            "run --config c.yaml --bogus                                  | run      | error: Unknown option: '--bogus'",
    })
    void optionErrorsAreOneLineAndExitTwo(String line, String command, String expected) {
        CliRun r = run(line.trim().split(" +"));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(expected).contains("Try 'capstan " + command + " --help' for the options.")
                .doesNotContain("Usage:").doesNotContain("Invalid value for").doesNotContain("positional parameter");
        assertThat(r.err().lines().count()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "explain", "simulate"})
    void everyCommandsHelpListsItsExitCodesAndPointsToItsDoc(String command) {
        CliRun r = run(command, "--help");
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
