package io.capstan.bench;

import io.capstan.core.forecast.Model;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.FlappingGuard;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.PredictivePolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.Trace;
import io.capstan.core.target.TargetSpec;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What a predictive policy costs per step: 30 days of one-minute demand with a daily cycle (seeded noise) replayed
 * closed-loop through target tracking alone, and through target tracking plus a predictive policy (Holt-Winters on a
 * 5-minute grid, 14 days of history, refit daily: 29 refits and 8,600 observed steps in a run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PredictiveSimulationBenchmark {
    private static final ServiceModel SERVICE = new ServiceModel(100, Duration.ofMinutes(5), 0);
    private final Simulator simulator = new Simulator();
    private TargetSpec reactive;
    private TargetSpec predictive;
    private Trace trace;

    @Setup(Level.Trial)
    public void setUp() {
        TargetTrackingPolicy cpu = new TargetTrackingPolicy("cpu", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION, 80,
                TargetTrackingPolicy.DEFAULT_TOLERANCE, null, new Cooldowns(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ZERO));
        PredictivePolicy forecast = new PredictivePolicy("forecast", "request_rate", 85, SERVICE.capacityPerReplica(), SERVICE.startup(),
                Model.HOLT_WINTERS_ADDITIVE, Duration.ofMinutes(5), Duration.ofDays(14), Duration.ofDays(1), 0, false,
                PredictivePolicy.ErrorGuard.DEFAULT);
        reactive = target(List.of(cpu));
        predictive = target(List.of(cpu, forecast));
        trace = thirtyDaysOfDemand(new Random(42));
    }

    private static TargetSpec target(List<Policy> policies) {
        return new TargetSpec("api", new Bounds(1, 100), 5, Map.of("cpu", MetricSpec.of("cpu")), new ArrayList<>(policies), null, null, SERVICE,
                FlappingGuard.OFF);
    }

    static Trace thirtyDaysOfDemand(Random rnd) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Trace.Builder b = Trace.builder();
        for (int i = 0; i < SimulationBenchmark.STEPS; i++) {
            double day = Math.sin(2 * Math.PI * (i % 1440) / 1440.0 - Math.PI / 2);
            b.add("demand", start.plusSeconds(60L * i), Math.max(0, 2000 + 1500 * day) * (1 + 0.05 * rnd.nextGaussian()));
        }
        return b.build();
    }

    @Benchmark
    public SimulationResult thirtyDaysTargetTracking() {
        return simulator.run(List.of(reactive), trace, SimulationOptions.DEFAULTS);
    }

    @Benchmark
    public SimulationResult thirtyDaysTargetTrackingAndPredictive() {
        return simulator.run(List.of(predictive), trace, SimulationOptions.DEFAULTS);
    }
}
