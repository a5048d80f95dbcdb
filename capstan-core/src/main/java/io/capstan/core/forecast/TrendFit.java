package io.capstan.core.forecast;

/**
 * The robust trend of a series ({@link RobustTrend}: Theil-Sen slope over pairs whole days apart, a median daily
 * profile, a median intercept), as numbers a capacity plan reads: where the level is, how fast it moves, and the
 * shape of a day. {@code value(i) = intercept + slopePerStep * i + dailyProfile[i mod dailyProfile.length]}, with
 * step 0 the first of the series fitted.
 *
 * @param dailyProfile one value per step of a day, centred on its median; a single 0 when fitted without a daily cycle
 */
public record TrendFit(double intercept, double slopePerStep, double[] dailyProfile) {
    public TrendFit {
        dailyProfile = dailyProfile.clone();
    }

    /** The fewest steps {@link #of} needs: two days with a daily cycle, else four steps. */
    public static int minimumLength(int daily) {
        return RobustTrend.minimumLength(daily);
    }

    /**
     * Fits the whole series; {@code daily} steps a day (0 for no daily profile: a history shorter than two days).
     *
     * @throws IllegalArgumentException when the series is shorter than {@link #minimumLength}
     */
    public static TrendFit of(RegularSeries series, int daily) {
        RobustTrend.Fit fit = RobustTrend.fit("robust-trend", series.raw(), 0, series.size(), daily);
        return new TrendFit(fit.intercept(), fit.slope(), fit.profile());
    }

    /**
     * The pairwise slopes whose median is the trend's slope (in the order of their first sample), for an interval around it;
     * empty when the series is too short to pair.
     */
    public static double[] pairSlopes(double[] y, int daily) {
        return RobustTrend.pairSlopes(y, 0, y.length, daily);
    }

    /** The fitted value at step {@code i} (negative or past the series' end: before or after it). */
    public double value(long i) {
        int m = dailyProfile.length;
        return intercept + slopePerStep * i + dailyProfile[(int) Math.floorMod(i, (long) m)];
    }

    /** The fitted level without the daily shape at step {@code i}. */
    public double level(long i) {
        return intercept + slopePerStep * i;
    }

    @Override
    public double[] dailyProfile() {
        return dailyProfile.clone();
    }
}
