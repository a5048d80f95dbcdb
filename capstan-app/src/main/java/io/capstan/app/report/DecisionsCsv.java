package io.capstan.app.report;

import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.TargetResult;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code decisions.csv}: one row per target and step, RFC-4180 (comma-separated, CRLF line ends,
 * cells quoted when they hold a comma, quote or line break). Columns: timestamp (ISO-8601 UTC),
 * target, desiredReplicas, readyReplicas, one column per metric seen by any target (empty when the
 * engine had no value), action, reason, summary.
 */
public final class DecisionsCsv {
    private DecisionsCsv() {}

    public static List<String> metricColumns(SimulationResult result) {
        Set<String> metrics = new LinkedHashSet<>();
        for (TargetResult t : result.targets()) metrics.addAll(t.metrics());
        return List.copyOf(metrics);
    }

    public static void write(SimulationResult result, Writer out) throws IOException {
        List<String> metrics = metricColumns(result);
        StringBuilder sb = new StringBuilder(256);
        sb.append("timestamp,target,desiredReplicas,readyReplicas");
        for (String m : metrics) sb.append(',').append(quote(m));
        sb.append(",action,reason,summary\r\n");
        out.write(sb.toString());
        for (TargetResult t : result.targets()) {
            for (int i = 0; i < t.size(); i++) {
                Row row = t.row(i);
                sb.setLength(0);
                sb.append(row.at()).append(',').append(quote(t.target())).append(',').append(row.desiredReplicas()).append(',')
                        .append(row.readyReplicas());
                for (String m : metrics) {
                    sb.append(',');
                    Double v = row.metrics().get(m);
                    if (v != null) sb.append(number(v));
                }
                sb.append(',').append(quote(row.action())).append(',').append(row.reason()).append(',').append(quote(row.summary())).append("\r\n");
                out.write(sb.toString());
            }
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
}
