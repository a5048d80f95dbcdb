package io.capstan.core.forecast;

import java.util.Arrays;
import java.util.List;

/**
 * Rolling-origin backtest of one fitted state: from the end of its training window, the state walks forward
 * one observed value at a time (parameters kept, as a caller between refits would), and at every
 * {@code stride}-th step forecasts {@code horizon} steps and records actual minus forecast for each step that
 * was observed (filled gaps are never scored). The residuals give the model's mean absolute error, for
 * choosing among models, and their quantiles per horizon step give the prediction intervals.
 */
final class Backtest {
    /** Relative width of a band of horizon steps whose residuals are pooled for one set of quantiles. */
    private static final double BAND = 1.25;

    private final double[][] residuals;
    private final int[] counts;
    private final int origins;
    private double absSum;
    private long scored;

    private Backtest(int horizon, int capacity, int origins) {
        this.residuals = new double[horizon][capacity];
        this.counts = new int[horizon];
        this.origins = origins;
    }

    /** Walks {@code fitted} (trained on the steps before {@code trainEnd}; moved on in place) over {@code y[trainEnd, to)}. */
    static Backtest run(Fitted fitted, double[] y, boolean[] observed, int trainEnd, int to, int horizon, int stride) {
        int origins = (to - trainEnd + stride - 1) / stride;
        Backtest b = new Backtest(horizon, origins, origins);
        double[] f = new double[horizon];
        for (int t = trainEnd; t < to; t++) {
            if ((t - trainEnd) % stride == 0) {
                fitted.forecast(f);
                for (int k = 0; k < horizon && t + k < to; k++) {
                    if (!observed[t + k]) continue;
                    double e = y[t + k] - f[k];
                    b.residuals[k][b.counts[k]++] = e;
                    b.absSum += Math.abs(e);
                    b.scored++;
                }
            }
            fitted.observe(y[t]);
        }
        return b;
    }

    /**
     * The backtest of the mean of several models' forecasts: their residuals averaged entry by entry (the
     * backtests must share window, horizon and stride, so entry i of step k is the same origin in each).
     */
    static Backtest mean(List<Backtest> parts) {
        Backtest first = parts.get(0);
        int horizon = first.counts.length;
        Backtest b = new Backtest(horizon, first.residuals[0].length, first.origins);
        for (int k = 0; k < horizon; k++) {
            b.counts[k] = first.counts[k];
            for (int i = 0; i < b.counts[k]; i++) {
                double sum = 0;
                for (Backtest p : parts) sum += p.residuals[k][i];
                double e = sum / parts.size();
                b.residuals[k][i] = e;
                b.absSum += Math.abs(e);
                b.scored++;
            }
        }
        return b;
    }

    int origins() {
        return origins;
    }

    boolean scoredAny() {
        return scored > 0;
    }

    /** Mean absolute error over every scored step. */
    double mae() {
        return absSum / scored;
    }

    /**
     * The {@code q}-quantiles (each in (0, 1)) of the residuals, per horizon step: {@code [step][quantile]}. Residuals
     * of neighbouring steps are pooled (steps h/1.25 to 1.25h), since a few dozen origins give too few per step
     * for a tail quantile; steps beyond any scored one use the last band that has residuals.
     */
    double[][] quantiles(double... q) {
        int horizon = counts.length;
        double[][] out = new double[horizon][q.length];
        int start = 0;
        double[] last = new double[q.length];
        while (start < horizon) {
            int end = Math.max(start + 1, (int) Math.floor((start + 1) * BAND));
            end = Math.min(end, horizon);
            int n = 0;
            for (int k = start; k < end; k++) n += counts[k];
            if (n > 0) {
                double[] pool = new double[n];
                int at = 0;
                for (int k = start; k < end; k++) {
                    System.arraycopy(residuals[k], 0, pool, at, counts[k]);
                    at += counts[k];
                }
                Arrays.sort(pool);
                for (int j = 0; j < q.length; j++) last[j] = quantile(pool, q[j]);
            }
            for (int k = start; k < end; k++) out[k] = last.clone();
            start = end;
        }
        return out;
    }

    /** Linear interpolation between order statistics (type 7, as R's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
