package io.capstan.core.forecast;

import java.util.Arrays;

/**
 * A robust linear trend plus a daily profile: {@code y = a + b t + s[t mod m]}. The slope is Theil-Sen's
 * median of pairwise slopes, over the pairs a whole number of days apart (about half the window), so the
 * daily cycle cancels out of every pair and a flash crowd moves only the few pairs it touches; the profile is
 * the median of the detrended values at each phase of the day, and the intercept the median of what is left.
 * Medians throughout, so a spike or an outage in the window barely moves the fit. O(n log n).
 *
 * <p>This is the long-view model (capacity planning asks "where is the trend going"), not a short-term one:
 * {@link Fit#observe} only moves the clock on; a refit takes the new samples into account.
 */
final class RobustTrend {
    private RobustTrend() {}

    /** The fewest steps a fit needs: two days when there is a daily cycle, else four steps. */
    static int minimumLength(int daily) {
        return daily > 1 ? 2 * daily : 4;
    }

    static Fit fit(String name, double[] y, int from, int to, int daily) {
        int n = to - from;
        int m = daily > 1 ? daily : 1;
        if (n < minimumLength(daily)) throw new IllegalArgumentException(name + " needs " + minimumLength(daily) + " steps of history, got " + n);
        double[] slopes = pairSlopes(y, from, to, daily);
        double slope = median(slopes, slopes.length);
        double[] profile = new double[m];
        double[] scratch = new double[n / m + 1];
        for (int j = 0; j < m; j++) {
            int c = 0;
            for (int i = j; i < n; i += m) scratch[c++] = y[from + i] - slope * i;
            profile[j] = median(scratch, c);
        }
        double centre = median(profile.clone(), m);
        for (int j = 0; j < m; j++) profile[j] -= centre;
        double[] rest = new double[n];
        for (int i = 0; i < n; i++) rest[i] = y[from + i] - slope * i - profile[i % m];
        double intercept = median(rest, n);
        return new Fit(name, intercept, slope, profile, n);
    }

    /**
     * The slopes the trend's slope is the median of: between the samples {@code lag} steps apart, {@code lag} a whole number
     * of days (one step without a daily cycle), about half the window, so the daily cycle cancels out of every pair.
     */
    static double[] pairSlopes(double[] y, int from, int to, int daily) {
        int n = to - from;
        int m = daily > 1 ? daily : 1;
        int lag = Math.max(m, (n / 2) / m * m);
        double[] slopes = new double[Math.max(0, n - lag)];
        for (int i = 0; i < slopes.length; i++) slopes[i] = (y[from + i + lag] - y[from + i]) / lag;
        return slopes;
    }

    /** The median of {@code x[0, n)}; reorders x. */
    static double median(double[] x, int n) {
        Arrays.sort(x, 0, n);
        return n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
    }

    static final class Fit extends Fitted {
        private final String name;
        private final double intercept;
        private final double slope;
        private final double[] profile;
        private long t;

        Fit(String name, double intercept, double slope, double[] profile, long t) {
            this.name = name;
            this.intercept = intercept;
            this.slope = slope;
            this.profile = profile;
            this.t = t;
        }

        /** The fitted slope, per step. */
        double slope() {
            return slope;
        }

        double intercept() {
            return intercept;
        }

        /** The daily profile (one value a step, centred on its median), or one zero when fitted without a daily cycle. */
        double[] profile() {
            return profile.clone();
        }

        @Override
        public String model() {
            return name;
        }

        @Override
        public void observe(double value) {
            t++;
        }

        @Override
        public void forecast(double[] out) {
            int m = profile.length;
            for (int k = 0; k < out.length; k++) {
                long at = t + k;
                out[k] = intercept + slope * at + profile[(int) (at % m)];
            }
        }

        @Override
        public Fitted copy() {
            return new Fit(name, intercept, slope, profile, t);
        }
    }
}
