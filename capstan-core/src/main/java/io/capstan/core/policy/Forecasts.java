package io.capstan.core.policy;

/**
 * The forecast tracks of a target's predictive policies, by policy name. The engine owns them and feeds them
 * the same samples as the target's signals; a policy only reads its own.
 */
@FunctionalInterface
public interface Forecasts {
    /** No tracks: a predictive policy asked without one says it has no history. */
    Forecasts NONE = policy -> null;

    /** The track of the predictive policy of that name, or null. */
    ForecastTrack track(String policy);
}
