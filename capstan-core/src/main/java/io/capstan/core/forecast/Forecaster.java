package io.capstan.core.forecast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Forecasts a series: fits the named model, or, for {@code auto}, every usable model, each scored by a
 * rolling-origin backtest on the series' own recent history at the horizon asked for, and keeps the one
 * with the least mean absolute error. The chosen model forecasts from the state its backtest walked to the
 * end of the history (parameters fitted before the held-back part, state updated through it: no second fit),
 * and its backtest residuals give the intervals (see {@link Forecast}).
 *
 * <h2>Windows</h2>
 * Only the last {@link Options#maxHistory} of the series is fitted (8 weeks by default: enough for a weekly
 * cycle to be seen several times, and a bound on cost for long traces). The backtest holds back the last
 * {@code max(horizon, min(window / 3, max(3 horizons, 7 days)))} steps: models are fitted on what comes before
 * and walked through it, with about {@value #ORIGINS} forecast origins. On a short history the hold-back is
 * shortened, never below a day or the horizon, so that every model that can be fitted before it is
 * ({@link #holdBack}). A horizon longer than the backtest can score at every step ({@link #longestBackedHorizon})
 * is refused: its score and its far intervals would not have been measured.
 *
 * <h2>Cost</h2>
 * A Holt-Winters fit is a few hundred O(n) passes (Nelder-Mead); auto fits each candidate once. See BENCHMARKS.md for measured times. For repeated forecasts on a growing prefix, fit a
 * {@link Model} once and {@link Fitted#observe} new samples instead of calling this each time.
 */
public final class Forecaster {
    /** Forecast origins a backtest aims for. */
    static final int ORIGINS = 48;
    /** How many of the best models {@code auto} tries averaging. */
    static final int COMBINED = 3;

    private Forecaster() {}

    /**
     * What to forecast with.
     *
     * @param model      the model to use, or null for auto (every usable model, best backtest wins)
     * @param maxHistory the longest stretch of history fitted (the most recent part)
     */
    public record Options(Model model, Duration maxHistory) {
        public static final Duration DEFAULT_HISTORY = Duration.ofDays(56);
        public static final Options AUTO = new Options(null, DEFAULT_HISTORY);

        public Options {
            if (maxHistory.isNegative() || maxHistory.isZero()) throw new IllegalArgumentException("maxHistory must be positive");
        }

        public static Options of(Model model) {
            return new Options(model, DEFAULT_HISTORY);
        }
    }

    /**
     * Forecasts {@code horizon} steps after the series' last.
     *
     * @throws IllegalArgumentException when the named model cannot fit this series (the message says why), or
     *                                  no model can (a series shorter than two steps)
     */
    public static Forecast forecast(RegularSeries series, int horizon, Options options) {
        if (horizon < 1) throw new IllegalArgumentException("horizon must be at least one step, got " + horizon);
        long window = Math.max(1, options.maxHistory().toMillis() / series.stepMillis());
        int from = (int) Math.max(0, series.size() - window);
        Forecast f = forecast(series.raw(), series.rawObserved(), from, series.size(), series.seasons(), horizon, options.model(),
                series.allPositive(), series.nonNegative());
        return new Forecast(f.model(), series.timeMillis(series.size() - 1) + series.stepMillis(), series.stepMillis(), f.p10(), f.p50(),
                f.p90(), f.scores(), f.skipped(), f.notes());
    }

    /**
     * The longest horizon, in steps, that the backtest can score at every step on this series (the steps of
     * history fitted, less the shortest fit a usable model needs), or 0 when none: a longer horizon would
     * report a score and intervals that were never measured, so {@link #forecast} refuses it.
     */
    public static int longestBackedHorizon(RegularSeries series, Options options) {
        return Math.max(0, fitted(series, options) - shortestFit(series.seasons(), options.model(), series.allPositive()));
    }

    /** The steps of history a forecast of {@code horizon} steps needs: the horizon held back, and the shortest fit before it. */
    public static long historyNeeded(RegularSeries series, Options options, int horizon) {
        return (long) horizon + shortestFit(series.seasons(), options.model(), series.allPositive());
    }

    /** Steps of the series that are fitted: the last {@link Options#maxHistory} of it. */
    private static int fitted(RegularSeries series, Options options) {
        long window = Math.max(1, options.maxHistory().toMillis() / series.stepMillis());
        return (int) Math.min(series.size(), window);
    }

    /** The fewest steps any of the candidate models can fit on such a series, whatever its length. */
    private static int shortestFit(Seasons s, Model only, boolean positive) {
        List<Model> candidates = only != null ? List.of(only) : List.of(Model.values());
        return candidates.stream().filter(m -> m.unusable(Integer.MAX_VALUE, s, positive) == null).mapToInt(m -> m.minimumLength(s))
                .min().orElse(Integer.MAX_VALUE / 2);
    }

    /** The forecast of {@code y[from, to)} (start time left 0 for the caller to set). */
    static Forecast forecast(double[] y, boolean[] observed, int from, int to, Seasons s, int horizon, Model only, boolean positive,
                             boolean nonNegative) {
        int n = to - from;
        List<Model> candidates = only != null ? List.of(only) : List.of(Model.values());
        List<Forecast.Skipped> skipped = new ArrayList<>();
        List<Model> usable = new ArrayList<>();
        for (Model m : candidates) {
            String why = m.unusable(n, s, positive);
            if (why == null) usable.add(m);
            else skipped.add(new Forecast.Skipped(m.id(), why));
        }
        if (usable.isEmpty()) {
            if (only != null) throw new IllegalArgumentException(only.id() + ": " + skipped.get(0).reason());
            int least = shortestFit(s, null, positive);
            throw new IllegalArgumentException("no model can forecast " + n + " steps of history"
                    + (least < Integer.MAX_VALUE / 2 ? ": the shortest any model fits is " + least + " steps" : ""));
        }
        int backed = n - usable.stream().mapToInt(m -> m.minimumLength(s)).min().orElseThrow();
        if (horizon > backed) {
            throw new IllegalArgumentException("a horizon of " + horizon + " steps is longer than a backtest can test on " + n
                    + " steps of history: " + (backed <= 0 ? "none can be tested" : "at most " + backed + " can")
                    + "; " + horizon + " steps need at least " + (horizon + n - backed) + " steps of history");
        }
        int holdBack = holdBack(n, s, horizon, usable);
        int trainEnd = to - Math.min(holdBack, n - 1);
        int minimum = usable.stream().mapToInt(m -> m.minimumLength(s)).min().orElseThrow();
        if (trainEnd - from < minimum) trainEnd = Math.min(to, from + minimum);
        int stride = Math.max(1, (to - trainEnd) / ORIGINS);

        List<Forecast.Score> scores = new ArrayList<>();
        List<Tried> tried = new ArrayList<>();
        for (Model m : usable) {
            if (trainEnd >= to || m.minimumLength(s) > trainEnd - from) {
                if (only == null) skipped.add(new Forecast.Skipped(m.id(), "history too short to hold back a backtest"));
                continue;
            }
            Fitted walked = m.fit(y, from, trainEnd, s, horizon, null);
            Backtest b = Backtest.run(walked, y, observed, trainEnd, to, horizon, stride);
            if (!b.scoredAny()) continue;
            scores.add(new Forecast.Score(m.id(), b.mae(), b.origins()));
            tried.add(new Tried(m, b, walked));
        }
        tried.sort(Comparator.comparingDouble(t -> t.backtest().mae()));
        List<Tried> chosen = tried.isEmpty() ? List.of() : List.of(tried.get(0));
        if (only == null && tried.size() >= 2) {
            // The mean of the best few: combining forecasts is the most reliable gain in forecasting competitions
            // (M3, M4), and it is scored on the same backtest, so it is only chosen when it did better here.
            List<Tried> top = tried.subList(0, Math.min(COMBINED, tried.size()));
            Backtest mean = Backtest.mean(top.stream().map(Tried::backtest).toList());
            String name = combinationName(top);
            scores.add(new Forecast.Score(name, mean.mae(), mean.origins()));
            if (mean.mae() < tried.get(0).backtest().mae()) chosen = withMean(mean, top);
        }
        scores.sort(Comparator.comparingDouble(Forecast.Score::mae));
        List<String> notes = new ArrayList<>();
        double[] point;
        Backtest backtest;
        String name;
        if (chosen.isEmpty()) {
            Model fallback = usable.contains(Model.HOLT_WINTERS_ADDITIVE) ? Model.HOLT_WINTERS_ADDITIVE : usable.get(0);
            notes.add("history too short to backtest (" + n + " steps): " + fallback.id() + " chosen without one; the intervals are the point forecast");
            point = fallback.fit(y, from, to, s, horizon, null).forecast(horizon);
            backtest = null;
            name = fallback.id();
        } else {
            backtest = chosen.get(0).backtest();
            List<Tried> members = chosen.get(0).model() == null ? chosen.subList(1, chosen.size()) : chosen;
            point = new double[horizon];
            for (Tried t : members) {
                double[] f = t.state().forecast(horizon);
                for (int k = 0; k < horizon; k++) point[k] += f[k] / members.size();
            }
            name = members.size() == 1 ? members.get(0).model().id() : combinationName(members);
        }
        double[][] q = backtest == null ? null : backtest.quantiles(0.1, 0.5, 0.9);
        double[] p10 = new double[horizon], p50 = new double[horizon], p90 = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            p10[k] = point[k] + (q == null ? 0 : q[k][0]);
            p50[k] = point[k] + (q == null ? 0 : q[k][1]);
            p90[k] = point[k] + (q == null ? 0 : q[k][2]);
            if (nonNegative) {
                p10[k] = Math.max(0, p10[k]);
                p50[k] = Math.max(0, p50[k]);
                p90[k] = Math.max(0, p90[k]);
            }
        }
        return new Forecast(name, 0, 0, p10, p50, p90, scores, skipped, notes);
    }

    /**
     * Steps held back for the backtest: {@code max(horizon, min(n / 3, max(3 horizons, 7 days)))}, shortened so that the
     * model needing the most history can still be fitted before it, as long as a day and the horizon are left to test on.
     * A model left out of the backtest cannot be chosen: on two weeks of history a seven-day hold-back would leave out
     * every weekly model, the very ones that know the weekend, whereas a backtest of a few days still scores every time
     * of day (a shorter one would compare models on a few hours of the day only, and is not taken).
     */
    static int holdBack(int n, Seasons s, int horizon, List<Model> usable) {
        int holdBack = Math.max(horizon, Math.min(n / 3, Math.max(3 * horizon, 7 * s.daily())));
        int least = Math.max(horizon, s.daily());
        OptionalInt longestFit = usable.stream().mapToInt(m -> m.minimumLength(s)).filter(l -> n - l >= least).max();
        return longestFit.isPresent() ? Math.min(holdBack, n - longestFit.getAsInt()) : holdBack;
    }

    /** A model tried in the backtest: its residuals, and its state walked to the end of the history. */
    private record Tried(Model model, Backtest backtest, Fitted state) {}

    /** The combination first (model null, carrying the mean's backtest), then its members. */
    private static List<Tried> withMean(Backtest mean, List<Tried> members) {
        List<Tried> out = new ArrayList<>();
        out.add(new Tried(null, mean, null));
        out.addAll(members);
        return out;
    }

    /** {@code mean(a+b+c)}: '+' not ',' so that the name is one CSV cell. */
    static String combinationName(List<Tried> members) {
        return "mean(" + String.join("+", members.stream().map(t -> t.model().id()).toList()) + ")";
    }
}
