package io.capstan.core.state;

import io.capstan.core.hpa.ScaleEvent;
import io.capstan.core.hpa.TimedRecommendation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link ScalingState} as text, one record a line, so a store can keep it in a text column and a person
 * can read it. The form (version 3):
 * <pre>
 * capstan-state 3
 * recommendation 2026-03-02T10:00:00Z 5
 * scale-up 2026-03-02T10:00:00Z 2
 * scale-down 2026-03-02T10:05:00Z 1 outdated
 * last-scale-out 2026-03-02T10:00:00Z
 * last-scale-in 2026-03-02T10:05:00Z
 * sustain 2026-03-02T09:58:00Z cpu-high: avg(cpu, 5m) &gt; 80 for 5m
 * action 2026-03-02T10:00:00Z enable-caching
 * scheduled 2026-03-02T08:00:00Z business-hours
 * </pre>
 * The first line names the version. Instants are ISO-8601 UTC. A clock's name (a sustain key, an action,
 * a schedule) is the rest of its line, with {@code \\}, newline and carriage return escaped as
 * {@code \\\\}, {@code \\n} and {@code \\r}. Blank lines and lines starting with {@code #} are skipped.
 * Lists keep their order; clocks are written sorted by name, so equal states encode to equal text.
 *
 * <p>Older versions read: version 1 has no {@code scheduled} records; versions 1 and 2 named sustain
 * clocks by their condition's position, which a reordered config would misapply, so their sustain clocks
 * are dropped (a condition held then starts its clock again: a later scale, never a wrong one). A newer
 * version than this code writes is refused. Anything unreadable is a {@link StateFormatException} naming
 * the line and column.
 */
public final class StateCodec {
    private StateCodec() {}

    static final String HEADER = "capstan-state";

    public static String encode(ScalingState s) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(HEADER).append(' ').append(ScalingState.CURRENT_VERSION).append('\n');
        for (TimedRecommendation r : s.recommendations()) sb.append("recommendation ").append(r.at()).append(' ').append(r.replicas()).append('\n');
        events(sb, "scale-up", s.scaleUpEvents());
        events(sb, "scale-down", s.scaleDownEvents());
        if (s.lastScaleOut() != null) sb.append("last-scale-out ").append(s.lastScaleOut()).append('\n');
        if (s.lastScaleIn() != null) sb.append("last-scale-in ").append(s.lastScaleIn()).append('\n');
        clocks(sb, "sustain", s.sustain());
        clocks(sb, "action", s.actions());
        clocks(sb, "scheduled", s.scheduled());
        return sb.toString();
    }

    private static void events(StringBuilder sb, String kind, List<ScaleEvent> events) {
        for (ScaleEvent e : events) {
            sb.append(kind).append(' ').append(e.at()).append(' ').append(e.replicaChange());
            if (e.outdated()) sb.append(" outdated");
            sb.append('\n');
        }
    }

    private static void clocks(StringBuilder sb, String kind, Map<String, Instant> clocks) {
        new TreeMap<>(clocks).forEach((name, at) -> sb.append(kind).append(' ').append(at).append(' ').append(escape(name)).append('\n'));
    }

    public static ScalingState decode(String text) {
        String[] lines = text.split("\n", -1);
        int version = -1;
        List<TimedRecommendation> recommendations = new ArrayList<>();
        List<ScaleEvent> ups = new ArrayList<>();
        List<ScaleEvent> downs = new ArrayList<>();
        Instant lastOut = null;
        Instant lastIn = null;
        Map<String, Instant> sustain = new HashMap<>();
        Map<String, Instant> actions = new HashMap<>();
        Map<String, Instant> scheduled = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int no = i + 1;
            if (line.isBlank() || line.startsWith("#")) continue;
            Line l = new Line(line, no);
            String kind = l.word("a record kind");
            if (version < 0) {
                if (!kind.equals(HEADER)) throw new StateFormatException(no, 1, "expected the header \"" + HEADER + " VERSION\", found \"" + kind + "\"");
                version = l.integer("a version");
                if (version < 1) throw new StateFormatException(no, l.last, "version must be 1 or more, found " + version);
                if (version > ScalingState.CURRENT_VERSION) {
                    throw new StateFormatException(no, l.last, "version " + version + " is newer than this Capstan reads (up to "
                            + ScalingState.CURRENT_VERSION + ")");
                }
                l.end();
                continue;
            }
            switch (kind) {
                case "recommendation" -> {
                    Instant at = l.instant();
                    recommendations.add(new TimedRecommendation(at, l.integer("a replica count")));
                    l.end();
                }
                case "scale-up", "scale-down" -> {
                    Instant at = l.instant();
                    int change = l.integer("a replica change");
                    boolean outdated = false;
                    if (!l.atEnd()) {
                        String flag = l.word("\"outdated\"");
                        if (!flag.equals("outdated")) throw new StateFormatException(no, l.last, "expected \"outdated\" or the end of the line, found \"" + flag + "\"");
                        outdated = true;
                    }
                    l.end();
                    (kind.equals("scale-up") ? ups : downs).add(new ScaleEvent(at, change, outdated));
                }
                case "last-scale-out", "last-scale-in" -> {
                    Instant at = l.instant();
                    l.end();
                    if (kind.equals("last-scale-out") ? lastOut != null : lastIn != null) {
                        throw new StateFormatException(no, 1, kind + " is given twice");
                    }
                    if (kind.equals("last-scale-out")) lastOut = at;
                    else lastIn = at;
                }
                case "sustain", "action", "scheduled" -> {
                    if (kind.equals("scheduled") && version < 2) {
                        throw new StateFormatException(no, 1, "scheduled records came with version 2; this state is version " + version);
                    }
                    Instant at = l.instant();
                    String name = l.rest("a clock name");
                    Map<String, Instant> into = kind.equals("sustain") ? sustain : kind.equals("action") ? actions : scheduled;
                    if (into.put(name, at) != null) throw new StateFormatException(no, l.last, kind + " clock \"" + name + "\" is given twice");
                }
                default -> throw new StateFormatException(no, 1, "unknown record \"" + kind
                        + "\"; expected recommendation, scale-up, scale-down, last-scale-out, last-scale-in, sustain, action or scheduled");
            }
        }
        if (version < 0) throw new StateFormatException(1, 1, "empty: expected the header \"" + HEADER + " VERSION\"");
        // positional sustain keys (before version 3) would be misapplied to a reordered config: dropped
        if (version < 3) sustain.clear();
        return new ScalingState(ScalingState.CURRENT_VERSION, recommendations, ups, downs, lastOut, lastIn, sustain, actions, scheduled);
    }

    static String escape(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** One line being read, word by word; {@link #last} is the column of the last word read. */
    private static final class Line {
        private final String text;
        private final int no;
        private int pos;
        int last = 1;

        Line(String text, int no) {
            this.text = text;
            this.no = no;
        }


        boolean atEnd() {
            return pos >= text.length();
        }

        String word(String expected) {
            if (atEnd()) throw new StateFormatException(no, pos + 1, "expected " + expected + ", found the end of the line");
            int end = text.indexOf(' ', pos);
            if (end < 0) end = text.length();
            String w = text.substring(pos, end);
            last = pos + 1;
            if (w.isEmpty()) throw new StateFormatException(no, pos + 1, "expected " + expected + ", found a second space");
            pos = end < text.length() ? end + 1 : end;
            return w;
        }

        int integer(String expected) {
            String w = word(expected);
            try {
                return Integer.parseInt(w);
            } catch (NumberFormatException e) {
                throw new StateFormatException(no, last, "expected " + expected + " (a whole number), found \"" + w + "\"");
            }
        }

        Instant instant() {
            String w = word("an instant (ISO-8601, e.g. 2026-03-02T10:00:00Z)");
            try {
                return Instant.parse(w);
            } catch (DateTimeParseException e) {
                throw new StateFormatException(no, last, "expected an instant (ISO-8601, e.g. 2026-03-02T10:00:00Z), found \"" + w + "\"");
            }
        }

        String rest(String expected) {
            if (atEnd()) throw new StateFormatException(no, pos + 1, "expected " + expected + ", found the end of the line");
            last = pos + 1;
            StringBuilder sb = new StringBuilder(text.length() - pos);
            for (int i = pos; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                switch (next) {
                    case '\\' -> sb.append('\\');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    default -> throw new StateFormatException(no, i + 1, "unknown escape \"\\" + (next == 0 ? "" : String.valueOf(next))
                            + "\"; a name escapes only \\\\, \\n and \\r");
                }
                i++;
            }
            pos = text.length();
            return sb.toString();
        }

        void end() {
            if (!atEnd()) throw new StateFormatException(no, pos + 1, "unexpected \"" + text.substring(pos) + "\" at the end of the line");
        }
    }
}
