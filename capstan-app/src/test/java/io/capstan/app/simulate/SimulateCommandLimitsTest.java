package io.capstan.app.simulate;

import io.capstan.app.report.ReportWriter;

import io.capstan.app.TestSpecs;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * simulate at the edges of its input: extreme values, enormous or endless traces, ranges and steps
 * that would score time without data, ambiguous columns, unusable output directories, and output
 * that must never be half-written (issue 5, sections 3 to 7).
 */
class SimulateCommandLimitsTest {
    /** The README's eleven days of one-minute demand. */
    private static final Path README_TRACE = Path.of("..", "examples", "traces", "mongodb-app-rps.csv");

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private UnaryOperator<OutputStream> outputWrapper = w -> w;

    private final TargetSpec demandApi = TestSpecs.cpuThresholds("api", TestSpecs.service(1000, Duration.ofMinutes(2), 0.1));
    private final TargetSpec api = TestSpecs.cpuThresholds("api", null);
    private final TargetSpec worker = TestSpecs.cpuThresholds("w", null);
    private final Map<String, List<TargetSpec>> policies = Map.of(
            "demand.yaml", List.of(demandApi),
            "api.yaml", List.of(api),
            "w.yaml", List.of(worker),
            "two.yaml", List.of(api, worker),
            "tracking.yaml", List.of(TestSpecs.cpuTracking("api", 50, TestSpecs.service(1000, Duration.ofMinutes(2), 0.1))));

    private int run(String... args) throws IOException {
        for (String name : policies.keySet()) Files.writeString(dir.resolve(name), "#");
        PolicyLoader loader = file -> policies.get(file.getFileName().toString());
        SimulateCommand command = new SimulateCommand(loader);
        command.outputWrapper = outputWrapper;
        CommandLine cli = new CommandLine(command);
        cli.setParameterExceptionHandler(io.capstan.app.Main::usageError);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String policy(String name) {
        return dir.resolve(name).toString();
    }

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static String minutes(int n, String value) {
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < n; m++) sb.append(String.format("2024-05-01T%02d:%02d:00Z,%s%n", m / 60, m % 60, value));
        return sb.toString();
    }

    private void assertNoInternalError() {
        assertThat(err.toString()).doesNotContain("internal error").doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("Infinite or NaN");
    }

    // --- section 3: values that parse to infinity, and values whose derived arithmetic would overflow

    @Test
    void aValueThatParsesToInfinityIsALocatedProblem() throws IOException {
        Path t = csv("inf.csv", "timestamp,cpu\n2024-05-01T00:00:00Z,50\n2024-05-01T00:01:00Z,1e309\n");
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + t + ":3:22: value of cpu is 1e309, above the largest a trace may hold (1e15)"
                + ": it is beyond any double and would read as infinity");
        assertNoInternalError();
    }

    @Test
    void anExtremeDemandIsALocatedProblemAndLeavesThePreviousReportAsItWas() throws IOException {
        Path good = csv("good.csv", "timestamp,demand\n" + minutes(30, "1500"));
        Path outDir = dir.resolve("o");
        assertThat(run("--policy", policy("demand.yaml"), "--trace", good.toString(), "--out", outDir.toString())).isZero();
        Map<String, byte[]> before = contents(outDir);

        Path extreme = csv("extreme.csv", "timestamp,demand\n" + minutes(30, "1.7e308"));
        assertThat(run("--policy", policy("demand.yaml"), "--trace", extreme.toString(), "--out", outDir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(extreme + ":2:22: value of demand is 1.7e308, above the largest a trace may hold (1e15)");
        assertNoInternalError();
        assertThat(contents(outDir)).containsOnlyKeys(before.keySet());
        assertUnchanged(outDir, before);
    }

    // --- section 3 and 4: resource exhaustion and steps without end

    @Test
    void aOneMillisecondStepOnTheReadmeTraceIsRefusedWithTheCountAndAWayOut() throws IOException {
        int code = run("--policy", policy("demand.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                "--step", "1ms");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--step 1ms from 2018-04-25T00:00:00Z to 2018-05-05T23:59:00Z is 950,340,001 steps, "
                + "more than --max-steps 20,000,000: use a coarser --step (1m gives 15,840), a shorter --from/--to range, or raise --max-steps");
        assertThat(dir.resolve("o")).doesNotExist();
        assertNoInternalError();
    }

    @Test
    void aTenMillisecondStepIsRefusedToo() throws IOException {
        assertThat(run("--policy", policy("demand.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                "--step", "10ms")).isEqualTo(2);
        assertThat(err.toString()).contains("is 95,034,001 steps, more than --max-steps 20,000,000");
    }

    @Test
    void aStepFarFinerThanTheTraceIsRefusedWithTheRatioAndTheCountUnlessAllowed() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n" + minutes(3, "50"));
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString(), "--step", "50ms"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--step 50ms is 1,200 times finer than the trace's resolution (cpu every 1m): 2,401 steps that "
                + "decide again and again on the same samples; use --step 1m (or a controller's sync period, e.g. 15s), or --allow-fine-step");
        assertThat(dir.resolve("o")).doesNotExist();
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString(), "--step", "60ms"))
                .as("1,000 times finer is allowed").isZero();
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("f").toString(), "--step", "50ms",
                "--allow-fine-step")).isZero();
    }

    /** Every step a message suggests is one the option accepts: none longer than 366d (a trace from year 1 to 9999). */
    @Test
    void noSuggestedStepIsLongerThanAStepMayBe() throws IOException {
        Path t = csv("span.csv", "timestamp,cpu\n0001-01-01T00:00:00Z,5\n9999-12-31T23:59:00Z,5\n");
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString(), "--step", "366d",
                "--allow-coarse-step", "--max-steps", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("its samples are further apart than any step or window may be (366d), so it is too sparse to replay")
                .contains("more than --max-steps 1: use a shorter --from/--to range, or raise --max-steps")
                .doesNotContain("--step 3652058d").doesNotContain("(at least 3652059d");
    }

    @Test
    void maxStepsCanBeLoweredAndRaised() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n" + minutes(120, "50"));
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("a").toString(), "--max-steps", "100"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("is 120 steps, more than --max-steps 100: use a coarser --step (at least 1m13s), a shorter");
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("b").toString(), "--max-steps", "120"))
                .isZero();
    }

    @Test
    void anEndlessTraceStopsAtTheFirstOverlongLine() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/dev/zero")), "needs /dev/zero");
        assertThat(run("--policy", policy("api.yaml"), "--trace", "/dev/zero", "--out", dir.resolve("o").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: /dev/zero:1: line is longer than 65536 bytes: not a trace row (is this a CSV trace?)");
    }

    @Test
    void tracesLargerThanTheLimitAreRefusedCountingBytesAsTheyAreRead() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n" + minutes(200, "50"));
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString(), "--max-trace-bytes", "2k"))
                .isEqualTo(1);
        assertThat(err.toString()).contains(t + ":").contains("the traces are larger than 2048 bytes (--max-trace-bytes");
        err.getBuffer().setLength(0);
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString(), "--max-trace-bytes", "1m"))
                .isZero();
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString(), "--max-trace-bytes", "lots"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--max-trace-bytes lots: expected a size such as 4MiB, 512k or 1048576 (bytes), found 'lots'");
    }

    // --- section 5: steps without data are not scored as if real

    @Test
    void aRangeEndingAMonthAfterTheTraceIsRefused() throws IOException {
        int code = run("--policy", policy("demand.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                "--to", "2018-06-05T00:00:00Z");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--to 2018-06-05T00:00:00Z is after the trace's last sample: the trace runs from "
                + "2018-04-25T00:00:00Z to 2018-05-05T23:59:00Z");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void aRangeStartingYearsBeforeTheTraceIsRefused() throws IOException {
        int code = run("--policy", policy("demand.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                "--from", "2010-01-01T00:00:00Z");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--from 2010-01-01T00:00:00Z is before the trace's first sample");
    }

    @Test
    void aRangeInsideTheTraceIsFine() throws IOException {
        int code = run("--policy", policy("demand.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                "--from", "2018-04-26T00:00:00Z", "--to", "2018-04-27T00:00:00Z");
        assertThat(code).as(err.toString()).isZero();
    }

    @Test
    void aStepCoarserThanTheTraceIsRefusedUnlessAsked() throws IOException {
        int code = run("--policy", policy("demand.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                "--step", "30d");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--step 30d is coarser than the trace's resolution (demand every 1m): use --step 1m or finer, "
                + "or --allow-coarse-step to replay anyway");
        assertThat(err.toString()).contains("--step 30d is coarser than the shortest policy window (avg(cpu, 5m) in api/cpu-high)");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void policyFilesAreReadWithinMaxInputSize() throws IOException {
        Path big = csv("big.yaml", java.nio.file.Files.readString(Path.of("..", "examples", "sergas.yaml")) + "#\n".repeat(3000));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = io.capstan.app.Main.run(new PrintWriter(o, true), new PrintWriter(e, true), "simulate", "--policy", big.toString(),
                "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(), "--max-input-size", "8KiB");
        assertThat(code).isEqualTo(1);
        assertThat(e.toString()).contains(big + ": the file is larger than the input limit of 8 KiB; raise it with --max-input-size");
        assertThat(dir.resolve("o")).doesNotExist();
        if (Files.isReadable(Path.of("/dev/zero"))) {
            assertThat(io.capstan.app.Main.run(new PrintWriter(o, true), new PrintWriter(e, true), "simulate", "--policy", "/dev/zero",
                    "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString())).isEqualTo(1);
            assertThat(e.toString()).contains("/dev/zero: the file is larger than the input limit of 4 MiB");
        }
    }

    @Test
    void aStepBeyondTheDurationMaximumIsRefusedEvenWhenCoarseStepsAreAllowed() throws IOException {
        for (String step : new String[] {"200000000000d", "9223372036854775807s", "367d"}) {
            assertThat(run("--policy", policy("demand.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                    "--step", step, "--allow-coarse-step")).as(step).isEqualTo(2);
            assertThat(err.toString()).contains("--step " + step + ": ").doesNotContain("internal error");
        }
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void timestampsOutsideFourDigitYearsAreLocatedProblemsNotOverflows() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n2024-05-01T00:00:00Z,50\n+999999999-12-31T23:59:59Z,50\n");
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString())).isEqualTo(1);
        assertThat(err.toString()).contains(t + ":3:1: timestamp '+999999999-12-31T23:59:59Z' is outside the years 0001 to 9999");
        for (String option : new String[] {"--to", "--from"}) {
            assertThat(run("--policy", policy("demand.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                    option, option.equals("--to") ? "+999999999-12-31T23:59:59Z" : "-999999999-01-01T00:00:00Z")).isEqualTo(2);
            assertThat(err.toString()).contains("is outside the years 0001 to 9999").doesNotContain("internal error");
        }
    }

    @Test
    void aStepCoarserThanAPolicyWindowIsRefusedUnlessAsked() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n" + "2024-05-01T00:00:00Z,50\n2024-05-01T00:10:00Z,50\n2024-05-01T00:20:00Z,50\n");
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString(), "--step", "10m"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("shortest policy window").doesNotContain("trace's resolution");
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString(), "--step", "10m",
                "--allow-coarse-step")).isZero();
    }

    @Test
    void aNamedFileWhoseHeaderNamesAnotherMetricIsAProblem() throws IOException {
        Path f = csv("f.csv", "timestamp,memory\n" + minutes(5, "90"));
        assertThat(run("--policy", policy("api.yaml"), "--trace", "cpu=" + f, "--out", dir.resolve("o").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + f + ":1:11: --trace cpu=" + f + ": the file's column is headed memory, not cpu; "
                + "give --trace memory=" + f + " (or the file alone) to use it as memory, or head the column cpu or value");
    }

    @Test
    void aNamedFileHeadedValueOrItsOwnNameIsRead() throws IOException {
        Path v = csv("v.csv", "timestamp,value\n" + minutes(5, "90"));
        assertThat(run("--policy", policy("api.yaml"), "--trace", "cpu=" + v, "--out", dir.resolve("a").toString())).isZero();
        Path c = csv("c.csv", "timestamp,cpu\n" + minutes(5, "90"));
        assertThat(run("--policy", policy("api.yaml"), "--trace", "cpu=" + c, "--out", dir.resolve("b").toString())).isZero();
    }

    @Test
    void aPlainColumnEveryReaderOverridesIsAmbiguous() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu,w.cpu\n" + minutes(5, "10,90"));
        assertThat(run("--policy", policy("w.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + t + ":1: column cpu feeds no target: target w reads its own column w.cpu "
                + "instead (a <target>.<metric> column wins); give one of the two");
    }

    @Test
    void aPlainColumnSomeTargetsOverrideIsANote() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu,w.cpu\n" + minutes(5, "10,90"));
        assertThat(run("--policy", policy("two.yaml"), "--trace", t.toString(), "--out", dir.resolve("o").toString())).isZero();
        assertThat(out.toString()).contains("note: target w reads column w.cpu, not cpu");
    }

    @Test
    void anEmptyOutIsRefused() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n" + minutes(5, "50"));
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", "")).as("a usage error").isEqualTo(2);
        assertThat(err.toString()).contains("the directory name is empty: name a directory for the output");
    }

    @Test
    void fileSystemErrorsSayWhatWentWrongNotJustThePath() {
        assertThat(SimulateCommand.describe(new java.nio.file.NoSuchFileException("/proc/x"))).isEqualTo("/proc/x: no such file or directory");
        assertThat(SimulateCommand.describe(new java.nio.file.AccessDeniedException("/out/report.html"))).isEqualTo("/out/report.html: permission denied");
        assertThat(SimulateCommand.describe(new java.nio.file.FileSystemException("/out", null, "No space left on device")))
                .isEqualTo("/out: No space left on device");
    }

    @Test
    void aStepCountThatIsNoWholeNumberSaysSoInWords() throws IOException {
        for (String count : new String[] {"12.5", "lots", "0", "-3", "1e40"}) {
            assertThat(run("--policy", policy("api.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                    "--max-steps", count)).as(count).isEqualTo(2);
            assertThat(err.toString()).contains("--max-steps").contains("expected a whole number").doesNotContain("is not a long");
            err.getBuffer().setLength(0);
        }
        // a whole number is read as in a policy file: 1e3 is 1000 (and too few for this trace)
        assertThat(run("--policy", policy("demand.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                "--max-steps", "1e3")).isEqualTo(2);
        assertThat(err.toString()).contains("more than --max-steps 1,000");
    }

    @Test
    void anOutThatWouldOverwriteAnInputFileIsRefused() throws IOException {
        Path out = Files.createDirectories(dir.resolve("o"));
        Path trace = csv("o/decisions.csv", "timestamp,cpu\n" + minutes(5, "50"));
        assertThat(run("--policy", policy("api.yaml"), "--trace", trace.toString(), "--out", out.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("--out " + out + " would overwrite the input file " + trace + " with decisions.csv");
        assertThat(Files.readString(trace)).startsWith("timestamp,cpu\n");
        Path policyHere = csv("o/summary.json", "#");
        assertThat(ReportWriter.overwrites(out, List.of(policyHere))).contains("would overwrite the input file " + policyHere + " with summary.json");
        assertThat(ReportWriter.overwrites(out, List.of(dir.resolve("api.yaml")))).isNull();
    }

    @Test
    void anOutThatIsAFileIsRefusedSayingSo() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n" + minutes(5, "50"));
        Path afile = csv("afile", "keep me");
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", afile.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + afile + " is a file, not a directory");
        assertThat(Files.readString(afile)).isEqualTo("keep me");
    }

    // --- section 6: all or nothing

    @Test
    void aWriteThatFailsMidwayLeavesThePreviousRunsFilesAndNoPartialOnes() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n" + minutes(300, "50"));
        Path outDir = dir.resolve("o");
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", outDir.toString())).isZero();
        Map<String, byte[]> before = contents(outDir);
        assertThat(before).containsOnlyKeys("decisions.csv", "summary.json", "report.html");

        for (int failAfter : new int[]{10, 5_000, 40_000}) {
            outputWrapper = w -> new FailingStream(w, failAfter);
            err.getBuffer().setLength(0);
            assertThat(run("--policy", policy("two.yaml"), "--trace", "cpu=" + t, "--out", outDir.toString())).isEqualTo(1);
            assertThat(err.toString()).startsWith("error: cannot write the report to " + outDir + ": disk full (injected)");
            assertThat(contents(outDir)).as("after a failure at char %d", failAfter).containsOnlyKeys(before.keySet());
            assertUnchanged(outDir, before);
        }
    }

    @Test
    void aFailedRunIntoANewDirectoryLeavesNoDirectory() throws IOException {
        Path t = csv("t.csv", "timestamp,cpu\n" + minutes(300, "50"));
        Path outDir = dir.resolve("new/deeper");
        outputWrapper = w -> new FailingStream(w, 100);
        assertThat(run("--policy", policy("api.yaml"), "--trace", t.toString(), "--out", outDir.toString())).isEqualTo(1);
        assertThat(dir.resolve("new")).doesNotExist();
    }

    // --- compare mode: both policies' decisions

    @Test
    void compareModeWritesBothPoliciesDecisionsWithAPolicyColumn() throws IOException {
        Path outDir = dir.resolve("o");
        int code = run("--policy", policy("demand.yaml"), "--compare", policy("tracking.yaml"), "--trace", README_TRACE.toString(),
                "--out", outDir.toString(), "--to", "2018-04-25T10:00:00Z");
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(outDir.resolve("decisions.csv"));
        assertThat(lines.get(0)).startsWith("timestamp,policy,target,");
        assertThat(lines).hasSize(1 + 2 * 601);
        assertThat(lines.subList(1, 602)).allMatch(l -> l.split(",")[1].equals("demand.yaml"));
        assertThat(lines.subList(602, lines.size())).allMatch(l -> l.split(",")[1].equals("tracking.yaml"));
    }

    private static void assertUnchanged(Path outDir, Map<String, byte[]> before) throws IOException {
        Map<String, byte[]> now = contents(outDir);
        before.forEach((name, bytes) -> assertThat(now.get(name)).as(name).isEqualTo(bytes));
    }

    private static Map<String, byte[]> contents(Path d) throws IOException {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(d)) {
            for (Path p : files.toList()) out.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return out;
    }

    /** A stream that fails like a full disk after {@code limit} bytes. */
    private static final class FailingStream extends FilterOutputStream {
        private long left;

        FailingStream(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            take(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            take(len);
            out.write(b, off, len);
        }

        private void take(int n) throws IOException {
            left -= n;
            if (left < 0) throw new IOException("disk full (injected)");
        }
    }

    @Test
    void stepAndDedupeAreReadAsPolicyFilesReadTheirValues() throws IOException {
        assertThat(run("--policy", policy("demand.yaml"), "--trace", README_TRACE.toString(), "--out", dir.resolve("o").toString(),
                "--step", "0s", "--dedupe", "lsat")).isEqualTo(2);
        assertThat(err.toString()).contains("--step 0s: expected a positive duration, found 0s")
                .contains("--dedupe lsat: expected error | last, found text 'lsat'; did you mean 'last'?");
        assertThat(dir.resolve("o")).doesNotExist();
    }
}
