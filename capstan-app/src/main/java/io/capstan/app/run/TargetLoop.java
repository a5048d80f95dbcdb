package io.capstan.app.run;

import io.capstan.core.decide.Decision;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.spi.Actuator;
import io.capstan.core.spi.Capacity;

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
    final Actuator actuator;
    /** The last capacity observed, or null before the first or after a failed observation. */
    Capacity capacity;
    /** Why the target holds without deciding (capacity unknown, an action in flight, paused), or null. */
    String holding;
    Decision lastDecision;
    /** The id of the last decision written to the store (a hold like the last one recorded is not written), or null. */
    String lastRecordedId;
    /** The reason of the last hold recorded: a hold is recorded again only when its reason changes. */
    String lastRecordedHold;
    /** The decision id of the action being applied, or null. */
    String inFlight;
    /** The encoded state last saved, so an unchanged state is not written again. */
    String savedState;
    Instant savedAt;
    final Map<String, Latest> latest = new TreeMap<>();
    /** Whether its actuator keeps failing: what is logged once, and what is summarized. */
    final FailingActuator failing = new FailingActuator();
    /** Sources that failed on the last poll, metric by metric: no data, shown, never zero. */
    final Map<String, String> sourceErrors = new TreeMap<>();

    record Latest(double value, Instant at) {}

    /** What a person should know about the target now: holding, source errors, a failing actuator, the actuator's notes. */
    java.util.List<String> notes() {
        java.util.List<String> notes = new java.util.ArrayList<>();
        if (holding != null) notes.add("holding: " + holding);
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
