package io.capstan.app.config;

import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Types;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.signal.Aggregation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Conditions: the one-line comparison text, its long form {metric, agg, window, op, value, for}, and allOf / anyOf. */
final class ConditionReader extends ReaderBase {
    static final Field<String> METRIC = Field.required("metric", PolicyTypes.TEXT, "the name of a declared metric");
    static final Field<Aggregation> AGG = Field.optional("agg", Types.choice(AGGREGATIONS), Aggregation.AVG, "the aggregation over the window");
    static final Field<Duration> WINDOW = Field.optional("window", PolicyTypes.POSITIVE_DURATION, ConditionText.DEFAULT_WINDOW,
            "the aggregation window");
    static final Field<Comparator> OP = Field.required("op", Types.choice(COMPARATORS), "one of >, >=, <, <=");
    static final Field<Duration> FOR = Field.optional("for", PolicyTypes.DURATION, Duration.ZERO, "how long it must hold");
    static final Field<Double> VALUE = Field.required("value", PolicyTypes.NUMBER, "the threshold, a number");
    static final Schema COMPARE = Schema.of("a condition: \"" + ConditionText.SHAPE
            + "\", {metric, agg, window, op, value, for}, {allOf: [...]} or {anyOf: [...]}", METRIC, AGG, WINDOW, OP, VALUE, FOR);
    static final Schema COMBINATION = Schema.of("{allOf: [...]} or {anyOf: [...]}",
            Field.optional("allOf", Types.any("a list of conditions"), "every condition holds"),
            Field.optional("anyOf", Types.any("a list of conditions"), "at least one condition holds"));

    ConditionReader(Problems problems, List<String> lines) {
        super(problems, lines);
    }

    Condition condition(Node node, String path, Set<String> metrics) {
        if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.TEXT) {
            ConditionText.Parsed parsed = ConditionText.parse(s.text());
            if (!parsed.isOk()) {
                int[] at = position(s, parsed.offset());
                problems.add(at[0], at[1], path, parsed.error());
                return null;
            }
            return knownMetric(parsed.compare().metric(), node, path, metrics) ? parsed.compare() : null;
        }
        if (node instanceof Node.Mapping m && (m.entries().containsKey("allOf") || m.entries().containsKey("anyOf"))) {
            Fields f = fields(node, path, COMBINATION);
            if (f == null) return null;
            if (f.has("allOf") && f.has("anyOf")) {
                problems.add(node, path, "expected allOf or anyOf, found both; nest one inside the other");
                return null;
            }
            String key = f.has("allOf") ? "allOf" : "anyOf";
            Node.Sequence seq = sequence(f.get(key), f.path(key), "a list of conditions");
            if (seq == null) return null;
            if (seq.items().isEmpty()) {
                problems.add(seq, f.path(key), "expected at least one condition, found an empty list");
                return null;
            }
            int before = problems.count();
            List<Condition> parts = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                parts.add(condition(seq.items().get(i), item(f.path(key), i), metrics));
            }
            if (problems.count() > before) return null;
            return key.equals("allOf") ? new Condition.AllOf(parts) : new Condition.AnyOf(parts);
        }
        if (node instanceof Node.Sequence) {
            problems.add(node, path, "expected a condition, found a list; write {allOf: [...]} or {anyOf: [...]} to combine conditions");
            return null;
        }
        int before = problems.count();
        Fields f = fields(node, path, COMPARE);
        if (f == null) return null;
        Reads reads = reads(f, metrics);
        Comparator op = f.value(OP);
        Double value = f.value(VALUE);
        Duration sustain = f.value(FOR);
        if (problems.count() > before) return null;
        return build(node, path, () -> new Condition.Compare(reads.metric(), reads.agg(), reads.window(), op, value, sustain));
    }

    boolean knownMetric(String metric, Node at, String path, Set<String> metrics) {
        if (metrics.contains(metric)) return true;
        if (metrics.isEmpty()) {
            problems.add(at, path, "unknown metric '" + metric + "'; this target declares no metrics (declare it under metrics:)");
        } else {
            problems.add(at, path, "unknown metric '" + metric + "'; declared metrics are " + String.join(", ", metrics)
                    + NearMiss.suggestion(metric, metrics));
        }
        return false;
    }

    /**
     * Line and column of the character at {@code offset} in a scalar's value. SnakeYAML gives only the scalar's start
     * (its quote, or the {@code >} or {@code |} of a block scalar), so the value is walked along the source: a
     * character matches the source's, a folded space or kept line break moves to the next line's first non-blank.
     * Where the walk cannot follow (an escape sequence), the scalar's start is the answer, never a made-up column.
     */
    int[] position(Node.Scalar s, int offset) {
        int[] start = {s.line(), s.column()};
        int l = s.line() - 1;
        int i = s.column() - 1;
        if (offset <= 0 || l < 0 || l >= lines.size() || i < 0 || i >= lines.get(l).length()) return start;
        char first = lines.get(l).charAt(i);
        if (first == '>' || first == '|') {
            l++;
            while (l < lines.size() && lines.get(l).isBlank()) l++;
            if (l >= lines.size()) return start;
            i = firstNonBlank(lines.get(l));
        } else if (first == '"' || first == '\'') {
            i++;
        }
        String v = s.text();
        for (int k = 0; k < offset && k < v.length(); ) {
            if (l >= lines.size()) return start;
            String line = lines.get(l);
            char c = v.charAt(k);
            if (i < line.length() && line.charAt(i) == c) {
                i++;
                k++;
            } else if (line.substring(Math.min(i, line.length())).isBlank()) {
                l++;
                if (l >= lines.size()) return start;
                i = firstNonBlank(lines.get(l));
                if (c == ' ' || c == '\n') k++; // the line break itself, folded to a space or kept
            } else {
                return start;
            }
        }
        if (l < lines.size() && i >= lines.get(l).length() && offset < v.length()) {
            // Offset at a folded break: the next character is on the next line.
            int next = l + 1;
            while (next < lines.size() && lines.get(next).isBlank()) next++;
            if (next < lines.size()) return new int[]{next + 1, firstNonBlank(lines.get(next)) + 1};
        }
        return new int[]{l + 1, i + 1};
    }

    private static int firstNonBlank(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
        return i;
    }

    /** The metric a rule reads, its aggregation (default avg) and window (default 1m); a part that is wrong is null. */
    record Reads(String metric, Aggregation agg, Duration window) {}

    /** The {metric, agg, window} of a long-form comparison, a targetTracking or a step rule; a metric must be declared. */
    Reads reads(Fields f, Set<String> metrics) {
        String metric = f.value(METRIC);
        if (metric != null && !knownMetric(metric, f.get("metric"), f.path("metric"), metrics)) metric = null;
        return new Reads(metric, f.value(AGG), f.value(WINDOW));
    }
}
