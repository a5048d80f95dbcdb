package io.capstan.core.hpa;

import java.time.Duration;

/**
 * One HPAScalingPolicy: at most {@code value} pods, or {@code value} percent, of change per {@code period}.
 */
public record HpaRatePolicy(PolicyType type, int value, Duration period) {

    /** HPAScalingPolicyType. */
    public enum PolicyType { PODS, PERCENT }

    public HpaRatePolicy {
        if (type == null) throw new IllegalArgumentException("policy type must be given");
        if (value <= 0) throw new IllegalArgumentException("policy value " + value + " must be above 0");
        if (period == null || period.isNegative() || period.isZero() || period.toSeconds() > 1800)
            throw new IllegalArgumentException("policy period " + period + " must be in (0s, 1800s]");
    }

    public static HpaRatePolicy pods(int value, int periodSeconds) {
        return new HpaRatePolicy(PolicyType.PODS, value, Duration.ofSeconds(periodSeconds));
    }

    public static HpaRatePolicy percent(int value, int periodSeconds) {
        return new HpaRatePolicy(PolicyType.PERCENT, value, Duration.ofSeconds(periodSeconds));
    }

    int periodSeconds() {
        return (int) period.toSeconds();
    }
}
