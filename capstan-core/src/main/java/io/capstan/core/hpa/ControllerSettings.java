package io.capstan.core.hpa;

import java.time.Duration;

/**
 * The kube-controller-manager flags the HPA controller reads.
 *
 * @param tolerance                    --horizontal-pod-autoscaler-tolerance
 * @param cpuInitializationPeriod      --horizontal-pod-autoscaler-cpu-initialization-period
 * @param initialReadinessDelay        --horizontal-pod-autoscaler-initial-readiness-delay
 * @param downscaleStabilizationWindow --horizontal-pod-autoscaler-downscale-stabilization
 */
public record ControllerSettings(double tolerance, Duration cpuInitializationPeriod, Duration initialReadinessDelay,
                                 Duration downscaleStabilizationWindow) {

    /** The kube-controller-manager defaults: 0.1, 5m, 30s, 5m. */
    public static final ControllerSettings DEFAULTS =
            new ControllerSettings(0.1, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(5));

    public ControllerSettings {
        if (tolerance < 0 || Double.isNaN(tolerance)) throw new IllegalArgumentException("tolerance " + tolerance + " is negative");
        if (cpuInitializationPeriod == null || initialReadinessDelay == null || downscaleStabilizationWindow == null)
            throw new IllegalArgumentException("controller durations must be given");
    }
}
