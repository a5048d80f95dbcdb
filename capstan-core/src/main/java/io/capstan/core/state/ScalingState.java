package io.capstan.core.state;

import io.capstan.core.hpa.ScaleEvent;
import io.capstan.core.hpa.TimedRecommendation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What must survive a restart for a target to neither forget a cooldown nor repeat an action:
 * the HPA's recommendation and scale-event histories, the last scaling instants, the sustain
 * clocks of threshold conditions, when each named action was decided and which scheduled
 * set-then-hand-back firing each schedule has seen. Saved and loaded whole.
 *
 * <p>Versions: 1 had no {@code scheduled}; 2 adds it (a version-1 state reads as an empty map).
 *
 * @param sustain   when each condition key has held since (only conditions that hold)
 * @param actions   when each named action was last decided
 * @param scheduled per schedule policy name, the instant of the last {@code set} firing it has seen (acted on,
 *                  or seen first at start-up), so that a firing acts once however many evaluations follow it
 */
public record ScalingState(int version, List<TimedRecommendation> recommendations, List<ScaleEvent> scaleUpEvents,
                           List<ScaleEvent> scaleDownEvents, Instant lastScaleOut, Instant lastScaleIn,
                           Map<String, Instant> sustain, Map<String, Instant> actions, Map<String, Instant> scheduled) {

    public static final int CURRENT_VERSION = 3;

    public static final ScalingState EMPTY = new ScalingState(CURRENT_VERSION, List.of(), List.of(), List.of(), null, null, Map.of(), Map.of(), Map.of());

    public ScalingState {
        recommendations = List.copyOf(recommendations);
        scaleUpEvents = List.copyOf(scaleUpEvents);
        scaleDownEvents = List.copyOf(scaleDownEvents);
        sustain = Map.copyOf(sustain);
        actions = Map.copyOf(actions);
        scheduled = scheduled == null ? Map.of() : Map.copyOf(scheduled);
    }

    /** A state without scheduled firings (as version 1 stored it). */
    public ScalingState(int version, List<TimedRecommendation> recommendations, List<ScaleEvent> scaleUpEvents,
                        List<ScaleEvent> scaleDownEvents, Instant lastScaleOut, Instant lastScaleIn,
                        Map<String, Instant> sustain, Map<String, Instant> actions) {
        this(version, recommendations, scaleUpEvents, scaleDownEvents, lastScaleOut, lastScaleIn, sustain, actions, Map.of());
    }

    public ScalingState withRecommendations(List<TimedRecommendation> history) {
        return new ScalingState(version, history, scaleUpEvents, scaleDownEvents, lastScaleOut, lastScaleIn, sustain, actions, scheduled);
    }

    /** The later of the last scale-out and the last scale-in, or null. */
    public Instant lastScale() {
        if (lastScaleOut == null) return lastScaleIn;
        if (lastScaleIn == null) return lastScaleOut;
        return lastScaleOut.isAfter(lastScaleIn) ? lastScaleOut : lastScaleIn;
    }
}
