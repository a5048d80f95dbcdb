package io.capstan.core.hpa;

import java.util.List;

/**
 * HPAScalingRules for one direction. A {@code null} field means "not set" and takes the default of its direction
 * (see {@link #scaleUpDefaults}, {@link #scaleDownDefaults}); a null scale-down stabilization window stays null even
 * then, because the controller fills it from its own --horizontal-pod-autoscaler-downscale-stabilization flag.
 *
 * @param stabilizationWindowSeconds 0..3600, or null
 * @param selectPolicy               or null (Max)
 * @param policies                   or null (the direction's default policies)
 * @param tolerance                  behavior.scaleX.tolerance, or null for the controller-wide tolerance
 */
public record HpaScalingRules(Integer stabilizationWindowSeconds, SelectPolicy selectPolicy,
                              List<HpaRatePolicy> policies, Double tolerance) {
    public HpaScalingRules {
        if (stabilizationWindowSeconds != null && (stabilizationWindowSeconds < 0 || stabilizationWindowSeconds > 3600))
            throw new IllegalArgumentException("stabilizationWindowSeconds " + stabilizationWindowSeconds + " is outside [0, 3600]");
        if (tolerance != null && (tolerance < 0 || tolerance.isNaN()))
            throw new IllegalArgumentException("tolerance " + tolerance + " is negative");
        if (policies != null) policies = List.copyOf(policies);
    }

    /** The API default for scaleUp: no stabilization, Max of 4 pods or 100% per 15s. */
    public static HpaScalingRules scaleUpDefaults() {
        return new HpaScalingRules(0, SelectPolicy.MAX,
                List.of(HpaRatePolicy.pods(4, 15), HpaRatePolicy.percent(100, 15)), null);
    }

    /** The API default for scaleDown: window left to the controller, Max of 100% per 15s. */
    public static HpaScalingRules scaleDownDefaults() {
        return new HpaScalingRules(null, SelectPolicy.MAX, List.of(HpaRatePolicy.percent(100, 15)), null);
    }

    /** Ports copyHPAScalingRules: every field set here overrides the default. */
    HpaScalingRules over(HpaScalingRules defaults) {
        return new HpaScalingRules(
                stabilizationWindowSeconds != null ? stabilizationWindowSeconds : defaults.stabilizationWindowSeconds,
                selectPolicy != null ? selectPolicy : defaults.selectPolicy,
                policies != null ? policies : defaults.policies,
                tolerance != null ? tolerance : defaults.tolerance);
    }

    int longestPolicyPeriodSeconds() {
        int longest = 0;
        for (HpaRatePolicy p : policies) longest = Math.max(longest, p.periodSeconds());
        return longest;
    }
}
