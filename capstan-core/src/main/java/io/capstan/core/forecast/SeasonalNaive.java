package io.capstan.core.forecast;

/**
 * Seasonal naive: each step is forecast as the value one period earlier (a period of 1 is the naive
 * last-value forecast). The baseline every other model must beat; MASE is scaled by it.
 */
final class SeasonalNaive {
    private SeasonalNaive() {}

    /** Fits on {@code y[from, to)}; needs at least one period of history. */
    static Fit fit(String name, double[] y, int from, int to, int period) {
        int m = Math.max(1, period);
        if (to - from < m) throw new IllegalArgumentException(name + " needs " + m + " steps of history, got " + (to - from));
        double[] ring = new double[m];
        // ring[i % m] holds the latest value at phase i, with i counted from `from`.
        for (int i = from; i < to; i++) ring[(i - from) % m] = y[i];
        return new Fit(name, ring, (to - from) % m);
    }

    static final class Fit extends Fitted {
        private final String name;
        private final double[] ring;
        /** The phase of the next step. */
        private int next;

        Fit(String name, double[] ring, int next) {
            this.name = name;
            this.ring = ring;
            this.next = next;
        }

        @Override
        public String model() {
            return name;
        }

        @Override
        public void observe(double value) {
            ring[next] = value;
            next = next + 1 == ring.length ? 0 : next + 1;
        }

        @Override
        public void forecast(double[] out) {
            int m = ring.length;
            for (int k = 0; k < out.length; k++) out[k] = ring[(next + k) % m];
        }

        @Override
        public Fitted copy() {
            return new Fit(name, ring.clone(), next);
        }
    }
}
