package io.capstan.app.config;

import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;
import io.capstan.core.policy.Cron;
import io.capstan.core.policy.SchedulePolicy;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code schedule}: recurring (cron) and one-off (start, end) periods that set min, max or desired. */
final class ScheduleReader extends ReaderBase {
    private static final Type<Node> ANY = Types.any("a value");
    static final Field<String> NAME = Field.required("name", PolicyTypes.TEXT, "the schedule entry's name");
    static final Field<String> CRON = Field.optional("cron", PolicyTypes.TEXT, "a five-field cron: a recurring period starts when it fires");
    static final Field<Node> START = Field.optional("start", ANY, "when the window opens, e.g. 2026-03-10T09:30");
    static final Field<Node> END = Field.optional("end", ANY, "when the window closes, e.g. 2026-03-10T14:00");
    static final Field<Node> TIME_ZONE = Field.optional("timeZone", ANY, "a region (Europe/Berlin) or offset (+01:00); default UTC");
    static final Field<Duration> DURATION = Field.optional("duration", PolicyTypes.POSITIVE_DURATION, "how long a recurring period lasts");
    static final Field<Integer> MIN = Field.optional("min", PolicyTypes.NON_NEGATIVE_WHOLE, "a floor while the period lasts");
    static final Field<Integer> MAX = Field.optional("max", PolicyTypes.NON_NEGATIVE_WHOLE, "a ceiling while the period lasts");
    static final Field<Integer> DESIRED = Field.optional("desired", PolicyTypes.NON_NEGATIVE_WHOLE, "the count while the period lasts");
    static final Field<Integer> SET = Field.optional("set", PolicyTypes.NON_NEGATIVE_WHOLE,
            "set the count when the period starts, then hand back to the other policies");
    static final Schema ENTRY = Schema.of("a schedule entry {name, cron, timeZone, duration | start, end, timeZone; min, max, desired, set}",
            NAME, CRON, START, END, TIME_ZONE, DURATION, MIN, MAX, DESIRED, SET);

    /** The max of the target being read: min, desired and set above it could never hold. */
    int targetMax = Integer.MAX_VALUE;

    ScheduleReader(Problems problems, List<String> lines) {
        super(problems, lines);
    }

    SchedulePolicy schedule(Node node, String path, String name) {
        policyName = name;
        Node.Sequence seq = sequence(node, path, "a list of schedule entries");
        if (seq == null) return null;
        if (seq.items().isEmpty()) {
            problems.add(seq, path, "expected at least one schedule entry, found an empty list");
            return null;
        }
        int before = problems.count();
        List<SchedulePolicy.Entry> entries = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            SchedulePolicy.Entry e = scheduleEntry(seq.items().get(i), item(path, i), names);
            if (e != null) entries.add(e);
        }
        if (problems.count() > before || name == null) return null;
        return build(node, path, () -> new SchedulePolicy(name, entries));
    }

    SchedulePolicy.Entry scheduleEntry(Node node, String path, Map<String, Node> names) {
        int before = problems.count();
        Fields f = fields(node, path, ENTRY);
        if (f == null) return null;
        String name = name(f, names, "schedule entry");
        ZoneId zone = ZoneOffset.UTC;
        if (f.has("timeZone")) zone = zone(f.get("timeZone"), f.path("timeZone"));
        Integer min = f.value(MIN);
        Integer max = f.value(MAX);
        Integer desired = f.value(DESIRED);
        Integer set = f.value(SET);
        for (Field<Integer> count : List.of(MIN, DESIRED, SET)) {
            Integer v = f.value(count);
            if (v != null && v > targetMax) {
                problems.add(f.get(count.name()), f.path(count.name()), count.name() + " " + v + " is above the target's max " + targetMax
                        + " (replicas.max bounds every count a schedule sets)");
            }
        }
        if (!f.has("min") && !f.has("max") && !f.has("desired") && !f.has("set")) {
            problems.add(node, path, "a schedule entry must set at least one of min, max, desired, set");
        }
        SchedulePolicy.Setting setting = problems.count() > before ? null : build(node, path, () -> new SchedulePolicy.Setting(min, max, desired, set));
        boolean recurring = f.has("cron");
        boolean window = f.has("start") || f.has("end");
        if (recurring && window) {
            Node.Entry s = f.entry(f.has("start") ? "start" : "end");
            problems.add(s.line(), s.column(), path, "an entry is either recurring (cron) or a one-off window (start, end), found both");
            return null;
        }
        if (!recurring && !window) {
            problems.add(node, path, "expected cron (a recurring period) or start and end (a one-off window), found neither");
            return null;
        }
        if (recurring) {
            Cron cron = null;
            String cronText = f.value(CRON);
            if (cronText != null) {
                try {
                    cron = Cron.parse(cronText);
                    if (!cron.everFires()) {
                        problems.warn(f.get("cron"), "cron '" + cronText + "' never fires: none of its months has the day of the month it"
                                + " names, so this entry never applies");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(f.get("cron"), f.path("cron"), e.getMessage());
                }
            }
            Duration duration = f.value(DURATION);
            if (problems.count() > before) return null;
            Cron c = cron;
            ZoneId z = zone;
            return setEntry(node, build(node, path, () -> new SchedulePolicy.Recurring(name, c, z, duration, setting)));
        }
        if (f.has("duration")) {
            Node.Entry d = f.entry("duration");
            problems.add(d.line(), d.column(), f.path("duration"), "duration belongs to cron entries; a window lasts from its start to its end");
        }
        Node startNode = f.required("start", "when the window opens, e.g. 2026-03-10T09:30");
        Node endNode = f.required("end", "when the window closes, e.g. 2026-03-10T14:00");
        Instant start = startNode == null || zone == null ? null : instant(startNode, f.path("start"), zone);
        Instant end = endNode == null || zone == null ? null : instant(endNode, f.path("end"), zone);
        if (start != null && end != null && !end.isAfter(start)) {
            problems.add(endNode, f.path("end"), "end " + end + " is not after start " + start + gapNote(startNode, zone) + gapNote(endNode, zone));
        }
        if (problems.count() > before) return null;
        return setEntry(node, build(node, path, () -> new SchedulePolicy.Window(name, start, end, setting)));
    }

    // ---------------------------------------------------------------- set entries that fire together

    /**
     * Where coinciding firings are looked for: local days from 2000 to 2099. Every arrangement of weekdays, month days
     * and leap days occurs within 28 years of it, and it spans the time-zone rules of any trace or live run; the check
     * is exact within it (see {@link Cron#firstCommonFire}).
     */
    static final LocalDate SEARCH_FROM = LocalDate.of(2000, 1, 1);
    static final LocalDate SEARCH_UNTIL = LocalDate.of(2100, 1, 1);

    private record SetEntry(String policy, SchedulePolicy.Entry entry, Node node) {}

    /** The target's set entries so far, in file order; {@link #startTarget} clears them. */
    private final List<SetEntry> setEntries = new ArrayList<>();
    /** The name of the schedule policy being read. */
    private String policyName;

    /** A new target: its max, and no set entries yet. */
    void startTarget(int max) {
        targetMax = max;
        setEntries.clear();
    }

    private SchedulePolicy.Entry setEntry(Node node, SchedulePolicy.Entry e) {
        if (e != null && e.setting().set() != null && policyName != null) setEntries.add(new SetEntry(policyName, e, node));
        return e;
    }

    /**
     * Two set entries of a target (in one schedule policy or two) that fire at the same instant with different
     * counts: at run time the first in the file would act and the other never would, so it is an error at the later
     * one. Entries setting the same count agree, whichever acts.
     */
    void checkSetCollisions() {
        for (int j = 1; j < setEntries.size(); j++) {
            for (int i = 0; i < j; i++) {
                SetEntry first = setEntries.get(i);
                SetEntry second = setEntries.get(j);
                if (first.entry().setting().set().equals(second.entry().setting().set())) continue;
                Instant both = commonFire(first.entry(), second.entry());
                if (both == null) continue;
                problems.add(second.node(), second.node().path(), "set entry " + describe(second) + " fires at " + both + " together with "
                        + describe(first) + " (line " + first.node().line() + "), which sets " + first.entry().setting().set() + " instead of "
                        + second.entry().setting().set() + ": only the first in the file would act; change a cron or a start so that"
                        + " they never fire at the same instant");
                break;
            }
        }
    }

    private static String describe(SetEntry e) {
        return "'" + e.entry().name() + "' of schedule " + e.policy();
    }

    /** An instant both entries fire at (a cron's firing, a window's start), or null when they never do. */
    static Instant commonFire(SchedulePolicy.Entry a, SchedulePolicy.Entry b) {
        return switch (a) {
            case SchedulePolicy.Window w when b instanceof SchedulePolicy.Window v -> w.start().equals(v.start()) ? w.start() : null;
            case SchedulePolicy.Window w when b instanceof SchedulePolicy.Recurring r -> r.cron().firesAt(w.start(), r.zone()) ? w.start() : null;
            case SchedulePolicy.Recurring r when b instanceof SchedulePolicy.Window w -> r.cron().firesAt(w.start(), r.zone()) ? w.start() : null;
            case SchedulePolicy.Recurring r when b instanceof SchedulePolicy.Recurring q ->
                    Cron.firstCommonFire(r.cron(), r.zone(), q.cron(), q.zone(), SEARCH_FROM, SEARCH_UNTIL);
            default -> null;
        };
    }

    ZoneId zone(Node node, String path) {
        String text = text(node);
        if (text == null) return null;
        String shortId = ZoneId.SHORT_IDS.get(text);
        if (shortId != null) {
            // EST, PST...: the JDK's old three-letter ids. Accepted, but say what they mean: EST is -05:00 all year
            // (a fixed offset, or America/Panama in newer JDKs), not New York's time, which people who write it usually want.
            ZoneId zone = ZoneId.of(shortId);
            java.time.zone.ZoneRules rules = zone.getRules();
            Instant winter = Instant.parse("2026-01-15T12:00:00Z");
            Instant summer = Instant.parse("2026-07-15T12:00:00Z");
            String region = REGION_FOR.get(text);
            problems.warn(node, region != null && rules.getOffset(winter).equals(rules.getOffset(summer))
                    ? "'" + text + "' is read as " + shortId + ", UTC" + rules.getOffset(winter) + " all year without daylight saving; write "
                    + region + " for local time with daylight saving, or " + shortId + " to keep this"
                    : "'" + text + "' is an abbreviation, read as " + shortId + "; write " + shortId + " instead");
            return zone;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            problems.add(node, path, "unknown time zone '" + text + "', expected a region such as Europe/Berlin or an offset such as +01:00"
                    + NearMiss.suggestion(text, ZoneId.getAvailableZoneIds()));
            return null;
        }
    }

    /** The region people mean by the JDK's fixed-offset short ids. */
    private static final Map<String, String> REGION_FOR = Map.of("EST", "America/New_York", "MST", "America/Denver",
            "HST", "Pacific/Honolulu");

    /** Why a local time moved: it falls in a daylight saving gap of the zone, which shifts it forward by the gap. */
    private String gapNote(Node node, ZoneId zone) {
        String text = node instanceof Node.Scalar s ? s.text() : null;
        try {
            LocalDateTime local = LocalDateTime.parse(text);
            if (!zone.getRules().getValidOffsets(local).isEmpty()) return "";
            return "; " + text + " does not exist in " + zone + " (the clocks skip it for daylight saving time), so it reads as "
                    + local.atZone(zone).toLocalDateTime();
        } catch (DateTimeParseException | NullPointerException e) {
            return "";
        }
    }

    /** An ISO date-time: with an offset or Z it is absolute, without one it is local to the entry's time zone. */
    Instant instant(Node node, String path, ZoneId zone) {
        String text = text(node);
        if (text == null) return null;
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // not absolute; try local
        }
        try {
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(node, path, "expected a date-time such as 2026-03-10T09:30 (in the entry's timeZone) or 2026-03-10T08:30:00Z, found '" + text + "'");
            return null;
        }
    }
}
