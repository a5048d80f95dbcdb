package io.capstan.core.target;

import io.capstan.core.hpa.ControllerSettings;
import io.capstan.core.hpa.HpaMetric;
import io.capstan.core.hpa.HpaSpec;
import io.capstan.core.hpa.HpaTarget;

import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.MetricScope;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.MissingRule;
import io.capstan.core.model.RateLimiting;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HPA as a Capstan target. The target carries the manifest ({@link TargetSpec#hpa()}), and the
 * decider runs the exact controller port on it, the same code `capstan explain` runs: per-direction
 * tolerances, the legacy path without a behavior, the bounds handling of reconcileAutoscaler.
 * Each metric reads one series through a 1m average, also declared as a target tracking policy so
 * that everything that lists a target's reads (the simulator's feeds, the report) sees it: the
 * pods' average utilization for Resource metrics, the total over all pods for Pods metrics (so that
 * demand replay's request rate feeds it), the value for Object and the sum for External metrics.
 * A series value becomes the pods the controller would see: the ready replicas each reporting the
 * average (a total split evenly), the starting ones pending (see the decider's HpaDecider).
 * With pods given per metric ({@code Decider.Observation#podMetrics}), as explain's scenarios do,
 * those are used as given.
 */
public final class HpaTargets {
    private HpaTargets() {}

    /** Window over which a trace series is averaged: the metrics API's default resolution. */
    public static final Duration WINDOW = Duration.ofMinutes(1);

    public static TargetSpec toTarget(String name, HpaSpec hpa, int initialReplicas) {
        return toTarget(name, hpa, ControllerSettings.DEFAULTS, initialReplicas);
    }

    /** @param initialReplicas clamped into [minReplicas, maxReplicas] */
    public static TargetSpec toTarget(String name, HpaSpec hpa, ControllerSettings controller, int initialReplicas) {
        Map<String, MetricSpec> metrics = new LinkedHashMap<>();
        List<Policy> policies = new ArrayList<>();
        double tolerance = controller.tolerance();
        for (HpaMetric m : hpa.metrics()) {
            String metric = seriesName(m);
            MetricScope scope = switch (m) {
                case HpaMetric.Resource r -> MetricScope.REPLICA;
                case HpaMetric.ContainerResource c -> MetricScope.REPLICA;
                case HpaMetric.Pods p -> MetricScope.TARGET;
                case HpaMetric.ObjectMetric o -> MetricScope.TARGET;
                case HpaMetric.External e -> MetricScope.TARGET;
            };
            // Kubernetes keeps scaling up on the valid metrics and never scales down while one is invalid: upOnly.
            metrics.put(metric, new MetricSpec(metric, scope, new MissingRule.UpOnly(), MetricSpec.DEFAULT_STALE_AFTER));
            HpaTarget t = m.target();
            TrackingType type;
            double target;
            if (t.type() == HpaTarget.Type.UTILIZATION) {
                type = TrackingType.UTILIZATION;
                target = t.averageUtilization();
            } else if (scope == MetricScope.REPLICA || t.type() == HpaTarget.Type.VALUE) {
                // per-pod averages and single values scale by ratio x ready pods
                type = t.type() == HpaTarget.Type.VALUE ? TrackingType.VALUE : TrackingType.UTILIZATION;
                target = t.milliValue() / 1000.0;
            } else {
                type = TrackingType.AVERAGE_VALUE;
                target = t.milliValue() / 1000.0;
            }
            policies.add(new TargetTrackingPolicy(metric + "-" + t.type().name().toLowerCase().replace('_', '-'), metric, Aggregation.AVG,
                    WINDOW, type, target, tolerance, TargetTrackingPolicy.ScaleIn.ENABLED, null));
        }
        int min = Math.max(hpa.minReplicas(), 0);
        int initial = Math.max(min, Math.min(hpa.maxReplicas(), initialReplicas));
        return new TargetSpec(name, new Bounds(min, hpa.maxReplicas()), initial, metrics, policies, hpa.behavior(),
                Cooldowns.NONE, null, null, hpa.behavior() == null ? RateLimiting.KUBERNETES_LEGACY : RateLimiting.BEHAVIOR,
                new HpaDeclaration(hpa, controller));
    }

    /** The trace series a metric reads: the resource name (cpu, memory) or the custom metric's name. */
    public static String seriesName(HpaMetric m) {
        return switch (m) {
            case HpaMetric.Resource r -> r.name();
            case HpaMetric.ContainerResource c -> c.name();
            case HpaMetric.Pods p -> p.name();
            case HpaMetric.ObjectMetric o -> o.name();
            case HpaMetric.External e -> e.name();
        };
    }
}
