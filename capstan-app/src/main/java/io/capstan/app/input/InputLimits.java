package io.capstan.app.input;

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

    public InputLimits {
        if (maxBytes < 1) throw new IllegalArgumentException("the input size limit must be at least 1 byte, found " + maxBytes);
    }

    /** Parses a size for {@code --max-input-size} in the one size grammar ({@link Types#size}): 4MiB, 512k, 1g, 1048576. */
    public static InputLimits parse(String text) {
        return new InputLimits(OptionValue.read("--max-input-size", text, Types.size(MAX_READABLE, "the most a file can be read into memory")));
    }

    /** The limit as a person reads it: 4 MiB, 512 KiB, 1000 bytes. */
    public String describe() {
        if (maxBytes % (1 << 20) == 0) return (maxBytes >> 20) + " MiB";
        if (maxBytes % (1 << 10) == 0) return (maxBytes >> 10) + " KiB";
        return maxBytes + (maxBytes == 1 ? " byte" : " bytes");
    }
}
