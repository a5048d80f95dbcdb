package io.capstan.core.spi;

import java.time.Instant;

/**
 * A decision as the store keeps it: typed keys to find and page it by, and the app's own encoding of the whole
 * decision (inputs, explanation) as an opaque payload, so the store never depends on how a decision is shaped.
 *
 * @param id          the decision's id, unique across targets; recording the same id again is idempotent (see
 *                    {@link DecisionStore#record})
 * @param at          when it was decided (kept to the microsecond)
 * @param from        replicas before
 * @param to          replicas decided
 * @param reason      the reason code (stable CamelCase, e.g. ScaleUpLimit)
 * @param summary     one line for people
 * @param payloadJson the app's encoding of the whole decision
 */
public record StoredDecision(String id, String target, Instant at, int from, int to, String reason, String summary, String payloadJson) {
    public StoredDecision {
        StoreText.key("decision id", id);
        StoreText.key("target", target);
        at = StoreText.instant("at", at);
        StoreText.key("reason", reason);
        StoreText.text("summary", summary);
        StoreText.text("payloadJson", payloadJson);
    }

    /** Where this decision sits in its target's newest-first order. */
    public PageCursor cursor() {
        return new PageCursor(at, id);
    }
}
