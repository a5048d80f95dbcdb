package io.capstan.app.forecast;

import io.capstan.core.forecast.RegularSeries;
import io.capstan.core.simulate.SeriesCursor;
import io.capstan.core.simulate.Trace;

import java.time.Duration;

/** A trace series as the regular history a forecast fits on: read whole through a cursor, then resampled. */
public final class History {
    /** Samples a forecast holds in memory (16 bytes each, 80 MB at most, inside the launcher's heap): 9.5 years at one minute. */
    static final long MAX_SAMPLES = 5_000_000;

    private History() {
    }

    /**
     * The series resampled to {@code step}.
     *
     * @throws IllegalArgumentException when the series holds more than {@link #MAX_SAMPLES} samples, or cannot be resampled
     */
    public static RegularSeries of(Trace.Series series, Duration step) {
        if (series.size() > MAX_SAMPLES) {
            throw new IllegalArgumentException("has " + series.size() + " samples; a forecast reads at most " + MAX_SAMPLES
                    + " (resample the trace coarser, or cut it to the history the forecast needs)");
        }
        long[] times = new long[(int) series.size()];
        double[] values = new double[times.length];
        try (SeriesCursor c = series.cursor()) {
            for (int i = 0; i < times.length; i++, c.advance()) {
                times[i] = c.time();
                values[i] = c.value();
            }
        }
        return RegularSeries.resample(times, values, times.length, step);
    }
}
