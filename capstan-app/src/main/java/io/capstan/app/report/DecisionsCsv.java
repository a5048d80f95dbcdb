package io.capstan.app.report;

import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.RowSink;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.TargetResult;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code decisions.csv}: one row per policy file, target and step, RFC-4180 (comma-separated, CRLF
 * line ends, cells quoted when they hold a comma, quote or line break). Columns: timestamp
 * (ISO-8601 UTC), policy (the policy file's name, or with two files of one name the shortest path suffix that tells them apart: with {@code --compare} both files' decisions are
 * here, the main file's first), target, desiredReplicas, readyReplicas, one column per metric seen
 * by any target of either file (empty when the engine had no value), action, reason, summary, warmUp ({@code true} for a
 * step of the warm-up, replayed but not scored; {@code false} from the first scored step on; last, so that the columns
 * before it keep their places).
 *
 * <p>Rows are written as the simulation makes them ({@link #rows}): step by step, at each step one
 * row per target, so the file never has to fit in memory.
 */
public final class DecisionsCsv {
    private final OutputStream out;
    private final List<String> metrics;
    /** Rows are encoded here by hand (a hot path: millions of rows), then written in blocks. */
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private final Timestamps timestamps = new Timestamps();
    /** The first scored step in epoch milliseconds: rows before it are the warm-up. */
    private final long scoredFrom;

    private DecisionsCsv(OutputStream out, List<String> metrics, Instant scoredFrom) {
        this.out = out;
        this.metrics = List.copyOf(metrics);
        this.scoredFrom = scoredFrom == null ? Long.MIN_VALUE : scoredFrom.toEpochMilli();
    }

    /** The union of the metric columns, in first-seen order. */
    public static List<String> metricColumns(Collection<List<String>> perTarget) {
        Set<String> metrics = new LinkedHashSet<>();
        perTarget.forEach(metrics::addAll);
        return List.copyOf(metrics);
    }

    /** As {@link #start(OutputStream, List, Instant)} for a replay without a warm-up. */
    public static DecisionsCsv start(OutputStream out, List<String> metricColumns) throws IOException {
        return start(out, metricColumns, null);
    }

    /**
     * Writes the header; rows follow through {@link #rows}, then {@link #finish}.
     *
     * @param scoredFrom the first scored step ({@link SimulationResult#scoredFrom()}); rows before it are marked as the
     *                   warm-up; null for none
     */
    public static DecisionsCsv start(OutputStream out, List<String> metricColumns, Instant scoredFrom) throws IOException {
        DecisionsCsv csv = new DecisionsCsv(out, metricColumns, scoredFrom);
        StringBuilder sb = new StringBuilder(256);
        sb.append("timestamp,policy,target,desiredReplicas,readyReplicas");
        for (String m : metricColumns) sb.append(',').append(quote(m));
        sb.append(",action,reason,summary,warmUp\r\n");
        csv.put(sb.toString());
        return csv;
    }

    /** A sink writing the rows of one policy file's run; a write failure is thrown as {@link UncheckedIOException}. */
    public RowSink rows(String policyLabel) {
        String policy = quote(policyLabel);
        return (target, row, decision) -> write(policy, target, row);
    }

    /** Writes what is buffered; the caller closes the stream. */
    public void finish() throws IOException {
        out.write(buffer, 0, pos);
        pos = 0;
        out.flush();
    }

    /** Writes every row a result kept ({@link TargetResult#keptRows()}) in the order a streamed run would. */
    void writeKept(String policyLabel, SimulationResult result) {
        String policy = quote(policyLabel);
        int n = result.targets().isEmpty() ? 0 : result.targets().get(0).size();
        for (int i = 0; i < n; i++) {
            for (TargetResult t : result.targets()) write(policy, t.target(), t.row(i));
        }
    }

    private void write(String policy, String target, Row row) {
        timestamps.append(this, row.at());
        put(',');
        put(policy);
        put(',');
        putQuoted(target);
        put(',');
        putInt(row.desiredReplicas());
        put(',');
        putInt(row.readyReplicas());
        Map<String, Double> values = row.metrics();
        for (String m : metrics) {
            put(',');
            Double v = values.get(m);
            if (v != null) put(number(v));
        }
        put(',');
        putQuoted(row.action());
        put(',');
        put(row.reason().name());
        put(',');
        putQuoted(row.summary());
        put(row.at().toEpochMilli() < scoredFrom ? ",true" : ",false");
        put('\r');
        put('\n');
    }

    private void put(char c) {
        if (pos == buffer.length) drain();
        buffer[pos++] = (byte) c;
    }

    /** UTF-8 of {@code s}: ASCII text is copied straight into the buffer, other text encoded. */
    private void put(String s) {
        if (isAscii(s)) putAscii(s, 0, s.length());
        else put(s.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    /**
     * Copies chars {@code from..to} of an ASCII string into the buffer (a char is then its UTF-8
     * byte). Encoding every summary to a fresh byte array first was an eighth of the bytes a long
     * replay allocated.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) copies the low byte of each char: exact for ASCII
    private void putAscii(String s, int from, int to) {
        while (from < to) {
            if (pos == buffer.length) drain();
            int k = Math.min(to - from, buffer.length - pos);
            s.getBytes(from, from + k, buffer, pos);
            pos += k;
            from += k;
        }
    }

    private void put(byte[] bytes) {
        int from = 0;
        while (from < bytes.length) {
            if (pos == buffer.length) drain();
            int n = Math.min(bytes.length - from, buffer.length - pos);
            System.arraycopy(bytes, from, buffer, pos, n);
            pos += n;
            from += n;
        }
    }

    /** As {@link #quote}, straight into the buffer: one pass over the bytes to look, one to copy. */
    private void putQuoted(String s) {
        if (isAscii(s)) {
            if (!needsQuotes(s)) {
                putAscii(s, 0, s.length());
                return;
            }
            put('"');
            int from = 0;
            for (int q; (q = s.indexOf('"', from)) >= 0; from = q + 1) {
                putAscii(s, from, q + 1);
                put('"');
            }
            putAscii(s, from, s.length());
            put('"');
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        boolean special = false;
        for (byte b : bytes) {
            if (b == ',' || b == '"' || b == '\n' || b == '\r') {
                special = true;
                break;
            }
        }
        if (!special) {
            put(bytes);
            return;
        }
        put('"');
        for (byte b : bytes) {
            if (pos >= buffer.length - 1) drain();
            buffer[pos++] = b;
            if (b == '"') buffer[pos++] = '"';
        }
        put('"');
    }

    private static boolean needsQuotes(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
        }
        return false;
    }

    private void putInt(int v) {
        if (v >= 0 && v < 10) put((char) ('0' + v));
        else put(Integer.toString(v));
    }

    private void drain() {
        try {
            out.write(buffer, 0, pos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pos = 0;
    }

    /** Plain decimal, no exponent, no trailing zeros: 12.5, 100, 0.001. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        // Double.toString is already the shortest plain decimal between 1e-3 and 1e7; only exponents need BigDecimal.
        String shortest = Double.toString(v);
        if (shortest.indexOf('E') < 0) return shortest;
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * {@link Instant#toString()} for the years 0000-9999 without its formatter: steps of one run
     * mostly share a day, so the date is formatted once a day and the time by hand. It is a hot path
     * (one call per row; millions of rows in a long replay).
     */
    static final class Timestamps {
        private static final long MIN = LocalDate.of(0, 1, 1).toEpochDay() * 86_400L;
        private static final long MAX = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400L;
        private long day = Long.MIN_VALUE;
        private String date;

        void append(DecisionsCsv sb, Instant at) {
            long seconds = at.getEpochSecond();
            if (seconds < MIN || seconds >= MAX) {
                sb.put(at.toString());
                return;
            }
            long d = Math.floorDiv(seconds, 86_400L);
            if (d != day) {
                day = d;
                date = LocalDate.ofEpochDay(d) + "T";
            }
            int s = (int) (seconds - d * 86_400L);
            sb.put(date);
            two(sb, s / 3600);
            sb.put(':');
            two(sb, s / 60 % 60);
            sb.put(':');
            two(sb, s % 60);
            int nanos = at.getNano();
            if (nanos > 0) {
                // ISO_INSTANT prints the fraction in groups of three digits, as many as needed.
                String f = Integer.toString(nanos + 1_000_000_000).substring(1);
                int len = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
                sb.put('.');
                sb.put(f.substring(0, len));
            }
            sb.put('Z');
        }

        private static void two(DecisionsCsv sb, int v) {
            sb.put((char) ('0' + v / 10));
            sb.put((char) ('0' + v % 10));
        }
    }
}
