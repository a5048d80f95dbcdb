package io.capstan.core.spi;

import java.time.Instant;

/**
 * An actuation a decision asked for: be at {@code desired} replicas. One per decision (keyed by its id), moved through
 * {@link ActionState} by {@link DecisionStore#transition}.
 */
public record PlannedAction(String decisionId, String target, int desired, ActionState state, Instant updatedAt) {
    public PlannedAction {
        StoreText.key("decision id", decisionId);
        StoreText.key("target", target);
        if (desired < 0) throw new IllegalArgumentException("desired replicas " + desired + " is negative");
        java.util.Objects.requireNonNull(state, "state");
        updatedAt = StoreText.instant("updatedAt", updatedAt);
    }

    /** A new action, as recorded with its decision. */
    public static PlannedAction planned(StoredDecision decision) {
        return new PlannedAction(decision.id(), decision.target(), decision.to(), ActionState.PLANNED, decision.at());
    }
}
