package io.capstan.app.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Date ticks that fit the span: the smallest calendar interval (seconds to decades) giving at most
 * the asked number of ticks, aligned to that unit in UTC (months to month starts, weeks to Mondays,
 * years to multiples), labelled with just enough of the date to tell them apart.
 */
final class TimeTicks {
    private TimeTicks() {}

    record Tick(long at, String label) {}

    private enum Unit { SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, YEAR }

    private record Interval(Unit unit, long n) {
        long approxMillis() {
            return switch (unit) {
                case SECOND -> n * 1_000L;
                case MINUTE -> n * 60_000L;
                case HOUR -> n * 3_600_000L;
                case DAY -> n * 86_400_000L;
                case WEEK -> n * 7 * 86_400_000L;
                case MONTH -> n * 2_629_746_000L;
                case YEAR -> n * 31_556_952_000L;
            };
        }
    }

    private static final List<Interval> CANDIDATES = candidates();

    private static List<Interval> candidates() {
        List<Interval> out = new ArrayList<>();
        for (long n : new long[] {1, 5, 15, 30}) out.add(new Interval(Unit.SECOND, n));
        for (long n : new long[] {1, 2, 5, 10, 15, 30}) out.add(new Interval(Unit.MINUTE, n));
        for (long n : new long[] {1, 2, 3, 6, 12}) out.add(new Interval(Unit.HOUR, n));
        for (long n : new long[] {1, 2}) out.add(new Interval(Unit.DAY, n));
        for (long n : new long[] {1, 2}) out.add(new Interval(Unit.WEEK, n));
        for (long n : new long[] {1, 2, 3, 6}) out.add(new Interval(Unit.MONTH, n));
        for (long n = 1; n <= 100_000_000L; n *= 10) {
            out.add(new Interval(Unit.YEAR, n));
            out.add(new Interval(Unit.YEAR, 2 * n));
            out.add(new Interval(Unit.YEAR, 5 * n));
        }
        return List.copyOf(out);
    }

    /** At most {@code maxTicks} ticks within [from, to], in increasing order with distinct labels. */
    static List<Tick> of(long from, long to, int maxTicks) {
        if (to <= from) return List.of(new Tick(from, format(from, new Interval(Unit.MINUTE, 1), false)));
        for (Interval c : CANDIDATES) {
            // Cheap guard before counting exactly: calendar units vary in length, so allow one more.
            if ((to - from) / c.approxMillis() > maxTicks + 1) continue;
            List<Long> at = ticks(from, to, c);
            if (at.size() > maxTicks) continue;
            boolean dayChanges = day(from) != day(to);
            List<Tick> out = new ArrayList<>(at.size());
            // Within one day the first tick still names the day.
            for (long t : at) out.add(new Tick(t, format(t, c, dayChanges || out.isEmpty())));
            return out;
        }
        return List.of();
    }

    private static long day(long t) {
        return Math.floorDiv(t, 86_400_000L);
    }

    private static List<Long> ticks(long from, long to, Interval c) {
        List<Long> out = new ArrayList<>();
        LocalDateTime start = LocalDateTime.ofInstant(Instant.ofEpochMilli(from), ZoneOffset.UTC);
        LocalDateTime t = switch (c.unit) {
            case SECOND -> start.truncatedTo(ChronoUnit.MINUTES).plusSeconds(start.getSecond() / c.n * c.n);
            case MINUTE -> start.truncatedTo(ChronoUnit.HOURS).plusMinutes(start.getMinute() / c.n * c.n);
            case HOUR -> start.truncatedTo(ChronoUnit.DAYS).plusHours(start.getHour() / c.n * c.n);
            case DAY -> start.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> start.toLocalDate().minusDays(start.getDayOfWeek().getValue() - 1L).atStartOfDay();
            case MONTH -> LocalDate.of(start.getYear(), (int) ((start.getMonthValue() - 1) / c.n * c.n + 1), 1).atStartOfDay();
            case YEAR -> LocalDate.of((int) Math.floorDiv(start.getYear(), c.n) * (int) c.n, 1, 1).atStartOfDay();
        };
        while (true) {
            long ms = t.toInstant(ZoneOffset.UTC).toEpochMilli();
            if (ms > to) break;
            if (ms >= from) out.add(ms);
            t = switch (c.unit) {
                case SECOND -> t.plusSeconds(c.n);
                case MINUTE -> t.plusMinutes(c.n);
                case HOUR -> t.plusHours(c.n);
                case DAY -> t.plusDays(c.n);
                case WEEK -> t.plusWeeks(c.n);
                case MONTH -> t.plusMonths(c.n);
                case YEAR -> t.plusYears(c.n);
            };
        }
        return out;
    }

    private static String format(long t, Interval c, boolean dayChanges) {
        String pattern = switch (c.unit) {
            case SECOND -> dayChanges ? "MMM d HH:mm:ss" : "HH:mm:ss";
            case MINUTE, HOUR -> dayChanges ? "MMM d HH:mm" : "HH:mm";
            case DAY, WEEK -> "MMM d";
            case MONTH -> "MMM yyyy";
            case YEAR -> "yyyy";
        };
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(t));
    }
}
