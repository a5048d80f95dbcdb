package io.capstan.app.trace;

import io.capstan.core.simulate.Trace;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeded random CSV files: what is written is what is read, and one corrupted line is named exactly. */
class TraceCsvPropertyTest {
    private static final long SEED_BASE = 4_032L;
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** A generated file: its text, and per column the (time, value) pairs it holds. */
    private record Generated(String text, List<String> columns, List<List<double[]>> samples, int dataLines, int firstDataLine) {}

    private static Generated generate(Random rnd) {
        int columns = 1 + rnd.nextInt(4);
        char delimiter = ',';
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) names.add(rnd.nextBoolean() ? "m" + c : "t" + rnd.nextInt(3) + ".m" + c);
        List<List<double[]>> samples = new ArrayList<>();
        for (int c = 0; c < columns; c++) samples.add(new ArrayList<>());
        StringBuilder sb = new StringBuilder();
        int line = 0;
        if (rnd.nextBoolean()) {
            sb.append("# generated\n");
            line++;
        }
        sb.append("timestamp");
        for (String n : names) sb.append(delimiter).append(n);
        sb.append(rnd.nextBoolean() ? "\n" : "\r\n");
        line++;
        int firstDataLine = line + 1;
        long t = 1_600_000_000L + rnd.nextInt(1_000_000);
        int rows = 1 + rnd.nextInt(200);
        int format = rnd.nextInt(3);
        for (int r = 0; r < rows; r++) {
            t += 1 + rnd.nextInt(600);
            String ts = switch (format) {
                case 0 -> Long.toString(t);
                case 1 -> SPACED.format(Instant.ofEpochSecond(t));
                default -> Instant.ofEpochSecond(t).toString();
            };
            sb.append(ts);
            boolean any = false;
            for (int c = 0; c < columns; c++) {
                sb.append(delimiter);
                boolean gap = rnd.nextInt(5) == 0 && !(c == columns - 1 && !any && r == rows - 1);
                if (!gap) {
                    double v = Math.round(rnd.nextDouble() * 1e6) / 1e3;
                    sb.append(String.format(Locale.ROOT, "%.3f", v));
                    samples.get(c).add(new double[] {t * 1000.0, v});
                    any = true;
                }
            }
            sb.append('\n');
        }
        // every column needs at least one value
        for (int c = 0; c < columns; c++) {
            if (samples.get(c).isEmpty()) {
                t += 60;
                sb.append(t);
                for (int k = 0; k < columns; k++) sb.append(delimiter).append("1");
                sb.append('\n');
                for (int k = 0; k < columns; k++) samples.get(k).add(new double[] {t * 1000.0, 1});
                rows++;
            }
        }
        return new Generated(sb.toString(), names, samples, rows, firstDataLine);
    }

    private static Random random(RepetitionInfo info) {
        return new Random(SEED_BASE + info.getCurrentRepetition());
    }

    @RepeatedTest(40)
    void whatIsWrittenIsRead(RepetitionInfo info) throws IOException {
        Random rnd = random(info);
        Generated g = generate(rnd);
        java.util.Set<String> unique = new java.util.HashSet<>(g.columns());
        Path p = dir.resolve("g.csv");
        Files.writeString(p, g.text());
        TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource(null, p)), Dedupe.ERROR);
        String seed = "seed " + (SEED_BASE + info.getCurrentRepetition());
        if (unique.size() < g.columns().size()) {
            assertThat(r.problems()).as(seed).anySatisfy(pr -> assertThat(pr.message()).contains("named twice"));
            return;
        }
        assertThat(r.problems()).as(seed).isEmpty();
        Trace t = r.trace().trace();
        for (int c = 0; c < g.columns().size(); c++) {
            Trace.Series s = t.series(g.columns().get(c));
            List<double[]> expected = g.samples().get(c);
            assertThat(s.size()).as(seed + " " + s.name()).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat((double) Read.epochMillis(s, i)).as(seed).isEqualTo(expected.get(i)[0]);
                assertThat(Read.value(s, i)).as(seed).isEqualTo(expected.get(i)[1]);
            }
        }
    }

    @RepeatedTest(40)
    void oneCorruptedLineIsNamedExactly(RepetitionInfo info) throws IOException {
        Random rnd = random(info);
        Generated g = generate(rnd);
        if (new java.util.HashSet<>(g.columns()).size() < g.columns().size()) return;
        List<String> lines = new ArrayList<>(g.text().lines().toList());
        int target = g.firstDataLine() - 1 + rnd.nextInt(g.dataLines());
        String[] corruptions = {"NaN", "-1", "x", "inf"};
        String bad = corruptions[rnd.nextInt(corruptions.length)];
        String original = lines.get(target);
        char delimiter = ',';
        int cut = original.indexOf(delimiter);
        lines.set(target, original.substring(0, cut + 1) + bad + original.substring(original.indexOf(delimiter, cut + 1) < 0
                ? original.length() : original.indexOf(delimiter, cut + 1)));
        Path p = dir.resolve("c.csv");
        Files.writeString(p, String.join("\n", lines) + "\n");
        TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource(null, p)), Dedupe.ERROR);
        String seed = "seed " + (SEED_BASE + info.getCurrentRepetition()) + " corrupting line " + (target + 1) + " with " + bad;
        assertThat(r.problems()).as(seed).singleElement().satisfies(pr -> {
            assertThat(pr.line()).isEqualTo(target + 1);
            assertThat(pr.file()).isEqualTo(p);
        });
        assertThat(r.trace()).as(seed).isNull();
    }
}
