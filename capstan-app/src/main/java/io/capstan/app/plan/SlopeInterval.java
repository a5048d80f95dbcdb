package io.capstan.app.plan;

import io.capstan.core.forecast.TrendFit;

import java.util.Arrays;

/**
 * How well the robust trend's slope is known: an 80 % confidence interval for the Theil-Sen slope, so that the
 * forecast band can widen with the horizon by the trend's own uncertainty (docs/plan.md, "The band").
 *
 * <p>The robust trend's slope is the median of the slopes between samples {@code lag} steps apart
 * ({@code io.capstan.core.forecast.RobustTrend}: {@code lag} a whole number of days, about half the lookback). The
 * interval is the distribution-free one for a median (Sen's, through the binomial's normal approximation): with
 * {@code K} independent slopes, the median's 10th and 90th percentiles are the slopes' quantiles at
 * {@code 1/2 -+ z / (2 sqrt K)}, {@code z = 1.2816}, read between order statistics as the residual quantiles are.
 * Neighbouring slopes share neighbouring samples, and at steps of minutes a series' noise is correlated from step to
 * step, which would make {@code K} count the same information many times and the interval too narrow: {@code K} is
 * therefore the effective sample size {@code K (1 - rho) / (1 + rho)} of an AR(1) sequence, {@code rho} the lag-1
 * autocorrelation of the slopes in time order (0 when negative).
 *
 * @param slope     the median slope per step (the trend's own)
 * @param low       the interval's lower end per step
 * @param high      the interval's upper end per step
 * @param slopes    how many slopes there were
 * @param effective their effective number after the autocorrelation
 */
record SlopeInterval(double slope, double low, double high, int slopes, double effective) {
    /** The normal quantile of 0.9: the interval's ends are the slope's 10th and 90th percentiles. */
    static final double Z90 = 1.2815515655446004;

    /**
     * The interval of the slope a robust trend fits on {@code y} with {@code daily} steps a day (0 or 1: none), from the
     * trend's own pairwise slopes ({@link TrendFit#pairSlopes}).
     */
    static SlopeInterval of(double[] y, int daily) {
        double[] s = TrendFit.pairSlopes(y, daily);
        int k = s.length;
        if (k < 1) throw new IllegalArgumentException("a slope interval needs more steps than " + y.length);
        double rho = Math.max(0, autocorrelation(s));
        double effective = Math.max(1, k * (1 - rho) / (1 + rho));
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        double half = Z90 / (2 * Math.sqrt(effective));
        double slope = PlanAnalysis.quantile(sorted, k, 0.5);
        double low = PlanAnalysis.quantile(sorted, k, Math.max(0, 0.5 - half));
        double high = PlanAnalysis.quantile(sorted, k, Math.min(1, 0.5 + half));
        return new SlopeInterval(slope, low, high, k, effective);
    }

    /** How much faster the trend may rise than its slope, per step (at least 0). */
    double up() {
        return Math.max(0, high - slope);
    }

    /** How much slower, per step (at least 0). */
    double down() {
        return Math.max(0, slope - low);
    }

    /** The lag-1 autocorrelation of {@code x}; 0 when it has no spread. */
    static double autocorrelation(double[] x) {
        double mean = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        double num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean;
            den += d * d;
            if (i + 1 < x.length) num += d * (x[i + 1] - mean);
        }
        return den > 0 ? num / den : 0;
    }
}
