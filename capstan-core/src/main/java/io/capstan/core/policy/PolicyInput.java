package io.capstan.core.policy;

import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.model.Bounds;
import io.capstan.core.signal.Readings;

import java.time.Instant;

/**
 * Everything a policy may look at. There is no clock and no I/O behind it: the same input gives
 * the same proposal, in the simulator and in the controller alike.
 *
 * @param currentReplicas the replica count asked for last (the scale target's spec)
 * @param readyReplicas   replicas actually serving; fewer than current while new ones start
 * @param behavior        the target's declared behavior, or null; its per-direction tolerances apply to target tracking
 * @param forecasts       the predictive policies' forecast tracks (fed by the same samples as the readings)
 */
public record PolicyInput(Instant now, int currentReplicas, int readyReplicas, Bounds bounds, Readings readings, Memory memory,
                          HpaBehavior behavior, Forecasts forecasts) {

    public PolicyInput {
        forecasts = forecasts == null ? Forecasts.NONE : forecasts;
    }

    public PolicyInput(Instant now, int currentReplicas, int readyReplicas, Bounds bounds, Readings readings, Memory memory,
                       HpaBehavior behavior) {
        this(now, currentReplicas, readyReplicas, bounds, readings, memory, behavior, Forecasts.NONE);
    }

    public PolicyInput(Instant now, int currentReplicas, int readyReplicas, Bounds bounds, Readings readings, Memory memory) {
        this(now, currentReplicas, readyReplicas, bounds, readings, memory, null);
    }
}
