package io.capstan.app.tune;

import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.model.Durations;
import io.capstan.core.model.Numbers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tunable number of a policy file: the scalar at a path ({@code targets[0].policies[1].targetTracking.target}) and
 * the values tune may give it, {@code min, min + step, ...} up to {@code max}. A duration knob's values are
 * milliseconds and are written back as durations (5m, 90s).
 *
 * @param option the {@code --knob} text, for messages
 */
record Knob(String option, Node.Scalar at, boolean duration, boolean whole, List<Double> values) {
    /** More levels than this on one knob is a typo in the step, not a search. */
    static final int MAX_LEVELS = 100_000;
    private static final Pattern FORM = Pattern.compile("([^=]+)=([^.]+)\\.\\.([^:]+)(?::(.+))?");
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    String path() {
        return at.path();
    }

    /** How a value is written into the policy file. */
    String text(double value) {
        if (duration) return Durations.format(Duration.ofMillis(Math.round(value)));
        if (whole) return Long.toString(Math.round(value));
        return Numbers.format(value);
    }

    /**
     * The knob {@code PATH=MIN..MAX[:STEP]} of the document, or null after adding a problem located at the deepest
     * node of the path that exists (or at the scalar, when the range is what is wrong).
     */
    static Knob parse(String option, Node root, Problems problems) {
        Matcher m = FORM.matcher(option.strip());
        if (!m.matches()) {
            problems.add(0, 0, "", "--knob " + option + ": expected PATH=MIN..MAX[:STEP], e.g. targets[0].policies[0].targetTracking.target=50..90:5");
            return null;
        }
        String path = m.group(1).strip();
        Node node = find(root, path, option, problems);
        if (node == null) return null;
        if (!(node instanceof Node.Scalar s) || !s.isValue() || !(s.isNumber() || isDuration(s.text()))) {
            problems.add(node, "--knob " + option + ": only a number or a duration can be tuned, found " + node.describe());
            return null;
        }
        boolean duration = !s.isNumber();
        Double min = bound(m.group(2), duration, option, "MIN", s, problems);
        Double max = bound(m.group(3), duration, option, "MAX", s, problems);
        Double step = m.group(4) == null ? null : bound(m.group(4), duration, option, "STEP", s, problems);
        if (min == null || max == null || (m.group(4) != null && step == null)) return null;
        if (max < min) {
            problems.add(s, "--knob " + option + ": MAX " + m.group(3) + " is below MIN " + m.group(2));
            return null;
        }
        boolean whole = s.kind() == Node.ScalarKind.INTEGER && min == Math.rint(min) && max == Math.rint(max)
                && (step == null || step == Math.rint(step));
        if (step == null) {
            step = (max - min) / 10;
            if (whole || duration) step = Math.max(1, Math.ceil(step / (duration ? 1000 : 1))) * (duration ? 1000 : 1);
            if (step == 0) step = 1.0;
        }
        if (step <= 0) {
            problems.add(s, "--knob " + option + ": STEP must be more than 0, found " + m.group(4));
            return null;
        }
        double levels = Math.floor((max - min) / step + 1e-9) + 1;
        if (levels > MAX_LEVELS) {
            problems.add(s, "--knob " + option + ": " + (long) levels + " values from MIN to MAX by STEP; at most " + MAX_LEVELS + " (a larger STEP?)");
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < (int) levels; i++) values.add(min + i * step);
        return new Knob(option, s, duration, whole, List.copyOf(values));
    }

    private static boolean isDuration(String text) {
        try {
            Durations.parse(text);
            return !text.isBlank();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Double bound(String text, boolean duration, String option, String what, Node.Scalar at, Problems problems) {
        String t = text.strip();
        try {
            if (duration) return (double) Durations.parse(t).toMillis();
            double v = Double.parseDouble(t);
            if (Double.isFinite(v)) return v;
        } catch (IllegalArgumentException e) {
            problems.add(at, "--knob " + option + ": " + what + " '" + t + "': " + (duration ? e.getMessage() + " (the value at " + at.path()
                    + " is the duration " + at.text() + ")" : "not a number"));
            return null;
        }
        problems.add(at, "--knob " + option + ": " + what + " '" + t + "' is not a finite number");
        return null;
    }

    /** The node at a path, or null after a problem at the deepest node found, with did-you-mean for a key. */
    static Node find(Node root, String path, String option, Problems problems) {
        Matcher seg = SEGMENT.matcher(path);
        Node at = root;
        int end = 0;
        while (end < path.length()) {
            if (path.charAt(end) == '.' && end > 0) end++;
            if (!seg.find(end) || seg.start() != end) {
                problems.add(at, "--knob " + option + ": cannot read the path '" + path + "' at '" + path.substring(end)
                        + "': write keys joined by dots and list items as [N], e.g. targets[0].policies[1].targetTracking.target");
                return null;
            }
            if (seg.group(1) != null) {
                String key = seg.group(1);
                if (!(at instanceof Node.Mapping map)) {
                    problems.add(at, "--knob " + option + ": " + (at.path().isEmpty() ? "the document" : at.path()) + " is " + at.describe() + ", not a map with '" + key + "'");
                    return null;
                }
                Node next = map.get(key);
                if (next == null) {
                    problems.add(at, "--knob " + option + ": " + (at.path().isEmpty() ? "the document" : at.path()) + " has no key '" + key + "'"
                            + NearMiss.suggestion(key, map.entries().keySet()));
                    return null;
                }
                at = next;
            } else {
                int index = seg.group(2).length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(seg.group(2));
                if (!(at instanceof Node.Sequence list) || index >= list.items().size()) {
                    problems.add(at, "--knob " + option + ": " + at.path() + " is " + at.describe()
                            + (at instanceof Node.Sequence l ? " of " + l.items().size() + " items, so there is no [" + index + "]" : ", not a list"));
                    return null;
                }
                at = list.items().get(index);
            }
            end = seg.end();
        }
        return at;
    }
}
