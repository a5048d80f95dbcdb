package io.capstan.core.forecast;

/**
 * A model fitted to a history, holding its state at the end of that history: it forecasts the steps after
 * it, and {@link #observe} moves it one step on with the next value, keeping the fitted parameters.
 *
 * <p>This is the cheap path for a caller that forecasts again and again on a growing prefix (the predictive
 * policy at each virtual time, a rolling-origin backtest): fit once on a window, then {@code observe} each new
 * sample (O(1) for Holt-Winters and seasonal naive, no allocation) and refit only now and then (say daily) to
 * renew the parameters. The state only ever sees values passed in, so a forecast made after observing the
 * samples before {@code t} depends on nothing at or after {@code t}.
 *
 * <p>A running state, so mutable and owned by one caller; {@link #copy} forks it.
 */
public abstract sealed class Fitted permits SeasonalNaive.Fit, SeasonalMean.Fit, HoltWinters.Fit, RobustTrend.Fit {
    /** The model's name as the CLI and reports give it (e.g. {@code holt-winters-additive}). */
    public abstract String model();

    /** Moves the state one step on with the value observed at the next step. */
    public abstract void observe(double value);

    /** Point forecasts of the next {@code out.length} steps into {@code out} (no allocation). */
    public abstract void forecast(double[] out);

    /** Point forecasts of the next {@code horizon} steps. */
    public final double[] forecast(int horizon) {
        if (horizon < 1) throw new IllegalArgumentException("horizon must be at least one step, got " + horizon);
        double[] out = new double[horizon];
        forecast(out);
        return out;
    }

    /** An independent copy of this state. */
    public abstract Fitted copy();
}
