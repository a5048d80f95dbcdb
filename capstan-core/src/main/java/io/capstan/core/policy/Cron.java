package io.capstan.core.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) with lists, ranges,
 * steps and names (JAN-DEC, SUN-SAT; 0 and 7 are Sunday). As in Vixie cron, when both day fields
 * are restricted a day matches if either does. Evaluated in a time zone, so "0 8 * * 1-5" in
 * Europe/Berlin fires at 08:00 local time across daylight-saving changes.
 */
public final class Cron {
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    /** How far back {@link #previousFire} looks: far enough for any yearly expression. */
    private static final int MAX_DAYS_BACK = 366 * 4 + 1;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private Cron(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek,
                 boolean domRestricted, boolean dowRestricted) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    /** @throws IllegalArgumentException naming every wrong field and what was expected there, separated by "; " */
    public static Cron parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("cron '" + text + "' has " + f.length
                    + " fields, expected 5: minute hour day-of-month month day-of-week");
        }
        // every field is checked, so one message names every mistake rather than the first
        StringBuilder errors = new StringBuilder();
        BitSet minutes = checked(f[0], 0, 59, null, "minute", errors);
        BitSet hours = checked(f[1], 0, 23, null, "hour", errors);
        BitSet dom = checked(f[2], 1, 31, null, "day-of-month", errors);
        BitSet months = checked(f[3], 1, 12, MONTHS, "month", errors);
        BitSet dow = checked(f[4], 0, 7, DAYS, "day-of-week", errors);
        if (!errors.isEmpty()) throw new IllegalArgumentException(errors.toString());
        if (dow.get(7)) { dow.set(0); dow.clear(7); }
        return new Cron(text.trim(), minutes, hours, dom, months, dow,
                !f[2].equals("*") && !f[2].equals("?"), !f[4].equals("*") && !f[4].equals("?"));
    }

    private static BitSet checked(String spec, int min, int max, String[] names, String what, StringBuilder errors) {
        try {
            return field(spec, min, max, names, what);
        } catch (IllegalArgumentException e) {
            if (!errors.isEmpty()) errors.append("; ");
            errors.append(e.getMessage());
            return null;
        }
    }

    /**
     * False when no date matches: a day of the month that none of the chosen months has ({@code 0 0 31 2 *}, or
     * {@code 30 2}). February counts its 29th. When the day of the week is restricted too, either day field may
     * match (Vixie cron), so such an expression always fires.
     */
    public boolean everFires() {
        if (!domRestricted || dowRestricted) return true;
        int[] longest = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        for (int m = months.nextSetBit(1); m >= 0; m = months.nextSetBit(m + 1)) {
            int firstDay = daysOfMonth.nextSetBit(1);
            if (firstDay >= 0 && firstDay <= longest[m - 1]) return true;
        }
        return false;
    }

    private static BitSet field(String spec, int min, int max, String[] names, String what) {
        boolean anyDay = what.equals("day-of-month") || what.equals("day-of-week");
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",", -1)) {
            if (part.isEmpty()) throw new IllegalArgumentException("empty list item in cron " + what + " field '" + spec + "'");
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max - min + 1, null, what, spec);
            }
            int lo;
            int hi;
            if (range.equals("?") && !anyDay) {
                // ? means "any day" as in Quartz: only the two day fields take it
                throw new IllegalArgumentException("cron " + what + " field '" + spec + "': ? (any day) belongs to the day-of-month and"
                        + " day-of-week fields, not the " + what + " field; write *");
            }
            if (range.equals("*") || range.equals("?")) {
                lo = min;
                hi = max;
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    lo = number(range.substring(0, dash), min, max, names, what, spec);
                    hi = number(range.substring(dash + 1), min, max, names, what, spec);
                    if (hi < lo) throw new IllegalArgumentException("cron " + what + " range '" + range + "' runs backwards");
                } else {
                    lo = number(range, min, max, names, what, spec);
                    hi = slash >= 0 ? max : lo;
                }
            }
            for (int v = lo; v <= hi; v += step) bits.set(v);
        }
        return bits;
    }

    private static int number(String s, int min, int max, String[] names, String what, String spec) {
        if (names != null) {
            String up = s.toUpperCase(Locale.ROOT);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(up)) return names == MONTHS ? i + 1 : i;
            }
        }
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron " + what + " field '" + spec + "': '" + s + "' is not a number"
                    + (names == null ? "" : " or a name"));
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("cron " + what + " field '" + spec + "': " + v + " is outside " + min + "-" + max);
        }
        return v;
    }

    /** The latest instant at or before {@code at} that this expression fires, or null if none within four years or since the year 1. */
    public Instant previousFire(Instant at, ZoneId zone) {
        LocalDateTime upTo = latestLocalTimeSeen(at, zone);
        LocalDate day = upTo.toLocalDate();
        LocalTime limit = upTo.toLocalTime();
        for (int back = 0; back < MAX_DAYS_BACK; back++, day = day.minusDays(1)) {
            // no calendar before the year 1: a firing there would print as year 0000
            if (day.getYear() < 1) return null;
            if (!matchesDay(day)) continue;
            int maxHour = back == 0 ? limit.getHour() : 23;
            for (int h = hours.previousSetBit(maxHour); h >= 0; h = hours.previousSetBit(h - 1)) {
                int maxMinute = back == 0 && h == limit.getHour() ? limit.getMinute() : 59;
                int m = minutes.previousSetBit(maxMinute);
                if (m < 0) continue;
                LocalDateTime local = LocalDateTime.of(day, LocalTime.of(h, m));
                // A local time skipped by a DST jump fires at the shifted instant, as cron daemons do.
                Instant fire = local.atZone(zone).toInstant();
                if (!fire.isAfter(at)) return fire;
            }
        }
        return null;
    }

    /**
     * Whether this expression fires at exactly {@code at}: the same firings {@link #previousFire} finds, in constant
     * time. A wall time fires at its first occurrence, and one a daylight-saving gap skips fires at the instant it
     * is shifted to.
     */
    public boolean firesAt(Instant at, ZoneId zone) {
        LocalDateTime wall = LocalDateTime.ofInstant(at, zone);
        if (fires(wall, at, zone)) return true;
        ZoneOffsetTransition t = zone.getRules().previousTransition(at.plusNanos(1));
        return t != null && t.isGap() && at.isBefore(t.getInstant().plus(t.getDuration())) && fires(wall.minus(t.getDuration()), at, zone);
    }

    private boolean fires(LocalDateTime local, Instant at, ZoneId zone) {
        return local.getSecond() == 0 && local.getNano() == 0 && minutes.get(local.getMinute()) && hours.get(local.getHour())
                && matchesDay(local.toLocalDate()) && local.atZone(zone).toInstant().equals(at);
    }

    /**
     * The first instant both expressions fire at, each in its own zone, among {@code a}'s firings on its local days
     * from {@code from} until (excluding) {@code until}; null when they never coincide there. Exact: every firing
     * of {@code a} is checked against {@code b}, but a day is worked out only once for each arrangement that decides
     * it (which of the days around it each expression matches, and each zone's offsets and transitions relative to
     * the day), so a century costs about a thousand distinct days, not a hundred thousand.
     */
    public static Instant firstCommonFire(Cron a, ZoneId zoneA, Cron b, ZoneId zoneB, LocalDate from, LocalDate until) {
        long[] changesA = transitions(zoneA, from, until);
        long[] changesB = transitions(zoneB, from, until);
        if (!a.utcMinutes(zoneA, changesA, from).intersects(b.utcMinutes(zoneB, changesB, from))) return null;
        java.util.Map<Object, Boolean> decided = new java.util.HashMap<>();
        for (LocalDate day = from; day.isBefore(until); day = day.plusDays(1)) {
            if (!a.matchesDay(day)) continue;
            Instant dayStart = day.atStartOfDay(zoneA).toInstant();
            long bDays = 0;
            for (int d = -2; d <= 2; d++) bDays = bDays << 1 | (b.matchesDay(day.plusDays(d)) ? 1 : 0);
            Object key;
            if (quiet(changesA, dayStart) && quiet(changesB, dayStart)) {
                // no clock change near the day: its offsets and b's days decide it
                key = (((long) zoneA.getRules().getOffset(dayStart).getTotalSeconds() + 64_800) * 129_601
                        + zoneB.getRules().getOffset(dayStart).getTotalSeconds() + 64_800) * 32 + bDays;
            } else {
                List<Object> k = new ArrayList<>();
                k.add(bDays);
                arrangement(zoneA, dayStart, k);
                arrangement(zoneB, dayStart, k);
                key = k;
            }
            if (Boolean.FALSE.equals(decided.get(key))) continue;
            Instant common = a.commonFireOn(day, zoneA, b, zoneB);
            if (common != null) return common;
            decided.put(key, false);
        }
        return null;
    }

    /** The zone's transitions (epoch seconds, ascending) from a few days before {@code from} until a few after {@code until}. */
    private static long[] transitions(ZoneId zone, LocalDate from, LocalDate until) {
        java.time.zone.ZoneRules rules = zone.getRules();
        Instant end = until.plusDays(4).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        List<Long> out = new ArrayList<>();
        for (ZoneOffsetTransition t = rules.nextTransition(from.minusDays(4).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
             t != null && t.getInstant().isBefore(end); t = rules.nextTransition(t.getInstant())) {
            out.add(t.getInstant().getEpochSecond());
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** No transition from two days before {@code dayStart} until three days after. */
    private static boolean quiet(long[] transitions, Instant dayStart) {
        long from = dayStart.getEpochSecond() - 2 * 86_400;
        int i = java.util.Arrays.binarySearch(transitions, from);
        if (i >= 0) return false;
        int next = -i - 1;
        return next >= transitions.length || transitions[next] >= dayStart.getEpochSecond() + 3 * 86_400;
    }

    /**
     * Every UTC minute of the day this expression can fire at, in any offset the zone has in the span: a firing at
     * local h:m is at UTC h:m less the offset in force (before the change, for a time a gap skips).
     */
    private BitSet utcMinutes(ZoneId zone, long[] transitions, LocalDate from) {
        java.util.Set<Integer> offsets = new java.util.HashSet<>();
        java.time.zone.ZoneRules rules = zone.getRules();
        offsets.add(rules.getOffset(from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()).getTotalSeconds() / 60);
        for (long t : transitions) {
            offsets.add(rules.getOffset(Instant.ofEpochSecond(t - 1)).getTotalSeconds() / 60);
            offsets.add(rules.getOffset(Instant.ofEpochSecond(t)).getTotalSeconds() / 60);
        }
        BitSet out = new BitSet(1440);
        for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
            for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                for (int o : offsets) out.set(Math.floorMod(h * 60 + m - o, 1440));
            }
        }
        return out;
    }

    /** A zone's offset two days before {@code dayStart} and its transitions until three days after, relative to it. */
    private static void arrangement(ZoneId zone, Instant dayStart, List<Object> key) {
        java.time.zone.ZoneRules rules = zone.getRules();
        Instant from = dayStart.minus(java.time.Duration.ofDays(2));
        Instant until = dayStart.plus(java.time.Duration.ofDays(3));
        key.add(rules.getOffset(from).getTotalSeconds());
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && t.getInstant().isBefore(until);
             t = rules.nextTransition(t.getInstant())) {
            key.add(java.time.Duration.between(dayStart, t.getInstant()).toSeconds());
            key.add(t.getOffsetAfter().getTotalSeconds());
        }
        key.add("|");
    }

    /** The first firing of this expression on local {@code day} that {@code other} also fires at, or null. */
    private Instant commonFireOn(LocalDate day, ZoneId zone, Cron other, ZoneId otherZone) {
        for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
            for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                Instant fire = LocalDateTime.of(day, LocalTime.of(h, m)).atZone(zone).toInstant();
                if (other.firesAt(fire, otherZone)) return fire;
            }
        }
        return null;
    }

    /**
     * The latest wall time that has occurred by {@code at}. In the repeated hour after a fall-back it is the end
     * of that hour, not the clock on the wall: a wall time that occurs twice fires once, at its first occurrence
     * (as cronie and Quartz do), so a firing keeps its identity while the hour repeats.
     */
    private static LocalDateTime latestLocalTimeSeen(Instant at, ZoneId zone) {
        LocalDateTime wall = LocalDateTime.ofInstant(at, zone);
        ZoneOffsetTransition t = zone.getRules().previousTransition(at.plusNanos(1));
        if (t != null && t.isOverlap() && wall.isBefore(t.getDateTimeBefore())) {
            return t.getDateTimeBefore().minusNanos(1);
        }
        return wall;
    }

    private boolean matchesDay(LocalDate d) {
        if (!months.get(d.getMonthValue())) return false;
        boolean dom = daysOfMonth.get(d.getDayOfMonth());
        boolean dow = daysOfWeek.get(d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
        if (domRestricted && dowRestricted) return dom || dow;
        return dom && dow;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cron c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
