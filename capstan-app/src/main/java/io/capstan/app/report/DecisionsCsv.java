package io.capstan.app.report;

import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.RowSink;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.TargetResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code decisions.csv}: one row per policy file, target and step, RFC-4180 (comma-separated, CRLF
 * line ends, cells quoted when they hold a comma, quote or line break). Columns: timestamp
 * (ISO-8601 UTC), policy (the policy file's name: with {@code --compare} both files' decisions are
 * here, the main file's first), target, desiredReplicas, readyReplicas, one column per metric seen
 * by any target of either file (empty when the engine had no value), action, reason, summary.
 *
 * <p>Rows are written as the simulation makes them ({@link #rows}): step by step, at each step one
 * row per target, so the file never has to fit in memory.
 */
public final class DecisionsCsv {
    private final Writer out;
    private final List<String> metrics;
    private final StringBuilder sb = new StringBuilder(256);
    private final Timestamps timestamps = new Timestamps();

    private DecisionsCsv(Writer out, List<String> metrics) {
        this.out = out;
        this.metrics = List.copyOf(metrics);
    }

    /** The union of the metric columns, in first-seen order. */
    public static List<String> metricColumns(Collection<List<String>> perTarget) {
        Set<String> metrics = new LinkedHashSet<>();
        perTarget.forEach(metrics::addAll);
        return List.copyOf(metrics);
    }

    /** Writes the header; rows follow through {@link #rows}. */
    public static DecisionsCsv start(Writer out, List<String> metricColumns) throws IOException {
        DecisionsCsv csv = new DecisionsCsv(out, metricColumns);
        StringBuilder sb = new StringBuilder(256);
        sb.append("timestamp,policy,target,desiredReplicas,readyReplicas");
        for (String m : metricColumns) sb.append(',').append(quote(m));
        sb.append(",action,reason,summary\r\n");
        out.write(sb.toString());
        return csv;
    }

    /** A sink writing the rows of one policy file's run; a write failure is thrown as {@link UncheckedIOException}. */
    public RowSink rows(String policyLabel) {
        String policy = quote(policyLabel);
        return (target, row, decision) -> write(policy, target, row);
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
        sb.setLength(0);
        timestamps.append(sb, row.at());
        sb.append(',').append(policy).append(',').append(quote(target)).append(',').append(row.desiredReplicas()).append(',')
                .append(row.readyReplicas());
        for (String m : metrics) {
            sb.append(',');
            Double v = row.metrics().get(m);
            if (v != null) sb.append(number(v));
        }
        sb.append(',').append(quote(row.action())).append(',').append(row.reason()).append(',').append(quote(row.summary())).append("\r\n");
        try {
            out.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plain decimal, no exponent, no trailing zeros: 12.5, 100, 0.001. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
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

        void append(StringBuilder sb, Instant at) {
            long seconds = at.getEpochSecond();
            if (seconds < MIN || seconds >= MAX) {
                sb.append(at);
                return;
            }
            long d = Math.floorDiv(seconds, 86_400L);
            if (d != day) {
                day = d;
                date = LocalDate.ofEpochDay(d) + "T";
            }
            int s = (int) (seconds - d * 86_400L);
            sb.append(date);
            two(sb, s / 3600);
            sb.append(':');
            two(sb, s / 60 % 60);
            sb.append(':');
            two(sb, s % 60);
            int nanos = at.getNano();
            if (nanos > 0) {
                // ISO_INSTANT prints the fraction in groups of three digits, as many as needed.
                String f = Integer.toString(nanos + 1_000_000_000).substring(1);
                int len = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
                sb.append('.').append(f, 0, len);
            }
            sb.append('Z');
        }

        private static void two(StringBuilder sb, int v) {
            sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
        }
    }
}
