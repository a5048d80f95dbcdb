package io.capstan.bench;

import io.capstan.core.signal.Admission;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;
import io.capstan.core.signal.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
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
 * Percentiles over windows from 30 to a million samples, before and after the order-statistic
 * tree: {@code reads=other} is a window not built to be read with a percentile, which selects on
 * every read as every window did before (quickselect over a copy, O(n)); {@code reads=p99} is one
 * built to be read with p99, which keeps its samples in order (O(log n) per sample and per read).
 * Samples are 1s apart with Gaussian values (nearly all distinct: the tree's largest shape), the
 * window's length holds exactly {@code samples} of them.
 * <ul>
 *   <li>{@link #read()}: one p99 read at a fixed time: the read alone.</li>
 *   <li>{@link #slide()}: what one simulation step of a one-second trace costs the window: add the
 *       next sample (which evicts the oldest) and read p99.</li>
 *   <li>{@link #add()}: the same add without the read: the per-sample price of keeping order.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WindowPercentileBenchmark {
    private static final int VALUES = 1 << 16;
    private static final long SPACING = 1_000;

    @Param({"30", "300", "1000", "100000", "1000000"})
    public int samples;

    /** p99: built to be read with p99; other: built for other reads (the old path). */
    @Param({"other", "p99"})
    public String reads;

    private final double[] values = new double[VALUES];
    private Window window;
    private long t;
    private Instant fixedNow;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(99);
        for (int i = 0; i < VALUES; i++) values[i] = 50 + 10 * r.nextGaussian();
        Set<Aggregation> declared = switch (reads) {
            case "p99" -> EnumSet.of(Aggregation.P99);
            case "other" -> EnumSet.of(Aggregation.AVG);
            default -> throw new IllegalArgumentException("unknown reads " + reads);
        };
        window = Window.sliding(Duration.ofMillis(samples * SPACING), samples + 16, declared);
        t = 1_700_000_000_000L;
        for (int i = 0; i < samples; i++) addNext();
        fixedNow = Instant.ofEpochMilli(t);
        if (!(window.read(Aggregation.P99, fixedNow) instanceof Reading.Present p) || p.samples() != samples) {
            throw new IllegalStateException("benchmark window does not hold " + samples + " samples: " + window.read(Aggregation.P99, fixedNow));
        }
    }

    private Admission addNext() {
        t += SPACING;
        Admission a = window.add(t, values[next]);
        next = (next + 1) & (VALUES - 1);
        return a;
    }

    @Benchmark
    public Reading read() {
        return window.read(Aggregation.P99, fixedNow);
    }

    @Benchmark
    public Reading slide() {
        addNext();
        return window.read(Aggregation.P99, Instant.ofEpochMilli(t));
    }

    @Benchmark
    public Admission add() {
        return addNext();
    }
}
