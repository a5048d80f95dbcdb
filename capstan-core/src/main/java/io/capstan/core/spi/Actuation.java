package io.capstan.core.spi;

import java.util.Objects;

/**
 * One request to an actuator: be at {@code desired}.
 *
 * @param decisionId the decision that asked for it; the actuator applies each id at most once
 * @param target     the target the decision is about, for messages
 * @param desired    the absolute count wanted
 * @param reason     why, in words, for what the actuator records
 */
public record Actuation(String decisionId, String target, int desired, String reason) {
    public Actuation {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        if (decisionId.isBlank()) throw new IllegalArgumentException("an actuation needs a decision id");
        if (desired < 0) throw new IllegalArgumentException("desired count is zero or more, found " + desired);
    }
}
