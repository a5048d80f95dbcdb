package io.capstan.core.policy;

import io.capstan.core.model.Durations;

import java.time.Duration;
import java.time.Instant;

/**
 * What a policy may remember between evaluations, kept in the target's ScalingState so that a
 * restart forgets no sustain clock. The decider owns the storage; policies only ask and report.
 */
public interface Memory {
    /**
     * What {@link #heldSince} answers when every condition is to count as sustained however long
     * its {@code for} (the flapping guard's projection). It is no real instant: explanations say
     * "counted as sustained" instead of printing a duration since it.
     */
    Instant COUNTED_AS_SUSTAINED = Instant.MIN;

    /** "for 5m" since {@code since}, or "counted as sustained" for {@link #COUNTED_AS_SUSTAINED}. */
    static String heldFor(Instant since, Instant now) {
        return since.equals(COUNTED_AS_SUSTAINED) ? "counted as sustained" : "for " + Durations.format(Duration.between(since, now));
    }

    /**
     * Reports that the condition under {@code key} holds now, and returns since when it has held
     * continuously (now if it just started). A condition not reported in an evaluation does not
     * hold, and its clock restarts.
     */
    Instant heldSince(String key);

    /** When the named action (or decision-tree outcome) was last decided for this target, or null if never. */
    Instant actionDecidedAt(String action);

    /**
     * Reports that the outcome recorded as {@code name} is decided now, whether it names an action or
     * changes the replica count, so that its settle clock starts in the target's state wherever the
     * decision is made (simulate, explain, the live loop). A projection that decides nothing ignores it.
     */
    default void decided(String name) {}

    /**
     * The last {@code set} firing the schedule under {@code key} has seen, or null if it has
     * never been evaluated: a firing after it is due, once.
     */
    default Instant scheduleFired(String key) {
        return null;
    }
}
