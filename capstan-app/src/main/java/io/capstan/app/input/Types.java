package io.capstan.app.input;

import io.capstan.core.model.Durations;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The value types fields are declared with. */
public final class Types {
    private Types() {}

    /**
     * The longest duration or window any input accepts: 366 days. A year (with its leap day) is the longest period an
     * autoscaling rule can mean (yearly seasonality); anything longer is a typo, and keeping every duration this short
     * keeps instant and millisecond arithmetic (now minus a window, a window in milliseconds) far from overflow.
     */
    public static final Duration MAX_DURATION = Durations.MAX;

    /** Any node; the caller reads it further (a nested map or list with its own schema). */
    public static Type<Node> any(String expected) {
        return simple(expected, (n, p) -> n);
    }

    public static Type<Node.Mapping> mapping(String expected) {
        return simple(expected, (n, p) -> n instanceof Node.Mapping m ? m : null);
    }

    public static Type<Node.Sequence> sequence(String expected) {
        return simple(expected, (n, p) -> n instanceof Node.Sequence s ? s : null);
    }

    /** Any scalar value (text, a number, a boolean) as its text. */
    public static Type<String> text() {
        return simple("text", (n, p) -> n instanceof Node.Scalar s && s.isValue() ? s.text() : null);
    }

    /** A quoted or plain string only: in JSON a number is not a name. */
    public static Type<String> string(String expected) {
        return simple(expected, (n, p) -> n instanceof Node.Scalar s && s.kind() == Node.ScalarKind.TEXT ? s.text() : null);
    }

    public static Type<Boolean> bool() {
        return simple("true or false", (n, p) -> n instanceof Node.Scalar s && s.kind() == Node.ScalarKind.BOOLEAN
                ? Boolean.valueOf(s.text()) : null);
    }

    /** A whole number in [min, max]; 5.0 counts as 5. */
    public static Type<Integer> integer(int min, int max) {
        return ranged("a whole number", min, max, Types::exact).map(BigDecimal::intValueExact);
    }

    /** A whole number in [min, max] as a long. */
    public static Type<Long> wholeNumber(long min, long max) {
        return ranged("a whole number", min, max, Types::exact).map(BigDecimal::longValueExact);
    }

    /** A finite number in [min, max]. */
    public static Type<Double> number(double min, double max) {
        Type<BigDecimal> base = ranged("a number", BigDecimal.valueOf(min), BigDecimal.valueOf(max), d -> d);
        return base.map(BigDecimal::doubleValue);
    }

    /** Durations as 90s, 5m, 1h30m, 2d, or a bare number of seconds; at most {@link #MAX_DURATION}. */
    public static Type<Duration> duration(Duration min) {
        String expected = "a duration such as 90s, 5m or 1h30m";
        return simple(expected, (n, p) -> {
            if (!(n instanceof Node.Scalar s) || !s.isValue() || s.kind() == Node.ScalarKind.BOOLEAN) return null;
            String text = s.text().strip();
            if (text.startsWith("-")) {
                p.add(n, (min.isZero() ? "expected a duration of zero or more" : "expected a positive duration") + ", found " + text);
                return Reported.INSTANCE;
            }
            Duration d;
            try {
                d = s.kind() == Node.ScalarKind.TEXT ? Durations.parse(text) : seconds(new BigDecimal(text.replace("_", "")));
            } catch (IllegalArgumentException | ArithmeticException e) {
                if (tooLong(text) || String.valueOf(e.getMessage()).contains("longer than the maximum")) {
                    p.add(n, "duration " + text + " is longer than the maximum of " + Durations.format(MAX_DURATION));
                } else {
                    p.add(n, "expected " + expected + ", found '" + text + "'");
                }
                return Reported.INSTANCE;
            }
            String why = durationRange(d, min, text);
            if (why != null) {
                p.add(n, why);
                return Reported.INSTANCE;
            }
            return d;
        });
    }

    /**
     * A size in bytes, from 1 to {@code max}: a whole number of bytes, or with a unit, case-insensitive: b; k, kb or
     * kib; m, mb or mib; g, gb or gib, each a power of 1024 (4MiB, 512k, 2g, 1048576). {@code max} is said with
     * {@code maxWhy} when crossed.
     */
    public static Type<Long> size(long max, String maxWhy) {
        String expected = "a size such as 4MiB, 512k or 1048576 (bytes)";
        return simple(expected, (n, p) -> {
            if (!(n instanceof Node.Scalar s) || !s.isValue() || s.kind() == Node.ScalarKind.BOOLEAN) return null;
            String text = s.text().strip();
            java.util.regex.Matcher m = SIZE.matcher(text.toLowerCase(java.util.Locale.ROOT));
            if (!m.matches()) {
                p.add(n, "expected " + expected + ", found '" + text + "'");
                return Reported.INSTANCE;
            }
            int shift = switch (m.group(2)) {
                case "", "b" -> 0;
                case "k", "kb", "kib" -> 10;
                case "m", "mb", "mib" -> 20;
                default -> 30;
            };
            java.math.BigInteger bytes = new java.math.BigInteger(m.group(1).replace("_", "")).shiftLeft(shift);
            if (bytes.signum() == 0) {
                p.add(n, "expected a size of at least 1 byte, found " + text);
                return Reported.INSTANCE;
            }
            if (bytes.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
                p.add(n, "size " + text + " is above " + max + " bytes, " + maxWhy);
                return Reported.INSTANCE;
            }
            return bytes.longValueExact();
        });
    }

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("([0-9][0-9_]*)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    /** Null when {@code d} is within [min, MAX_DURATION], else why not. */
    public static String durationRange(Duration d, Duration min, String text) {
        if (d.compareTo(MAX_DURATION) > 0) {
            return "duration " + text + " is longer than the maximum of " + Durations.format(MAX_DURATION);
        }
        if (d.compareTo(min) < 0) {
            return min.equals(Duration.ofMillis(1)) || min.isZero() && d.isNegative() ? "expected a positive duration, found " + text
                    : "expected a duration of at least " + Durations.format(min) + ", found " + text;
        }
        return null;
    }

    /** One of a fixed set of words, matched without regard to case; a near miss is suggested. */
    public static <E> Type<E> choice(Map<String, E> options) {
        Map<String, E> copy = new LinkedHashMap<>(options);
        String expected = String.join(" | ", copy.keySet());
        return new Type<>() {
            @Override
            public E read(Node node, Problems problems) {
                if (node instanceof Node.Scalar s && s.isValue()) {
                    for (Map.Entry<String, E> o : copy.entrySet()) {
                        if (o.getKey().equalsIgnoreCase(s.text().strip())) return o.getValue();
                    }
                    problems.add(node, "expected " + expected + ", found " + node.describe() + NearMiss.suggestion(s.text(), copy.keySet()));
                    return null;
                }
                problems.add(node, "expected " + expected + ", found " + node.describe());
                return null;
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    /** Pairs of name and value, in order. */
    @SuppressWarnings("unchecked")
    public static <E> Map<String, E> options(Object... pairs) {
        Map<String, E> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (E) pairs[i + 1]);
        return m;
    }

    // ---------------------------------------------------------------- helpers

    private interface Reader<T> {
        /** The value, null for "not this type" (reported by the caller), or {@link Reported#INSTANCE}. */
        Object read(Node n, Problems p);
    }

    private enum Reported { INSTANCE }

    @SuppressWarnings("unchecked")
    private static <T> Type<T> simple(String expected, Reader<T> reader) {
        return new Type<>() {
            @Override
            public T read(Node node, Problems problems) {
                Object v = reader.read(node, problems);
                if (v == Reported.INSTANCE) return null;
                if (v == null) {
                    problems.add(node, "expected " + expected + ", found " + node.describe());
                    return null;
                }
                return (T) v;
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    private static Type<BigDecimal> ranged(String kind, long min, long max, java.util.function.Function<BigDecimal, BigDecimal> exact) {
        return ranged(kind, BigDecimal.valueOf(min), BigDecimal.valueOf(max), exact);
    }

    /** A number read exactly (no double rounding at the edges), then checked against [min, max]. */
    private static Type<BigDecimal> ranged(String kind, BigDecimal min, BigDecimal max,
                                           java.util.function.Function<BigDecimal, BigDecimal> exact) {
        String range = range(min, max);
        String expected = kind + range;
        return simple(expected, (n, p) -> {
            if (n instanceof Node.Scalar t && LEADING_ZERO.matcher(t.text().strip()).matches()
                    && (t.isNumber() || t.kind() == Node.ScalarKind.TEXT)) {
                // YAML 1.1 reads 010 as a number and 09 as text; neither is what was meant, so both are errors.
                p.add(n, "expected " + expected + ", found " + t.text().strip() + ": write numbers without leading zeros");
                return Reported.INSTANCE;
            }
            if (!(n instanceof Node.Scalar s) || !s.isNumber()) return null;
            BigDecimal d;
            try {
                d = new BigDecimal(s.text().replace("_", ""));
            } catch (NumberFormatException e) {
                return null;
            }
            if (exact.apply(d) == null) return null;
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                // The type's own limit is not in the range text; name it when that is what was crossed.
                String bound = d.compareTo(max) > 0 && unbounded(max) ? " of at most " + plain(max)
                        : d.compareTo(min) < 0 && unbounded(min.negate()) ? " of at least " + plain(min) : range;
                p.add(n, "expected " + kind + bound + ", found " + s.text());
                return Reported.INSTANCE;
            }
            return d;
        });
    }

    private static final java.util.regex.Pattern LEADING_ZERO = java.util.regex.Pattern.compile("[-+]?0[0-9_]+");

    private static String range(BigDecimal min, BigDecimal max) {
        boolean noMin = unbounded(min.negate());
        boolean noMax = unbounded(max);
        if (noMin && noMax) return "";
        if (noMax) return " of " + plain(min) + " or more";
        if (noMin) return " of at most " + plain(max);
        return " from " + plain(min) + " to " + plain(max);
    }

    /** The largest int, long or double: the type's own limit, not a range worth naming. */
    private static boolean unbounded(BigDecimal v) {
        return v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) == 0 || v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) == 0
                || v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE).add(BigDecimal.ONE)) == 0
                || v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE).add(BigDecimal.ONE)) == 0
                || v.compareTo(BigDecimal.valueOf(Double.MAX_VALUE)) >= 0;
    }

    /** A bound as a person writes it: plain up to 15 digits, else with an exponent ({@code 1e15}, not 309 digits). */
    private static String plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.precision() - s.scale() <= 15) return s.toPlainString();
        return s.toString().replace("E+", "e").replace("E", "e");
    }

    /** The value when it is whole, else null. */
    private static BigDecimal exact(BigDecimal d) {
        return d.stripTrailingZeros().scale() <= 0 ? d : null;
    }

    private static Duration seconds(BigDecimal s) {
        BigDecimal millis = s.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP);
        if (millis.compareTo(BigDecimal.valueOf(MAX_DURATION.toMillis())) > 0) return MAX_DURATION.plusMillis(1);
        return Duration.ofMillis(millis.longValueExact());
    }

    private static boolean tooLong(String text) {
        return text.matches("[0-9._]+[a-z]*") && text.replaceAll("[^0-9]", "").length() > 9;
    }
}
