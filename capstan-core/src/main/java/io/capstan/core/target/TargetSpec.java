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
 * @param hpa       the HorizontalPodAutoscaler this target was declared as, or null for a Capstan target; when
 *                  given, the decider runs the exact controller port on it and {@code policies} only describe its
 *                  metrics (one target tracking per HPA metric, in the same order)
 */
public record TargetSpec(String name, Bounds bounds, int initialReplicas, Map<String, MetricSpec> metrics,
                         List<Policy> policies, HpaBehavior behavior, Cooldowns cooldowns, ServiceModel service,
                         FlappingGuard flappingGuard, RateLimiting rateLimiting, HpaDeclaration hpa) {

    public TargetSpec(String name, Bounds bounds, int initialReplicas, Map<String, MetricSpec> metrics, List<Policy> policies,
                      HpaBehavior behavior, Cooldowns cooldowns, ServiceModel service, FlappingGuard flappingGuard,
                      RateLimiting rateLimiting) {
        this(name, bounds, initialReplicas, metrics, policies, behavior, cooldowns, service, flappingGuard, rateLimiting, null);
    }

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

    /** This target with other policies and metrics, everything else kept (the HPA declaration too). */
    public TargetSpec withPolicies(Map<String, MetricSpec> metrics, List<Policy> policies, HpaDeclaration hpa) {
        return new TargetSpec(name, bounds, initialReplicas, metrics, policies, behavior, cooldowns, service, flappingGuard, rateLimiting, hpa);
    }

    /** This target replayed on another service model, everything else kept. */
    public TargetSpec withService(ServiceModel model) {
        return new TargetSpec(name, bounds, initialReplicas, metrics, policies, behavior, cooldowns, model, flappingGuard, rateLimiting, hpa);
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
