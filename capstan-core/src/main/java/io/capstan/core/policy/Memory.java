package io.capstan.core.policy;

import java.time.Instant;

/**
 * What a policy may remember between evaluations, kept in the target's ScalingState so that a
 * restart forgets no sustain clock. The decider owns the storage; policies only ask and report.
 */
public interface Memory {
    /**
     * Reports that the condition under {@code key} holds now, and returns since when it has held
     * continuously (now if it just started). A condition not reported in an evaluation does not
     * hold, and its clock restarts.
     */
    Instant heldSince(String key);

    /** When the named action was last decided for this target, or null if never. */
    Instant actionDecidedAt(String action);
}
