package io.capstan.app.run;

import io.capstan.core.state.ScalingState;

/**
 * The state a dry run keeps after deciding a change it does not apply. Nothing was scaled, so the scale events and the
 * last scale-out and scale-in instants (the cooldown clocks) stay as they were: otherwise the next dry decision would
 * be held by the cooldown of a change that never happened, and a dry run would answer differently from
 * {@code capstan explain} on the same readings and state. The sustain clocks, the recommendation history and the
 * schedule firings move on as in a live run: they describe the readings, not the capacity.
 */
final class DryRunState {
    private DryRunState() {}

    static ScalingState unapplied(ScalingState before, ScalingState after) {
        return new ScalingState(after.version(), after.recommendations(), before.scaleUpEvents(), before.scaleDownEvents(),
                before.lastScaleOut(), before.lastScaleIn(), after.sustain(), after.actions(), after.scheduled());
    }
}
