package io.capstan.app.plan;

import io.capstan.core.forecast.Forecast;
import io.capstan.core.forecast.RegularSeries;
import io.capstan.core.forecast.TrendFit;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the history says, and where its trend goes: the robust trend ({@link TrendFit}: Theil-Sen slope, median
 * daily profile) fitted on the lookback, growth per day, week and month, the peak hour and day, and a forecast over
 * the lookahead: the trend and the daily profile plus the median residual (p50), inside a band (p10, p90) that
 * widens with the horizon. A long-view model on purpose: a 30-day lookahead from a week of history is far beyond what
 * a backtest can measure, so the band is built from what the lookback itself says (docs/plan.md, "The band"): the
 * spread of the residuals around the trend, and the trend's own uncertainty ({@link SlopeInterval}) carried to each
 * step, the two combined as independent errors.
 */
final class PlanAnalysis {
    /** A month in growth rates and spans: 30 days, so that a rate per month is the rate per day times 30. */
    static final double DAYS_PER_MONTH = 30;
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    /** How far past the lookahead a trend is extrapolated to date a level before "not within ten years" is said. */
    static final Duration MAX_EXTRAPOLATION = Duration.ofDays(3653);

    final RegularSeries history;
    final ZoneId zone;
    final int n;
    final int horizon;
    final long stepMillis;
    final TrendFit fit;
    final boolean daily;
    final double q10, q50, q90;
    /** How well the slope is known: its 80 % interval, which widens the band with the horizon. */
    final SlopeInterval slopeInterval;
    /** The step the trend pivots on when its slope changes: the middle of the lookback, where the fit's median level sits. */
    final double pivot;
    final Forecast forecast;
    final Observed recentPeak;
    final Observed forecastPeak50, forecastPeak90;
    final Peak peakHour, peakDay;
    final List<String> notes = new ArrayList<>();
    /** What makes this plan's growth, runway or peaks untrustworthy: shown first in the report and on stderr. */
    final List<String> warnings = new ArrayList<>();

    /** An observed or forecast value at a time. */
    record Observed(double value, Instant at) {}

    /** A seasonal peak: which hour or day, its mean level (at the trend's current level) and its ratio to the overall mean. */
    record Peak(String label, double level, double overall) {
        double percentAbove() {
            return overall > 0 ? (level / overall - 1) * 100 : Double.NaN;
        }
    }

    /** When a level is crossed. */
    sealed interface Crossing {
        /** The recent history's peak is at or above it already. */
        record Already(Observed peak) implements Crossing {}

        /** The forecast first reaches it at this step (a daily peak, when there is a daily cycle). */
        record At(Observed first) implements Crossing {}

        /** Not within the lookahead: {@code extrapolated} is when the trend would reach it, or null with {@code why}. */
        record Beyond(Instant extrapolated, String why) implements Crossing {}
    }

    /**
     * @param history the lookback, regular (the caller resamples and cuts it)
     * @param horizon steps of the lookahead, at least one
     */
    PlanAnalysis(RegularSeries history, int horizon, ZoneId zone) {
        this.history = history;
        this.zone = zone;
        this.n = history.size();
        this.horizon = horizon;
        this.stepMillis = history.stepMillis();
        int perDay = history.seasons().daily();
        this.daily = perDay > 1 && n >= TrendFit.minimumLength(perDay);
        if (n < TrendFit.minimumLength(0)) {
            throw new IllegalArgumentException("has " + n + " step" + (n == 1 ? "" : "s") + " of " + PlanText.span(history.step())
                    + " in the lookback; a plan needs at least " + TrendFit.minimumLength(0) + " to fit a trend");
        }
        if (!daily) {
            notes.add(perDay > 1 ? "The lookback holds " + PlanText.span(Duration.ofMillis(n * stepMillis)) + ", less than two days: no daily profile is "
                    + "fitted, so the forecast is the trend plus the spread around it, and daily peaks are not separated from the trend."
                    : "The history's step (" + PlanText.span(history.step()) + ") does not divide a day: no daily profile is fitted.");
        }
        this.fit = TrendFit.of(history, daily ? perDay : 0);
        double[] residuals = new double[n];
        int c = 0;
        boolean nonNegative = true;
        for (int i = 0; i < n; i++) {
            if (!history.observed(i)) continue;
            residuals[c++] = history.value(i) - fit.value(i);
            nonNegative &= history.value(i) >= 0;
        }
        Arrays.sort(residuals, 0, c);
        q10 = quantile(residuals, c, 0.1);
        q50 = quantile(residuals, c, 0.5);
        q90 = quantile(residuals, c, 0.9);
        slopeInterval = SlopeInterval.of(history.values(), daily ? perDay : 0);
        pivot = (n - 1) / 2.0;
        double[] p10 = new double[horizon], p50 = new double[horizon], p90 = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            long t = n + (long) k;
            double v = fit.value(t);
            p10[k] = v + q50 - below(t);
            p50[k] = v + q50;
            p90[k] = v + q50 + above(t);
            if (nonNegative) {
                p10[k] = Math.max(0, p10[k]);
                p50[k] = Math.max(0, p50[k]);
                p90[k] = Math.max(0, p90[k]);
            }
        }
        long start = history.timeMillis(n - 1) + stepMillis;
        forecast = new Forecast("robust trend" + (daily ? " + daily profile" : ""), start, stepMillis, p10, p50, p90, List.of(), List.of(), List.of());
        recentPeak = recentPeak();
        forecastPeak50 = peak(p50);
        forecastPeak90 = peak(p90);
        peakHour = peakHour();
        peakDay = peakDay();
        warnings.addAll(warnings());
    }

    /**
     * How far p90 lies above p50 at step {@code t} (counted from the lookback's first): the residuals' spread
     * {@code q90 - q50} and the slope's {@code up x (t - pivot)}, combined as independent errors, root of the sum of
     * squares (for normal errors the 90th percentile of a sum is exactly that). At the pivot it is the residuals' spread
     * alone; it grows about linearly with the distance from there.
     */
    double above(long t) {
        return Math.hypot(q90 - q50, slopeInterval.up() * (t - pivot));
    }

    /** How far p10 lies below p50 at step {@code t}: as {@link #above}, with {@code q50 - q10} and the slope's {@code down}. */
    double below(long t) {
        return Math.hypot(q50 - q10, slopeInterval.down() * (t - pivot));
    }

    /**
     * Under a day of history the slope is read across part of one daily cycle (pairs half the lookback apart), so a
     * morning rise or an evening fall is taken for growth and extended over the lookahead. The plan warns rather than
     * refuses: the current state and the sizing at the observed peak still hold, only growth, runway and the forecast
     * do not.
     */
    private List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (n * stepMillis < DAY) {
            out.add("The lookback holds only " + PlanText.span(lookback()) + ", less than one day (one season of the daily cycle): growth, runway and "
                    + "the forecast extend part of one daily cycle as if it were a trend and cannot be trusted. Plan on a day of history or more.");
        }
        if (forecastPeak90.value() < recentPeak.value()) {
            out.add("The p90 forecast peak, " + PlanText.number(forecastPeak90.value()) + ", is below the observed peak of the last day, "
                    + PlanText.number(recentPeak.value()) + " at " + PlanText.time(recentPeak.at(), zone) + ": the trend falls, or the fit misses the "
                    + "peak; size for the observed peak at least.");
        }
        return out;
    }

    /** Steps in a day (at least one). */
    double stepsPerDay() {
        return (double) DAY / stepMillis;
    }

    /** The trend's level at the end of the history, without the daily shape. */
    double levelNow() {
        return fit.level(n - 1);
    }

    double growthPerDay() {
        return fit.slopePerStep() * stepsPerDay();
    }

    /** Growth in percent of the current level, or NaN when that level is not above zero. */
    double growthPercent(double perPeriod) {
        double level = levelNow();
        return level > 0 ? perPeriod / level * 100 : Double.NaN;
    }

    /** Whether the trend is flat: less than a millionth of the level (or of 1) per day. */
    boolean flat() {
        return Math.abs(growthPerDay()) < 1e-6 * Math.max(1, Math.abs(levelNow()));
    }

    Duration lookback() {
        return Duration.ofMillis(n * stepMillis);
    }

    Instant end() {
        return Instant.ofEpochMilli(history.timeMillis(n - 1) + stepMillis);
    }

    /** When the p50 (upper false) or p90 (upper true) forecast first reaches {@code level}. */
    Crossing crossing(double level, boolean upper) {
        if (recentPeak.value() >= level) return new Crossing.Already(recentPeak);
        double[] band = upper ? forecast.p90() : forecast.p50();
        for (int k = 0; k < band.length; k++) {
            if (band[k] >= level) return new Crossing.At(new Observed(band[k], forecast.time(k)));
        }
        if (flat() || fit.slopePerStep() <= 0) {
            return new Crossing.Beyond(null, flat() ? "the trend is flat" : "the trend is falling");
        }
        // Past the lookahead the forecast's daily peak rises with the trend: the level plus the profile's peak plus the
        // band's offset there, which rises too (p90's faster than p50's), so the first step it reaches the level is found
        // by bisection over the ten years allowed.
        double profilePeak = Arrays.stream(fit.dailyProfile()).max().orElse(0);
        long last = n + (long) horizon - 1;
        long limit = last + (long) Math.ceil(MAX_EXTRAPOLATION.toMillis() / (double) stepMillis);
        java.util.function.LongToDoubleFunction peakAt = t -> fit.level(t) + profilePeak + q50 + (upper ? above(t) : 0);
        if (peakAt.applyAsDouble(limit) < level) return new Crossing.Beyond(null, "not within ten years at this trend");
        if (peakAt.applyAsDouble(last) >= level) return new Crossing.Beyond(forecast.time(horizon - 1), "extrapolated");
        long lo = last, hi = limit;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (peakAt.applyAsDouble(mid) >= level) hi = mid;
            else lo = mid;
        }
        return new Crossing.Beyond(Instant.ofEpochMilli(forecast.startMillis() + (hi - n) * stepMillis), "extrapolated");
    }

    private Observed recentPeak() {
        int from = (int) Math.max(0, n - Math.max(1, Math.round(stepsPerDay())));
        Observed best = null;
        for (int i = from; i < n; i++) {
            if (history.observed(i) && (best == null || history.value(i) > best.value())) {
                best = new Observed(history.value(i), Instant.ofEpochMilli(history.timeMillis(i)));
            }
        }
        return best != null ? best : new Observed(history.value(n - 1), Instant.ofEpochMilli(history.timeMillis(n - 1)));
    }

    private Observed peak(double[] band) {
        int best = 0;
        for (int k = 1; k < band.length; k++) if (band[k] > band[best]) best = k;
        return new Observed(band[best], forecast.time(best));
    }

    /** The hour of day with the highest mean (detrended to the current level); null with a note when it cannot be said. */
    private Peak peakHour() {
        if (stepMillis > HOUR || HOUR % stepMillis != 0) {
            notes.add("Peak hour not computed: the history's step (" + PlanText.span(history.step()) + ") does not resolve hours.");
            return null;
        }
        if (n * stepMillis < DAY) {
            notes.add("Peak hour not computed: the lookback holds " + PlanText.span(lookback()) + ", less than a day.");
            return null;
        }
        return seasonalPeak(24, t -> t.getHour(), h -> String.format(Locale.ROOT, "%02d:00-%02d:00", h, (h + 1) % 24));
    }

    private Peak peakDay() {
        if (stepMillis > DAY || DAY % stepMillis != 0) {
            notes.add("Peak day of week not computed: the history's step (" + PlanText.span(history.step()) + ") does not resolve days.");
            return null;
        }
        if (n * stepMillis < 7 * DAY) {
            notes.add("Peak day of week not computed: the lookback holds " + PlanText.span(lookback()) + ", less than a week.");
            return null;
        }
        if (n * stepMillis < 14 * DAY) {
            notes.add("Peak day of week from one week only: each day of the week is seen once, so a one-off busy day can look like a weekly peak.");
        }
        return seasonalPeak(7, t -> t.getDayOfWeek().getValue() - 1, d -> DayOfWeek.of(d + 1).getDisplayName(TextStyle.FULL, Locale.ENGLISH));
    }

    private Peak seasonalPeak(int buckets, java.util.function.ToIntFunction<ZonedDateTime> bucketOf, java.util.function.IntFunction<String> label) {
        double[] sum = new double[buckets];
        int[] count = new int[buckets];
        double total = 0;
        int all = 0;
        for (int i = 0; i < n; i++) {
            if (!history.observed(i)) continue;
            // at the current level: the trend since this step added back, so growth does not favour the latest hours
            double v = history.value(i) + fit.slopePerStep() * (n - 1 - i);
            int b = bucketOf.applyAsInt(Instant.ofEpochMilli(history.timeMillis(i)).atZone(zone));
            sum[b] += v;
            count[b]++;
            total += v;
            all++;
        }
        int best = -1;
        for (int b = 0; b < buckets; b++) {
            if (count[b] > 0 && (best < 0 || sum[b] / count[b] > sum[best] / count[best])) best = b;
        }
        return best < 0 ? null : new Peak(label.apply(best), sum[best] / count[best], total / all);
    }

    /** The {@code p} quantile of sorted {@code x[0, n)}, linearly interpolated (0 for none). */
    static double quantile(double[] x, int n, double p) {
        if (n == 0) return 0;
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(n - 1, lo + 1);
        return x[lo] + (h - lo) * (x[hi] - x[lo]);
    }
}
