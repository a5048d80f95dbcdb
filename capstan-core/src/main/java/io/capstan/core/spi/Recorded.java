package io.capstan.core.spi;

/** What {@link DecisionStore#record} did with a recording. */
public enum Recorded {
    /** Written: the decision, and its state and action if any. */
    NEW,
    /**
     * The same decision (same id, target, time, replicas and payload) was already recorded; nothing was written, so
     * replaying a recording after a crash neither doubles the decision nor plans its action twice.
     */
    ALREADY_RECORDED
}
