package io.capstan.core.forecast;

/**
 * Seasonal mean: each step is forecast as the mean of the values at the same phase of the last few periods
 * (up to {@code periods} of them, fewer while the history is shorter). With a weekly period this is what a
 * person reading last month's graphs does: "a Tuesday at 10:00 looks like the last Tuesdays at 10:00".
 * Averaging k periods cuts the noise variance of seasonal naive's single copy by about k, at the cost of
 * lagging a trend by (k - 1) / 2 periods; the backtest, and the mean of the best models, weigh that.
 */
final class SeasonalMean {
    /** Weeks a weekly seasonal mean averages: a month, fixed beforehand (not tuned on the accuracy traces). */
    static final int WEEKS = 4;

    private SeasonalMean() {}

    /** Fits on {@code y[from, to)}; needs at least two periods of history, so that it differs from seasonal naive. */
    static Fit fit(String name, double[] y, int from, int to, int period, int periods) {
        int m = Math.max(1, period);
        if (to - from < minimumLength(m)) {
            throw new IllegalArgumentException(name + " needs " + minimumLength(m) + " steps of history, got " + (to - from));
        }
        Fit f = new Fit(name, m, new double[m * periods], 0);
        for (int i = Math.max(from, to - m * periods); i < to; i++) f.observe(y[i]);
        return f;
    }

    static int minimumLength(int period) {
        return 2 * Math.max(1, period);
    }

    static final class Fit extends Fitted {
        private final String name;
        private final int period;
        /** The last {@code ring.length} values observed; value number i (counted from the first) sits at i mod length. */
        private final double[] ring;
        /** Values observed so far (the next value's number). */
        private long count;

        Fit(String name, int period, double[] ring, long count) {
            this.name = name;
            this.period = period;
            this.ring = ring;
            this.count = count;
        }

        @Override
        public String model() {
            return name;
        }

        @Override
        public void observe(double value) {
            ring[(int) (count % ring.length)] = value;
            count++;
        }

        @Override
        public void forecast(double[] out) {
            long oldest = Math.max(0, count - ring.length);
            for (int k = 0; k < out.length; k++) {
                // The same phase one, two, ... periods back, as far as the ring (and the history) reaches.
                long at = count + k - (long) period * (k / period + 1);
                double sum = 0;
                int n = 0;
                for (; at >= oldest && n < ring.length / period; at -= period, n++) sum += ring[(int) (at % ring.length)];
                out[k] = n == 0 ? Double.NaN : sum / n;
            }
        }

        @Override
        public Fitted copy() {
            return new Fit(name, period, ring.clone(), count);
        }
    }
}
