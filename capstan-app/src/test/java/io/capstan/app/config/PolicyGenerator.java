package io.capstan.app.config;

import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.hpa.SelectPolicy;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.FlappingGuard;
import io.capstan.core.model.MetricScope;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.MissingRule;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.model.Severity;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Cron;
import io.capstan.core.policy.DecisionTreePolicy;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.policy.StepPolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random valid specs from a seed, for round-trip property tests. */
final class PolicyGenerator {
    private static final String[] METRICS = {"cpu", "memory", "queue_depth", "http.rps", "latency_p95_ms"};
    private static final Duration[] DURATIONS = {Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(90), Duration.ofMinutes(5),
            Duration.ofMinutes(90), Duration.ofHours(12), Duration.ofDays(2), Duration.ofSeconds(45), Duration.ofMillis(1500)};
    private static final String[] CRONS = {"0 8 * * 1-5", "*/15 * * * *", "30 22 * * SAT,SUN", "0 0 1 JAN *", "5,35 9-17 * * MON-FRI"};
    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "+05:30", "Z"};

    private PolicyGenerator() {}

    static List<TargetSpec> targets(Random r) {
        List<TargetSpec> out = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) out.add(target(r, "target-" + i));
        return out;
    }

    static TargetSpec target(Random r, String name) {
        int min = r.nextInt(5);
        // at least 30: schedule counts (below 30) and fallbacks (below 10) must not exceed the target's max
        int max = Math.max(30, min + r.nextInt(30));
        int initial = min + r.nextInt(max - min + 1);
        Map<String, MetricSpec> metrics = new LinkedHashMap<>();
        for (String m : METRICS) {
            if (metrics.isEmpty() || r.nextBoolean()) {
                metrics.put(m, new MetricSpec(m, r.nextBoolean() ? MetricScope.REPLICA : MetricScope.TARGET, missingRule(r), positive(r)));
            }
        }
        String[] declared = metrics.keySet().toArray(String[]::new);
        List<Policy> policies = new ArrayList<>();
        int np = r.nextInt(6);
        for (int i = 0; i < np; i++) policies.add(policy(r, "policy-" + i, declared));
        ServiceModel service = r.nextBoolean() ? null : new ServiceModel(1 + r.nextInt(400) / 4.0, Duration.ofSeconds(r.nextInt(600)), r.nextInt(100) / 100.0);
        HpaBehavior behavior = r.nextBoolean() ? null : new HpaBehavior(rules(r), rules(r));
        Cooldowns cooldowns = cooldowns(r);
        boolean policyCooldowns = policies.stream().anyMatch(p -> switch (p) {
            case ThresholdPolicy t -> t.cooldowns() != null;
            case TargetTrackingPolicy t -> t.cooldowns() != null;
            case StepPolicy s -> s.cooldowns() != null;
            default -> false;
        });
        // a target that declares no damping at all gets Kubernetes' default behavior when loaded
        if (behavior == null && (cooldowns == null || cooldowns.isNone()) && !policyCooldowns) behavior = PolicyReader.KUBERNETES_DEFAULT_BEHAVIOR;
        return new TargetSpec(name, new Bounds(min, max), initial, metrics, policies, behavior, cooldowns,
                service, r.nextBoolean() ? FlappingGuard.ON : FlappingGuard.OFF);
    }

    static Duration positive(Random r) {
        return DURATIONS[r.nextInt(DURATIONS.length)];
    }

    static Duration nonNegative(Random r) {
        return r.nextInt(4) == 0 ? Duration.ZERO : positive(r);
    }

    static MissingRule missingRule(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> new MissingRule.Hold();
            case 1 -> new MissingRule.UpOnly();
            case 2 -> new MissingRule.LastKnown(positive(r));
            default -> new MissingRule.Fallback(r.nextInt(10));
        };
    }

    static Cooldowns cooldowns(Random r) {
        return r.nextInt(3) == 0 ? null : new Cooldowns(nonNegative(r), nonNegative(r));
    }

    static HpaScalingRules rules(Random r) {
        List<HpaRatePolicy> ps = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            ps.add(new HpaRatePolicy(r.nextBoolean() ? HpaRatePolicy.PolicyType.PODS : HpaRatePolicy.PolicyType.PERCENT, 1 + r.nextInt(100),
                    Duration.ofSeconds(1 + r.nextInt(1800))));
        }
        return new HpaScalingRules(r.nextInt(3601), SelectPolicy.values()[r.nextInt(3)], ps,
                r.nextBoolean() ? null : r.nextInt(100) / 100.0);
    }

    static double value(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> r.nextInt(2000);
            case 1 -> r.nextInt(400) / 4.0 - 20;
            default -> r.nextDouble() * 100;
        };
    }

    static Condition.Compare compare(Random r, String[] metrics) {
        return new Condition.Compare(metrics[r.nextInt(metrics.length)], Aggregation.values()[r.nextInt(Aggregation.values().length)], positive(r),
                Comparator.values()[r.nextInt(4)], value(r), nonNegative(r));
    }

    static Condition condition(Random r, String[] metrics, int depth) {
        int k = depth >= 2 ? 0 : r.nextInt(4);
        if (k <= 1) return compare(r, metrics);
        List<Condition> parts = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) parts.add(condition(r, metrics, depth + 1));
        return k == 2 ? new Condition.AllOf(parts) : new Condition.AnyOf(parts);
    }

    static Action action(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> new Action.Add(1 + r.nextInt(10));
            case 1 -> new Action.Remove(1 + r.nextInt(10));
            case 2 -> new Action.AddPercent(1 + r.nextInt(400) / 2.0);
            case 3 -> new Action.RemovePercent(1 + r.nextInt(198) / 2.0);
            case 4 -> new Action.Set(r.nextInt(50));
            case 5 -> new Action.ToMax();
            default -> new Action.Named(r.nextBoolean() ? "vertical-scale" : "enable-cache",
                    r.nextBoolean() ? Map.of() : Map.of("from", "t3.medium", "to", "t3.large", "count", "2"));
        };
    }

    static Severity severity(Random r) {
        return Severity.values()[r.nextInt(3)];
    }

    static Policy policy(Random r, String name, String[] metrics) {
        return switch (r.nextInt(5)) {
            case 0 -> new ThresholdPolicy(name, condition(r, metrics, 0), nonNegative(r), severity(r), action(r), cooldowns(r));
            case 1 -> new TargetTrackingPolicy(name, metrics[r.nextInt(metrics.length)], Aggregation.values()[r.nextInt(8)], positive(r),
                    TrackingType.values()[r.nextInt(3)], 1 + r.nextInt(200) / 2.0, r.nextInt(100) / 100.0,
                    r.nextBoolean() ? TargetTrackingPolicy.ScaleIn.ENABLED : TargetTrackingPolicy.ScaleIn.DISABLED, cooldowns(r));
            case 2 -> step(r, name, metrics);
            case 3 -> schedule(r, name);
            default -> tree(r, name, metrics);
        };
    }

    static StepPolicy step(Random r, String name, String[] metrics) {
        Comparator op = Comparator.values()[r.nextInt(4)];
        StepPolicy.AdjustmentType type = StepPolicy.AdjustmentType.values()[r.nextInt(3)];
        int n = 1 + r.nextInt(4);
        List<Double> cuts = new ArrayList<>();
        double at = 0;
        for (int i = 0; i < n - 1; i++) {
            at += 1 + r.nextInt(40) / 2.0;
            cuts.add(at);
        }
        List<StepPolicy.StepAdjustment> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double adj = switch (type) {
                case CHANGE_IN_CAPACITY -> r.nextInt(11) - 5;
                case EXACT_CAPACITY -> r.nextInt(20);
                case PERCENT_CHANGE_IN_CAPACITY -> r.nextInt(300) - 100;
            };
            if (op.firesHigh()) {
                Double lower = i == 0 ? 0.0 : cuts.get(i - 1);
                Double upper = i == n - 1 ? null : cuts.get(i);
                steps.add(new StepPolicy.StepAdjustment(lower, upper, adj));
            } else {
                Double upper = i == 0 ? 0.0 : -cuts.get(i - 1);
                Double lower = i == n - 1 ? null : -cuts.get(i);
                steps.add(new StepPolicy.StepAdjustment(lower, upper, adj));
            }
        }
        if (r.nextBoolean()) java.util.Collections.shuffle(steps, r);
        int minMagnitude = type == StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY ? r.nextInt(3) : 0;
        return new StepPolicy(name, metrics[r.nextInt(metrics.length)], Aggregation.values()[r.nextInt(8)], positive(r), op, value(r),
                nonNegative(r), type, steps, minMagnitude, cooldowns(r));
    }

    static SchedulePolicy.Setting setting(Random r) {
        while (true) {
            Integer min = r.nextBoolean() ? r.nextInt(10) : null;
            Integer max = r.nextBoolean() ? (min == null ? 0 : min) + r.nextInt(20) : null;
            Integer desired = r.nextBoolean() ? r.nextInt(max == null ? 30 : max + 1) : null;
            if (min != null || max != null || desired != null) return new SchedulePolicy.Setting(min, max, desired);
        }
    }

    static SchedulePolicy schedule(Random r, String name) {
        List<SchedulePolicy.Entry> entries = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (r.nextBoolean()) {
                entries.add(new SchedulePolicy.Recurring("entry-" + i, Cron.parse(CRONS[r.nextInt(CRONS.length)]), ZoneId.of(ZONES[r.nextInt(ZONES.length)]),
                        r.nextBoolean() ? null : positive(r), setting(r)));
            } else {
                Instant start = Instant.ofEpochSecond(1_700_000_000L + r.nextInt(1_000_000) * 60L);
                entries.add(new SchedulePolicy.Window("entry-" + i, start, start.plus(Duration.ofMinutes(1 + r.nextInt(5000))), setting(r)));
            }
        }
        return new SchedulePolicy(name, entries);
    }

    /** A chain n0 -> n1 -> ... keeps every node reachable; checks branch forward only, so there is no cycle. */
    static DecisionTreePolicy tree(Random r, String name, String[] metrics) {
        int n = 1 + r.nextInt(6);
        DecisionTreePolicy.Node[] nodes = new DecisionTreePolicy.Node[n];
        for (int i = n - 1; i >= 0; i--) {
            String id = "node-" + i;
            if (i == n - 1) {
                nodes[i] = r.nextBoolean() ? new DecisionTreePolicy.Healthy(id)
                        : new DecisionTreePolicy.Outcome(id, action(r), severity(r), nonNegative(r), null);
            } else if (r.nextBoolean()) {
                DecisionTreePolicy.Node other = nodes[i + 1 + r.nextInt(n - i - 1)];
                nodes[i] = r.nextBoolean()
                        ? new DecisionTreePolicy.Check(id, condition(r, metrics, 0), nodes[i + 1], other)
                        : new DecisionTreePolicy.Check(id, condition(r, metrics, 0), other, nodes[i + 1]);
            } else {
                nodes[i] = new DecisionTreePolicy.Outcome(id, action(r), severity(r), nonNegative(r), nodes[i + 1]);
            }
        }
        return new DecisionTreePolicy(name, nodes[0]);
    }
}
