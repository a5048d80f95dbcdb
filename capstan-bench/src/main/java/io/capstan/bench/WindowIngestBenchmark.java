package io.capstan.bench;

import io.capstan.core.signal.Admission;
import io.capstan.core.signal.Window;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingest: samples per second per core through {@link Window#add(long, double)} into a 5m window
 * at 1s and 10s spacing (300 and 30 samples live). One invocation adds a batch of pre-generated
 * samples, so the score is samples/s. Times continue across invocations (each batch is shifted
 * past the previous one), so every add is accepted and expiry runs as in production: each sample
 * enters once and leaves once. The window is never read here, so it fills to its capacity (4096)
 * and then sheds expired samples in bulk on add; the per-sample work is the same as with reads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WindowIngestBenchmark {
    static final int BATCH = 8192;

    @Param({"1000", "10000"})
    public long spacingMillis;

    /**
     * gauge: a noisy level (data-dependent work in the min/max deques); flat: a gauge stuck at one
     * value, such as an idle queue's length of 0; counter: increasing, with a reset now and then.
     */
    @Param({"gauge", "flat", "counter"})
    public String shape;

    private final long[] offsets = new long[BATCH];
    private final double[] values = new double[BATCH];
    private long span;
    private long base;
    private Window window;

    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(42);
        long t = 0;
        double counter = 0;
        for (int i = 0; i < BATCH; i++) {
            // jitter of +-10% around the spacing, as scrapes drift
            t += spacingMillis - spacingMillis / 10 + r.nextInt((int) (spacingMillis / 5) + 1);
            offsets[i] = t;
            values[i] = switch (shape) {
                case "counter" -> counter = r.nextInt(1000) == 0 ? 0 : counter + r.nextInt(100);
                case "flat" -> 0.0;
                case "gauge" -> 50 + 10 * r.nextGaussian();
                default -> throw new IllegalArgumentException("unknown shape " + shape);
            };
        }
        span = t + spacingMillis;
        base = 1_700_000_000_000L;
        window = Window.sliding(Duration.ofMinutes(5));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int add() {
        Window w = window;
        long b = base;
        long[] ts = offsets;
        double[] vs = values;
        int accepted = 0;
        for (int i = 0; i < BATCH; i++) {
            if (w.add(b + ts[i], vs[i]) == Admission.ACCEPTED) accepted++;
        }
        base = b + span;
        return accepted;
    }
}
