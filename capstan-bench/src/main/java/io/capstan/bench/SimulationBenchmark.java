package io.capstan.bench;

import io.capstan.core.target.TargetSpec;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.Trace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A whole simulation: 30 days of one-minute samples (43,200 steps) of cpu, memory and queue depth
 * through the five-policy target of {@link DecisionBenchmark}, observed replay. The trace has a
 * daily cycle with noise (seeded), so the policies scale out and in as they would on real load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SimulationBenchmark {
    static final int STEPS = 30 * 24 * 60;
    private final Simulator simulator = new Simulator();
    private TargetSpec target;
    private Trace trace;

    @Setup(Level.Trial)
    public void setUp() {
        target = DecisionBenchmark.fivePolicyTarget();
        trace = thirtyDays(new Random(42));
    }

    @Benchmark
    public SimulationResult thirtyDaysFivePolicies() {
        return simulator.run(List.of(target), trace, SimulationOptions.DEFAULTS);
    }

    static Trace thirtyDays(Random rnd) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Trace.Builder b = Trace.builder();
        for (int i = 0; i < STEPS; i++) {
            double day = Math.sin(2 * Math.PI * (i % 1440) / 1440.0);
            long t = start.toEpochMilli() + i * 60_000L;
            b.add("cpu", t, Math.max(0, 50 + 30 * day + rnd.nextGaussian() * 8));
            b.add("memory", t, Math.max(0, 55 + 10 * day + rnd.nextGaussian() * 3));
            b.add("queue_depth", t, Math.max(0, 300 + 500 * day + rnd.nextGaussian() * 150));
        }
        return b.build();
    }
}
