package io.capstan.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A forecast of {@code p50.length} steps after the history, with its prediction intervals: {@code p10} and
 * {@code p90} are the 10th and 90th percentiles (an 80 % central interval; p90 alone is the level that is
 * exceeded one time in ten, the number a capacity plan wants), {@code p50} the median. The percentiles are the
 * point forecast plus the quantiles of the chosen model's backtest residuals at the same horizon step, so they
 * are as wide as the model's own errors on this series were, not a textbook formula's assumption.
 *
 * @param model      the model that made it
 * @param startMillis the first forecast step's time (the step after the history's last)
 * @param scores     backtest mean absolute error of each model tried, best first (one entry when a model was named)
 * @param skipped    models not tried, with why (too short a history, a non-positive value for a multiplicative model...)
 * @param notes      what a reader should know (no backtest possible, so no intervals...)
 */
public record Forecast(String model, long startMillis, long stepMillis, double[] p10, double[] p50, double[] p90, List<Score> scores,
                       List<Skipped> skipped, List<String> notes) {
    public Forecast {
        scores = List.copyOf(scores);
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    /** A model's backtest: mean absolute error over {@code origins} forecasts. */
    public record Score(String model, double mae, int origins) {}

    /** A model not tried, and why. */
    public record Skipped(String model, String reason) {}

    public int horizon() {
        return p50.length;
    }

    public Instant time(int k) {
        return Instant.ofEpochMilli(startMillis + k * stepMillis);
    }

    public Duration step() {
        return Duration.ofMillis(stepMillis);
    }
}
