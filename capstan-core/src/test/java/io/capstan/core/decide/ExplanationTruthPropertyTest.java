package io.capstan.core.decide;

import io.capstan.core.explain.Reason;
import io.capstan.core.explain.Step;
import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.Durations;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.MissingRule;
import io.capstan.core.model.Severity;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.Proposal;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every explanation is checked against the numbers it explains: a "within tolerance" only when the
 * ratio is inside the band, a cooldown only when it blocked a change that its clock forbids, and
 * the counts a message names equal the step's own before and after.
 */
class ExplanationTruthPropertyTest {
    private static final Pattern WITHIN = Pattern.compile("ratio (\\S+) within (?:(scale-up|scale-down) )?tolerance (\\S+): keep (\\d+)");
    private static final Pattern COOLDOWN = Pattern.compile("(?:between-events|scale-out|scale-in) cooldown (\\S+): last \\S+ (\\S+) ago");
    /** Display rounding: ratios print with two decimals from 1 up. */
    private static final double SHOWN = 0.006;

    @RepeatedTest(80)
    void messagesAgreeWithTheirNumbers(RepetitionInfo info) {
        long seed = 0x7E57L * info.getCurrentRepetition();
        Random rnd = new Random(seed);
        TargetSpec spec = randomSpec(rnd);
        Harness h = new Harness(spec);
        double cpu = 5 + rnd.nextInt(90);
        double queue = rnd.nextInt(3000);
        for (int minute = 0; minute < 180; minute++) {
            h.advance(Duration.ofMinutes(1));
            cpu = Math.max(0, cpu + rnd.nextGaussian() * 15);
            queue = Math.max(0, queue + rnd.nextGaussian() * 300);
            if (rnd.nextInt(8) > 0) h.sample("cpu", cpu);
            if (rnd.nextInt(8) > 0) h.sample("queue_depth", queue);
            var before = h.runtime.state();
            Decision d = h.decide();
            check(d, spec, before, "seed " + seed + " at " + d.at() + ": " + d.summary());
        }
    }

    static void check(Decision d, TargetSpec spec, io.capstan.core.state.ScalingState before, String ctx) {
        for (Proposal p : d.proposals()) {
            Matcher m = WITHIN.matcher(p.message());
            boolean saysWithin = m.find();
            assertThat(saysWithin).as("a within-tolerance message iff the reason says so; " + p.message() + "; " + ctx)
                    .isEqualTo(p.reason() == Reason.WithinTolerance);
            if (!saysWithin) continue;
            double ratio = Double.parseDouble(m.group(1));
            double tolerance = Double.parseDouble(m.group(3));
            assertThat(Math.abs(ratio - 1)).as("ratio inside the band it names; " + p.message() + "; " + ctx).isLessThanOrEqualTo(tolerance + SHOWN);
            if ("scale-down".equals(m.group(2))) assertThat(ratio).as(ctx).isLessThan(1.0 + SHOWN);
            if ("scale-up".equals(m.group(2))) assertThat(ratio).as(ctx).isGreaterThan(1.0 - SHOWN);
            assertThat(Integer.parseInt(m.group(4))).as(ctx).isEqualTo(d.from());
        }
        for (Step s : d.steps()) {
            String msg = s.message();
            if (s.stage().equals("cooldown") || s.reason() == Reason.CooldownActive) {
                assertThat(s.before()).as("a cooldown step blocked a change; " + ctx).isNotEqualTo(s.after());
                assertThat(s.after()).as(ctx).isEqualTo(d.from());
                Matcher m = COOLDOWN.matcher(msg);
                assertThat(m.find()).as("cooldown message names its clock: " + msg).isTrue();
                assertThat(Durations.parse(m.group(2))).as("the clock had not run out; " + msg + "; " + ctx).isLessThan(Durations.parse(m.group(1)));
                assertThat(before.lastScale()).as(ctx).isNotNull();
            }
            expectNumber(msg, "highest opinion (\\d+) from", s.after(), ctx);
            expectNumber(msg, "frozen at (\\d+)", s.after(), ctx);
            expectNumber(msg, "fallback to (\\d+)", s.after(), ctx);
            expectNumber(msg, "below min (\\d+)", s.after(), ctx);
            expectNumber(msg, "above max (\\d+)", s.after(), ctx);
            expectNumber(msg, "projected onto (\\d+) replicas", null, ctx);
            if (s.stage().equals("combine") && s.reason() == Reason.NoChange) assertThat(s.after()).as(ctx).isEqualTo(s.before());
        }
        if (d.reason() == Reason.CooldownActive) {
            assertThat(d.steps()).as("the deciding cooldown is a step; " + ctx).anyMatch(s -> s.reason() == Reason.CooldownActive);
        }
        String summary = d.summary();
        if (d.from() == d.to()) assertThat(summary).as(ctx).startsWith("keep " + d.from() + " (");
        else assertThat(summary).as(ctx).startsWith((d.to() > d.from() ? "scale out " : "scale in ") + d.from() + " -> " + d.to() + " (");
        assertThat(summary).as(ctx).contains("(" + d.reason() + ")");
        assertThat(summary).as(ctx).doesNotContain("null");
    }

    private static void expectNumber(String msg, String regex, Integer expected, String ctx) {
        Matcher m = Pattern.compile(regex).matcher(msg);
        if (!m.find()) return;
        int n = Integer.parseInt(m.group(1));
        assertThat(n).as(msg + "; " + ctx).isNotNegative();
        if (expected != null) assertThat(n).as("the count the message names is the step's; " + msg + "; " + ctx).isEqualTo(expected);
    }

    private static TargetSpec randomSpec(Random rnd) {
        List<Policy> policies = new ArrayList<>();
        double[] tolerances = {0, 0.05, 0.1, 0.3};
        policies.add(new TargetTrackingPolicy("cpu-target", "cpu", Aggregation.AVG, Duration.ofMinutes(1 + rnd.nextInt(3)),
                TrackingType.UTILIZATION, 20 + rnd.nextInt(70), tolerances[rnd.nextInt(4)],
                rnd.nextBoolean() ? TargetTrackingPolicy.ScaleIn.ENABLED : TargetTrackingPolicy.ScaleIn.DISABLED,
                rnd.nextBoolean() ? null : new Cooldowns(Duration.ofMinutes(rnd.nextInt(4)), Duration.ofMinutes(rnd.nextInt(6)))));
        if (rnd.nextBoolean()) {
            policies.add(new TargetTrackingPolicy("queue-per-replica", "queue_depth", Aggregation.AVG, Duration.ofMinutes(1),
                    TrackingType.AVERAGE_VALUE, 50 + rnd.nextInt(500), tolerances[rnd.nextInt(4)], TargetTrackingPolicy.ScaleIn.ENABLED, null));
        }
        if (rnd.nextBoolean()) {
            policies.add(new ThresholdPolicy("queue-high", new Condition.Compare("queue_depth", Aggregation.LAST, Duration.ofMinutes(1),
                    Comparator.GT, 1000 + rnd.nextInt(1000), Duration.ofMinutes(rnd.nextInt(3))), Duration.ZERO, Severity.WARNING,
                    new Action.Add(1 + rnd.nextInt(3)), null));
        }
        HpaBehavior behavior = rnd.nextInt(3) > 0 ? null : new HpaBehavior(
                new HpaScalingRules(rnd.nextInt(120), null, null, rnd.nextBoolean() ? null : tolerances[rnd.nextInt(4)]),
                new HpaScalingRules(rnd.nextInt(300), null, null, rnd.nextBoolean() ? null : 0.5));
        int min = rnd.nextInt(3);
        int max = min + 1 + rnd.nextInt(15);
        Cooldowns cd = rnd.nextBoolean() ? Cooldowns.NONE : new Cooldowns(Duration.ofMinutes(rnd.nextInt(4)), Duration.ofMinutes(rnd.nextInt(6)),
                Duration.ofMinutes(rnd.nextInt(3) * rnd.nextInt(3)));
        Map<String, MetricSpec> metrics = new LinkedHashMap<>();
        metrics.put("cpu", new MetricSpec("cpu", MetricSpec.defaultScope("cpu"), randomRule(rnd), Duration.ofMinutes(2)));
        metrics.put("queue_depth", new MetricSpec("queue_depth", MetricSpec.defaultScope("queue_depth"), randomRule(rnd), Duration.ofMinutes(2)));
        return new TargetSpec("t", new Bounds(min, max), min + rnd.nextInt(max - min + 1), metrics, policies, behavior, cd, null, null);
    }

    private static MissingRule randomRule(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> new MissingRule.Hold();
            case 1 -> new MissingRule.LastKnown(Duration.ofMinutes(1 + rnd.nextInt(5)));
            case 2 -> new MissingRule.Fallback(rnd.nextInt(8));
            default -> new MissingRule.UpOnly();
        };
    }
}
