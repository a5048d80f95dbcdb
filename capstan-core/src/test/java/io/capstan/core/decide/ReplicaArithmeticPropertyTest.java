package io.capstan.core.decide;

import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.Severity;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.DecisionTreePolicy;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.policy.StepPolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;
import io.capstan.core.signal.Readings;
import io.capstan.core.state.ScalingState;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replica arithmetic saturates before bounds apply: a rule that scales out never lowers the
 * count, one that scales in never raises it, and every decision stays within [min, max],
 * whatever legal extreme the rule is written with.
 */
class ReplicaArithmeticPropertyTest {
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final int[] COUNTS = {0, 1, 2, 5, 20, 1000, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
    private static final double[] PERCENTS = {1e300, Double.MAX_VALUE, 1e-300, Double.MIN_VALUE, 0.5, 50, 100, 1e9};

    enum Direction { OUT, IN, EITHER }

    record Rule(Policy policy, Direction direction) {}

    @Test
    void hugeAddAtFiveReplicasScalesOutToMax() {
        for (Action action : List.of(new Action.Add(Integer.MAX_VALUE), new Action.AddPercent(1e300))) {
            Policy p = new ThresholdPolicy("cpu-high", compare(), null, Severity.WARNING, action, null);
            Decision d = decide(new Bounds(1, 20), 5, 5, p, 90, null);
            assertThat(d.to()).as(d.summary()).isEqualTo(20);
            assertThat(d.proposals().get(0).message()).as("the proposal saturates, never wraps negative").endsWith("-> " + Integer.MAX_VALUE);
            assertThat(d.steps()).allSatisfy(s -> assertThat(s.message()).doesNotContain("null").doesNotContain("-1"));
        }
    }

    @RepeatedTest(400)
    void ruleDirectionAndBoundsHoldAtExtremes(RepetitionInfo info) {
        long seed = 0x5A7L * info.getCurrentRepetition();
        Random rnd = new Random(seed);
        int min = pick(rnd, new int[]{0, 0, 1, 2, 5, 1000, Integer.MAX_VALUE - 1, Integer.MAX_VALUE});
        int max = Math.max(min, pick(rnd, COUNTS));
        int current = switch (rnd.nextInt(4)) {
            case 0 -> min;
            case 1 -> max;
            default -> min + (int) ((max - (long) min) * rnd.nextDouble());
        };
        int ready = rnd.nextBoolean() ? current : (int) (current * rnd.nextDouble());
        Rule rule = randomRule(rnd);
        double value = pickDouble(rnd, new double[]{0, 1e-300, 0.5, 90, 1e9, 1e300, Double.MAX_VALUE});
        HpaBehavior behavior = rnd.nextInt(3) == 0 ? new HpaBehavior(null, null) : null;
        Decision d = decide(new Bounds(min, max), current, ready, rule.policy(), value, behavior);
        String ctx = "seed " + seed + ": " + rule.policy() + " at " + current + " in [" + min + ", " + max + "], value " + value + ": " + d.summary();
        assertThat(d.to()).as(ctx).isBetween(min, max);
        if (rule.direction() == Direction.OUT) assertThat(d.to()).as("a scale-out rule never lowers; " + ctx).isGreaterThanOrEqualTo(current);
        if (rule.direction() == Direction.IN) assertThat(d.to()).as("a scale-in rule never raises; " + ctx).isLessThanOrEqualTo(current);
        DeciderTest.assertChained(d);
        for (var s : d.steps()) assertThat(s.after()).as("no stage yields a negative count; " + ctx).isNotNegative();
    }

    private static Decision decide(Bounds bounds, int current, int ready, Policy p, double value, HpaBehavior behavior) {
        TargetSpec spec = new TargetSpec("t", bounds, bounds.min(), Map.of("cpu", MetricSpec.of("cpu")), List.of(p), behavior,
                Cooldowns.NONE, null, null);
        Readings readings = (metric, agg, window) -> new Reading.Present(value, 1, 1.0);
        return new Decider().decide(spec, ScalingState.EMPTY, new Decider.Observation(current, ready), readings, NOW).decision();
    }

    private static Condition compare() {
        return new Condition.Compare("cpu", Aggregation.AVG, Duration.ofMinutes(1), Comparator.GE, 0, Duration.ZERO);
    }

    private static Rule randomRule(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> {
                Rule a = randomAction(rnd);
                yield new Rule(new ThresholdPolicy("threshold", compare(), null, rnd.nextBoolean() ? Severity.CRITICAL : Severity.WARNING,
                        ((ThresholdPolicy) a.policy()).action(), null), a.direction());
            }
            case 1 -> {
                Rule a = randomAction(rnd);
                Action action = ((ThresholdPolicy) a.policy()).action();
                yield new Rule(new DecisionTreePolicy("tree", new DecisionTreePolicy.Check("check", compare(),
                        new DecisionTreePolicy.Outcome("act", action, null, null, null), new DecisionTreePolicy.Healthy("ok"))), a.direction());
            }
            case 2 -> {
                double huge = pickDouble(rnd, new double[]{Integer.MAX_VALUE, 1e300, Double.MAX_VALUE, 1e12});
                int kind = rnd.nextInt(5);
                StepPolicy.AdjustmentType type = switch (kind) {
                    case 0, 1 -> StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY;
                    case 2, 3 -> StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY;
                    default -> StepPolicy.AdjustmentType.EXACT_CAPACITY;
                };
                double adjustment = switch (kind) {
                    case 0, 2 -> huge;
                    case 1 -> -huge;
                    case 3 -> -100;
                    default -> rnd.nextBoolean() ? huge : 0;
                };
                Direction dir = kind == 0 || kind == 2 ? Direction.OUT : kind == 4 ? Direction.EITHER : Direction.IN;
                yield new Rule(new StepPolicy("step", "cpu", Aggregation.AVG, Duration.ofMinutes(1), Comparator.GE, 0, Duration.ZERO, type,
                        List.of(new StepPolicy.StepAdjustment(null, null, adjustment)), rnd.nextInt(3) == 0 ? Integer.MAX_VALUE : 0, null), dir);
            }
            case 3 -> {
                double target = pickDouble(rnd, new double[]{Double.MIN_VALUE, 1e-300, 1, 70, 1e300, Double.MAX_VALUE});
                TrackingType type = rnd.nextBoolean() ? TrackingType.UTILIZATION : TrackingType.AVERAGE_VALUE;
                double tolerance = rnd.nextBoolean() ? 0 : 0.1;
                yield new Rule(new TargetTrackingPolicy("track", "cpu", Aggregation.AVG, Duration.ofMinutes(1), type, target, tolerance,
                        rnd.nextBoolean() ? TargetTrackingPolicy.ScaleIn.ENABLED : TargetTrackingPolicy.ScaleIn.DISABLED, null), Direction.EITHER);
            }
            default -> {
                Integer desired = pick(rnd, COUNTS);
                yield new Rule(new SchedulePolicy("schedule", List.of(new SchedulePolicy.Window("always", NOW.minusSeconds(60),
                        NOW.plusSeconds(60), new SchedulePolicy.Setting(null, null, desired)))), Direction.OUT);
            }
        };
    }

    /** A threshold rule carrying a random extreme action, and the direction that action scales in. */
    private static Rule randomAction(Random rnd) {
        Action action = switch (rnd.nextInt(6)) {
            case 0 -> new Action.Add(pick(rnd, new int[]{1, 2, 1000, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}));
            case 1 -> new Action.Remove(pick(rnd, new int[]{1, 2, 1000, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}));
            case 2 -> new Action.AddPercent(pickDouble(rnd, PERCENTS));
            case 3 -> new Action.RemovePercent(Math.min(100, pickDouble(rnd, PERCENTS)));
            case 4 -> new Action.Set(pick(rnd, COUNTS));
            default -> new Action.ToMax();
        };
        Direction dir = switch (action) {
            case Action.Add a -> Direction.OUT;
            case Action.AddPercent a -> Direction.OUT;
            case Action.ToMax a -> Direction.OUT;
            case Action.Remove a -> Direction.IN;
            case Action.RemovePercent a -> Direction.IN;
            default -> Direction.EITHER;
        };
        return new Rule(new ThresholdPolicy("p", compare(), null, null, action, null), dir);
    }

    private static int pick(Random rnd, int[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private static double pickDouble(Random rnd, double[] values) {
        return values[rnd.nextInt(values.length)];
    }
}
