package io.capstan.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The HPA's {@code behavior}: per direction a stabilization window and rate policies. Applied
 * with Kubernetes' exact semantics (see io.capstan.core.hpa).
 */
public record Behavior(Rules scaleUp, Rules scaleDown) {

    public Behavior {
        Objects.requireNonNull(scaleUp, "scaleUp rules");
        Objects.requireNonNull(scaleDown, "scaleDown rules");
    }

    public enum SelectPolicy { MAX, MIN, DISABLED }

    public enum PolicyType { PODS, PERCENT }

    public record RatePolicy(PolicyType type, int value, Duration period) {
        public RatePolicy {
            if (value <= 0) throw new IllegalArgumentException("rate policy value must be positive, got " + value);
            if (period.isNegative() || period.isZero() || period.toSeconds() > 1800)
                throw new IllegalArgumentException("rate policy periodSeconds must be in 1..1800, got " + period.toSeconds());
        }
    }

    /**
     * @param stabilizationWindow null means the direction's default (0 up, 300s down)
     * @param tolerance null means the controller-wide tolerance
     */
    public record Rules(Duration stabilizationWindow, SelectPolicy select, List<RatePolicy> policies, Double tolerance) {
        public Rules {
            select = select == null ? SelectPolicy.MAX : select;
            policies = policies == null ? List.of() : List.copyOf(policies);
            if (stabilizationWindow != null && (stabilizationWindow.isNegative() || stabilizationWindow.toSeconds() > 3600))
                throw new IllegalArgumentException("stabilizationWindowSeconds must be in 0..3600, got " + stabilizationWindow.toSeconds());
            if (tolerance != null && (tolerance < 0 || !Double.isFinite(tolerance)))
                throw new IllegalArgumentException("tolerance must be zero or positive, got " + tolerance);
        }
    }

    /** Kubernetes' default scale-up rules: no stabilization, max(100 % or 4 pods) per 15 s. */
    public static Rules defaultScaleUp() {
        return new Rules(Duration.ZERO, SelectPolicy.MAX, List.of(
                new RatePolicy(PolicyType.PERCENT, 100, Duration.ofSeconds(15)),
                new RatePolicy(PolicyType.PODS, 4, Duration.ofSeconds(15))), null);
    }

    /** Kubernetes' default scale-down rules: 300 s stabilization, 100 % per 15 s. */
    public static Rules defaultScaleDown() {
        return new Rules(Duration.ofSeconds(300), SelectPolicy.MAX, List.of(
                new RatePolicy(PolicyType.PERCENT, 100, Duration.ofSeconds(15))), null);
    }
}
