package io.capstan.bench;

import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.Severity;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.StepPolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.target.Signals;
import io.capstan.core.state.ScalingState;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One full evaluation of a target with five policies (two thresholds with sustain, one combined
 * scale-in rule, target tracking and step scaling) over real windows: the work the controller
 * does per target per tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecisionBenchmark {
    private final Decider decider = new Decider();
    private TargetSpec spec;
    private Signals signals;
    private ScalingState state;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() {
        spec = fivePolicyTarget();
        signals = Signals.of(spec);
        now = Instant.parse("2026-03-02T00:00:00Z");
        for (int s = 0; s < 600; s += 10) {
            long t = now.toEpochMilli() + s * 1000L;
            signals.add("cpu", t, 55 + (s % 60) / 3.0);
            signals.add("memory", t, 60);
            signals.add("queue_depth", t, 400 + s);
        }
        now = now.plusSeconds(600);
        state = ScalingState.EMPTY;
    }

    @Benchmark
    public Decision evaluateTarget() {
        Decider.Result r = decider.decide(spec, state, new Decider.Observation(5, 5), signals.at(now), now);
        return r.decision();
    }

    static TargetSpec fivePolicyTarget() {
        Duration m1 = Duration.ofMinutes(1);
        Duration m5 = Duration.ofMinutes(5);
        List<Policy> policies = List.of(
                new ThresholdPolicy("cpu-high", new Condition.Compare("cpu", Aggregation.AVG, m5, Comparator.GT, 70, Duration.ofMinutes(3)),
                        Duration.ZERO, Severity.WARNING, new Action.Add(2), null),
                new ThresholdPolicy("queue-high", new Condition.Compare("queue_depth", Aggregation.LAST, m1, Comparator.GT, 1000, Duration.ZERO),
                        Duration.ZERO, Severity.CRITICAL, new Action.Add(5), null),
                new ThresholdPolicy("scale-in", new Condition.AllOf(List.of(
                        new Condition.Compare("cpu", Aggregation.AVG, m5, Comparator.LT, 30, Duration.ofMinutes(10)),
                        new Condition.Compare("memory", Aggregation.AVG, m5, Comparator.LT, 50, Duration.ofMinutes(10)))),
                        Duration.ZERO, Severity.INFO, new Action.Remove(1), null),
                new TargetTrackingPolicy("cpu-target", "cpu", Aggregation.AVG, m1, TrackingType.UTILIZATION, 70, 0.1,
                        TargetTrackingPolicy.ScaleIn.ENABLED, null),
                new StepPolicy("cpu-steps", "cpu", Aggregation.P95, m5, Comparator.GT, 70, Duration.ZERO,
                        StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY,
                        List.of(new StepPolicy.StepAdjustment(0.0, 15.0, 1), new StepPolicy.StepAdjustment(15.0, null, 2)), 0, null));
        Map<String, MetricSpec> metrics = new LinkedHashMap<>();
        for (String m : List.of("cpu", "memory", "queue_depth")) metrics.put(m, MetricSpec.of(m));
        return new TargetSpec("bench", new Bounds(2, 20), 5, metrics, policies, null, Cooldowns.both(Duration.ofMinutes(5)), null, null);
    }
}
