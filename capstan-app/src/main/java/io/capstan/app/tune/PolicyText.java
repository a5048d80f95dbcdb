package io.capstan.app.tune;

import io.capstan.app.input.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The policy file's text with some scalars replaced and everything else (comments, layout, quoting) as written.
 * Each knob's scalar is found once, at the line and column the located tree gives it.
 */
final class PolicyText {
    private record Span(int start, int end) {}

    private final String text;
    private final List<Span> spans;

    private PolicyText(String text, List<Span> spans) {
        this.text = text;
        this.spans = spans;
    }

    /** The text's spans of the knobs' scalars, in knob order; null when one cannot be found where the tree says it is. */
    static PolicyText of(String text, List<Knob> knobs) {
        List<Integer> lineStarts = new ArrayList<>();
        lineStarts.add(0);
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') lineStarts.add(i + 1);
        List<Span> spans = new ArrayList<>();
        for (Knob k : knobs) {
            Node.Scalar s = k.at();
            if (s.line() < 1 || s.line() > lineStarts.size()) return null;
            int lineStart = lineStarts.get(s.line() - 1);
            int lineEnd = s.line() < lineStarts.size() ? lineStarts.get(s.line()) : text.length();
            int from = Math.min(lineEnd, lineStart + Math.max(0, s.column() - 1));
            int start = text.indexOf(s.text(), from);
            if (start < 0 || start + s.text().length() > lineEnd) return null;
            spans.add(new Span(start, start + s.text().length()));
        }
        return new PolicyText(text, spans);
    }

    /** The text with knob {@code i}'s scalar replaced by {@code values.get(i)}. */
    String with(List<String> values) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) order.add(i);
        order.sort(Comparator.comparingInt(i -> spans.get(i).start()));
        StringBuilder b = new StringBuilder(text.length() + 16);
        int at = 0;
        for (int i : order) {
            Span s = spans.get(i);
            b.append(text, at, s.start()).append(values.get(i));
            at = s.end();
        }
        return b.append(text, at, text.length()).toString();
    }
}
