package io.capstan.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable memory of the control loop: every decision with its explanation, the scaling state each target needs,
 * the action each decision planned and every attempt at it, what actuators must remember, and what people did.
 *
 * <p>The store keeps typed keys and opaque payloads: the app's codecs encode decisions and states, so the store
 * neither depends on their shape nor changes when they do.
 *
 * <p>The order the loop relies on: {@link #record} the decision, the new state and the PLANNED action in one
 * transaction before calling the actuator; {@link #transition} to APPLYING, call the actuator, record each
 * {@link ActuationAttempt}; transition to APPLIED, FAILED or ABANDONED. After a crash, {@link #unfinishedActions} is
 * what was decided and not known to be done: apply it again (actuators are idempotent per decision id) or abandon it.
 *
 * <p>Implementations are safe for concurrent use; writers of different targets do not wait for each other longer
 * than a transaction. Time is always given by the caller.
 */
public interface DecisionStore extends AutoCloseable {

    /**
     * Writes the decision, and the state and planned action if given, in one transaction: all or nothing.
     * Recording a decision id that is already recorded is idempotent: the same decision gives
     * {@link Recorded#ALREADY_RECORDED} and writes nothing (not the state, not the action); a different decision
     * under that id is a bug of the caller and throws IllegalStateException naming the id.
     */
    Recorded record(Recording recording) throws StoreException;

    /** {@link #record} for many, in one transaction (one round of many targets); results in the same order. */
    List<Recorded> recordAll(List<Recording> recordings) throws StoreException;

    /** Saves a state without a decision (at shutdown, or after a reconcile); replaces the target's state. */
    void saveState(StoredState state) throws StoreException;

    /** The target's saved state, if any. */
    Optional<StoredState> state(String target) throws StoreException;

    Optional<StoredDecision> decision(String id) throws StoreException;

    /**
     * The target's decisions, newest first (by time, then by id for equal times), at most {@code limit}, starting
     * after {@code after} (null for the newest).
     */
    DecisionPage decisions(String target, PageCursor after, int limit) throws StoreException;

    /**
     * Moves a planned action to {@code to}, if {@link ActionState#canBecome} allows it from the state it is in now.
     * An illegal move (APPLIED to APPLYING, or from a state another writer has already left) throws
     * IllegalStateException naming the action, its state and the move, and changes nothing; an unknown id throws
     * NoSuchElementException.
     */
    PlannedAction transition(String decisionId, ActionState to, Instant at) throws StoreException;

    /** {@link #transition} and {@link #recordAttempt} in one transaction: the attempt that ended the action. */
    PlannedAction transition(String decisionId, ActionState to, Instant at, ActuationAttempt attempt) throws StoreException;

    Optional<PlannedAction> action(String decisionId) throws StoreException;

    /** PLANNED and APPLYING actions of every target, oldest first: what a restart must pick up. */
    List<PlannedAction> unfinishedActions() throws StoreException;

    /** Records an attempt; an attempt number already recorded for the decision throws IllegalStateException. */
    void recordAttempt(ActuationAttempt attempt) throws StoreException;

    /** The decision's attempts by number. */
    List<ActuationAttempt> attempts(String decisionId) throws StoreException;

    /** Writes or replaces the actuator's record for (target, kind). */
    void putActuatorRecord(ActuatorRecord record) throws StoreException;

    Optional<ActuatorRecord> actuatorRecord(String target, String kind) throws StoreException;

    void deleteActuatorRecord(String target, String kind) throws StoreException;

    /**
     * Every actuator record of every target, by target then kind: what a start compares with the configured targets,
     * to say which targets left running capacity behind when they were removed from the config.
     */
    List<ActuatorRecord> actuatorRecords() throws StoreException;

    /** Sets (or replaces) a flag and writes the change to the manual-action audit, in one transaction. */
    void setFlag(TargetFlag flag) throws StoreException;

    /** Clears a flag (nothing when it is not set) and writes the change to the audit, in one transaction. */
    void clearFlag(String target, TargetFlag.Kind kind, String who, String reason, Instant at) throws StoreException;

    /** Every flag set, of every target. */
    List<TargetFlag> flags() throws StoreException;

    void recordManualAction(ManualAction action) throws StoreException;

    /** The target's manual actions, newest first, at most {@code limit}. */
    List<ManualAction> manualActions(String target, int limit) throws StoreException;

    /**
     * Retention: removes decisions (with their attempts and finished actions) and manual actions from before
     * {@code cutoff}. Never removes a state, an actuator record, a flag, a decision whose action is unfinished, or the
     * newest decision of a target (what "last decision" shows). Something at exactly {@code cutoff} is kept.
     */
    Purged purge(Instant cutoff) throws StoreException;

    /** Releases the connections; what was recorded stays. */
    @Override
    void close();
}
