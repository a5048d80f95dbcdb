package io.capstan.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** Seeded synthetic series with a known shape: level, trend per step, daily and weekly cycles, Gaussian noise. */
record Synthetic(double level, double trend, double daily, double weekly, double noise, boolean multiplicative) {
    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    /** The noise-free value at step {@code t} of a grid with {@code perDay} steps a day. */
    double truth(int t, int perDay) {
        double d = Math.sin(2 * Math.PI * t / perDay);
        int day = (t / perDay) % 7;
        double w = day >= 5 ? -1 : 0.4; // weekends low
        if (multiplicative) return (level + trend * t) * (1 + daily * d) * (1 + weekly * w);
        return level + trend * t + daily * d + weekly * w;
    }

    double[] values(int n, int perDay, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) y[t] = truth(t, perDay) + noise * r.nextGaussian();
        return y;
    }

    RegularSeries series(int n, int perDay, long seed) {
        return RegularSeries.of(START, Duration.ofDays(1).dividedBy(perDay), values(n, perDay, seed));
    }
}
