package io.capstan.app.trace;

import io.capstan.core.simulate.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TraceCsvTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private TraceCsv.Result read(TraceSource... sources) {
        return TraceCsv.read(List.of(sources), Dedupe.ERROR);
    }

    private Trace ok(TraceCsv.Result r) {
        assertThat(r.problems()).isEmpty();
        return r.trace().trace();
    }

    @Test
    void readsANamedTwoColumnFileWithAHeader() throws IOException {
        Path p = file("cpu.csv", "timestamp,value\n2014-04-10 00:04:00,12.5\n2014-04-10 00:09:00,13\n");
        Trace t = ok(read(new TraceSource("cpu", p)));
        assertThat(t.names()).containsExactly("cpu");
        assertThat(Read.time(t.series("cpu"), 0)).isEqualTo(Instant.parse("2014-04-10T00:04:00Z"));
        assertThat(Read.value(t.series("cpu"), 0)).isEqualTo(12.5);
        assertThat(Read.value(t.series("cpu"), 1)).isEqualTo(13);
    }

    @Test
    void readsAHeaderlessTwoColumnFileWhenNamed() throws IOException {
        Path p = file("cpu.csv", "2014-04-10T00:04:00Z,1\n2014-04-10T00:05:00Z,2\n");
        Trace t = ok(read(TraceSource.parse("cpu=" + p)));
        assertThat(t.series("cpu").size()).isEqualTo(2);
    }

    @Test
    void headerNamesColumnsIncludingTargetColumns() throws IOException {
        Path p = file("multi.csv", "timestamp,cpu,api.request_rate,worker.queue_depth\n"
                + "2024-01-01T00:00:00Z,50,100,3\n2024-01-01T00:01:00Z,60,,4\n");
        Trace t = ok(read(new TraceSource(null, p)));
        assertThat(t.names()).containsExactly("cpu", "api.request_rate", "worker.queue_depth");
        assertThat(t.series("api.request_rate").size()).as("empty cell is a gap").isEqualTo(1);
        assertThat(Read.value(t.series("worker.queue_depth"), 1)).isEqualTo(4);
    }

    @Test
    void acceptsQuotesCommentsBlankLinesAndABom() throws IOException {
        Path p = file("quoted.csv", "\uFEFF# exported from somewhere\nTime,\"cpu\"\n\n\"2024-01-01 00:00:00\",1.5\n2024-01-01 00:01:00,2e1\n");
        Trace t = ok(read(new TraceSource(null, p)));
        assertThat(Read.value(t.series("cpu"), 0)).isEqualTo(1.5);
        assertThat(Read.value(t.series("cpu"), 1)).isEqualTo(20);
    }

    /** Long format (one row per time and metric, as Prometheus and pandas melt export it) reads as the wide file it stands for. */
    @Test
    void readsLongFormatAsTheWideFileItStandsFor() throws IOException {
        String rows = "2024-01-01T00:00:00Z,cpu,80\n2024-01-01T00:00:00Z,memory,50\n2024-01-01T00:01:00Z,cpu,82\n"
                + "2024-01-01T00:02:00Z,memory,55\n2024-01-01T00:02:00Z,cpu,\n";
        Trace t = ok(read(new TraceSource(null, file("long.csv", "timestamp,metric,value\n" + rows))));
        assertThat(t.names()).containsExactly("cpu", "memory");
        assertThat(t.series("cpu").size()).as("an empty value is a gap").isEqualTo(2);
        assertThat(Read.value(t.series("cpu"), 1)).isEqualTo(82);
        assertThat(Read.value(t.series("memory"), 1)).isEqualTo(55);
        Trace only = ok(read(new TraceSource("memory", file("long2.csv", "Time,Metric,Value\n" + rows))));
        assertThat(only.names()).containsExactly("memory");
        TraceCsv.Result none = read(new TraceSource("disk", file("long3.csv", "timestamp,metric,value\n" + rows)));
        assertThat(none.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("no row has metric disk; its metrics are cpu, memory"));
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("2014-04-10 00:04:00", "2014-04-10T00:04:00Z"),
                Arguments.of("2014-04-10T00:04:00", "2014-04-10T00:04:00Z"),
                Arguments.of("2014-04-10T00:04", "2014-04-10T00:04:00Z"),
                Arguments.of("2014-04-10T00:04:00Z", "2014-04-10T00:04:00Z"),
                Arguments.of("2014-04-10T02:04:00+02:00", "2014-04-10T00:04:00Z"),
                Arguments.of("2014-04-10 02:04:00+02:00", "2014-04-10T00:04:00Z"),
                Arguments.of("2014-04-10T00:04:00.250Z", "2014-04-10T00:04:00.250Z"),
                Arguments.of("2014-04-10", "2014-04-10T00:00:00Z"),
                Arguments.of("1397088240", "2014-04-10T00:04:00Z"),
                Arguments.of("1397088240.5", "2014-04-10T00:04:00.500Z"),
                Arguments.of(" 1397088240 ", "2014-04-10T00:04:00Z"),
                Arguments.of("253402300799", "9999-12-31T23:59:59Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestamps")
    void parsesTimestampForms(String text, String expected) {
        assertThat(TraceCsv.parseTimestamp(text)).isEqualTo(Instant.parse(expected));
    }

    @org.junit.jupiter.api.Test
    void epochSecondsPastTheLastInstantATraceMayHoldAreTakenForMilliseconds() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TraceCsv.parseTimestamp("253402300800"))
                .hasMessageContaining("too large for epoch seconds (epoch milliseconds? divide by 1000)");
    }

    record Bad(String what, String content, int line, String message) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Bad> badFiles() {
        String h = "timestamp,cpu\n";
        return Stream.of(
                new Bad("too many cells", h + "2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,1,2\n", 3, "expected 2 cells, found 3"),
                new Bad("too few cells", "timestamp,cpu,memory\n2024-01-01T00:00:00Z,1\n", 2, "expected 3 cells, found 2"),
                new Bad("unparsable number", h + "2024-01-01T00:00:00Z,12%\n", 2, "not a number: '12%'"),
                new Bad("semicolon separator", "ts;cpu\n2024-01-01T00:00:00Z;12,5\n", 1,
                        "this file uses ';' as separator; Capstan traces are comma-separated"),
                new Bad("semicolon separator without a header", "2024-01-01T00:00:00Z;12\n", 1, "uses ';' as separator"),
                new Bad("tab separator", "time\tcpu\n2024-01-01T00:00:00Z\t80\n", 1, "this file uses tabs as separator"),
                new Bad("long format: a duplicate per metric", "timestamp,metric,value\n2024-01-01T00:00:00Z,cpu,80\n2024-01-01T00:00:00Z,mem,1\n"
                        + "2024-01-01T00:00:00Z,cpu,81\n", 4, "duplicate timestamp 2024-01-01T00:00:00Z for metric cpu, also on line 2"),
                new Bad("long format: rows out of time order", "timestamp,metric,value\n2024-01-01T00:01:00Z,cpu,80\n2024-01-01T00:00:00Z,mem,1\n",
                        3, "earlier than 2024-01-01T00:01:00Z on line 2"),
                new Bad("long format: not a number", "timestamp,metric,value\n2024-01-01T00:00:00Z,cpu,x\n", 2, "value of cpu is not a number: 'x'"),
                new Bad("long format: no metric", "timestamp,metric,value\n2024-01-01T00:00:00Z,,1\n", 2, "the metric cell is empty"),
                new Bad("first column not a time column", "foo,cpu\n2024-01-01T00:00:00Z,1\n", 1,
                        "the first column is headed 'foo'; it must be the timestamp column, headed one of timestamp, time, ts, date, datetime"),
                new Bad("no time column: values would read as epoch seconds", "cpu,memory\n50,60\n", 1, "the first column is headed 'cpu'"),
                new Bad("unnamed first column", ",cpu\n0,60\n", 1, "the first column has no name"),
                new Bad("hex float", h + "2024-01-01T00:00:00Z,0x1p3\n", 2, "not a number"),
                new Bad("unparsable timestamp", h + "yesterday,1\n", 2, "unparsable timestamp 'yesterday'"),
                new Bad("bad date", h + "2024-02-30T00:00:00Z,1\n", 2, "unparsable timestamp"),
                new Bad("epoch millis", h + "1397088240000,1\n", 2, "epoch milliseconds"),
                new Bad("NaN", h + "2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,NaN\n", 3, "is NaN: only finite numbers"),
                new Bad("infinity", h + "2024-01-01T00:00:00Z,Infinity\n", 2, "is Infinity"),
                new Bad("negative infinity", h + "2024-01-01T00:00:00Z,-inf\n", 2, "is -inf"),
                new Bad("negative value", h + "2024-01-01T00:00:00Z,-3\n", 2, "negative (-3)"),
                new Bad("out of order", h + "2024-01-01T00:05:00Z,1\n2024-01-01T00:06:00Z,1\n2024-01-01T00:01:00Z,1\n", 4, "earlier than 2024-01-01T00:06:00Z on line 3"),
                new Bad("duplicate", h + "2024-01-01T00:05:00Z,1\n\n2024-01-01 00:05:00,2\n", 4, "duplicate timestamp 2024-01-01T00:05:00Z, also on line 2"),
                new Bad("empty file", "", 0, "no data rows"),
                new Bad("header only", h, 0, "no data rows"),
                new Bad("comments only", "# nothing\n\n", 0, "no data rows"),
                new Bad("all cells empty", h + "2024-01-01T00:00:00Z,\n", 1, "column cpu has no values"),
                new Bad("no header", "2024-01-01T00:00:00Z,1\n", 1, "no header row"),
                new Bad("blank column name", "timestamp,,cpu\n2024-01-01T00:00:00Z,1,1\n", 1, "column 2 has no name"),
                new Bad("repeated column", "timestamp,cpu,cpu\n2024-01-01T00:00:00Z,1,1\n", 1, "named twice"),
                new Bad("timestamp only", "timestamp\n2024-01-01T00:00:00Z\n", 1, "names no value column"),
                new Bad("unbalanced quote", h + "\"2024-01-01T00:00:00Z,1\n", 2, "unbalanced quote"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badInputIsAProblemNamingFileAndLine(Bad bad) throws IOException {
        Path p = file("bad.csv", bad.content());
        TraceCsv.Result r = read(new TraceSource(null, p));
        assertThat(r.ok()).isFalse();
        assertThat(r.trace()).isNull();
        assertThat(r.problems()).anySatisfy(problem -> {
            assertThat(problem.file()).isEqualTo(p);
            assertThat(problem.line()).isEqualTo(bad.line());
            assertThat(problem.message()).contains(bad.message());
            assertThat(problem.format()).matches(java.util.regex.Pattern.quote(p.toString()) + (bad.line() > 0 ? ":" + bad.line() + "(:\\d+)?: " : ": ") + "(?s).*");
        });
    }

    @Test
    void aNamedWideFileGivesOnlyTheColumnOfThatName() throws IOException {
        Path p = file("wide.csv", "timestamp,cpu,memory\n2024-01-01T00:00:00Z,1,2\n");
        TraceCsv.Result r = read(new TraceSource("memory", p));
        assertThat(r.problems()).isEmpty();
        assertThat(r.trace().trace().names()).containsExactly("memory");
        assertThat(Read.value(r.trace().trace().series("memory"), 0)).isEqualTo(2);
    }

    @Test
    void aNamedWideFileWithoutThatColumnIsAProblem() throws IOException {
        Path p = file("wide.csv", "timestamp,cpu,memory\n2024-01-01T00:00:00Z,1,2\n");
        TraceCsv.Result r = read(new TraceSource("queue", p));
        assertThat(r.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.line()).isEqualTo(1);
            assertThat(pr.message()).contains("expects two columns").contains("found 3").contains("no column is headed queue");
        });
    }

    @Test
    void missingFileIsAProblemNotACrash() {
        Path p = dir.resolve("nope.csv");
        assertThat(read(new TraceSource("cpu", p)).problems()).singleElement()
                .satisfies(pr -> assertThat(pr.format()).isEqualTo(p + ": no such file"));
    }

    @Test
    void aDirectoryIsAProblemNotACrash() {
        assertThat(read(new TraceSource("cpu", dir)).problems()).singleElement()
                .satisfies(pr -> assertThat(pr.message()).startsWith("cannot read"));
    }

    @Test
    void dedupeLastKeepsTheLastNonEmptyValuePerColumn() throws IOException {
        Path p = file("dup.csv", "timestamp,cpu,memory\n2024-01-01T00:00:00Z,1,10\n2024-01-01T00:00:00Z,2,\n2024-01-01T00:01:00Z,3,30\n");
        TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource(null, p)), Dedupe.LAST);
        Trace t = ok(r);
        assertThat(t.series("cpu").size()).isEqualTo(2);
        assertThat(Read.value(t.series("cpu"), 0)).isEqualTo(2);
        assertThat(Read.value(t.series("memory"), 0)).as("the empty cell does not erase the earlier value").isEqualTo(10);
        assertThat(Read.value(t.series("memory"), 1)).isEqualTo(30);
    }

    @Test
    void dedupeLastStillRejectsOutOfOrderRows() throws IOException {
        Path p = file("ooo.csv", "timestamp,cpu\n2024-01-01T00:05:00Z,1\n2024-01-01T00:01:00Z,1\n");
        TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource(null, p)), Dedupe.LAST);
        assertThat(r.problems()).singleElement().satisfies(pr -> assertThat(pr.line()).isEqualTo(3));
    }

    @Test
    void manyProblemsAreListedUpToALimit() throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,cpu\n");
        for (int i = 0; i < 50; i++) sb.append("2024-01-01T00:").append(String.format("%02d", i)).append(":00Z,x\n");
        TraceCsv.Result r = read(new TraceSource(null, file("many.csv", sb.toString())));
        assertThat(r.problems()).hasSize(TraceCsv.MAX_PROBLEMS_PER_FILE + 1);
        assertThat(r.problems().get(TraceCsv.MAX_PROBLEMS_PER_FILE).message()).isEqualTo("30 more problems not shown");
    }

    @Test
    void theSameSeriesFromTwoFilesIsAProblem() throws IOException {
        Path a = file("a.csv", "timestamp,cpu\n2024-01-01T00:00:00Z,1\n");
        Path b = file("b.csv", "2024-01-01T00:00:00Z,1\n");
        TraceCsv.Result r = read(new TraceSource(null, a), new TraceSource("cpu", b));
        assertThat(r.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.file()).isEqualTo(b);
            assertThat(pr.message()).contains("also given by " + a + ":1");
        });
    }

    @Test
    void problemsFromSeveralFilesAreAllReported() throws IOException {
        Path a = file("a.csv", "timestamp,cpu\n2024-01-01T00:00:00Z,x\n");
        Path b = file("b.csv", "timestamp,memory\nnow,1\n");
        TraceCsv.Result r = read(new TraceSource(null, a), new TraceSource(null, b));
        assertThat(r.problems()).extracting(TraceProblem::file).containsExactly(a, b);
    }

    @Test
    void columnsRememberWhereTheyCameFrom() throws IOException {
        Path a = file("a.csv", "# c\ntimestamp,cpu\n2024-01-01T00:00:00Z,1\n");
        LoadedTrace t = read(new TraceSource(null, a)).trace();
        assertThat(t.columns().get("cpu")).isEqualTo(new LoadedTrace.Column("cpu", a, 2));
    }

    @Test
    void traceSourceParsesNameEqualsPath() {
        assertThat(TraceSource.parse("cpu=/tmp/x.csv")).isEqualTo(new TraceSource("cpu", Path.of("/tmp/x.csv")));
        assertThat(TraceSource.parse("api.cpu=x.csv").name()).isEqualTo("api.cpu");
        assertThat(TraceSource.parse("/tmp/x.csv")).isEqualTo(new TraceSource(null, Path.of("/tmp/x.csv")));
        assertThat(TraceSource.parse("/tmp/a=b.csv").name()).as("a path with = in it").isNull();
    }

    @Test
    void readsTheShippedNabTrace() throws Exception {
        Path p = Path.of("..", "examples", "traces", "ec2-cpu-5f5533.csv");
        Trace t = ok(read(new TraceSource("cpu", p)));
        assertThat(t.series("cpu").size()).isEqualTo(4032);
        assertThat(t.start()).isEqualTo(Instant.parse("2014-02-14T14:27:00Z"));
    }
}
