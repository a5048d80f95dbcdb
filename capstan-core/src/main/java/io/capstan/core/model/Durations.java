package io.capstan.core.model;

import java.time.Duration;

/** Durations as the policy language writes them: 90s, 5m, 1h30m, 2d. */
public final class Durations {
    private static final String[] SECONDS = new String[60];
    private static final String[] MINUTES = new String[60];

    static {
        for (int i = 1; i < 60; i++) {
            SECONDS[i] = i + "s";
            MINUTES[i] = i + "m";
        }
    }

    /**
     * The longest duration the language accepts, for every window, sustain, cooldown, stabilization
     * window, schedule duration and simulation step: a year and a day covers yearly patterns, and
     * anything longer is a typo that would otherwise overflow instant arithmetic downstream.
     */
    public static final Duration MAX = Duration.ofDays(366);
    private static final double TOO_LONG_MILLIS = MAX.toMillis();

    private Durations() {}

    /** Parses "500ms", "30s", "5m", "1h30m", "2d" or a plain number of seconds. */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) throw new IllegalArgumentException("empty duration");
        if (s.chars().allMatch(Character::isDigit)) {
            long seconds = s.length() > 9 ? Long.MAX_VALUE : Long.parseLong(s);
            if (seconds > MAX.toSeconds()) throw tooLong(s);
            return Duration.ofSeconds(seconds);
        }
        Duration total = Duration.ZERO;
        int i = 0;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            if (start == i) throw new IllegalArgumentException("bad duration '" + text + "', expected forms like 90s, 5m, 1h30m, 2d");
            double n = Double.parseDouble(s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
            String unit = s.substring(unitStart, i);
            double millis = switch (unit) {
                case "ms" -> n;
                case "s" -> n * 1_000;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                case "d" -> n * 86_400_000;
                case "w" -> n * 7 * 86_400_000;
                default -> throw new IllegalArgumentException("bad duration unit '" + unit + "' in '" + text + "', expected ms, s, m, h, d or w");
            };
            // checked before rounding: Math.round would clamp silently at Long.MAX_VALUE milliseconds
            if (millis > TOO_LONG_MILLIS || total.toMillis() + millis > TOO_LONG_MILLIS) throw tooLong(s);
            total = total.plusMillis(Math.round(millis));
            any = true;
        }
        if (!any) throw new IllegalArgumentException("bad duration '" + text + "'");
        return total;
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("duration " + text + " is longer than the maximum of " + format(MAX));
    }

    /** The shortest policy-language spelling: 300s -> 5m, 5400s -> 1h30m. */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        // windows and sustain durations are whole seconds or minutes; explanations print them on every evaluation
        if (d.getNano() == 0) {
            long s = d.getSeconds();
            if (s > 0 && s < 60) return SECONDS[(int) s];
            if (s > 0 && s < 3600 && s % 60 == 0) return MINUTES[(int) (s / 60)];
        }
        StringBuilder sb = new StringBuilder();
        if (d.isNegative()) { sb.append('-'); d = d.negated(); }
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        long seconds = d.toSecondsPart();
        long millis = d.toMillisPart();
        if (days > 0) sb.append(days).append('d');
        if (hours > 0) sb.append(hours).append('h');
        if (minutes > 0) sb.append(minutes).append('m');
        if (seconds > 0) sb.append(seconds).append('s');
        if (millis > 0) sb.append(millis).append("ms");
        return sb.toString();
    }
}
