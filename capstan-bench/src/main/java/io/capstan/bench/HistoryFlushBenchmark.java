package io.capstan.bench;

import io.capstan.app.history.HistoryRecorder;
import io.capstan.core.spi.Sample;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One minute of the live loop's metric history for 10,000 targets with 3 metrics: the 30,000 samples of that minute added
 * to the recorder, then the flush that writes the minute's 30,000 steps in one batched transaction. Time per minute
 * written, on the embedded H2 file and on a real PostgreSQL 18 (zonky's binaries, default durability).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class HistoryFlushBenchmark {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Param({"h2", "postgresql"})
    public String database;

    private BenchStore bench;
    private HistoryRecorder recorder;
    private List<String> targets;
    private long minute;

    @Setup(Level.Trial)
    public void open() throws Exception {
        bench = BenchStore.open(database);
        recorder = new HistoryRecorder(bench.store, MINUTE);
        targets = new ArrayList<>();
        for (int t = 0; t < 10_000; t++) targets.add("target-" + t);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        bench.close();
    }
    /** One minute: 30,000 samples in, one batch of 30,000 steps out. */
    @Benchmark
    public int minuteOfTenThousandTargets() throws Exception {
        Instant at = T0.plus(MINUTE.multipliedBy(minute++));
        for (String t : targets) {
            recorder.add(new Sample(t, "request_rate", at, 100 + minute));
            recorder.add(new Sample(t, "cpu", at, 55));
            recorder.add(new Sample(t, "queue_depth", at, 7));
        }
        return recorder.flush(at.plus(MINUTE));
    }
}
