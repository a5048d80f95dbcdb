package io.capstan.app.run;

import io.capstan.core.decide.Decision;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.spi.Actuator;
import io.capstan.core.spi.Capacity;
import io.capstan.core.state.ScalingState;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One target as the controller runs it: its engine, its actuator, and what the API shows about it. Every field is
 * guarded by this object's monitor: one evaluation of a target at a time, whether a tick or a push started it.
 */
final class TargetLoop {
    final String name;
    /** Replaced by a reload that changes the target's spec. */
    TargetRuntime runtime;
    /** Replaced by a reload that changes the target's actuator settings, while no call of it runs. */
    Actuator actuator;
    /** The last capacity observed, or null before the first or after a failed observation. */
    Capacity capacity;
    /** Why the target holds without deciding (capacity unknown, an action in flight, paused), or null. */
    String holding;
    Decision lastDecision;
    /** The last manual scale recorded: the target's last decision when it is newer than {@link #lastDecision}. */
    /** The last manual decision of this run; at start (or when a reload adds the target), the last one recorded. */
    io.capstan.core.spi.StoredDecision lastManual;
    /** The id of the last decision written to the store (a hold like the last one recorded is not written), or null. */
    String lastRecordedId;
    /** The reason of the last hold recorded: a hold is recorded again only when its reason changes. */
    String lastRecordedHold;
    /** The decision id of the action being applied, or null. */
    String inFlight;
    /** True while the apply thread calls the actuator (attempts and their backoff included). */
    boolean applying;
    /** Removed by a reload: neither evaluated nor applied again; its actuator is closed. */
    boolean retired;
    /** The state last saved and its encoding, so an unchanged state is neither encoded nor written again. */
    ScalingState savedScalingState;
    String savedState;
    Instant savedAt;
    /** The instant of the last evaluation: evaluations go forward in time. */
    Instant evaluatedAt;
    final Map<String, Latest> latest = new TreeMap<>();
    /** Whether its actuator keeps failing: what is logged once, and what is summarized. */
    final FailingActuator failing = new FailingActuator();
    /** Sources that failed on the last poll, metric by metric: no data, shown, never zero. */
    final Map<String, String> sourceErrors = new TreeMap<>();

    /** Why the last evaluation failed (an error of the engine, the actuator or the store for this target), or null. */
    String evaluationError;

    record Latest(double value, Instant at) {}

    /** Notes a state as saved ({@code at} null: loaded at start, not written by this run). */
    void saved(ScalingState state, String encoded, Instant at) {
        savedScalingState = state;
        savedState = encoded;
        savedAt = at;
    }

    /** What a person should know about the target now: holding, source errors, a failing actuator, the actuator's notes. */
    java.util.List<String> notes() {
        java.util.List<String> notes = new java.util.ArrayList<>();
        if (holding != null) notes.add("holding: " + holding);
        if (evaluationError != null) notes.add("evaluation failing, holding: " + evaluationError);
        sourceErrors.forEach((metric, why) -> notes.add("no data for " + metric + ": " + why));
        String failure = failing.note();
        if (failure != null) notes.add(failure);
        if (capacity != null) notes.addAll(capacity.notes());
        return notes;
    }

    TargetLoop(String name, TargetRuntime runtime, Actuator actuator) {
        this.name = name;
        this.runtime = runtime;
        this.actuator = actuator;
    }
}
