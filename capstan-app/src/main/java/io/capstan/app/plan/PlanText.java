package io.capstan.app.plan;

import io.capstan.core.model.Durations;
import io.capstan.core.model.Numbers;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How plan numbers, dates and spans read in the report: whole from 100 up, two decimals below. */
final class PlanText {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT);

    private PlanText() {}

    /** Whole from 1000 up, four significant digits below (581.5, 107.1, 8.988 shown as 8.99). */
    static String number(double v) {
        if (!Double.isFinite(v) || v == 0) return Numbers.format(v);
        if (Math.abs(v) >= 1000) return Numbers.format(Math.rint(v));
        return Numbers.format(new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue());
    }

    static String percent(double v) {
        return number(v) + " %";
    }

    static String signed(double v) {
        return (v > 0 ? "+" : "") + number(v);
    }

    static String time(Instant t, ZoneId zone) {
        return DAY.format(t.atZone(zone)) + (zone.getId().equals("UTC") || zone.getId().equals("Z") ? " UTC" : " " + zone.getId());
    }

    static String month(Instant t, ZoneId zone) {
        return MONTH.format(t.atZone(zone));
    }

    /**
     * A span in days (one decimal below ten days), in months from 60 days up, and under a day as the project's durations
     * ("5m", "6h"), not fractional hours: "12.5 days", "4.1 months", "15m".
     */
    static String span(Duration d) {
        double days = d.toMillis() / 86_400_000.0;
        if (days >= 60) return String.format(Locale.ROOT, "%.1f months", days / PlanAnalysis.DAYS_PER_MONTH);
        if (days >= 10) return Math.round(days) + " days";
        if (days >= 1) return String.format(Locale.ROOT, "%.1f days", days);
        return Durations.format(d);
    }
}
