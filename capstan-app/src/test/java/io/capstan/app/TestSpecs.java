package io.capstan.app;

import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.FlappingGuard;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.model.Severity;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Targets built in Java, standing in for policy files in app tests. */
public final class TestSpecs {
    private TestSpecs() {}

    public static ThresholdPolicy threshold(String name, String metric, Comparator op, double value, Duration sustain, Action action) {
        return new ThresholdPolicy(name, new Condition.Compare(metric, Aggregation.AVG, Duration.ofMinutes(5), op, value, Duration.ZERO),
                sustain, Severity.WARNING, action, null);
    }

    public static TargetTrackingPolicy tracking(String metric, double target) {
        return new TargetTrackingPolicy("track-" + metric, metric, Aggregation.AVG, Duration.ofMinutes(5), TrackingType.UTILIZATION,
                target, TargetTrackingPolicy.DEFAULT_TOLERANCE, null, null);
    }

    public static TargetSpec target(String name, int min, int max, int initial, List<Policy> policies, ServiceModel service, String... metrics) {
        Map<String, MetricSpec> ms = new LinkedHashMap<>();
        for (String m : metrics) ms.put(m, MetricSpec.of(m));
        return new TargetSpec(name, new Bounds(min, max), initial, ms, policies, null,
                new Cooldowns(Duration.ofMinutes(3), Duration.ofMinutes(10)), service, FlappingGuard.ON);
    }

    /** cpu thresholds: add 1 above 60 % for 10m, remove 1 below 40 % for 15m. */
    public static TargetSpec cpuThresholds(String name, ServiceModel service) {
        return target(name, 1, 10, 2, List.of(
                threshold("cpu-high", "cpu", Comparator.GT, 60, Duration.ofMinutes(10), new Action.Add(1)),
                threshold("cpu-low", "cpu", Comparator.LT, 40, Duration.ofMinutes(15), new Action.Remove(1))), service, "cpu");
    }

    /** Target tracking on cpu at {@code target} %. */
    public static TargetSpec cpuTracking(String name, double target, ServiceModel service) {
        return target(name, 1, 20, 2, List.of(tracking("cpu", target)), service, "cpu");
    }

    public static ServiceModel service(double capacity, Duration startup, double cost) {
        return new ServiceModel(capacity, startup, cost);
    }
}
