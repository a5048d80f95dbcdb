package io.capstan.core.decide;

import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.Severity;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.Proposal;
import io.capstan.core.policy.StepPolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of the decider over random policies and random, gappy metric streams. */
class DeciderPropertyTest {
    private static final String[] METRICS = {"cpu", "memory", "queue_depth"};

    @RepeatedTest(60)
    void invariantsHold(RepetitionInfo info) {
        long seed = 0xC0FFEEL * info.getCurrentRepetition();
        Random rnd = new Random(seed);
        TargetSpec spec = randomSpec(rnd);
        List<Decision> first = replay(spec, new Random(seed + 1));
        List<Decision> second = replay(spec, new Random(seed + 1));
        assertThat(second).as("seed %d: replay is deterministic", seed).isEqualTo(first);
        for (Decision d : first) {
            String ctx = "seed " + seed + " at " + d.at() + ": " + d.summary();
            assertThat(spec.bounds().contains(d.to())).as(ctx).isTrue();
            DeciderTest.assertChained(d);
            boolean missing = d.proposals().stream().anyMatch(p -> p instanceof Proposal.NoData);
            if (missing) assertThat(d.to()).as("missing data never scales in; " + ctx).isGreaterThanOrEqualTo(d.from());
        }
    }

    private static List<Decision> replay(TargetSpec spec, Random rnd) {
        Harness h = new Harness(spec);
        double[] level = {50, 50, 500};
        for (int minute = 0; minute < 240; minute++) {
            h.advance(Duration.ofMinutes(1));
            for (int m = 0; m < METRICS.length; m++) {
                level[m] = Math.max(0, level[m] + rnd.nextGaussian() * (m == 2 ? 150 : 12));
                if (rnd.nextInt(10) > 0) h.sample(METRICS[m], level[m]); // ~10 % gaps
            }
            h.decide();
        }
        return h.decisions;
    }

    private static TargetSpec randomSpec(Random rnd) {
        List<Policy> policies = new ArrayList<>();
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            String metric = METRICS[rnd.nextInt(METRICS.length)];
            Duration window = Duration.ofMinutes(1 + rnd.nextInt(5));
            Duration sustain = Duration.ofMinutes(rnd.nextInt(4));
            double level = metric.equals("queue_depth") ? 200 + rnd.nextInt(800) : 20 + rnd.nextInt(70);
            policies.add(switch (rnd.nextInt(3)) {
                case 0 -> new ThresholdPolicy("p" + i, new Condition.Compare(metric, Aggregation.values()[rnd.nextInt(7)], window,
                        Comparator.values()[rnd.nextInt(4)], level, sustain), Duration.ZERO,
                        rnd.nextBoolean() ? Severity.WARNING : Severity.CRITICAL, randomAction(rnd), null);
                case 1 -> new TargetTrackingPolicy("p" + i, metric, Aggregation.AVG, window,
                        metric.equals("queue_depth") ? TrackingType.AVERAGE_VALUE : TrackingType.UTILIZATION, level, 0.1,
                        rnd.nextBoolean() ? TargetTrackingPolicy.ScaleIn.ENABLED : TargetTrackingPolicy.ScaleIn.DISABLED, null);
                default -> new StepPolicy("p" + i, metric, Aggregation.AVG, window, Comparator.GT, level, sustain,
                        StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY,
                        List.of(new StepPolicy.StepAdjustment(0.0, 10.0, 1), new StepPolicy.StepAdjustment(10.0, null, 3)), 0, null);
            });
        }
        int min = rnd.nextInt(3);
        int max = min + 1 + rnd.nextInt(15);
        Cooldowns cd = rnd.nextBoolean() ? Cooldowns.NONE : new Cooldowns(Duration.ofMinutes(rnd.nextInt(3)), Duration.ofMinutes(rnd.nextInt(6)));
        return Harness.target(min, max, min + rnd.nextInt(max - min + 1), cd, policies,
                randomMetric(rnd, "cpu"), randomMetric(rnd, "memory"), randomMetric(rnd, "queue_depth"));
    }

    private static MetricSpec randomMetric(Random rnd, String name) {
        io.capstan.core.model.MissingRule rule = switch (rnd.nextInt(4)) {
            case 0 -> new io.capstan.core.model.MissingRule.Hold();
            case 1 -> new io.capstan.core.model.MissingRule.LastKnown(Duration.ofMinutes(1 + rnd.nextInt(10)));
            case 2 -> new io.capstan.core.model.MissingRule.Fallback(rnd.nextInt(12));
            default -> new io.capstan.core.model.MissingRule.UpOnly();
        };
        return new MetricSpec(name, MetricSpec.defaultScope(name), rule, Duration.ofMinutes(1 + rnd.nextInt(5)));
    }

    private static Action randomAction(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> new Action.Add(1 + rnd.nextInt(4));
            case 1 -> new Action.Remove(1 + rnd.nextInt(3));
            case 2 -> new Action.AddPercent(10 + rnd.nextInt(100));
            case 3 -> new Action.RemovePercent(10 + rnd.nextInt(50));
            case 4 -> new Action.Set(rnd.nextInt(12));
            default -> new Action.ToMax();
        };
    }
}
