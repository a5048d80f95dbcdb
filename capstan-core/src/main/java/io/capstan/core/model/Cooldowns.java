package io.capstan.core.model;

import java.time.Duration;

/**
 * AWS-style cooldowns. After a scale-out, no further scale-out for {@code scaleOut}. After any
 * scaling event, no scale-in for {@code scaleIn}: a scale-in right after a scale-out is the
 * flapping this guards against, so the scale-in clock starts at either direction.
 */
public record Cooldowns(Duration scaleOut, Duration scaleIn) {
    public static final Cooldowns NONE = new Cooldowns(Duration.ZERO, Duration.ZERO);

    public Cooldowns {
        if (scaleOut == null) scaleOut = Duration.ZERO;
        if (scaleIn == null) scaleIn = Duration.ZERO;
        if (scaleOut.isNegative()) throw new IllegalArgumentException("scale-out cooldown must not be negative, got " + scaleOut);
        if (scaleIn.isNegative()) throw new IllegalArgumentException("scale-in cooldown must not be negative, got " + scaleIn);
    }

    public static Cooldowns both(Duration d) {
        return new Cooldowns(d, d);
    }

    public boolean isNone() {
        return scaleOut.isZero() && scaleIn.isZero();
    }
}
