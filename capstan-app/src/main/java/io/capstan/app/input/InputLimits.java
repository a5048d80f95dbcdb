package io.capstan.app.input;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much one input file may hold. Checked while reading, before the whole file is in memory, so {@code /dev/zero}
 * or a runaway generator ends in a located message rather than an OutOfMemoryError.
 *
 * @param maxBytes the largest file accepted, in bytes
 */
public record InputLimits(long maxBytes) {

    /** 4 MiB: the largest shipped example is under 20 KiB; raise it with {@code --max-input-size}. */
    public static final long DEFAULT_MAX_BYTES = 4L << 20;

    /**
     * The longest YAML line accepted. SnakeYAML's scanner copies its buffer once per 1 KiB of a token it has not
     * finished, so one token (a comment, a word) of n characters costs n²/1024 copies: 8 s for a single 4 MB comment
     * line. No token can cross a line break, so bounding lines bounds the cost: a 4 MiB file of 16 KiB lines parses in
     * well under a second (BENCHMARKS.md).
     */
    public static final int MAX_YAML_LINE = 16 * 1024;

    /** The deepest nesting of maps and lists accepted; no Capstan input needs more than about ten. */
    public static final int MAX_NESTING = 100;

    /** The longest key accepted (Jackson's default); no Capstan key is longer than about thirty characters. */
    public static final int MAX_KEY_LENGTH = 50_000;

    public static final InputLimits DEFAULT = new InputLimits(DEFAULT_MAX_BYTES);

    /** The largest array a JVM allocates, less the reader's own margin: the most one file can be read into. */
    static final long MAX_READABLE = Integer.MAX_VALUE - 9;

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    public InputLimits {
        if (maxBytes < 1) throw new IllegalArgumentException("the input size limit must be at least 1 byte, found " + maxBytes);
    }

    /** Parses a size for {@code --max-input-size}: bytes, or with a unit (4MiB, 512k, 1g; k, M, G are powers of 1024). */
    public static InputLimits parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 4MiB, 512KiB or 1048576 (bytes), found '" + text + "'");
        }
        int shift = switch (m.group(2)) {
            case "", "b" -> 0;
            case "k", "kb", "kib" -> 10;
            case "m", "mb", "mib" -> 20;
            default -> 30;
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        if (n > (Long.MAX_VALUE >> shift) || (n << shift) > MAX_READABLE) {
            throw new IllegalArgumentException("size '" + text + "' is above " + MAX_READABLE + " bytes, the most a file can be read into memory");
        }
        return new InputLimits(n << shift);
    }

    /** The limit as a person reads it: 4 MiB, 512 KiB, 1000 bytes. */
    public String describe() {
        if (maxBytes % (1 << 20) == 0) return (maxBytes >> 20) + " MiB";
        if (maxBytes % (1 << 10) == 0) return (maxBytes >> 10) + " KiB";
        return maxBytes + (maxBytes == 1 ? " byte" : " bytes");
    }
}
