package io.capstan.core.target;

import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.FlappingGuard;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.RateLimiting;
import io.capstan.core.model.ServiceModel;

import io.capstan.core.policy.Policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the user declared for one scaled thing: its bounds, metrics, policies and limits.
 *
 * @param metrics   by name, in declaration order
 * @param behavior  HPA-style stabilization and rate policies, or null for none
 * @param service   the service model for demand replay, or null
 * @param rateLimiting how stabilization and rate limits apply (see {@link RateLimiting})
 */
public record TargetSpec(String name, Bounds bounds, int initialReplicas, Map<String, MetricSpec> metrics,
                         List<Policy> policies, HpaBehavior behavior, Cooldowns cooldowns, ServiceModel service,
                         FlappingGuard flappingGuard, RateLimiting rateLimiting) {

    public TargetSpec(String name, Bounds bounds, int initialReplicas, Map<String, MetricSpec> metrics, List<Policy> policies,
                      HpaBehavior behavior, Cooldowns cooldowns, ServiceModel service, FlappingGuard flappingGuard) {
        this(name, bounds, initialReplicas, metrics, policies, behavior, cooldowns, service, flappingGuard, RateLimiting.BEHAVIOR);
    }

    public TargetSpec {
        Objects.requireNonNull(name, "target name");
        Objects.requireNonNull(bounds, "bounds of " + name);
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        policies = List.copyOf(policies);
        cooldowns = cooldowns == null ? Cooldowns.NONE : cooldowns;
        flappingGuard = flappingGuard == null ? FlappingGuard.ON : flappingGuard;
        rateLimiting = rateLimiting == null ? RateLimiting.BEHAVIOR : rateLimiting;
        if (!bounds.contains(initialReplicas)) {
            throw new IllegalArgumentException("initial replicas " + initialReplicas + " of " + name + " is outside min " + bounds.min()
                    + " and max " + bounds.max());
        }
    }

    /** True when the decider runs the Kubernetes normalization stage for this target. */
    public boolean stabilizes() {
        return behavior != null || rateLimiting == RateLimiting.KUBERNETES_LEGACY;
    }

    /** The declared spec of a metric, or the defaults for one a policy uses without declaring it. */
    public MetricSpec metric(String metricName) {
        MetricSpec m = metrics.get(metricName);
        return m != null ? m : MetricSpec.of(metricName);
    }
}
