package io.capstan.core.forecast;

import java.time.Duration;

/**
 * The seasonal periods of a grid, in steps: a day and a week, each 0 when the step does not divide it
 * evenly (a 7-minute grid has no whole-step day) or is too coarse for a cycle (a day at a 1-day step).
 */
public record Seasons(int daily, int weekly) {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WEEK = Duration.ofDays(7).toMillis();

    public static Seasons of(Duration step) {
        long s = step.toMillis();
        return new Seasons(period(DAY, s), period(WEEK, s));
    }

    private static int period(long length, long step) {
        if (step <= 0 || length % step != 0 || length / step < 2 || length / step > RegularSeries.MAX_BUCKETS) return 0;
        return (int) (length / step);
    }
}
