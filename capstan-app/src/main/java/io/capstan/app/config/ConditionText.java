package io.capstan.app.config;

import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Types;
import io.capstan.core.model.Durations;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.signal.Aggregation;

import java.time.Duration;
import java.util.Arrays;

/**
 * The one-line comparison form of the policy language:
 * {@code agg(metric[, window]) op value [for duration]}, e.g. {@code avg(cpu, 5m) < 30 for 10m}.
 * The window defaults to 1m and {@code for} to zero. A trailing {@code %} after the value is
 * allowed, as runbooks write "CPU > 70%", and means nothing more than the number. Combinations are
 * written with {@code allOf} / {@code anyOf}, not inside the string, so each comparison keeps its
 * own position for error messages.
 */
final class ConditionText {
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    static final String SHAPE = "agg(metric[, window]) op value [for duration], e.g. avg(cpu, 5m) > 70 for 10m";

    private ConditionText() {}

    /** Either a comparison, or an error at a 0-based character offset into the text. */
    record Parsed(Condition.Compare compare, int offset, String error) {
        static Parsed ok(Condition.Compare c) {
            return new Parsed(c, -1, null);
        }

        static Parsed error(int offset, String message) {
            return new Parsed(null, offset, message);
        }

        boolean isOk() {
            return compare != null;
        }
    }

    static Parsed parse(String text) {
        return new Scan(text).comparison();
    }

    /** The canonical spelling, which {@link #parse} reads back to an equal comparison. */
    static String format(Condition.Compare c) {
        return c.read() + " " + c.op().symbol() + " "
                + number(c.value()) + (c.sustain().isZero() ? "" : " for " + Durations.format(c.sustain()));
    }

    /** A number as YAML and the parser read it back exactly: 70, 0.25, 1.0E-7. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    private static final class Scan {
        private final String s;
        private int i;

        Scan(String s) {
            this.s = s;
        }

        Parsed comparison() {
            skipSpace();
            int aggAt = i;
            String agg = word();
            if (agg.isEmpty()) return Parsed.error(aggAt, "expected " + SHAPE + ", found " + found());
            skipSpace();
            if (!eat('(')) {
                return Parsed.error(i, "expected '(' after '" + agg + "': a comparison reads " + SHAPE + "; found " + found());
            }
            Aggregation aggregation;
            try {
                aggregation = Aggregation.parse(agg);
            } catch (IllegalArgumentException e) {
                return Parsed.error(aggAt, "unknown aggregation '" + agg + "', expected one of "
                        + String.join(", ", Arrays.stream(Aggregation.values()).map(Aggregation::id).toList())
                        + NearMiss.suggestion(agg, Arrays.stream(Aggregation.values()).map(Aggregation::id).toList()));
            }
            skipSpace();
            int metricAt = i;
            String metric = metricName();
            if (metric.isEmpty()) return Parsed.error(metricAt, "expected a metric name after '" + agg + "(', found " + found());
            skipSpace();
            Duration window = DEFAULT_WINDOW;
            if (eat(',')) {
                skipSpace();
                int windowAt = i;
                int close = s.indexOf(')', i);
                if (close < 0) return Parsed.error(s.length(), "expected ')' to close '" + agg + "(', found the end of the text");
                String w = s.substring(i, close).strip();
                if (w.isEmpty()) return Parsed.error(windowAt, "expected a window such as 5m after ',', found " + found());
                try {
                    window = Durations.parse(w);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    return Parsed.error(windowAt, "window: " + e.getMessage());
                }
                if (window.isZero() || window.isNegative()) {
                    return Parsed.error(windowAt, "window must be positive, found '" + w + "'");
                }
                String tooLong = Types.durationRange(window, Duration.ZERO, w);
                if (tooLong != null) return Parsed.error(windowAt, "window: " + tooLong);
                i = close;
            }
            skipSpace();
            if (!eat(')')) return Parsed.error(i, "expected ')' or ', window' after metric '" + metric + "', found " + found());
            skipSpace();
            int opAt = i;
            String op = operator();
            if (op.isEmpty()) return Parsed.error(opAt, "expected a comparator (>, >=, <, <=) after ')', found " + found());
            Comparator comparator;
            try {
                comparator = Comparator.parse(op);
            } catch (IllegalArgumentException e) {
                return Parsed.error(opAt, e.getMessage());
            }
            skipSpace();
            int valueAt = i;
            String num = numberText();
            if (num.isEmpty()) return Parsed.error(valueAt, "expected a number after '" + op + "', found " + found());
            double value;
            try {
                value = Double.parseDouble(num);
            } catch (NumberFormatException e) {
                return Parsed.error(valueAt, "expected a number after '" + op + "', found '" + num + "'");
            }
            if (!Double.isFinite(value)) return Parsed.error(valueAt, "threshold must be a finite number, found '" + num + "'");
            eat('%');
            skipSpace();
            Duration sustain = Duration.ZERO;
            int forAt = i;
            if (!atEnd()) {
                String w = word();
                if (!w.equals("for")) {
                    String rest = s.substring(forAt).strip();
                    String hint = rest.toLowerCase().matches("^(and|or|&&|\\|\\|)\\b.*|^(&&|\\|\\|).*")
                            ? "; combine comparisons with allOf: [...] or anyOf: [...]" : "";
                    return Parsed.error(forAt, "expected 'for <duration>' or the end of the comparison, found '" + rest + "'" + hint);
                }
                skipSpace();
                int durAt = i;
                String d = s.substring(i).strip();
                if (d.isEmpty()) return Parsed.error(durAt, "expected a duration such as 10m after 'for', found the end of the text");
                if (d.startsWith("-")) return Parsed.error(durAt, "'for' must not be negative, found '" + d + "'");
                try {
                    sustain = Durations.parse(d);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    return Parsed.error(durAt, "for: " + e.getMessage());
                }
                String tooLong = Types.durationRange(sustain, Duration.ZERO, d);
                if (tooLong != null) return Parsed.error(durAt, "for: " + tooLong);
            }
            try {
                return Parsed.ok(new Condition.Compare(metric, aggregation, window, comparator, value, sustain));
            } catch (IllegalArgumentException e) {
                return Parsed.error(0, e.getMessage());
            }
        }

        private String found() {
            return atEnd() ? "the end of the text" : "'" + s.substring(i).strip() + "'";
        }

        private boolean atEnd() {
            return i >= s.length();
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private boolean eat(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private String word() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
            return s.substring(start, i);
        }

        private String metricName() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_.:-/".indexOf(s.charAt(i)) >= 0)) i++;
            return s.substring(start, i);
        }

        private String operator() {
            int start = i;
            while (i < s.length() && "<>=!".indexOf(s.charAt(i)) >= 0) i++;
            return s.substring(start, i);
        }

        private String numberText() {
            int start = i;
            if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) i++;
            if (i > start && i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            }
            return s.substring(start, i).replace("_", "");
        }
    }
}
