package io.capstan.core.forecast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rolling-origin evaluation of forecasting models on one series, as forecasters are compared: origins spread
 * over the last part of the series (the test span); at each origin every model is fitted afresh on the
 * history before it (at most {@code maxHistory}; nothing at or after the origin) and forecasts {@code horizon}
 * steps, scored against what was observed (filled gaps are not scored).
 *
 * <ul>
 *   <li>MASE: mean absolute error over every scored step of every origin, divided by the mean absolute
 *       one-day seasonal difference {@code |y[t] - y[t - day]|} of the series before the first origin (Hyndman &amp;
 *       Koehler 2006; one scale per series, so two models' MASE ratio is their MAE ratio). Below 1: better than
 *       the in-sample seasonal naive; the table compares each model against the out-of-sample seasonal naive.</li>
 *   <li>sMAPE: mean of {@code 200 |y - f| / (|y| + |f|)} in percent (steps where both are 0 count as 0).</li>
 * </ul>
 * {@code auto} is evaluated as a model of its own (its backtest-based choice made afresh at each origin, from
 * that origin's history only); {@link Result#chosen} counts what it chose.
 */
public final class Accuracy {
    /** The name that evaluates automatic model choice. */
    public static final String AUTO = "auto";

    private Accuracy() {}

    /**
     * One model's accuracy at one horizon.
     *
     * @param chosen for {@code auto}: how often each model was chosen; empty otherwise
     */
    public record Result(String model, int horizon, double mase, double smape, int origins, Map<String, Integer> chosen) {
        public Result {
            chosen = Map.copyOf(chosen);
        }
    }

    /**
     * Evaluates {@code models} (ids of {@link Model}, or {@link #AUTO}) at {@code origins} origins spread over the
     * last {@code testLength} steps. A model that cannot fit the history before the first origin (too short for a
     * weekly cycle, say) is left out of the results; one that cannot fit at a later origin leaves that origin out for
     * every model, so all results are over the same forecasts.
     */
    public static List<Result> evaluate(RegularSeries series, int horizon, List<String> models, Duration maxHistory, int testLength, int origins) {
        double[] y = series.raw();
        boolean[] observed = series.rawObserved();
        int n = y.length;
        Seasons s = series.seasons();
        int firstOrigin = n - testLength;
        if (firstOrigin < 2 || horizon < 1 || testLength < horizon) {
            throw new IllegalArgumentException("a test span of " + testLength + " steps and a horizon of " + horizon + " do not fit " + n + " steps");
        }
        int stride = Math.max(1, (testLength - horizon) / Math.max(1, origins - 1));
        // Origins a whole number of days apart would always forecast from the same time of day.
        if (s.daily() > 1 && stride % s.daily() == 0) stride++;
        long window = Math.max(1, maxHistory.toMillis() / series.stepMillis());
        double scale = seasonalScale(y, observed, firstOrigin, Math.max(1, s.daily()));
        boolean positive = series.allPositive(), nonNegative = series.nonNegative();

        Map<String, double[]> sums = new LinkedHashMap<>(); // abs error, smape, count, origins
        Map<String, Map<String, Integer>> chosen = new LinkedHashMap<>();
        int firstFrom = (int) Math.max(0, firstOrigin - window);
        models = models.stream().filter(m -> m.equals(AUTO) || Model.parse(m).orElseThrow(() -> new IllegalArgumentException("unknown model " + m))
                .unusable(firstOrigin - firstFrom, s, positive) == null).toList();
        for (String m : models) {
            sums.put(m, new double[4]);
            chosen.put(m, new TreeMap<>());
        }
        double[][] forecasts = new double[models.size()][];
        for (int o = firstOrigin; o + horizon <= n; o += stride) {
            int from = (int) Math.max(0, o - window);
            boolean all = true;
            for (int i = 0; i < models.size() && all; i++) {
                String m = models.get(i);
                try {
                    if (m.equals(AUTO)) {
                        Forecast f = Forecaster.forecast(y, observed, from, o, s, horizon, null, positive, nonNegative);
                        forecasts[i] = f.p50();
                        chosen.get(m).merge(f.model(), 1, Integer::sum);
                    } else {
                        Model model = Model.parse(m).orElseThrow();
                        if (model.unusable(o - from, s, positive) != null) {
                            all = false;
                            continue;
                        }
                        forecasts[i] = model.fit(y, from, o, s, horizon).forecast(horizon);
                    }
                } catch (IllegalArgumentException e) {
                    if (!m.equals(AUTO)) throw e;
                    all = false;
                }
            }
            if (!all) continue;
            for (int i = 0; i < models.size(); i++) {
                double[] acc = sums.get(models.get(i));
                double[] f = forecasts[i];
                for (int k = 0; k < horizon; k++) {
                    if (!observed[o + k]) continue;
                    double fk = nonNegative ? Math.max(0, f[k]) : f[k];
                    double actual = y[o + k], err = Math.abs(actual - fk), denom = Math.abs(actual) + Math.abs(fk);
                    acc[0] += err;
                    acc[1] += denom == 0 ? 0 : 200 * err / denom;
                    acc[2]++;
                }
                acc[3]++;
            }
        }
        List<Result> out = new ArrayList<>();
        for (String m : models) {
            double[] acc = sums.get(m);
            if (acc[2] == 0) throw new IllegalArgumentException("no origin could be scored: the history before the test span is too short");
            out.add(new Result(m, horizon, acc[0] / acc[2] / scale, acc[1] / acc[2], (int) acc[3], chosen.get(m)));
        }
        return out;
    }

    /** Mean |y[t] - y[t - m]| over observed pairs before {@code end}; 1 when the history is flat or too short (so MASE is the MAE). */
    static double seasonalScale(double[] y, boolean[] observed, int end, int m) {
        double sum = 0;
        int count = 0;
        for (int t = m; t < end; t++) {
            if (observed[t] && observed[t - m]) {
                sum += Math.abs(y[t] - y[t - m]);
                count++;
            }
        }
        return count == 0 || sum == 0 ? 1 : sum / count;
    }
}
