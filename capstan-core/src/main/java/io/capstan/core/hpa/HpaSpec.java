package io.capstan.core.hpa;

import java.util.List;

/**
 * An autoscaling/v2 HorizontalPodAutoscaler spec after API-server defaulting, as the controller reads it.
 *
 * @param minReplicas lower bound; 0 allows scale-to-zero (Kubernetes gates it behind HPAScaleToZero)
 * @param maxReplicas upper bound
 * @param metrics     in declaration order; the controller evaluates every one and takes the largest proposal
 * @param behavior    {@code null} when the manifest has no {@code behavior}: the controller then takes the legacy path
 *                    (normalizeDesiredReplicas), which differs from the default behavior
 */
public record HpaSpec(int minReplicas, int maxReplicas, List<HpaMetric> metrics, HpaBehavior behavior) {
    public HpaSpec {
        if (minReplicas < 0) throw new IllegalArgumentException("minReplicas " + minReplicas + " is negative");
        if (maxReplicas < 1) throw new IllegalArgumentException("maxReplicas " + maxReplicas + " is below 1");
        if (maxReplicas < minReplicas)
            throw new IllegalArgumentException("maxReplicas " + maxReplicas + " is below minReplicas " + minReplicas);
        metrics = List.copyOf(metrics);
    }

    /** Tolerances for this HPA: behavior.scaleUp/scaleDown.tolerance where given, else the controller-wide value. */
    public Tolerances tolerances(double controllerTolerance) {
        return Tolerances.of(behavior, controllerTolerance);
    }
}
