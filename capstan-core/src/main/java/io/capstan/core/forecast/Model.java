package io.capstan.core.forecast;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The forecasting models, by the name the CLI and reports use. Each fits a window of a {@link RegularSeries}
 * into a {@link Fitted} state; {@link #unusable} says (in words) why a model cannot fit a given window, and
 * {@link Forecaster} picks among the usable ones by backtest when asked for {@code auto}.
 */
public enum Model {
    /** The value one day earlier (the last value when the step has no whole-step day): the baseline. */
    SEASONAL_NAIVE("seasonal-naive"),
    /** The value one week earlier. */
    SEASONAL_NAIVE_WEEKLY("seasonal-naive-weekly"),
    /** The mean of the same time of week in the last four weeks (as many as the history holds, at least two). */
    SEASONAL_MEAN_WEEKLY("seasonal-mean-weekly"),
    /** Holt-Winters, damped trend, additive daily cycle. */
    HOLT_WINTERS_ADDITIVE("holt-winters-additive"),
    /** Holt-Winters, damped trend, multiplicative daily cycle (positive series only). */
    HOLT_WINTERS_MULTIPLICATIVE("holt-winters-multiplicative"),
    /** Taylor's double-seasonal Holt-Winters: damped trend, additive daily and weekly cycles. */
    HOLT_WINTERS_DOUBLE("holt-winters-double"),
    /** Double-seasonal Holt-Winters with multiplicative cycles (positive series only). */
    HOLT_WINTERS_DOUBLE_MULTIPLICATIVE("holt-winters-double-multiplicative"),
    /** Theil-Sen linear trend plus a median daily profile. */
    ROBUST_TREND("robust-trend");

    private final String id;

    Model(String id) {
        this.id = id;
    }

    /** The name as given on the command line and in reports. */
    public String id() {
        return id;
    }

    /** The model of that name ({@code holt-winters} is the additive one), case-insensitive. */
    public static Optional<Model> parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("holt-winters")) return Optional.of(HOLT_WINTERS_ADDITIVE);
        return Arrays.stream(values()).filter(m -> m.id.equals(n)).findFirst();
    }

    /** Every model name, for help texts and messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Model::id).toList();
    }

    /** The fewest steps of history a fit needs on a grid with these seasons. */
    public int minimumLength(Seasons s) {
        return switch (this) {
            case SEASONAL_NAIVE -> Math.max(1, s.daily());
            case SEASONAL_NAIVE_WEEKLY -> s.weekly();
            case SEASONAL_MEAN_WEEKLY -> SeasonalMean.minimumLength(s.weekly());
            case HOLT_WINTERS_ADDITIVE, HOLT_WINTERS_MULTIPLICATIVE -> HoltWinters.minimumLength(s.daily(), 0);
            case HOLT_WINTERS_DOUBLE, HOLT_WINTERS_DOUBLE_MULTIPLICATIVE -> HoltWinters.minimumLength(s.daily(), s.weekly());
            case ROBUST_TREND -> RobustTrend.minimumLength(s.daily());
        };
    }

    /** Why this model cannot fit {@code length} steps of such a series, or null when it can. */
    public String unusable(int length, Seasons s, boolean allPositive) {
        boolean daily = s.daily() >= 2, weekly = s.weekly() >= 2 && daily;
        if (!daily && this != SEASONAL_NAIVE && this != ROBUST_TREND) return "the step does not divide a day into two or more steps";
        if (!weekly && (this == SEASONAL_NAIVE_WEEKLY || this == SEASONAL_MEAN_WEEKLY || this == HOLT_WINTERS_DOUBLE || this == HOLT_WINTERS_DOUBLE_MULTIPLICATIVE)) {
            return "the step does not divide a week";
        }
        if (!allPositive && (this == HOLT_WINTERS_MULTIPLICATIVE || this == HOLT_WINTERS_DOUBLE_MULTIPLICATIVE)) {
            return "multiplicative seasonality needs every value positive";
        }
        int need = minimumLength(s);
        if (length < need) return "needs " + need + " steps of history, has " + length;
        return null;
    }

    /**
     * Fits this model on {@code y[from, to)} (a grid with seasons {@code s}) and returns its state at {@code to}.
     *
     * @throws IllegalArgumentException when {@link #unusable} would say why
     */
    public Fitted fit(double[] y, int from, int to, Seasons s) {
        return fit(y, from, to, s, 1, null);
    }

    /**
     * As {@link #fit(double[], int, int, Seasons)}, with parameters chosen for forecasts {@code horizon} steps ahead
     * (Holt-Winters fits its smoothing on the errors of such forecasts; the other models have no parameters to choose).
     */
    public Fitted fit(double[] y, int from, int to, Seasons s, int horizon) {
        return fit(y, from, to, s, horizon, null);
    }

    /**
     * As {@link #fit(double[], int, int, Seasons, int)}, starting the parameter search from {@code previous}'s parameters
     * (a refit on a longer prefix, as the predictive policy does now and then, converges in fewer evaluations); null
     * starts from scratch.
     */
    public Fitted fit(double[] y, int from, int to, Seasons s, int horizon, Fitted previous) {
        Fitted seed = previous;
        if (horizon < 1) throw new IllegalArgumentException("horizon must be at least one step, got " + horizon);
        HoltWinters.Params start = seed instanceof HoltWinters.Fit h ? h.params() : null;
        return switch (this) {
            case SEASONAL_NAIVE -> SeasonalNaive.fit(id, y, from, to, s.daily());
            case SEASONAL_NAIVE_WEEKLY -> SeasonalNaive.fit(id, y, from, to, s.weekly());
            case SEASONAL_MEAN_WEEKLY -> SeasonalMean.fit(id, y, from, to, s.weekly(), SeasonalMean.WEEKS);
            case HOLT_WINTERS_ADDITIVE -> HoltWinters.fit(id, y, from, to, s.daily(), 0, false, start, horizon);
            case HOLT_WINTERS_MULTIPLICATIVE -> HoltWinters.fit(id, y, from, to, s.daily(), 0, true, start, horizon);
            case HOLT_WINTERS_DOUBLE -> HoltWinters.fit(id, y, from, to, s.daily(), s.weekly(), false, start, horizon);
            case HOLT_WINTERS_DOUBLE_MULTIPLICATIVE -> HoltWinters.fit(id, y, from, to, s.daily(), s.weekly(), true, start, horizon);
            case ROBUST_TREND -> RobustTrend.fit(id, y, from, to, s.daily());
        };
    }
}
