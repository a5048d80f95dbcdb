package io.capstan.core.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Holt-Winters exponential smoothing with a damped trend and one or two seasonal cycles, additive or
 * multiplicative, in error-correction form (ETS(A,Ad,A) and ETS(M,Ad,M)); with two cycles (a day inside a
 * week) it is Taylor's double-seasonal Holt-Winters (J. W. Taylor, "Short-term electricity demand
 * forecasting using double seasonal exponential smoothing", JORS 2003). With one-step error e:
 * <pre>
 *   additive:        yhat = l + phi b + s1 + s2       l' = l + phi b + alpha e      b' = phi b + beta e
 *                                                     s1' = s1 + gamma1 e           s2' = s2 + gamma2 e
 *   multiplicative:  yhat = (l + phi b) s1 s2,  r = e / yhat (the relative error, ETS(M,Ad,M))
 *                    l' = (l + phi b)(1 + alpha r)    b' = phi b + beta (l + phi b) r    sN' = sN (1 + gammaN r)
 * </pre>
 * The multiplicative form updates by relative error so that for non-negative data ({@code r >= -1}) level and
 * seasonal factors stay positive: the additive-error form divides by the base and blows up at night, when a
 * series such as taxi demand drops close to zero.
 * Parameters are fitted by Nelder-Mead on the squared error of forecasts at the horizon the caller will ask
 * for, after the first (longest) cycle: one step ahead for a horizon of one, else every step 1..h of a
 * forecast made every h/2 steps (two O(n) passes' worth). Fitting on one-step error alone is what textbooks
 * do, and on real traces it buys a level that chases the last sample (alpha near 1, little seasonal
 * smoothing): good for the next five minutes, worse than yesterday's value for tomorrow. With
 * {@code beta = alpha b}, {@code gammaN = (1 - alpha) gN} and {@code b, gN} in [0, 1] (the usual admissible
 * region) and {@code phi} in [0.8, 0.98] (a damped trend: a 24-hour forecast must not run a 5-minute slope
 * out for a day).
 *
 * <p>State starts from the first two cycles of the longest period: level and trend from their means, the
 * daily profile from the detrended average per phase, and the weekly cycle as one offset (or factor) per day
 * of the week, smooth on purpose: a single week of five-minute samples would bake its noise into 2016
 * weekly indexes that a small gamma then never forgets.
 */
final class HoltWinters {
    static final double PHI_MIN = 0.8;
    static final double PHI_MAX = 0.98;
    private static final int MAX_EVALUATIONS = 200;
    private static final double TOLERANCE = 1e-5;
    /** The largest relative one-step error a multiplicative update takes in full (a sixfold surprise). */
    static final double MAX_RELATIVE_ERROR = 5;

    private HoltWinters() {}

    /** Fitted smoothing parameters. {@code gamma2} is 0 without a second cycle. */
    record Params(double alpha, double beta, double gamma1, double gamma2, double phi) {}

    /** The fewest steps a fit needs: two of the longest cycle. */
    static int minimumLength(int daily, int weekly) {
        return 2 * Math.max(daily, weekly);
    }

    /**
     * Fits on {@code y[from, to)} with a daily cycle of {@code m1} steps and, if {@code m2 > 0}, a weekly one of {@code m2}
     * (a multiple of {@code m1}). {@code start} seeds the search (a previous fit's parameters make a refit on a longer
     * prefix converge in fewer evaluations), or null.
     */
    static Fit fit(String name, double[] y, int from, int to, int m1, int m2, boolean multiplicative, Params start, int horizon) {
        int longest = Math.max(m1, m2);
        if (m1 < 2) throw new IllegalArgumentException(name + " needs a daily cycle of at least two steps");
        if (to - from < minimumLength(m1, m2)) {
            throw new IllegalArgumentException(name + " needs " + minimumLength(m1, m2) + " steps of history, got " + (to - from));
        }
        if (multiplicative) {
            for (int i = from; i < to; i++) if (!(y[i] > 0)) throw new IllegalArgumentException(name + " needs positive values, got " + y[i]);
        }
        State init = State.initial(y, from, m1, m2, multiplicative);
        boolean two = m2 > 0;
        double[] lo = two ? new double[] {1e-4, 0, 0, 0, PHI_MIN} : new double[] {1e-4, 0, 0, PHI_MIN};
        double[] hi = two ? new double[] {0.9999, 1, 1, 1, PHI_MAX} : new double[] {0.9999, 1, 1, PHI_MAX};
        List<double[]> starts = new ArrayList<>();
        if (start != null) {
            double a = start.alpha();
            double b = start.beta() / a, g1 = start.gamma1() / (1 - a), g2 = start.gamma2() / (1 - a);
            starts.add(two ? new double[] {a, b, g1, g2, start.phi()} : new double[] {a, b, g1, start.phi()});
        }
        // A coarse grid first: the error surface has corners (alpha near 1 with no seasonal learning) that a
        // simplex started in the wrong place slides into; the best grid point is a better start.
        for (double a : new double[] {0.05, 0.3, 0.8}) {
            for (double g : new double[] {0.05, 0.3}) {
                if (two) {
                    for (double g2 : new double[] {0.05, 0.3}) starts.add(new double[] {a, 0.01, g, g2, 0.9});
                } else {
                    starts.add(new double[] {a, 0.01, g, 0.9});
                }
            }
        }
        int burn = Math.min(longest, (to - from) / 2);
        State scratch = init.copy();
        NelderMead.Objective error = (x, bound) -> {
            scratch.reset(init);
            return scratch.run(y, from, to, params(x, two), burn, from, horizon, bound);
        };
        double[] x0 = starts.get(0);
        double e0 = error.value(x0, Double.POSITIVE_INFINITY);
        for (double[] x : starts.subList(1, starts.size())) {
            double e = error.value(x, e0);
            if (e < e0) {
                x0 = x;
                e0 = e;
            }
        }
        double[] best = NelderMead.minimize(error, x0, lo, hi, start != null && x0 == starts.get(0) ? 0.05 : 0.1, MAX_EVALUATIONS, TOLERANCE);
        Params p = params(best, two);
        State end = init.copy();
        end.run(y, from, to, p, 0, from, 1, Double.POSITIVE_INFINITY);
        return new Fit(name, p, end);
    }

    private static Params params(double[] x, boolean two) {
        double a = x[0];
        return new Params(a, a * x[1], (1 - a) * x[2], two ? (1 - a) * x[3] : 0, x[two ? 4 : 3]);
    }

    /** Level, trend and seasonal indexes, with the phase of the next step. */
    static final class State {
        final boolean multiplicative;
        double level;
        double trend;
        final double[] s1;
        final double[] s2;
        /** Steps observed since the fit's first: the next step's phase in both cycles. */
        long t;
        /** The least a multiplicative base may be: a millionth of the initial level. */
        final double floor;

        State(boolean multiplicative, double level, double trend, double[] s1, double[] s2, long t) {
            this.floor = Math.abs(level) * 1e-6 + Double.MIN_NORMAL;
            this.multiplicative = multiplicative;
            this.level = level;
            this.trend = trend;
            this.s1 = s1;
            this.s2 = s2;
            this.t = t;
        }

        static State initial(double[] y, int from, int m1, int m2, boolean mult) {
            int longest = Math.max(m1, m2);
            double c1 = mean(y, from, from + longest), c2 = mean(y, from + longest, from + 2 * longest);
            double slope = (c2 - c1) / longest;
            double[] x = new double[2 * longest];
            for (int i = 0; i < x.length; i++) {
                double base = c1 + slope * (i - (longest - 1) / 2.0);
                if (mult && !(base > 0)) base = c1;
                x[i] = mult ? y[from + i] / base : y[from + i] - base;
            }
            double[] s1 = new double[m1];
            int[] n1 = new int[m1];
            for (int i = 0; i < x.length; i++) {
                s1[i % m1] += x[i];
                n1[i % m1]++;
            }
            for (int j = 0; j < m1; j++) s1[j] /= n1[j];
            normalize(s1, mult);
            double[] s2 = new double[Math.max(m2, 0)];
            if (m2 > 0) {
                int days = m2 / m1;
                double[] day = new double[days];
                int[] nd = new int[days];
                for (int i = 0; i < x.length; i++) {
                    int d = (i % m2) / m1;
                    day[d] += mult ? x[i] / s1[i % m1] : x[i] - s1[i % m1];
                    nd[d]++;
                }
                for (int j = 0; j < m2; j++) s2[j] = day[j / m1] / nd[j / m1];
                normalize(s2, mult);
            }
            // The level before the first step: the first cycle's mean, moved back half a cycle along the slope.
            return new State(mult, c1 - slope * (longest + 1) / 2.0, slope, s1, s2, 0);
        }

        private static void normalize(double[] s, boolean mult) {
            double m = mean(s, 0, s.length);
            for (int j = 0; j < s.length; j++) s[j] = mult ? (m > 0 ? s[j] / m : 1) : s[j] - m;
        }

        State copy() {
            return new State(multiplicative, level, trend, s1.clone(), s2.clone(), t);
        }

        void reset(State from) {
            level = from.level;
            trend = from.trend;
            System.arraycopy(from.s1, 0, s1, 0, s1.length);
            System.arraycopy(from.s2, 0, s2, 0, s2.length);
            t = from.t;
        }

        /**
         * Observes {@code y[from, to)}; returns the squared forecast error summed from {@code from + burn} on (one step
         * ahead at every step for a horizon of 1, else steps 1..horizon of a forecast every horizon/2 steps), or
         * {@link Double#MAX_VALUE} when the recursion leaves the admissible region (a non-positive multiplicative base).
         * Stops early, returning the partial sum, once that exceeds {@code bound} (the state is then left mid-way: a
         * parameter search resets it before each run).
         */
        double run(double[] y, int from, int to, Params p, int burn, int origin, int horizon, double bound) {
            double sse = 0;
            int m1 = s1.length, m2 = s2.length;
            int i1 = (int) (t % m1), i2 = m2 > 0 ? (int) (t % m2) : 0;
            double a = p.alpha(), b = p.beta(), g1 = p.gamma1(), g2 = p.gamma2(), phi = p.phi();
            double l = level, tr = trend;
            int every = Math.max(1, horizon / 2);
            double[] damp = horizon > 1 ? dampSums(phi, horizon) : null;
            for (int i = from; i < to; i++) {
                if (damp != null && i - origin >= burn && (i - origin) % every == 0) {
                    int j1 = i1, j2 = i2;
                    for (int k = 0; k < horizon && i + k < to; k++) {
                        double f = l + damp[k] * tr;
                        if (multiplicative) f *= s1[j1] * (m2 > 0 ? s2[j2] : 1);
                        else f += s1[j1] + (m2 > 0 ? s2[j2] : 0);
                        double e = y[i + k] - f;
                        sse += e * e;
                        if (++j1 == m1) j1 = 0;
                        if (m2 > 0 && ++j2 == m2) j2 = 0;
                    }
                }
                double base = l + phi * tr;
                double e;
                if (multiplicative) {
                    double f2 = m2 > 0 ? s2[i2] : 1;
                    double f1 = s1[i1];
                    if (!(f1 > 0) || !(f2 > 0) || !Double.isFinite(base)) {
                        level = l;
                        trend = tr;
                        return Double.MAX_VALUE;
                    }
                    // A trend may drive the base to zero or below (a collapse after a surge): the level restarts
                    // from a floor and the relative error is capped, so one surprise cannot blow up the factors.
                    if (base < floor) base = floor;
                    double yhat = base * f1 * f2;
                    e = y[i] - yhat;
                    double r = Math.min(e / yhat, MAX_RELATIVE_ERROR);
                    l = base * (1 + a * r);
                    tr = phi * tr + b * base * r;
                    s1[i1] = f1 * (1 + g1 * r);
                    if (m2 > 0) s2[i2] = f2 * (1 + g2 * r);
                } else {
                    double f2 = m2 > 0 ? s2[i2] : 0;
                    e = y[i] - (base + s1[i1] + f2);
                    l = base + a * e;
                    tr = phi * tr + b * e;
                    s1[i1] += g1 * e;
                    if (m2 > 0) s2[i2] += g2 * e;
                }
                if (damp == null && i - origin >= burn) sse += e * e;
                if (sse > bound) {
                    level = l;
                    trend = tr;
                    return sse;
                }
                if (++i1 == m1) i1 = 0;
                if (m2 > 0 && ++i2 == m2) i2 = 0;
            }
            level = l;
            trend = tr;
            t += to - from;
            return Double.isFinite(sse) ? sse : Double.MAX_VALUE;
        }
    }

    /** phi + phi^2 + ... + phi^(k+1) at index k: how much of the trend a forecast k + 1 steps ahead carries. */
    static double[] dampSums(double phi, int horizon) {
        double[] out = new double[horizon];
        double power = 1, sum = 0;
        for (int k = 0; k < horizon; k++) {
            power *= phi;
            sum += power;
            out[k] = sum;
        }
        return out;
    }

    private static double mean(double[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += y[i];
        return s / (to - from);
    }

    static final class Fit extends Fitted {
        private final String name;
        private final Params params;
        private final State state;
        private final double[] one = new double[1];

        Fit(String name, Params params, State state) {
            this.name = name;
            this.params = params;
            this.state = state;
        }

        Params params() {
            return params;
        }

        @Override
        public String model() {
            return name;
        }

        @Override
        public void observe(double value) {
            one[0] = value;
            if (state.run(one, 0, 1, params, 1, 0, 1, Double.POSITIVE_INFINITY) == Double.MAX_VALUE) {
                // Left the admissible region (a multiplicative level driven to zero): restart the level at this
                // value and the trend at zero rather than forecast from a broken state.
                state.level = Math.max(value, Double.MIN_NORMAL);
                state.trend = 0;
                state.t++;
            }
        }

        @Override
        public void forecast(double[] out) {
            int m1 = state.s1.length, m2 = state.s2.length;
            double phi = params.phi(), damp = 0, power = 1;
            for (int k = 0; k < out.length; k++) {
                power *= phi;
                damp += power;
                double base = state.level + damp * state.trend;
                long at = state.t + k;
                double f1 = state.s1[(int) (at % m1)];
                if (state.multiplicative) out[k] = base * f1 * (m2 > 0 ? state.s2[(int) (at % m2)] : 1);
                else out[k] = base + f1 + (m2 > 0 ? state.s2[(int) (at % m2)] : 0);
            }
        }

        @Override
        public Fitted copy() {
            return new Fit(name, params, state.copy());
        }
    }
}
