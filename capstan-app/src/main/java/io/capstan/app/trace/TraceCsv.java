package io.capstan.app.trace;

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
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads CSV traces. Bad input is never a crash and never silently misread: every problem is a
 * {@link TraceProblem} naming file and line, and a file with any problem contributes nothing.
 *
 * <h2>Format</h2>
 * <ul>
 *   <li>Cells are separated by {@code ,} or, when the first row contains a {@code ;}, by {@code ;}.
 *       Cells may be quoted RFC-4180 style ({@code "a,b"}, {@code ""} for a quote) but may not span lines.
 *       Blank lines and lines starting with {@code #} are skipped. A UTF-8 byte order mark is ignored.</li>
 *   <li>The first column is the timestamp: ISO-8601 ({@code 2014-04-10T00:04:00}, {@code 2014-04-10 00:04:00}
 *       with a space, {@code ...Z}, {@code ...+02:00}, {@code 2014-04-10} for midnight; no zone means UTC)
 *       or epoch seconds (integer or decimal). Numbers above 10^11 are rejected: they look like
 *       epoch milliseconds, and reading them as seconds would put the trace thousands of years out.</li>
 *   <li>{@code --trace NAME=path}: a two-column file {@code timestamp,value}, with or without a header;
 *       the series is {@code NAME}. {@code --trace path}: the header row names the columns after the
 *       timestamp, each {@code <metric>} or {@code <target>.<metric>}.</li>
 *   <li>Values are plain decimal numbers ({@code 12}, {@code -0.5}, {@code 1e3}); an empty cell is no data
 *       for that column at that time (a gap: the engine's missing-data rules apply; nothing is filled).</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * A wrong number of cells, an unparsable timestamp or number, NaN or infinity (the trace is the
 * input of record, so no value is skipped with a warning), a negative value (no metric Capstan
 * scales on can be negative: utilization, rates, counts, latencies, demand), a timestamp earlier
 * than the row before (naming both lines), a repeated timestamp (naming both lines; {@code --dedupe last}
 * keeps the last non-empty value per column instead), a header missing where required, a blank or
 * repeated column name, a series given by two files, a file without data rows and a column
 * without a single value. At most {@value #MAX_PROBLEMS_PER_FILE} problems are listed per file.
 */
public final class TraceCsv {
    static final int MAX_PROBLEMS_PER_FILE = 20;
    /** Epoch seconds above this are taken for milliseconds and rejected (year 5138). */
    static final double MAX_EPOCH_SECONDS = 1e11;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
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
        List<TraceProblem> problems = new ArrayList<>();
        Map<String, Column> columns = new LinkedHashMap<>();
        for (TraceSource source : sources) {
            FileReader reader = new FileReader(source, dedupe);
            List<Column> read = reader.read();
            if (!reader.problems.isEmpty()) {
                problems.addAll(reader.problems);
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
        if (sources.isEmpty()) problems.add(new TraceProblem(Path.of("."), 0, "no trace given"));
        if (!problems.isEmpty()) return new Result(null, problems);
        Trace.Builder b = Trace.builder();
        Map<String, LoadedTrace.Column> origins = new LinkedHashMap<>();
        for (Column c : columns.values()) {
            for (int i = 0; i < c.n; i++) b.add(c.series, c.times[i], c.values[i]);
            origins.put(c.series, new LoadedTrace.Column(c.series, c.file, c.line));
        }
        return new Result(new LoadedTrace(b.build(), origins, sources), List.of());
    }

    /** Parses a timestamp as the trace format defines it; throws DateTimeException with a message naming the forms accepted. */
    public static Instant parseTimestamp(String text) {
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

    /** One column of one file, read into primitive arrays. */
    private static final class Column {
        final String series;
        final Path file;
        final int line;
        long[] times = new long[256];
        double[] values = new double[256];
        int n;

        Column(String series, Path file, int line) {
            this.series = series;
            this.file = file;
            this.line = line;
        }

        void add(long t, double v, Dedupe dedupe) {
            if (n > 0 && times[n - 1] == t) {
                values[n - 1] = v; // only reached with Dedupe.LAST: the later value wins
                return;
            }
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            times[n] = t;
            values[n] = v;
            n++;
        }
    }

    private static final class FileReader {
        private final TraceSource source;
        private final Path file;
        private final Dedupe dedupe;
        final List<TraceProblem> problems = new ArrayList<>();
        private int suppressed;

        FileReader(TraceSource source, Dedupe dedupe) {
            this.source = source;
            this.file = source.file();
            this.dedupe = dedupe;
        }

        private void problem(int line, String message) {
            if (problems.size() < MAX_PROBLEMS_PER_FILE) problems.add(new TraceProblem(file, line, message));
            else suppressed++;
        }

        List<Column> read() {
            List<Column> out = readRows();
            if (suppressed > 0) problems.add(new TraceProblem(file, 0, suppressed + " more problems not shown"));
            return out;
        }

        private List<Column> readRows() {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                char delimiter = 0;
                List<Column> columns = null;
                int width = 0;
                int lineNo = 0;
                long previous = Long.MIN_VALUE;
                int previousLine = 0;
                int dataRows = 0;
                String line;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                    String trimmed = line.strip();
                    if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
                    if (delimiter == 0) delimiter = trimmed.indexOf(';') >= 0 ? ';' : ',';
                    List<String> cells = split(line, delimiter);
                    if (cells == null) {
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
                        if (source.name() != null) {
                            if (width != 2) {
                                problem(lineNo, "--trace " + source.name() + "=" + file + " expects two columns (timestamp,value), found " + width
                                        + (header ? "; give the file without NAME= to use its header" : ""));
                                return List.of();
                            }
                            columns.add(new Column(source.name(), file, lineNo));
                        } else {
                            if (width < 2) {
                                problem(lineNo, "header names no value column: expected timestamp,<metric>[,...]");
                                return List.of();
                            }
                            for (int c = 1; c < width; c++) {
                                String name = cells.get(c).strip();
                                if (name.isEmpty()) {
                                    problem(lineNo, "column " + (c + 1) + " has no name in the header");
                                } else {
                                    for (Column earlier : columns) {
                                        if (earlier.series.equals(name)) problem(lineNo, "column " + name + " is named twice in the header");
                                    }
                                    columns.add(new Column(name, file, lineNo));
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
                    Instant at;
                    try {
                        at = parseTimestamp(cells.get(0));
                    } catch (DateTimeException e) {
                        problem(lineNo, e.getMessage());
                        continue;
                    }
                    long t = at.toEpochMilli();
                    if (t < previous) {
                        problem(lineNo, "timestamp " + at + " is earlier than " + Instant.ofEpochMilli(previous) + " on line " + previousLine
                                + ": rows must be in time order");
                        continue;
                    }
                    if (t == previous && dedupe == Dedupe.ERROR) {
                        problem(lineNo, "duplicate timestamp " + at + ", also on line " + previousLine + " (use --dedupe last to keep the last value)");
                        continue;
                    }
                    dataRows++;
                    for (int c = 1; c < width; c++) {
                        String cell = cells.get(c).strip();
                        if (cell.isEmpty()) continue; // a gap
                        Column col = columns.get(c - 1);
                        if (NON_FINITE.matcher(cell).matches()) {
                            problem(lineNo, "value of " + col.series + " is " + cell + ": only finite numbers are allowed (leave the cell empty for no data)");
                        } else if (!NUMBER.matcher(cell).matches()) {
                            problem(lineNo, "value of " + col.series + " is not a number: '" + cell + "'");
                        } else {
                            double v = Double.parseDouble(cell);
                            if (v < 0) problem(lineNo, "value of " + col.series + " is negative (" + cell + "): metrics and demand cannot be negative");
                            else if (problems.isEmpty()) col.add(t, v, dedupe);
                        }
                    }
                    previous = t;
                    previousLine = lineNo;
                }
                if (columns == null || dataRows == 0) {
                    if (problems.isEmpty()) problem(0, "no data rows: the trace is empty");
                    return List.of();
                }
                for (Column c : columns) {
                    if (c.n == 0 && problems.isEmpty()) problem(c.line, "column " + c.series + " has no values (every cell is empty)");
                }
                return columns;
            } catch (NoSuchFileException e) {
                problem(0, "no such file");
            } catch (CharacterCodingException e) {
                problem(0, "not UTF-8 text: " + e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                problem(0, "cannot read: " + e.getMessage());
            }
            return List.of();
        }

        private static boolean looksLikeTimestamp(String cell) {
            try {
                parseTimestamp(cell);
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }

        /** RFC-4180 cells of one line, or null when a quote is not closed. */
        static List<String> split(String line, char delimiter) {
            List<String> out = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
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
                    out.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(ch);
                }
            }
            if (quoted) return null;
            out.add(cell.toString());
            return out;
        }
    }
}
