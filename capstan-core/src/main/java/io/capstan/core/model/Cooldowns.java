package io.capstan.core.model;

import java.time.Duration;

/**
 * AWS-style cooldowns. After a scale-out, no further scale-out for {@code scaleOut}. After any
 * scaling event, no scale-in for {@code scaleIn}: a scale-in right after a scale-out is the
 * flapping this guards against, so the scale-in clock starts at either direction. After any
 * scaling event, no scaling event at all, whatever its direction, for {@code betweenEvents}: the
 * runbooks' "cool-down 5 minutes between scale events", which AWS's scale-out cooldown (it looks
 * back at scale-outs only) does not express.
 */
public record Cooldowns(Duration scaleOut, Duration scaleIn, Duration betweenEvents) {
    public static final Cooldowns NONE = new Cooldowns(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public Cooldowns {
        if (scaleOut == null) scaleOut = Duration.ZERO;
        if (scaleIn == null) scaleIn = Duration.ZERO;
        if (betweenEvents == null) betweenEvents = Duration.ZERO;
        if (scaleOut.isNegative()) throw new IllegalArgumentException("scale-out cooldown must not be negative, got " + scaleOut);
        if (scaleIn.isNegative()) throw new IllegalArgumentException("scale-in cooldown must not be negative, got " + scaleIn);
        if (betweenEvents.isNegative()) throw new IllegalArgumentException("between-events cooldown must not be negative, got " + betweenEvents);
    }

    /** Per-direction cooldowns only. */
    public Cooldowns(Duration scaleOut, Duration scaleIn) {
        this(scaleOut, scaleIn, Duration.ZERO);
    }

    public static Cooldowns both(Duration d) {
        return new Cooldowns(d, d);
    }

    public boolean isNone() {
        return scaleOut.isZero() && scaleIn.isZero() && betweenEvents.isZero();
    }
}
