package io.capstan.bench;

import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;
import io.capstan.core.signal.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read: the cost of one {@link Window#read(Aggregation, Instant)} of each aggregation on a full 5m
 * window (300 samples at 1s spacing, 30 at 10s). The read time is fixed, so after the first call
 * nothing expires: this is the aggregation alone, which a target pays once per evaluation tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WindowReadBenchmark {
    @Param({"avg", "max", "min", "p50", "p95", "p99", "last", "rate"})
    public String aggregation;

    @Param({"1000", "10000"})
    public long spacingMillis;

    private Window window;
    private Aggregation agg;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() {
        agg = Aggregation.parse(aggregation);
        window = Window.sliding(Duration.ofMinutes(5));
        Random r = new Random(7);
        long t = 1_700_000_000_000L;
        double counter = 0;
        int n = (int) (Duration.ofMinutes(5).toMillis() / spacingMillis);
        for (int i = 0; i < n; i++) {
            t += spacingMillis;
            counter += agg == Aggregation.RATE ? r.nextInt(100) : 0;
            window.add(t, agg == Aggregation.RATE ? counter : 50 + 10 * r.nextGaussian());
        }
        now = Instant.ofEpochMilli(t);
        if (!(window.read(agg, now) instanceof Reading.Present p) || p.samples() != n) {
            throw new IllegalStateException("benchmark window is not full: " + window.read(agg, now));
        }
    }

    @Benchmark
    public Reading read() {
        return window.read(agg, now);
    }
}
