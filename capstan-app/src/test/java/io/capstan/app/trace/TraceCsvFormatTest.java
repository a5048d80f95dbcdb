package io.capstan.app.trace;

import io.capstan.core.simulate.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Format details that real exports produce. */
class TraceCsvFormatTest {
    @TempDir
    Path dir;

    private TraceCsv.Result read(String content, String name) throws IOException {
        Path p = dir.resolve("t.csv");
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        return TraceCsv.read(List.of(new TraceSource(name, p)), Dedupe.ERROR);
    }

    @Test
    void windowsLineEndings() throws IOException {
        TraceCsv.Result r = read("timestamp,cpu\r\n2024-01-01T00:00:00Z,1\r\n2024-01-01T00:01:00Z,2\r\n", null);
        assertThat(r.problems()).isEmpty();
        assertThat(Read.value(r.trace().trace().series("cpu"), 1)).isEqualTo(2);
    }

    @Test
    void quotedHeaderAndPaddedCells() throws IOException {
        TraceCsv.Result r = read("\"timestamp\", \"api.cpu\" , memory\n 2024-01-01T00:00:00Z , 1 ,  2 \n", null);
        assertThat(r.problems()).isEmpty();
        assertThat(r.trace().trace().names()).containsExactly("api.cpu", "memory");
        assertThat(Read.value(r.trace().trace().series("memory"), 0)).isEqualTo(2);
    }

    @Test
    void quotedCellsMayHoldTheDelimiter() throws IOException {
        TraceCsv.Result r = read("timestamp,\"a,b\"\n2024-01-01T00:00:00Z,\"1\"\n", null);
        assertThat(r.problems()).isEmpty();
        assertThat(r.trace().trace().names()).containsExactly("a,b");
    }

    @Test
    void epochSecondsWithFractionsKeepMilliseconds() throws IOException {
        TraceCsv.Result r = read("1700000000.123,1\n1700000000.9996,2\n", "cpu");
        assertThat(r.problems()).isEmpty();
        Trace.Series s = r.trace().trace().series("cpu");
        assertThat(Read.time(s, 0)).isEqualTo(Instant.parse("2023-11-14T22:13:20.123Z"));
        assertThat(Read.time(s, 1)).isEqualTo(Instant.parse("2023-11-14T22:13:21Z"));
    }

    @Test
    void timestampsWithOffsetsAreOrderedAsInstants() throws IOException {
        // 01:30+02:00 is 23:30Z the day before: earlier than the first row.
        TraceCsv.Result r = read("2024-01-02T00:00:00Z,1\n2024-01-02T01:30:00+02:00,2\n", "cpu");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("2024-01-01T23:30:00Z is earlier than 2024-01-02T00:00:00Z on line 1");
        });
    }

    @Test
    void aGapRowKeepsOrderChecks() throws IOException {
        TraceCsv.Result r = read("timestamp,cpu\n2024-01-01T00:05:00Z,\n2024-01-01T00:01:00Z,1\n", null);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(3));
    }

    @Test
    void zeroIsAValueNotAGap() throws IOException {
        TraceCsv.Result r = read("timestamp,queue_depth\n2024-01-01T00:00:00Z,0\n2024-01-01T00:01:00Z,\n2024-01-01T00:02:00Z,0.0\n", null);
        assertThat(r.problems()).isEmpty();
        assertThat(r.trace().trace().series("queue_depth").size()).isEqualTo(2);
    }

    @Test
    void aTrailingDelimiterIsAnExtraCell() throws IOException {
        TraceCsv.Result r = read("timestamp,cpu\n2024-01-01T00:00:00Z,1,\n", null);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("expected 2 cells, found 3"));
    }

    @Test
    void notUtf8IsAProblem() throws IOException {
        Path p = dir.resolve("latin1.csv");
        Files.write(p, new byte[] {'t', ',', (byte) 0xE9, '\n', '1', ',', '1', '\n'});
        TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource(null, p)), Dedupe.ERROR);
        assertThat(r.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.message()).startsWith("not UTF-8 text: byte 0xE9");
            assertThat(pr.format()).startsWith(p + ":1:3: ");
        });
        Path late = dir.resolve("badutf.csv");
        Files.write(late, new byte[] {'t', 'i', 'm', 'e', ',', 'c', 'p', 'u', '\r', '\n', '1', ',', '1', '\n', '2', ',', (byte) 0xFF, '\n'});
        assertThat(TraceCsv.read(List.of(new TraceSource(null, late)), Dedupe.ERROR).problems()).singleElement()
                .satisfies(pr -> assertThat(pr.format()).startsWith(late + ":3:3: not UTF-8 text: byte 0xFF"));
    }

    @Test
    void crOnlyLineEndsAreLineEnds() throws IOException {
        TraceCsv.Result r = read("timestamp,cpu\r2026-01-01T00:00:00Z,1\r2026-01-01T00:01:00Z,2\r\r# end\r", null);
        assertThat(r.problems()).isEmpty();
        assertThat(Read.value(r.trace().trace().series("cpu"), 1)).isEqualTo(2);
        TraceCsv.Result bad = read("timestamp,cpu\r2026-01-01T00:00:00Z,1\r2026-01-01T00:01:00Z,x\r", null);
        assertThat(bad.problems()).singleElement().satisfies(pr -> assertThat(pr.line()).isEqualTo(3));
    }

    @Test
    void severalFilesMakeOneTrace() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Files.writeString(a, "timestamp,api.cpu,worker.cpu\n2024-01-01T00:00:00Z,1,2\n");
        Files.writeString(b, "1704067260,5\n");
        TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource(null, a), new TraceSource("queue_depth", b)), Dedupe.ERROR);
        assertThat(r.problems()).isEmpty();
        Trace t = r.trace().trace();
        assertThat(t.names()).containsExactly("api.cpu", "worker.cpu", "queue_depth");
        assertThat(t.end()).isEqualTo(Instant.parse("2024-01-01T00:01:00Z"));
        assertThat(r.trace().columns().get("queue_depth").file()).isEqualTo(b);
        assertThat(r.trace().sources()).hasSize(2);
    }

    @Test
    void noSourcesIsAProblem() {
        assertThat(TraceCsv.read(List.of(), Dedupe.ERROR).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("no trace given"));
    }

    @Test
    void problemFormatsWithoutALineForWholeFileProblems() {
        assertThat(new TraceProblem(Path.of("a.csv"), 0, "no data rows").format()).isEqualTo("a.csv: no data rows");
        assertThat(new TraceProblem(Path.of("a.csv"), 7, "bad").toString()).isEqualTo("a.csv:7: bad");
    }
}
