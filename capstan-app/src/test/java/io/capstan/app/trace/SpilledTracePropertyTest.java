package io.capstan.app.trace;

import io.capstan.app.TestSpecs;
import io.capstan.core.simulate.SeriesCursor;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.simulate.Trace;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trace held in memory and the same trace spilled to a temporary file (from the first sample, or
 * part-way through a file when the memory allowed runs out) are one trace: the same problems, the
 * same statistics, the same samples through cursors, and the same simulation, over seeded random
 * multi-series files with gaps, repeated timestamps, rows out of order and several files.
 */
class SpilledTracePropertyTest {
    private static final long SEED_BASE = 77_000L;
    private static final List<String> SERIES = List.of("cpu", "queue_depth", "demand", "api.cpu", "w.cpu", "api.queue_depth");

    @TempDir
    Path dir;

    private record Files2(List<TraceSource> sources, Dedupe dedupe) {}

    private Files2 generate(Random rnd, int run) throws IOException {
        List<String> pool = new ArrayList<>(SERIES);
        Collections.shuffle(pool, rnd);
        int files = 1 + rnd.nextInt(3);
        List<TraceSource> sources = new ArrayList<>();
        int used = 0;
        for (int f = 0; f < files && used < pool.size(); f++) {
            int width = f == files - 1 ? Math.min(pool.size() - used, 1 + rnd.nextInt(3)) : 1 + rnd.nextInt(2);
            List<String> names = new ArrayList<>(pool.subList(used, used + width));
            used += width;
            // now and then a series two files give: a problem both ways of reading must report alike
            if (rnd.nextInt(15) == 0 && f > 0) names.set(0, pool.get(0));
            boolean named = names.size() == 1 && rnd.nextBoolean();
            StringBuilder sb = new StringBuilder();
            if (!named || rnd.nextBoolean()) sb.append("timestamp,").append(named && rnd.nextBoolean() ? "value" : String.join(",", names)).append('\n');
            long t = Instant.parse("2024-05-01T00:00:00Z").getEpochSecond() + rnd.nextInt(600);
            int rows = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 500);
            boolean unsorted = rnd.nextInt(12) == 0;
            for (int r = 0; r < rows; r++) {
                int kind = rnd.nextInt(100);
                if (kind < 4) t += 600 + rnd.nextInt(7200); // a gap in time
                else if (kind >= 8) t += rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(300) : 60; // kind 4-7: the same timestamp again
                long at = unsorted && r == rows / 2 ? t - 3600 : t;
                sb.append(rnd.nextBoolean() ? Instant.ofEpochSecond(at).toString() : Long.toString(at));
                for (int c = 0; c < names.size(); c++) {
                    sb.append(',');
                    if (rnd.nextInt(10) > 0) sb.append(rnd.nextInt(3) == 0 ? Integer.toString(rnd.nextInt(3000)) : String.format(java.util.Locale.ROOT, "%.3f", rnd.nextDouble() * 150));
                }
                sb.append('\n');
            }
            Path p = dir.resolve("t" + run + "-" + f + ".csv");
            Files.writeString(p, sb);
            sources.add(new TraceSource(named ? names.get(0) : null, p));
        }
        return new Files2(sources, rnd.nextInt(4) == 0 ? Dedupe.ERROR : Dedupe.LAST);
    }

    @RepeatedTest(30)
    void heldAndSpilledTracesAreOneTrace(RepetitionInfo info) throws IOException {
        long seed = SEED_BASE + info.getCurrentRepetition();
        Random rnd = new Random(seed);
        Files2 g = generate(rnd, info.getCurrentRepetition());
        long max = TraceCsv.Limits.DEFAULT_MAX_BYTES;
        TraceCsv.Result held = TraceCsv.read(g.sources(), g.dedupe(), new TraceCsv.Limits(max, 1L << 30));
        TraceCsv.Result spilled = TraceCsv.read(g.sources(), g.dedupe(), new TraceCsv.Limits(max, 0));
        // part-way: the memory runs out in the middle of a file, with a repeated timestamp possibly pending
        TraceCsv.Result late = TraceCsv.read(g.sources(), g.dedupe(), new TraceCsv.Limits(max, 4096 + rnd.nextInt(40_000)));
        assertThat(spilled.problems()).as("seed %d", seed).isEqualTo(held.problems());
        assertThat(late.problems()).as("seed %d", seed).isEqualTo(held.problems());
        if (!held.ok()) return;
        try (LoadedTrace h = held.trace(); LoadedTrace s = spilled.trace(); LoadedTrace l = late.trace()) {
            assertThat(h.spilled()).isFalse();
            assertThat(s.spilled()).isTrue();
            for (LoadedTrace other : List.of(s, l)) {
                assertSameTrace(seed, h.trace(), other.trace());
                assertSameSimulation(seed, rnd, h.trace(), other.trace());
            }
        }
    }

    private static void assertSameTrace(long seed, Trace expected, Trace actual) {
        assertThat(actual.names()).as("seed %d", seed).containsExactlyElementsOf(expected.names());
        assertThat(actual.start()).isEqualTo(expected.start());
        assertThat(actual.end()).isEqualTo(expected.end());
        assertThat(name(actual.finest())).isEqualTo(name(expected.finest()));
        for (String name : expected.names()) {
            Trace.Series e = expected.series(name), a = actual.series(name);
            assertThat(a.size()).as("seed %d %s", seed, name).isEqualTo(e.size());
            assertThat(a.medianSpacing()).as("seed %d %s", seed, name).isEqualTo(e.medianSpacing());
            assertThat(samples(a.cursor())).as("seed %d %s", seed, name).isEqualTo(samples(e.cursor()));
            // a cursor opened part-way, at or between samples, and past the end
            List<Long> times = new ArrayList<>();
            try (SeriesCursor c = e.cursor()) {
                for (; c.time() != SeriesCursor.END; c.advance()) times.add(c.time());
            }
            for (long t : List.of(times.get(times.size() / 2), times.get(0), times.get(times.size() - 1))) {
                for (long after : new long[]{t, t - 1, t + 1}) {
                    assertThat(samples(a.after(after))).as("seed %d %s after %d", seed, name, after).isEqualTo(samples(e.after(after)));
                }
            }
        }
    }

    private static void assertSameSimulation(long seed, Random rnd, Trace expected, Trace actual) {
        List<TargetSpec> targets = List.of(
                TestSpecs.cpuThresholds("api", rnd.nextBoolean() ? TestSpecs.service(100, Duration.ofMinutes(2), 0.1) : null),
                TestSpecs.cpuTracking("w", 50, null));
        Instant from = expected.start().plusSeconds(rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(7200));
        if (from.isAfter(expected.end())) from = expected.start();
        Duration step = Duration.ofSeconds(30L * (1 + rnd.nextInt(4)));
        Instant to = from.plus(step.multipliedBy(150)).isBefore(expected.end()) ? from.plus(step.multipliedBy(150)) : expected.end();
        SimulationOptions options = new SimulationOptions(from, to, step, null, 0);
        SimulationResult e = new Simulator().run(targets, expected, options);
        SimulationResult a = new Simulator().run(targets, actual, options);
        for (TargetResult et : e.targets()) {
            TargetResult at = a.target(et.target());
            assertThat(at.rows()).as("seed %d %s", seed, et.target()).isEqualTo(et.rows());
            assertThat(at.scorecard()).as("seed %d %s", seed, et.target()).isEqualTo(et.scorecard());
            assertThat(at.notes()).as("seed %d %s", seed, et.target()).isEqualTo(et.notes());
        }
    }

    private static String name(Trace.Series s) {
        return s == null ? null : s.name();
    }

    /** Times and values, interleaved (a value's bits as a long). */
    private static List<Long> samples(SeriesCursor c) {
        List<Long> out = new ArrayList<>();
        try (c) {
            for (; c.time() != SeriesCursor.END; c.advance()) {
                out.add(c.time());
                out.add(Double.doubleToLongBits(c.value()));
            }
        }
        return out;
    }
}
