package io.capstan.core.decide;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Names one decision: the target, the instant it was evaluated at and, for a second evaluation of the same
 * target at the same instant (an event-driven tick landing on a scheduled one), its sequence among them.
 * Derived only from what the decision was made of, never from a counter kept elsewhere or a random source,
 * so replaying the same trace or audit record gives the same ids, and two decisions of one target differ in
 * instant or sequence. Rendered on demand: most decisions of a simulation are never named.
 *
 * @param sequence 0 for the first evaluation of the target at {@code at}, 1 for the next, ...
 */
public record DecisionId(String target, Instant at, int sequence) {
    public DecisionId {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(at, "at");
        if (sequence < 0) throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
    }

    /** {@code web@2026-03-02T10:00:00Z}, or {@code web@2026-03-02T10:00:00Z#1} for a second evaluation at that instant. */
    @Override
    public String toString() {
        return sequence == 0 ? target + "@" + at : target + "@" + at + "#" + sequence;
    }

    /** The same id as a name-based (version 3) UUID of {@link #toString()}, for stores that key by UUID. */
    public UUID uuid() {
        return UUID.nameUUIDFromBytes(toString().getBytes(StandardCharsets.UTF_8));
    }
}
