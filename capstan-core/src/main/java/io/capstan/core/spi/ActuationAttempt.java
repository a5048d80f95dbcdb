package io.capstan.core.spi;

import java.time.Instant;

/**
 * One try of an actuator at a planned action. Attempts are numbered from 1 per decision; a number is kept once.
 *
 * @param message what the actuator said (an error, or what it did)
 */
public record ActuationAttempt(String decisionId, int attempt, Instant startedAt, Instant endedAt, Outcome outcome, String message) {
    public enum Outcome {
        /** The actuator reached the desired count (or was already there). */
        SUCCEEDED,
        /** Failed in a way a retry can mend (a timeout, a conflict); the action stays APPLYING. */
        RETRYABLE,
        /** Failed in a way a retry cannot mend (forbidden, no such deployment). */
        FAILED
    }

    public ActuationAttempt {
        StoreText.key("decision id", decisionId);
        if (attempt < 1) throw new IllegalArgumentException("attempt " + attempt + " is below 1");
        startedAt = StoreText.instant("startedAt", startedAt);
        endedAt = StoreText.instant("endedAt", endedAt);
        if (endedAt.isBefore(startedAt)) throw new IllegalArgumentException("attempt ended at " + endedAt + ", before it started at " + startedAt);
        java.util.Objects.requireNonNull(outcome, "outcome");
        StoreText.text("message", message);
    }
}
