package io.capstan.core.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a planned actuation stands. A decision that changes capacity is recorded with its action PLANNED before the
 * actuator is called, so a crash between deciding and applying neither forgets the action (it is still PLANNED or
 * APPLYING on restart) nor repeats one that finished (APPLIED, FAILED and ABANDONED are final).
 *
 * <pre>
 *   PLANNED ──▶ APPLYING ──▶ APPLIED
 *      │            ├──────▶ FAILED
 *      └────────────┴──────▶ ABANDONED   (superseded by a newer decision, or given up on restart)
 * </pre>
 *
 * Retries of a transient failure stay in APPLYING: each try is an {@link ActuationAttempt}, not a state change.
 */
public enum ActionState {
    PLANNED, APPLYING, APPLIED, FAILED, ABANDONED;

    /** The states this one may become; empty for a final state. */
    public Set<ActionState> next() {
        return switch (this) {
            case PLANNED -> EnumSet.of(APPLYING, ABANDONED);
            case APPLYING -> EnumSet.of(APPLIED, FAILED, ABANDONED);
            case APPLIED, FAILED, ABANDONED -> EnumSet.noneOf(ActionState.class);
        };
    }

    public boolean canBecome(ActionState to) {
        return next().contains(to);
    }

    /** PLANNED and APPLYING: what a restart must pick up. */
    public boolean unfinished() {
        return this == PLANNED || this == APPLYING;
    }

    /** The states from which {@code to} may be reached. */
    public static Set<ActionState> sourcesOf(ActionState to) {
        Set<ActionState> from = EnumSet.noneOf(ActionState.class);
        for (ActionState s : values()) if (s.canBecome(to)) from.add(s);
        return from;
    }
}
