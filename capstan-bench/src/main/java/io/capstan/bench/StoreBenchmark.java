package io.capstan.bench;

import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.core.spi.Recording;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.StoredState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decisions written per second: each is a decision (a 2 KB explanation), the target's new state (1 KB) and a PLANNED
 * action, in one transaction ({@link #single}) or 100 targets' worth per transaction ({@link #batchOf100}, one round
 * of many targets). On the embedded H2 file and on a real PostgreSQL 18 (zonky's binaries, default durability:
 * fsync and synchronous_commit on).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreBenchmark {
    private static final int BATCH = 100;
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String EXPLANATION = "{\"steps\":[" + "{\"stage\":\"combine\",\"reason\":\"ThresholdSustained\"},".repeat(40) + "{}]}";
    private static final String STATE = "{\"v\":3,\"recommendations\":[" + "{\"at\":\"2026-03-02T10:00:00Z\",\"r\":5},".repeat(25) + "{}]}";

    @Param({"h2", "postgresql"})
    public String database;

    private BenchStore bench;
    private JdbcDecisionStore store;
    private long next;

    @Setup(Level.Trial)
    public void open() throws Exception {
        bench = BenchStore.open(database);
        store = bench.store;
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        bench.close();
    }
    private Recording recording(long n) {
        String target = "target-" + (n % 10_000);
        Instant at = T0.plusMillis(n);
        StoredDecision d = new StoredDecision("d-" + n, target, at, 3, 4, "ThresholdSustained", "queue_depth 1500 > 1000 for 60s", EXPLANATION);
        return Recording.of(d).withState(new StoredState(target, 3, STATE, at)).planned();
    }

    @Benchmark
    public Object single() throws Exception {
        return store.record(recording(next++));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object batchOf100() throws Exception {
        List<Recording> round = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) round.add(recording(next++));
        return store.recordAll(round);
    }
}
