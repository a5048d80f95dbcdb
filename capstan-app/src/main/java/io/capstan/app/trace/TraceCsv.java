package io.capstan.app.trace;

import io.capstan.app.trace.SampleStore.Column;
import io.capstan.core.simulate.Trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads CSV traces. Bad input is never a crash and never silently misread: every problem is a
 * {@link TraceProblem} naming file and line, and a file with any problem contributes nothing.
 *
 * <h2>Format</h2>
 * <ul>
 *   <li>Cells are separated by {@code ,} only: a first row that has no comma but a {@code ;} or a tab is
 *       an error naming the separator (a semicolon file usually has decimal commas too, which must not be
 *       guessed at). Lines end with LF, CRLF or a CR alone; text must be UTF-8 (the first byte that is not is
 *       named at its line and column). Cells may be quoted RFC-4180 style ({@code "a,b"}, {@code ""} for a quote) but may not span lines.
 *       Blank lines and lines starting with {@code #} are skipped. A UTF-8 byte order mark is ignored.</li>
 *   <li>A header's first cell names the time column: {@code timestamp}, {@code time}, {@code ts}, {@code date}
 *       or {@code datetime}, any case (anything else is usually a file without a time column, whose first
 *       values would read as epoch seconds). A long-format header ({@code timestamp,metric,value}; {@code name},
 *       {@code series} for metric) makes each row one sample of the metric it names; rows stay in time order,
 *       and a time repeated for one metric is a duplicate. With {@code NAME=}, only that metric's rows are read.</li>
 *   <li>The first column is the timestamp: ISO-8601 ({@code 2014-04-10T00:04:00}, {@code 2014-04-10 00:04:00}
 *       with a space, {@code ...Z}, {@code ...+02:00}, {@code 2014-04-10} for midnight; no zone means UTC)
 *       or epoch seconds (integer or decimal). Numbers above 10^11 are rejected: they look like
 *       epoch milliseconds, and reading them as seconds would put the trace thousands of years out.</li>
 *   <li>{@code --trace NAME=path}: a two-column file {@code timestamp,value}, with or without a header;
 *       the series is {@code NAME}. A header's value column must be {@code NAME} or {@code value}
 *       (so {@code cpu=f.csv} never reads a column headed {@code memory} as cpu); a file with more
 *       columns gives only the column headed {@code NAME}. {@code --trace path}: the header row names the columns after the
 *       timestamp, each {@code <metric>} or {@code <target>.<metric>}.</li>
 *   <li>Values are plain decimal numbers ({@code 12}, {@code -0.5}, {@code 1e3}); an empty cell is no data
 *       for that column at that time (a gap: the engine's missing-data rules apply; nothing is filled).</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * The files are read once, whole, so every problem is found before a step is simulated. Samples
 * are held in arrays up to {@link Limits#memoryBytes} (16 bytes a sample); past that, every column
 * goes to one temporary file ({@link SampleStore}, {@link SpillFile}) that the trace's cursors read back as the
 * simulation advances, so memory does not grow with the trace. The bytes read from all trace files
 * together are limited ({@link Limits#DEFAULT_MAX_BYTES} by default, 512 MiB; {@code simulate
 * --max-trace-bytes} raises it), which bounds the reading time and that file. Bytes are counted as
 * they are read, so a device such as {@code /dev/zero}, whose size reads as 0, is stopped at the
 * limit too. A line may hold at most {@value #MAX_LINE_BYTES} bytes: no trace row is that long, and
 * a longer one is not read into memory.
 *
 * <p>Rows out of time order are refused, with both lines, not sorted: the trace is the input of
 * record, and a file whose rows are out of order is usually two files joined or a clock that
 * jumped, which the user should see rather than have replayed in an order the file does not give.
 *
 * <h2>Errors</h2>
 * A wrong number of cells, an unparsable timestamp or number, NaN or infinity (the trace is the
 * input of record, so no value is skipped with a warning), a value above {@value #MAX_VALUE} (a
 * number such as {@code 1e309} reads as infinity, and past 10^15 percentages derived from demand
 * lose their meaning), a negative value (no metric Capstan
 * scales on can be negative: utilization, rates, counts, latencies, demand), a timestamp earlier
 * than the row before (naming both lines), a repeated timestamp (naming both lines; {@code --dedupe last}
 * keeps the last non-empty value per column instead), a header missing where required, a blank or
 * repeated column name, a series given by two files, a file without data rows and a column
 * without a single value. At most {@value #MAX_PROBLEMS_PER_FILE} problems are listed per file.
 */
public final class TraceCsv {
    static final int MAX_PROBLEMS_PER_FILE = 20;
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** Values above this are refused: see the class comment. */
    public static final double MAX_VALUE = 1e15;
    /** Epoch seconds above this (9999-12-31T23:59:59Z, the last instant a trace may hold) are taken for milliseconds and rejected. */
    static final double MAX_EPOCH_SECONDS = 253_402_300_799d;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * How much a read may take.
     *
     * @param maxBytes    bytes read from all trace files together (counted as read, so {@code /dev/zero} stops too)
     * @param memoryBytes bytes of samples held in memory (16 a sample); a longer trace is kept in a
     *                    temporary file instead, read back as the simulation advances. 0 spills every trace.
     */
    public record Limits(long maxBytes, long memoryBytes) {
        public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
        public static final Limits DEFAULT = new Limits(DEFAULT_MAX_BYTES);

        public Limits {
            if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
            if (memoryBytes < 0) throw new IllegalArgumentException("memoryBytes must not be negative, got " + memoryBytes);
        }

        /** At most {@code maxBytes} read, and samples held in memory up to {@link #defaultMemoryBytes}. */
        public Limits(long maxBytes) {
            this(maxBytes, defaultMemoryBytes());
        }

        /**
         * An eighth of the heap, at most 256 MiB: a month of one-minute samples (a few MB) is held,
         * while 19 years of them (160 MB) would crowd the simulation out of a 384 MB heap.
         */
        public static long defaultMemoryBytes() {
            return Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
        }
    }
    /** What a header may call its first (time) column, in any case. */
    static final List<String> TIME_NAMES = List.of("timestamp", "time", "ts", "date", "datetime");
    /** The second header cell of a long-format file ({@code timestamp,metric,value}). */
    private static final java.util.Set<String> LONG_NAME = java.util.Set.of("metric", "name", "series", "__name__", "metric_name");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SPACED_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d.*");
    private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private TraceCsv() {}

    /** The trace, or the problems that kept it from being read. */
    public record Result(LoadedTrace trace, List<TraceProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Result read(List<TraceSource> sources, Dedupe dedupe) {
        return read(sources, dedupe, Limits.DEFAULT);
    }

    public static Result read(List<TraceSource> sources, Dedupe dedupe, Limits limits) {
        List<TraceProblem> problems = new ArrayList<>();
        Map<String, Column> columns = new LinkedHashMap<>();
        long[] budget = {limits.maxBytes()};
        SampleStore store = new SampleStore(limits.memoryBytes());
        try {
            for (TraceSource source : sources) {
                FileReader reader = new FileReader(source, dedupe, budget, limits.maxBytes(), store);
                List<Column> read = reader.read();
                if (!reader.problems.isEmpty()) {
                    problems.addAll(reader.problems);
                    store.discard(reader.opened);
                    continue;
                }
                for (Column c : read) {
                    Column earlier = columns.get(c.series);
                    if (earlier != null) {
                        problems.add(new TraceProblem(c.file, c.line, "series " + c.series + " is also given by " + earlier.file + ":" + earlier.line));
                    } else {
                        columns.put(c.series, c);
                    }
                }
            }
        } catch (SpillException e) {
            problems.add(new TraceProblem(sources.get(0).file(), 0, e.getMessage()));
        }
        if (sources.isEmpty()) problems.add(new TraceProblem(Path.of("."), 0, "no trace given"));
        if (!problems.isEmpty()) {
            store.close();
            return new Result(null, problems);
        }
        List<Trace.Series> series = new ArrayList<>();
        Map<String, LoadedTrace.Column> origins = new LinkedHashMap<>();
        for (Column c : columns.values()) {
            series.add(new Trace.Series(c.series, c.samples()));
            origins.put(c.series, new LoadedTrace.Column(c.series, c.file, c.line));
        }
        return new Result(new LoadedTrace(Trace.of(series), origins, sources, store.spill), List.of());
    }

    /** Parses a timestamp as the trace format defines it; throws DateTimeException with a message naming the forms accepted. */
    public static Instant parseTimestamp(String text) {
        Instant t = parseAnyTimestamp(text);
        // Step and range arithmetic is done in epoch milliseconds; four-digit years keep it far from overflow.
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new DateTimeException("timestamp '" + text.trim() + "' is outside the years 0001 to 9999");
        }
        return t;
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private static Instant parseAnyTimestamp(String text) {
        String s = text.trim();
        if (NUMBER.matcher(s).matches()) {
            BigDecimal seconds = new BigDecimal(s);
            if (seconds.abs().doubleValue() > MAX_EPOCH_SECONDS)
                throw new DateTimeException("timestamp " + s + " is too large for epoch seconds (epoch milliseconds? divide by 1000)");
            return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact());
        }
        try {
            if (DATE_ONLY.matcher(s).matches()) return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (SPACED_DATE_TIME.matcher(s).matches()) s = s.replaceFirst(" ", "T");
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from);
            return switch (t) {
                case ZonedDateTime z -> z.toInstant();
                case OffsetDateTime o -> o.toInstant();
                case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
                default -> throw new DateTimeException("unexpected");
            };
        } catch (DateTimeException e) {
            throw new DateTimeException("unparsable timestamp '" + text.trim() + "': expected ISO-8601 (2014-04-10T00:04:00Z, "
                    + "2014-04-10 00:04:00) or epoch seconds");
        }
    }

    private static final class FileReader {
        private final TraceSource source;
        private final Path file;
        private final Dedupe dedupe;
        /** Bytes left for all files of this read (shared), and the limit, for the message. */
        private final long[] budget;
        private final long maxBytes;
        final List<TraceProblem> problems = new ArrayList<>();
        /** Every column this file declared, kept or not. */
        final List<Column> opened = new ArrayList<>();
        private final SampleStore store;
        private int suppressed;
        /** The last date seen by the timestamp fast path ("2024-05-01") and its epoch day. */
        private String lastDate = "";
        private long lastDay;
        private final List<String> cells = new ArrayList<>();
        /** 1-based character column where each cell of the last split line starts. */
        private int[] starts = new int[16];
        private Lines lines;

        FileReader(TraceSource source, Dedupe dedupe, long[] budget, long maxBytes, SampleStore store) {
            this.store = store;
            this.source = source;
            this.file = source.file();
            this.dedupe = dedupe;
            this.budget = budget;
            this.maxBytes = maxBytes;
        }

        private void problem(int line, String message) {
            problem(line, 0, message);
        }

        private void problem(int line, int column, String message) {
            if (problems.size() < MAX_PROBLEMS_PER_FILE) problems.add(new TraceProblem(file, line, column, message));
            else suppressed++;
        }

        List<Column> read() {
            List<Column> out = readRows();
            if (suppressed > 0) problems.add(new TraceProblem(file, 0, suppressed + " more problems not shown"));
            return out;
        }

        private List<Column> readRows() {
            try (Lines in = new Lines(Files.newInputStream(file))) {
                lines = in;
                List<Column> columns = null;
                // per cell after the timestamp: the column it feeds, or null when NAME= selected another
                Column[] feeds = null;
                int width = 0;
                int lineNo = 0;
                long previous = Long.MIN_VALUE;
                int previousLine = 0;
                int dataRows = 0;
                String line;
                while ((line = in.next()) != null) {
                    lineNo++;
                    if (in.tooLong) {
                        problem(lineNo, "line is longer than " + MAX_LINE_BYTES + " bytes: not a trace row (is this a CSV trace?)");
                        return List.of();
                    }
                    if (in.bytes > budget[0]) {
                        problem(lineNo, "the traces are larger than " + maxBytes + " bytes (--max-trace-bytes)");
                        return List.of();
                    }
                    if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                    String trimmed = line.strip();
                    if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
                    if (columns == null && !commaSeparated(line, lineNo)) return List.of();
                    if (!split(line, ',')) {
                        problem(lineNo, "unbalanced quote");
                        continue;
                    }
                    if (columns == null) {
                        columns = new ArrayList<>();
                        boolean header = !looksLikeTimestamp(cells.get(0));
                        if (!header && source.name() == null) {
                            problem(lineNo, "no header row: name the columns in a header (timestamp,cpu,...) or give the metric as --trace NAME="
                                    + file);
                            return List.of();
                        }
                        width = cells.size();
                        if (header && !headerNamesTime(lineNo, width)) return List.of();
                        feeds = new Column[width];
                        if (longFormat) continue; // its columns are the metrics its rows name
                        if (source.name() != null) {
                            Column only = column(source.name(), lineNo, 1);
                            int chosen = named(header, width, lineNo);
                            if (chosen < 0) return List.of();
                            columns.add(only);
                            feeds[chosen] = only;
                        } else {
                            if (width < 2) {
                                problem(lineNo, "header names no value column: expected timestamp,<metric>[,...]");
                                return List.of();
                            }
                            for (int c = 1; c < width; c++) {
                                String name = cells.get(c).strip();
                                if (name.isEmpty()) {
                                    problem(lineNo, starts[c], "column " + (c + 1) + " has no name in the header");
                                } else {
                                    for (Column earlier : columns) {
                                        if (earlier.series.equals(name)) problem(lineNo, starts[c], "column " + name + " is named twice in the header");
                                    }
                                    Column col = column(name, lineNo, width - 1);
                                    columns.add(col);
                                    feeds[c] = col;
                                }
                            }
                            if (!problems.isEmpty()) return List.of();
                        }
                        if (header) continue;
                    }
                    if (cells.size() != width) {
                        problem(lineNo, "expected " + width + " cells, found " + cells.size());
                        continue;
                    }
                    long t;
                    try {
                        t = millis(cells.get(0));
                    } catch (DateTimeException e) {
                        problem(lineNo, starts[0], e.getMessage());
                        continue;
                    }
                    if (t < previous) {
                        problem(lineNo, starts[0], "timestamp " + Instant.ofEpochMilli(t) + " is earlier than " + Instant.ofEpochMilli(previous)
                                + " on line " + previousLine + ": rows must be in time order");
                        continue;
                    }
                    if (t == previous && dedupe == Dedupe.ERROR && !longFormat) {
                        problem(lineNo, starts[0], "duplicate timestamp " + Instant.ofEpochMilli(t) + ", also on line " + previousLine
                                + " (use --dedupe last to keep the last value)");
                        continue;
                    }
                    if (longFormat) {
                        readLong(t, lineNo, columns); // several metrics share a time: duplicates are checked per metric
                    } else {
                        dataRows++;
                        for (int c = 1; c < width; c++) {
                            if (feeds[c] != null) add(feeds[c], t, c, lineNo);
                        }
                    }
                    previous = t;
                    previousLine = lineNo;
                }
                if (longFormat) dataRows = rowsRead;
                if (longFormat && source.name() != null && columns != null && columns.isEmpty() && problems.isEmpty()) {
                    problem(0, "--trace " + source.name() + "=" + file + ": no row has metric " + source.name() + "; its metrics are "
                            + String.join(", ", seenMetrics));
                    return List.of();
                }
                if (columns == null || dataRows == 0) {
                    if (problems.isEmpty()) problem(0, "no data rows: the trace is empty");
                    return List.of();
                }
                for (Column c : columns) {
                    if (c.count() == 0 && problems.isEmpty()) problem(c.line, "column " + c.series + " has no values (every cell is empty)");
                }
                if (problems.isEmpty()) columns.forEach(Column::finish);
                return columns;
            } catch (SpillException e) {
                throw e; // not this file's fault: said once, for the whole read
            } catch (NoSuchFileException e) {
                problem(0, "no such file");
            } catch (CharacterCodingException e) {
                io.capstan.app.input.Utf8.Bad bad = lines == null ? null : lines.bad;
                problem(bad == null ? 0 : lines.number, bad == null ? 0 : bad.column(), bad == null ? "not UTF-8 text" : bad.message());
            } catch (IOException | UncheckedIOException e) {
                problem(0, "cannot read: " + e.getMessage());
            } finally {
                // what this file used is gone from the shared budget, problems or not
                if (lines != null) budget[0] -= lines.bytes;
            }
            return List.of();
        }

        /**
         * False (after a problem) when the first row separates its cells with {@code ;} or a tab
         * and has no comma: such a file would otherwise be read as one column per line.
         */
        private boolean commaSeparated(String line, int lineNo) {
            if (line.indexOf(',') >= 0) return true;
            for (char other : new char[] {';', '\t'}) {
                int at = line.indexOf(other);
                if (at >= 0) {
                    problem(lineNo, at + 1, "this file uses " + (other == ';' ? "';'" : "tabs") + " as separator; Capstan traces are "
                            + "comma-separated (timestamp,cpu,...): replace " + (other == ';' ? "';'" : "the tabs") + " with ','"
                            + (other == ';' ? " (and decimal commas with '.')" : ""));
                    return false;
                }
            }
            return true;
        }

        /**
         * False (after a problem) when a header's first cell does not name the time column, or the
         * header is a long-format one ({@code timestamp,metric,value}), which Capstan does not read.
         */
        private boolean headerNamesTime(int lineNo, int width) {
            longFormat = width == 3 && LONG_NAME.contains(cells.get(1).strip().toLowerCase(Locale.ROOT))
                    && cells.get(2).strip().equalsIgnoreCase("value");
            String first = cells.get(0).strip();
            if (TIME_NAMES.contains(first.toLowerCase(Locale.ROOT))) return true;
            problem(lineNo, starts[0], (first.isEmpty() ? "the first column has no name" : "the first column is headed '" + first + "'")
                    + "; it must be the timestamp column, headed one of " + String.join(", ", TIME_NAMES)
                    + (width == 1 ? "" : " (a file without a time column cannot be replayed)"));
            return false;
        }

        /** Long format ({@code timestamp,metric,value}): set by the header. */
        private boolean longFormat;
        /** Per metric of a long-format file: its column, and the time and line of its last row. */
        private final Map<String, Column> byMetric = new LinkedHashMap<>();
        private final Map<String, long[]> lastRow = new java.util.HashMap<>();
        private final java.util.Set<String> seenMetrics = new java.util.TreeSet<>();
        private int rowsRead;

        /** One long-format row: the value of the metric it names at {@code t}; with NAME=, only that metric's rows. */
        private void readLong(long t, int lineNo, List<Column> columns) {
            String metric = cells.get(1).strip();
            if (metric.isEmpty()) {
                problem(lineNo, starts[1], "the metric cell is empty");
                return;
            }
            seenMetrics.add(metric);
            if (source.name() != null && !metric.equals(source.name())) return;
            rowsRead++;
            long[] last = lastRow.get(metric);
            if (last != null && last[0] == t && dedupe == Dedupe.ERROR) {
                problem(lineNo, starts[0], "duplicate timestamp " + Instant.ofEpochMilli(t) + " for metric " + metric + ", also on line " + last[1]
                        + " (use --dedupe last to keep the last value)");
                return;
            }
            lastRow.put(metric, new long[] {t, lineNo});
            Column col = byMetric.get(metric);
            if (col == null) {
                col = column(metric, lineNo, 1);
                byMetric.put(metric, col);
                columns.add(col);
            }
            add(col, t, 2, lineNo);
        }

        /** Cell {@code c} of the current row as a sample of {@code col} at {@code t}: a gap when empty, a problem when not a value. */
        private void add(Column col, long t, int c, int lineNo) {
            String cell = cells.get(c).strip();
            if (cell.isEmpty()) return; // a gap
            double v = plainDecimal(cell);
            if (Double.isNaN(v) && !isNumber(cell)) {
                if (NON_FINITE.matcher(cell).matches()) {
                    problem(lineNo, starts[c], "value of " + col.series + " is " + cell
                            + ": only finite numbers are allowed (leave the cell empty for no data)");
                } else {
                    problem(lineNo, starts[c], "value of " + col.series + " is not a number: '" + cell + "'");
                }
                return;
            }
            if (Double.isNaN(v)) v = Double.parseDouble(cell);
            if (v < 0) {
                problem(lineNo, starts[c], "value of " + col.series + " is negative (" + cell + "): metrics and demand cannot be negative");
            } else if (v > MAX_VALUE) {
                problem(lineNo, starts[c], "value of " + col.series + " is " + cell + ", above the largest a trace may hold (1e15)"
                        + (Double.isInfinite(v) ? ": it is beyond any double and would read as infinity" : ""));
            } else if (problems.isEmpty()) {
                col.add(t, v);
            }
        }

        private Column column(String series, int lineNo, int width) {
            Column c = store.column(series, file, lineNo, width);
            opened.add(c);
            return c;
        }

        /**
         * The cell a {@code NAME=} file gives, or -1 after a problem: the second of two columns, whose
         * header (if any) must be NAME or value; of a wider file with a header, the column headed NAME.
         */
        private int named(boolean header, int width, int lineNo) {
            String name = source.name();
            if (header && width > 2) {
                for (int c = 1; c < width; c++) if (cells.get(c).strip().equals(name)) return c;
            }
            if (width != 2) {
                problem(lineNo, "--trace " + name + "=" + file + " expects two columns (timestamp,value), found " + width
                        + (header ? ", and no column is headed " + name + "; give the file without NAME= to use its header" : ""));
                return -1;
            }
            String heading = cells.get(1).strip();
            if (header && !heading.equals(name) && !heading.equalsIgnoreCase("value")) {
                problem(lineNo, starts[1], "--trace " + name + "=" + file + ": the file's column is headed " + heading + ", not " + name
                        + "; give --trace " + heading + "=" + file + " (or the file alone) to use it as " + heading
                        + ", or head the column " + name + " or value");
                return -1;
            }
            return 1;
        }

        /** Epoch millis of a timestamp cell: the common forms by hand (a hot path), the rest through {@link #parseTimestamp}. */
        private long millis(String cell) {
            String s = cell.strip();
            int len = s.length();
            if ((len == 19 || len == 20 || len == 16 || len == 17) && s.charAt(4) == '-' && s.charAt(7) == '-'
                    && (s.charAt(10) == 'T' || s.charAt(10) == ' ') && s.charAt(13) == ':') {
                boolean zulu = s.charAt(len - 1) == 'Z';
                int body = zulu ? len - 1 : len;
                if ((body == 19 && s.charAt(16) == ':' || body == 16)) {
                    int h = digits(s, 11), mi = digits(s, 14), sec = body == 19 ? digits(s, 17) : 0;
                    if (h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 60) {
                        long day = day(s);
                        if (day != Long.MIN_VALUE) return (day * 86_400L + h * 3600L + mi * 60L + sec) * 1000L;
                    }
                }
            }
            return parseTimestamp(cell).toEpochMilli();
        }

        private long day(String s) {
            if (s.regionMatches(0, lastDate, 0, 10) && lastDate.length() == 10) return lastDay;
            try {
                long d = LocalDate.parse(s.substring(0, 10)).toEpochDay();
                lastDate = s.substring(0, 10);
                lastDay = d;
                return d;
            } catch (DateTimeException e) {
                return Long.MIN_VALUE;
            }
        }

        private static int digits(String s, int at) {
            char a = s.charAt(at), b = s.charAt(at + 1);
            if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
            return (a - '0') * 10 + (b - '0');
        }

        private static boolean looksLikeTimestamp(String cell) {
            try {
                parseTimestamp(cell);
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }

        /**
         * Splits one line into {@link #cells} (RFC-4180 quoting) and {@link #starts}; false when a
         * quote is not closed.
         */
        boolean split(String line, char delimiter) {
            cells.clear();
            if (line.indexOf('"') < 0) {
                int from = 0;
                while (true) {
                    int at = line.indexOf(delimiter, from);
                    start(cells.size(), from);
                    cells.add(line.substring(from, at < 0 ? line.length() : at));
                    if (at < 0) return true;
                    from = at + 1;
                }
            }
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            start(0, 0);
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (quoted) {
                    if (ch == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cell.append(ch);
                    }
                } else if (ch == '"' && cell.toString().isBlank()) {
                    cell.setLength(0);
                    quoted = true;
                } else if (ch == delimiter) {
                    cells.add(cell.toString());
                    cell.setLength(0);
                    start(cells.size(), i + 1);
                } else {
                    cell.append(ch);
                }
            }
            if (quoted) return false;
            cells.add(cell.toString());
            return true;
        }

        private void start(int cell, int offset) {
            if (cell == starts.length) starts = Arrays.copyOf(starts, cell * 2);
            starts[cell] = offset + 1;
        }
    }

    private static final double[] EXACT_POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * The value of a short plain decimal ([+-]digits[.digits], at most 15 digits, no exponent), or NaN
     * when the cell is anything else and must go through {@link #isNumber} and {@link Double#parseDouble}.
     * Exactly what {@code Double.parseDouble} gives (Clinger's fast path: the digits as a whole
     * number below 2^53 and a power of ten up to 10^22 are both exact doubles, so one division rounds
     * once, correctly), at a fraction of its cost in a cold JVM: a 30-day trace spent a quarter of the
     * simulating thread's time in it.
     */
    static double plainDecimal(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long digits = 0;
        int count = 0;
        int fraction = -1;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++count > 15) return Double.NaN;
                digits = digits * 10 + (c - '0');
                if (fraction >= 0) fraction++;
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (count == 0) return Double.NaN;
        double v = fraction > 0 ? digits / EXACT_POW10[fraction] : digits;
        return negative ? -v : v;
    }

    /** A plain decimal number as {@link #NUMBER} defines it, checked by hand (one call per cell). */
    static boolean isNumber(String s) {
        int i = 0, n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int intDigits = 0, fracDigits = 0;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
            intDigits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                fracDigits++;
            }
        }
        if (intDigits == 0 && fracDigits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) return false;
        }
        return i == n;
    }

    /**
     * Lines of UTF-8 text read with bounded memory: a line longer than {@link #MAX_LINE_BYTES} is
     * not kept ({@link #tooLong}), and {@link #bytes} counts every byte read so far.
     */
    private static final class Lines implements AutoCloseable {
        private final java.io.InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int pos;
        private int limit;
        private byte[] line = new byte[256];
        long bytes;
        boolean tooLong;
        /** Lines returned so far, and where the last one stopped being UTF-8 (column within it). */
        int number;
        io.capstan.app.input.Utf8.Bad bad;
        private boolean afterCr;
        private final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);

        Lines(java.io.InputStream in) {
            this.in = in;
        }

        /** The next line without its line end, or null at the end of the input. */
        String next() throws IOException {
            int n = 0;
            boolean any = false;
            boolean ascii = true;
            while (true) {
                if (pos == limit) {
                    limit = in.read(buffer);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (!any) return null;
                        break;
                    }
                    bytes += limit;
                }
                byte b = buffer[pos++];
                if (afterCr) {
                    afterCr = false;
                    if (b == '\n') continue; // the LF of a CRLF
                }
                any = true;
                if (b == '\n') break;
                if (b == '\r') {
                    afterCr = true; // a line end on its own (old Mac files) or the start of a CRLF
                    break;
                }
                if (n == MAX_LINE_BYTES) {
                    tooLong = true;
                    return "";
                }
                if (n == line.length) line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, n * 2));
                line[n++] = b;
                if (b < 0) ascii = false;
            }
            number++;
            if (ascii) return new String(line, 0, n, StandardCharsets.ISO_8859_1);
            try {
                return decoder.decode(java.nio.ByteBuffer.wrap(line, 0, n)).toString();
            } catch (CharacterCodingException e) {
                bad = io.capstan.app.input.Utf8.firstBad(line, 0, n);
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
