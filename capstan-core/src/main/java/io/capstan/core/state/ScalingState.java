package io.capstan.core.state;

import io.capstan.core.hpa.ScaleEvent;
import io.capstan.core.hpa.TimedRecommendation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What must survive a restart for a target to neither forget a cooldown nor repeat an action:
 * the HPA's recommendation and scale-event histories, the last scaling instants, the sustain
 * clocks of threshold conditions and when each named action was decided. Saved and loaded whole.
 *
 * @param sustain when each condition key has held since (only conditions that hold)
 * @param actions when each named action was last decided
 */
public record ScalingState(int version, List<TimedRecommendation> recommendations, List<ScaleEvent> scaleUpEvents,
                           List<ScaleEvent> scaleDownEvents, Instant lastScaleOut, Instant lastScaleIn,
                           Map<String, Instant> sustain, Map<String, Instant> actions) {

    public static final int CURRENT_VERSION = 1;

    public static final ScalingState EMPTY = new ScalingState(CURRENT_VERSION, List.of(), List.of(), List.of(), null, null, Map.of(), Map.of());

    public ScalingState {
        recommendations = List.copyOf(recommendations);
        scaleUpEvents = List.copyOf(scaleUpEvents);
        scaleDownEvents = List.copyOf(scaleDownEvents);
        sustain = Map.copyOf(sustain);
        actions = Map.copyOf(actions);
    }

    public ScalingState withRecommendations(List<TimedRecommendation> history) {
        return new ScalingState(version, history, scaleUpEvents, scaleDownEvents, lastScaleOut, lastScaleIn, sustain, actions);
    }

    /** The later of the last scale-out and the last scale-in, or null. */
    public Instant lastScale() {
        if (lastScaleOut == null) return lastScaleIn;
        if (lastScaleIn == null) return lastScaleOut;
        return lastScaleOut.isAfter(lastScaleIn) ? lastScaleOut : lastScaleIn;
    }
}
