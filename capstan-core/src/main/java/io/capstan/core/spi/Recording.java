package io.capstan.core.spi;

import java.util.Objects;

/**
 * What one evaluation writes, all or nothing: the decision, the target's state after it, and the action it plans.
 *
 * @param state  the target's new state, or null to leave the saved state as it is
 * @param action the actuation the decision asks for, or null when it changes nothing (a hold, or a dry run)
 */
public record Recording(StoredDecision decision, StoredState state, PlannedAction action) {
    public Recording {
        Objects.requireNonNull(decision, "decision");
        if (state != null && !state.target().equals(decision.target())) {
            throw new IllegalArgumentException("state of " + state.target() + " recorded with a decision of " + decision.target());
        }
        if (action != null && (!action.decisionId().equals(decision.id()) || !action.target().equals(decision.target()))) {
            throw new IllegalArgumentException("action " + action.decisionId() + " of " + action.target()
                    + " recorded with decision " + decision.id() + " of " + decision.target());
        }
        if (action != null && action.state() != ActionState.PLANNED) {
            throw new IllegalArgumentException("a new action is PLANNED, found " + action.state());
        }
    }

    public static Recording of(StoredDecision decision) {
        return new Recording(decision, null, null);
    }

    public Recording withState(StoredState s) {
        return new Recording(decision, s, action);
    }

    /** With the action the decision plans: be at its {@code to} replicas. */
    public Recording planned() {
        return new Recording(decision, state, PlannedAction.planned(decision));
    }
}
