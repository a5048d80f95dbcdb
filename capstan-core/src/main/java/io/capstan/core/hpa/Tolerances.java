package io.capstan.core.hpa;

import java.util.Locale;

/**
 * The usage-ratio band inside which the controller keeps the current count (replica_calculator.go Tolerances).
 * The band is asymmetric since ConfigurableTolerance: [1 - scaleDown, 1 + scaleUp], both ends inclusive.
 */
public record Tolerances(double scaleDown, double scaleUp) {

    public static Tolerances symmetric(double tolerance) {
        return new Tolerances(tolerance, tolerance);
    }

    /**
     * The band a behavior sets: each direction's {@code tolerance} where declared, {@code otherwise}
     * for a direction that leaves it out (or when there is no behavior at all).
     */
    public static Tolerances of(HpaBehavior behavior, double otherwise) {
        double down = otherwise;
        double up = otherwise;
        if (behavior != null) {
            if (behavior.scaleDown() != null && behavior.scaleDown().tolerance() != null) down = behavior.scaleDown().tolerance();
            if (behavior.scaleUp() != null && behavior.scaleUp().tolerance() != null) up = behavior.scaleUp().tolerance();
        }
        return new Tolerances(down, up);
    }

    /** Ports Tolerances.isWithin. */
    public boolean isWithin(double usageRatio) {
        return (1.0 - scaleDown) <= usageRatio && usageRatio <= (1.0 + scaleUp);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "[down:%.1f%%, up:%.1f%%]", scaleDown * 100., scaleUp * 100.);
    }
}
