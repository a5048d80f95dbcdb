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
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.policy.StepPolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference example of the language parses into exactly the records it describes. */
class PolicyFileTest {
    private static final Path FULL = Path.of("src/test/resources/policies/full.yaml");
    private static PolicyFile.Result result;
    private static TargetSpec worker;

    @BeforeAll
    static void load() {
        result = PolicyFile.load(FULL);
        assertThat(result.problems()).isEmpty();
        worker = result.targets().get(0);
    }

    private static Duration m(int minutes) {
        return Duration.ofMinutes(minutes);
    }

    private static Duration s(int seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void loadsBothTargetsInOrder() {
        assertThat(result.isValid()).isTrue();
        assertThat(result.targets()).extracting(TargetSpec::name).containsExactly("worker", "api");
    }

    @Test
    void replicasAndLimits() {
        assertThat(worker.bounds()).isEqualTo(new Bounds(2, 20));
        assertThat(worker.initialReplicas()).isEqualTo(2);
        assertThat(worker.service()).isEqualTo(new ServiceModel(80, s(120), 0.05));
        assertThat(worker.cooldowns()).isEqualTo(new Cooldowns(s(60), s(120)));
        assertThat(worker.flappingGuard()).isEqualTo(FlappingGuard.ON);
    }

    @Test
    void metricsWithEveryMissingRuleForm() {
        assertThat(worker.metrics()).containsExactly(
                Map.entry("queue_depth", new MetricSpec("queue_depth", MetricScope.TARGET, new MissingRule.UpOnly(), m(5))),
                Map.entry("cpu", new MetricSpec("cpu", MetricScope.REPLICA, new MissingRule.LastKnown(m(10)), m(5))),
                Map.entry("memory", new MetricSpec("memory", MetricScope.REPLICA, new MissingRule.Fallback(5), m(5))),
                Map.entry("latency_p95_ms", MetricSpec.of("latency_p95_ms")));
    }

    @Test
    void behaviorKeepsKubernetesFieldMeanings() {
        assertThat(worker.behavior()).isEqualTo(new HpaBehavior(
                new HpaScalingRules(0, SelectPolicy.MAX, List.of(HpaRatePolicy.pods(4, 15)), 0.05),
                new HpaScalingRules(300, SelectPolicy.MAX, List.of(HpaRatePolicy.percent(50, 60)), null)));
    }

    @Test
    void thresholdWithStringCondition() {
        assertThat(worker.policies().get(0)).isEqualTo(new ThresholdPolicy("queue-high",
                new Condition.Compare("queue_depth", Aggregation.AVG, m(1), Comparator.GT, 1000, Duration.ZERO),
                m(2), Severity.CRITICAL, new Action.Add(5), new Cooldowns(s(60), s(120)) /* scaleIn from the target */));
    }

    @Test
    void thresholdWithAllOfOfSustainedComparisons() {
        assertThat(worker.policies().get(1)).isEqualTo(new ThresholdPolicy("scale-in",
                new Condition.AllOf(List.of(
                        new Condition.Compare("cpu", Aggregation.AVG, m(5), Comparator.LT, 30, m(10)),
                        new Condition.Compare("memory", Aggregation.AVG, m(5), Comparator.LT, 50, m(10)))),
                Duration.ZERO, Severity.WARNING, new Action.Remove(1), null));
    }

    @Test
    void thresholdWithMapCondition() {
        assertThat(worker.policies().get(2)).isEqualTo(new ThresholdPolicy("cpu-map-form",
                new Condition.Compare("cpu", Aggregation.P95, m(5), Comparator.GT, 70, m(15)),
                Duration.ZERO, Severity.WARNING, new Action.AddPercent(50), null));
    }

    @Test
    void targetTracking() {
        assertThat(worker.policies().get(3)).isEqualTo(new TargetTrackingPolicy("cpu-target", "cpu", Aggregation.AVG, m(1),
                TrackingType.UTILIZATION, 70, 0.1, TargetTrackingPolicy.ScaleIn.ENABLED, new Cooldowns(s(60), s(120))));
    }

    @Test
    void stepScaling() {
        assertThat(worker.policies().get(4)).isEqualTo(new StepPolicy("cpu-steps", "cpu", Aggregation.AVG, m(1), Comparator.GE, 70, m(3),
                StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY,
                List.of(new StepPolicy.StepAdjustment(0.0, 15.0, 1), new StepPolicy.StepAdjustment(15.0, null, 3)), 0, Cooldowns.both(m(5))));
    }

    @Test
    void scheduleWithRecurringEntryAndLocalWindow() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(worker.policies().get(5)).isEqualTo(new SchedulePolicy("business-hours", List.of(
                new SchedulePolicy.Recurring("weekday-morning", Cron.parse("0 8 * * 1-5"), berlin, Duration.ofHours(12),
                        new SchedulePolicy.Setting(10, null, null)),
                new SchedulePolicy.Window("launch", Instant.parse("2026-03-10T08:30:00Z"), Instant.parse("2026-03-10T13:00:00Z"),
                        new SchedulePolicy.Setting(null, null, 20)))));
    }

    @Test
    void decisionTreeSharesNodesAndFollowsNext() {
        DecisionTreePolicy tree = (DecisionTreePolicy) worker.policies().get(6);
        DecisionTreePolicy.Node healthy = new DecisionTreePolicy.Healthy("healthy");
        DecisionTreePolicy.Node emergency = new DecisionTreePolicy.Outcome("emergency", new Action.ToMax(), Severity.CRITICAL, m(30), null);
        DecisionTreePolicy.Node stillOver = new DecisionTreePolicy.Check("still-over",
                new Condition.Compare("cpu", Aggregation.AVG, m(5), Comparator.GT, 70, Duration.ZERO), emergency, healthy);
        DecisionTreePolicy.Node vertical = new DecisionTreePolicy.Outcome("vertical-scale",
                new Action.Named("vertical-scale", Map.of("from", "t3.medium", "to", "t3.large")), Severity.WARNING, m(30), stillOver);
        DecisionTreePolicy.Node memoryHigh = new DecisionTreePolicy.Check("memory-high",
                new Condition.Compare("memory", Aggregation.AVG, m(5), Comparator.GT, 80, Duration.ZERO), vertical, healthy);
        DecisionTreePolicy.Node root = new DecisionTreePolicy.Check("cpu-high",
                new Condition.Compare("cpu", Aggregation.AVG, m(5), Comparator.GT, 70, Duration.ZERO), vertical, memoryHigh);
        assertThat(tree).isEqualTo(new DecisionTreePolicy("phoenix-tree", root));
        DecisionTreePolicy.Check r = (DecisionTreePolicy.Check) tree.root();
        assertThat(r.then()).isSameAs(((DecisionTreePolicy.Check) r.otherwise()).then());
    }

    @Test
    void defaultsAndShortForms() {
        TargetSpec api = result.targets().get(1);
        assertThat(api.initialReplicas()).as("initial defaults to min").isEqualTo(1);
        assertThat(api.cooldowns()).isEqualTo(Cooldowns.both(m(5)));
        assertThat(api.flappingGuard()).isEqualTo(FlappingGuard.OFF);
        assertThat(api.behavior()).isNull();
        assertThat(api.service()).isNull();
        assertThat(api.metrics().get("rps")).isEqualTo(new MetricSpec("rps", MetricScope.TARGET, new MissingRule.UpOnly(), m(5)));
        assertThat(api.policies()).containsExactly(new TargetTrackingPolicy("rps-target", "rps", Aggregation.AVG, m(1),
                TrackingType.AVERAGE_VALUE, 100, 0.1, TargetTrackingPolicy.ScaleIn.ENABLED, null));
    }

    private static TargetSpec one(String yaml) {
        PolicyFile.Result r = PolicyFile.parse(yaml, Path.of("t.yaml"));
        assertThat(r.problems()).isEmpty();
        return r.targets().get(0);
    }

    @Test
    void shortFormsOfMissingRulesAndNullMetric() {
        TargetSpec t = one("""
                targets:
                  - name: a
                    replicas: {min: 0, max: 3}
                    metrics:
                      cpu:
                      q: {onMissing: {lastKnown: 10m}, scope: replica, staleAfter: 90}
                      r: {onMissing: hold}
                      s: {onMissing: {fallback: {replicas: 2}}}
                """);
        assertThat(t.metrics().get("cpu")).isEqualTo(MetricSpec.of("cpu"));
        assertThat(t.metrics().get("q")).isEqualTo(new MetricSpec("q", MetricScope.REPLICA, new MissingRule.LastKnown(m(10)), s(90)));
        assertThat(t.metrics().get("r").onMissing()).isEqualTo(new MissingRule.Hold());
        assertThat(t.metrics().get("s").onMissing()).isEqualTo(new MissingRule.Fallback(2));
        assertThat(t.policies()).isEmpty();
    }

    @Test
    void everyActionKind() {
        TargetSpec t = one("""
                targets:
                  - name: a
                    replicas: {min: 1, max: 30}
                    metrics: {cpu: {}}
                    policies:
                      - {name: p1, threshold: {when: "max(cpu) > 1", action: {remove: 2}}}
                      - {name: p2, threshold: {when: "max(cpu) > 1", action: {removePercent: 25}}}
                      - {name: p3, threshold: {when: "max(cpu) > 1", action: {set: 7}}}
                      - {name: p4, threshold: {when: "max(cpu) > 1", action: {toMax: true}, severity: critical}}
                      - {name: p5, threshold: {when: "max(cpu) > 1", action: {run: {name: enable-cache}}, severity: info}}
                """);
        assertThat(t.policies()).extracting(p -> ((ThresholdPolicy) p).action()).containsExactly(
                new Action.Remove(2), new Action.RemovePercent(25), new Action.Set(7), new Action.ToMax(), new Action.Named("enable-cache", Map.of()));
        assertThat(((ThresholdPolicy) t.policies().get(4)).severity()).isEqualTo(Severity.INFO);
        assertThat(((ThresholdPolicy) t.policies().get(0)).when())
                .isEqualTo(new Condition.Compare("cpu", Aggregation.MAX, m(1), Comparator.GT, 1, Duration.ZERO));
    }

    @Test
    void nestedAnyOfInsideAllOfWithMapItems() {
        TargetSpec t = one("""
                targets:
                  - name: a
                    replicas: {min: 1, max: 3}
                    metrics: {cpu: {}, memory: {}}
                    policies:
                      - name: p
                        threshold:
                          when:
                            allOf:
                              - anyOf: ["avg(cpu) > 80", {metric: memory, op: ">=", value: 90}]
                              - "p99(cpu, 10m) > 50"
                          action: {add: 1}
                """);
        Condition when = ((ThresholdPolicy) t.policies().get(0)).when();
        assertThat(when).isEqualTo(new Condition.AllOf(List.of(
                new Condition.AnyOf(List.of(
                        new Condition.Compare("cpu", Aggregation.AVG, m(1), Comparator.GT, 80, Duration.ZERO),
                        new Condition.Compare("memory", Aggregation.AVG, m(1), Comparator.GE, 90, Duration.ZERO))),
                new Condition.Compare("cpu", Aggregation.P99, m(10), Comparator.GT, 50, Duration.ZERO))));
    }

    @Test
    void behaviorDirectionsDefaultLikeKubernetes() {
        TargetSpec t = one("""
                targets:
                  - name: a
                    replicas: {min: 1, max: 3}
                    behavior:
                      scaleDown: {selectPolicy: Disabled}
                """);
        assertThat(t.behavior().scaleUp()).isEqualTo(HpaScalingRules.scaleUpDefaults());
        // the scale-down window stays unset: the controller's 300 s applies, as in Kubernetes
        assertThat(t.behavior().scaleDown()).isEqualTo(new HpaScalingRules(null, SelectPolicy.DISABLED,
                HpaScalingRules.scaleDownDefaults().policies(), null));
    }

    @Test
    void stepPolicyBelowThresholdWithPercentAdjustments() {
        TargetSpec t = one("""
                targets:
                  - name: a
                    replicas: {min: 1, max: 30}
                    metrics: {cpu: {}}
                    policies:
                      - name: shrink
                        step:
                          metric: cpu
                          op: "<"
                          threshold: 30
                          adjustmentType: PercentChangeInCapacity
                          minAdjustmentMagnitude: 1
                          steps:
                            - {upper: -10, adjustment: -30}
                            - {lower: -10, upper: 0, adjustment: -10}
                """);
        StepPolicy p = (StepPolicy) t.policies().get(0);
        assertThat(p.adjustmentType()).isEqualTo(StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY);
        assertThat(p.minAdjustmentMagnitude()).isEqualTo(1);
        assertThat(p.steps()).containsExactly(new StepPolicy.StepAdjustment(null, -10.0, -30), new StepPolicy.StepAdjustment(-10.0, 0.0, -10));
        assertThat(p.aggregation()).isEqualTo(Aggregation.AVG);
        assertThat(p.window()).isEqualTo(m(1));
    }

    @Test
    void scheduleDefaultsToUtcAndAcceptsAbsoluteTimes() {
        TargetSpec t = one("""
                targets:
                  - name: a
                    replicas: {min: 1, max: 30}
                    policies:
                      - name: s
                        schedule:
                          - {name: nightly, cron: "0 22 * * *", max: 2}
                          - {name: sale, start: "2026-11-27T00:00:00+01:00", end: "2026-11-28T00:00Z", min: 5, max: 30, desired: 10}
                """);
        SchedulePolicy p = (SchedulePolicy) t.policies().get(0);
        assertThat(p.entries().get(0)).isEqualTo(new SchedulePolicy.Recurring("nightly", Cron.parse("0 22 * * *"), ZoneOffset.UTC, null,
                new SchedulePolicy.Setting(null, 2, null)));
        assertThat(p.entries().get(1)).isEqualTo(new SchedulePolicy.Window("sale", Instant.parse("2026-11-26T23:00:00Z"),
                Instant.parse("2026-11-28T00:00:00Z"), new SchedulePolicy.Setting(5, 30, 10)));
    }

    @Test
    void flappingGuardAcceptsBooleanSpellings() {
        for (String v : List.of("on", "true", "\"on\"")) {
            assertThat(one("targets: [{name: a, replicas: {min: 1, max: 2}, flappingGuard: " + v + "}]").flappingGuard()).isEqualTo(FlappingGuard.ON);
        }
        for (String v : List.of("off", "false", "\"off\"")) {
            assertThat(one("targets: [{name: a, replicas: {min: 1, max: 2}, flappingGuard: " + v + "}]").flappingGuard()).isEqualTo(FlappingGuard.OFF);
        }
    }

    @Test
    void problemsMeanNoTargets() {
        PolicyFile.Result r = PolicyFile.parse("targets: [{name: a, replicas: {min: 3, max: 2}}, {name: b, replicas: {min: 1, max: 2}}]", Path.of("x.yaml"));
        assertThat(r.problems()).hasSize(1);
        assertThat(r.targets()).isEmpty();
        assertThat(r.isValid()).isFalse();
    }
}
