package io.capstan.app.trace;

import io.capstan.core.simulate.SeriesCursor;
import io.capstan.core.simulate.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The spilled trace's own edges: what the property test reaches only by luck. */
class SpilledTraceTest {
    @TempDir
    Path dir;

    private static List<double[]> samples(Trace.Series s) {
        List<double[]> out = new ArrayList<>();
        try (SeriesCursor c = s.cursor()) {
            for (; c.time() != SeriesCursor.END; c.advance()) out.add(new double[]{c.time(), c.value()});
        }
        return out;
    }

    @Test
    void aRepeatedTimestampRightAfterTheSpillStillReplacesTheValueBefore() throws IOException {
        // 256 rows fill a's first array (both columns' arrays are exactly the memory allowed; b has a
        // gap in row 1); row 257 gives b alone, row 258 repeats its time and gives a, whose growth
        // spills both columns, then b again: under --dedupe last b's sample of row 257 must be
        // replaced, not followed by a second sample at the same time.
        StringBuilder sb = new StringBuilder("timestamp,a,b\n60,1,\n");
        for (int i = 2; i <= 256; i++) sb.append(i * 60).append(',').append(i).append(',').append(i).append('\n');
        sb.append(257 * 60).append(",,1000\n");
        sb.append(257 * 60).append(",2000,3000\n");
        Path p = dir.resolve("t.csv");
        Files.writeString(p, sb);
        TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource(null, p)), Dedupe.LAST, new TraceCsv.Limits(1 << 20, 2 * 256 * 16));
        assertThat(r.problems()).isEmpty();
        try (LoadedTrace t = r.trace()) {
            assertThat(t.spilled()).isTrue();
            List<double[]> b = samples(t.trace().series("b"));
            assertThat(b).hasSize(256);
            assertThat(b.get(255)).containsExactly(257 * 60_000, 3000);
            assertThat(samples(t.trace().series("a")).get(256)).containsExactly(257 * 60_000, 2000);
        }
    }

    @Test
    void theMedianSpacingIsExactWhenSpacingsAreTooVariedToCount() throws IOException {
        // more distinct spacings than Spacings counts: the median is found from the file, and must be
        // the one sorting every spacing gives
        Random rnd = new Random(5);
        int n = Spacings.MAX_DISTINCT + 5_000;
        long[] spacings = new long[n - 1];
        StringBuilder sb = new StringBuilder("timestamp,cpu\n");
        long t = 1_700_000_000_000L;
        sb.append(t / 1000).append('.').append(String.format("%03d", t % 1000)).append(",1\n");
        for (int i = 0; i < n - 1; i++) {
            spacings[i] = 1 + rnd.nextInt(1_000_000);
            t += spacings[i];
            sb.append(t / 1000).append('.').append(String.format("%03d", t % 1000)).append(",1\n");
        }
        Path p = dir.resolve("varied.csv");
        Files.writeString(p, sb);
        Arrays.sort(spacings);
        TraceCsv.Result spilled = TraceCsv.read(List.of(new TraceSource(null, p)), Dedupe.ERROR, new TraceCsv.Limits(1L << 30, 0));
        try (LoadedTrace s = spilled.trace()) {
            assertThat(s.spilled()).isTrue();
            assertThat(s.trace().series("cpu").medianSpacing()).isEqualTo(spacings[spacings.length / 2]);
        }
    }

    @Test
    void spacingsCountedOrNotGiveTheUpperMedian() {
        Random rnd = new Random(9);
        for (int round = 0; round < 200; round++) {
            int n = 1 + rnd.nextInt(50);
            long[] s = new long[n];
            Spacings counted = new Spacings();
            for (int i = 0; i < n; i++) {
                s[i] = rnd.nextBoolean() ? 1 + rnd.nextInt(5) : 1 + (rnd.nextLong() >>> 1) % Long.MAX_VALUE;
                counted.add(s[i]);
            }
            long[] sorted = s.clone();
            Arrays.sort(sorted);
            assertThat(counted.median()).as("round %d", round).isEqualTo(sorted[n / 2]);
            assertThat(Spacings.median(n, each -> Arrays.stream(s).forEach(each))).as("round %d", round).isEqualTo(sorted[n / 2]);
        }
    }

    @Test
    void devZeroIsRefusedAtItsFirstLineWhateverTheMemoryAllowed() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/zero")));
        for (long memory : new long[]{0, 1L << 30}) {
            TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource("cpu", Path.of("/dev/zero"))), Dedupe.ERROR, new TraceCsv.Limits(1L << 40, memory));
            assertThat(r.problems()).singleElement().extracting(TraceProblem::format)
                    .isEqualTo("/dev/zero:1: line is longer than 65536 bytes: not a trace row (is this a CSV trace?)");
        }
    }

    @Test
    void aTemporaryDirectoryThatCannotBeWrittenIsALocatedProblem() throws IOException {
        Path p = dir.resolve("t.csv");
        Files.writeString(p, "timestamp,cpu\n60,1\n120,2\n");
        String before = System.getProperty("java.io.tmpdir");
        try {
            System.setProperty("java.io.tmpdir", dir.resolve("missing").toString());
            TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource(null, p)), Dedupe.ERROR, new TraceCsv.Limits(1 << 20, 0));
            assertThat(r.problems()).singleElement().satisfies(problem -> assertThat(problem.format())
                    .startsWith(p + ": cannot create a temporary file for the trace in " + dir.resolve("missing"))
                    .contains("-Djava.io.tmpdir"));
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }
}
