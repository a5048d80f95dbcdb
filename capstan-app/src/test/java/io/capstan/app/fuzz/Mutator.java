package io.capstan.app.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded damage to a valid input file. Each kind of damage is one a real file meets: values of the wrong type,
 * sizes nobody tried, legal-looking extremes, repeated keys, rows and documents, a cut at any byte, unusual
 * Unicode (and bytes that are not UTF-8 at all), and deep nesting. The text is treated as text, not parsed, so
 * the damage does not depend on the reader it is meant to test.
 */
final class Mutator {
    enum Kind { TYPE, SIZE, EXTREME, DUPLICATE, TRUNCATE, UNICODE, NESTING }

    /** Numbers and durations at and beyond every limit a reader may have. */
    static final List<String> EXTREMES = List.of("2147483647", "-2147483648", "2147483648", "9223372036854775807",
            "-9223372036854775808", "9223372036854775808", "99999999999999999999999999", "1e309", "-1e309", "1e-400", "1e300",
            "1.7976931348623157e308", "4.9e-324", "-0", "-0.0", "0", "-1", "NaN", ".nan", "nan", "Infinity", "-Infinity",
            ".inf", "-.inf", "0x7fffffff", "1_000", "+5", "00012", "1.", ".5", "1e16", "9223372036854775807s",
            "9223372036854775807ms", "200000000000d", "106751991167301d", "1ms", "0s", "-1m", "1e309s", "8Ei", "9E",
            "1e400", "0.000000001n", "1Ki", "\"1e16\"", "\"8Ei\"", "\"-0\"", "\"NaN\"", "\"\"");
    /** Values of another type than the one expected. */
    static final List<String> TYPES = List.of("[]", "{}", "[1, 2]", "{a: 1}", "\"text\"", "true", "false", "null", "~", "x",
            "'5m'", "[[]]", "!!binary AAAA", "&a 1", "*a", "|\n  block\n", "\"\\u0000\"");
    /** Code points that break naive handling of text. */
    static final List<String> UNICODE = List.of("\uFEFF", "\u202E", "\u200F", "\u0301", "\u0000", "\u200D", "\u00A0", "\u2028",
            "\uD83D\uDE80", "\u0430", "\uFFFD", "\u3000", "\r", "\t", "\u001B[31m");
    /** Byte sequences that are not UTF-8. */
    static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF0, (byte) 0x28, (byte) 0x8C, (byte) 0xBC},
            new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xFE, (byte) 0xFF});

    /** Timestamps a trace may hold: epochs at the limits, dates out of range or impossible, odd offsets. */
    static final List<String> TIMESTAMPS = List.of("0", "-1", "9223372036854775807", "1e18", "99999999999", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "2018-02-30T00:00:00Z", "2018-04-25T24:00:00Z", "2018-04-25T00:00:60Z", "2018-04-25T00:00:00+18:00",
            "2018-04-25T00:00:00.000000001Z", "1970-01-01T00:00:00Z", "2100-01-01T00:00:00Z", "2018-04-25", "");
    /** How often each kind of damage is chosen: the kinds that reach past parsing most often. */
    private static final List<Kind> WEIGHTED = List.of(Kind.EXTREME, Kind.EXTREME, Kind.EXTREME, Kind.TYPE, Kind.TYPE, Kind.DUPLICATE,
            Kind.DUPLICATE, Kind.UNICODE, Kind.SIZE, Kind.NESTING, Kind.TRUNCATE);
    private static final Pattern CSV_FIELD = Pattern.compile("(?m)(?<=^|,)[^,\\n]*");

    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?[a-zA-Z]{0,2}\\b");
    private static final Pattern VALUE = Pattern.compile("(?<=: ?)[^\\s,{}\\[\\]#][^,{}\\[\\]\\n#]*|(?<=\\[|, )[^\\s,{}\\[\\]]+");

    private final Random random;
    private final Format format;

    /** What the text is, for the few kinds of damage that depend on it. */
    enum Format { YAML, JSON, CSV }

    Mutator(Random random, Format format) {
        this.random = random;
        this.format = format;
    }

    /** One to three kinds of damage; byte-level damage (a cut, invalid UTF-8) comes last, as it would on disk. */
    byte[] mutate(String valid) {
        String text = valid;
        int edits = 1 + random.nextInt(3);
        boolean cut = false;
        boolean badBytes = false;
        for (int i = 0; i < edits; i++) {
            Kind kind = WEIGHTED.get(random.nextInt(WEIGHTED.size()));
            switch (kind) {
                case TYPE -> text = replaceValue(text, pick(TYPES));
                case EXTREME -> {
                    // Several at once: one extreme is often caught by the first check it meets.
                    for (int n = 1 + random.nextInt(4); n > 0; n--) {
                        text = format == Format.CSV ? replaceCsvField(text)
                                : random.nextBoolean() ? replaceNumber(text, pick(EXTREMES)) : replaceValue(text, pick(EXTREMES));
                    }
                }
                case SIZE -> text = grow(text);
                case DUPLICATE -> text = duplicate(text);
                case TRUNCATE -> cut = true;
                case UNICODE -> {
                    if (random.nextInt(4) == 0) badBytes = true;
                    else text = insertAt(text, randomIndex(text), pick(UNICODE));
                }
                case NESTING -> text = nest(text);
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (badBytes) bytes = insertBytes(bytes, random.nextInt(bytes.length + 1), INVALID_UTF8.get(random.nextInt(INVALID_UTF8.size())));
        if (cut) bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
        return bytes;
    }

    private String replaceNumber(String text, String with) {
        List<int[]> spans = spans(NUMBER, text);
        if (spans.isEmpty()) return replaceValue(text, with);
        int[] s = spans.get(random.nextInt(spans.size()));
        return text.substring(0, s[0]) + with + text.substring(s[1]);
    }

    /** One field of a data row: a timestamp by an extreme timestamp, a value by an extreme number. */
    private String replaceCsvField(String text) {
        int lineStart = text.indexOf('\n');
        if (lineStart < 0) return replaceValue(text, pick(EXTREMES));
        List<int[]> fields = spans(CSV_FIELD, text.substring(lineStart + 1));
        if (fields.isEmpty()) return replaceValue(text, pick(EXTREMES));
        int[] f = fields.get(random.nextInt(fields.size()));
        int start = lineStart + 1 + f[0];
        boolean timestamp = text.charAt(start - 1) == '\n';
        return text.substring(0, start) + (timestamp ? pick(TIMESTAMPS) : pick(EXTREMES)) + text.substring(lineStart + 1 + f[1]);
    }

    /** Replaces one scalar value (after a key, or in a list) or, in CSV, one field. */
    private String replaceValue(String text, String with) {
        List<int[]> spans = format == Format.CSV ? spans(Pattern.compile("[^,\\n]+"), text) : spans(VALUE, text);
        if (spans.isEmpty()) return insertAt(text, randomIndex(text), with);
        int[] s = spans.get(random.nextInt(spans.size()));
        String value = format == Format.JSON && !with.startsWith("\"") && !with.startsWith("[") && !with.startsWith("{")
                && random.nextBoolean() ? "\"" + with + "\"" : with;
        return text.substring(0, s[0]) + value + text.substring(s[1]);
    }

    /** A line repeated many times, a very long value, or a very long comment. */
    private String grow(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (lines.isEmpty()) lines.add("");
        int at = random.nextInt(lines.size());
        switch (random.nextInt(3)) {
            case 0 -> {
                int times = 1 + random.nextInt(2_000);
                for (int i = 0; i < times; i++) lines.add(at, lines.get(at));
            }
            case 1 -> lines.set(at, lines.get(at) + "x".repeat(1 + random.nextInt(200_000)));
            default -> lines.add(at, (format == Format.CSV ? "" : "# ") + "c".repeat(1 + random.nextInt(300_000)));
        }
        return String.join("\n", lines) + "\n";
    }

    /** A repeated line (a duplicate key or row), or the whole document twice (a second YAML or JSON document). */
    private String duplicate(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (lines.isEmpty() || random.nextInt(3) == 0) {
            return switch (format) {
                case YAML -> text + (text.endsWith("\n") ? "" : "\n") + "---\n" + text;
                case JSON -> text + text;
                case CSV -> text + text;
            };
        }
        int at = random.nextInt(lines.size());
        lines.add(at + 1, lines.get(at));
        return String.join("\n", lines) + "\n";
    }

    /** One value replaced by itself nested a few or many thousand levels deep. */
    private String nest(String text) {
        int depth = random.nextBoolean() ? 1 + random.nextInt(60) : 500 + random.nextInt(20_000);
        boolean list = random.nextBoolean();
        String open = format == Format.CSV ? "\"" : list ? "[" : format == Format.JSON ? "{\"a\":" : "{a: ";
        String close = format == Format.CSV ? "\"" : list ? "]" : "}";
        return replaceValue(text, open.repeat(depth) + "1" + close.repeat(depth));
    }

    private List<int[]> spans(Pattern pattern, String text) {
        List<int[]> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) if (m.end() > m.start()) out.add(new int[] {m.start(), m.end()});
        return out;
    }

    private String insertAt(String text, int at, String what) {
        return text.substring(0, at) + what + text.substring(at);
    }

    private int randomIndex(String text) {
        int at = random.nextInt(text.length() + 1);
        // Never split a surrogate pair: that is the invalid-UTF-8 damage's job, done on bytes.
        return at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at)) ? at - 1 : at;
    }

    private static byte[] insertBytes(byte[] bytes, int at, byte[] what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + what.length);
        out.write(bytes, 0, at);
        out.write(what, 0, what.length);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
