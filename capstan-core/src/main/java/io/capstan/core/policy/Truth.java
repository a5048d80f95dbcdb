package io.capstan.core.policy;

import io.capstan.core.model.Durations;
import io.capstan.core.model.Numbers;
import io.capstan.core.signal.Reading;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Three-valued evaluation of a {@link Condition}: a comparison on a missing metric is neither true
 * nor false. Every comparison is evaluated (no short circuit) so that each sustain clock keeps
 * ticking; a comparison whose metric is missing restarts its clock.
 */
record Truth(Value value, String detail, String missingMetric, Duration pendingFor, Duration pendingOf) {

    enum Value { TRUE, FALSE, UNKNOWN }

    boolean isTrue() {
        return value == Value.TRUE;
    }

    static Truth evaluate(Condition condition, String keyPrefix, PolicyInput in) {
        return switch (condition) {
            case Condition.Compare c -> compare(c, keyPrefix, in);
            case Condition.AllOf a -> combine(a.all(), keyPrefix, in, true);
            case Condition.AnyOf a -> combine(a.any(), keyPrefix, in, false);
        };
    }

    private static Truth compare(Condition.Compare c, String key, PolicyInput in) {
        Reading r = in.readings().read(c.metric(), c.aggregation(), c.window());
        String label = c.aggregation().id() + "(" + c.metric() + ", " + Durations.format(c.window()) + ")";
        if (r instanceof Reading.Missing m) {
            in.memory().holdsSince(key, false);
            return new Truth(Value.UNKNOWN, label + ": no data (" + m.cause() + ")", c.metric(), null, null);
        }
        double v = ((Reading.Present) r).value();
        boolean holds = c.op().test(v, c.value());
        Instant since = in.memory().holdsSince(key, holds);
        String text = label + " = " + Numbers.format(v) + (holds ? " " + c.op().symbol() + " " : " not " + c.op().symbol() + " ")
                + Numbers.format(c.value());
        if (!holds) return new Truth(Value.FALSE, text, null, null, null);
        Duration held = Duration.between(since, in.now());
        if (held.compareTo(c.sustain()) >= 0) {
            return new Truth(Value.TRUE, text + (c.sustain().isZero() ? "" : " for " + Durations.format(held)), null, null, null);
        }
        return new Truth(Value.FALSE, text + " for " + Durations.format(held) + " of " + Durations.format(c.sustain()),
                null, held, c.sustain());
    }

    private static Truth combine(List<Condition> parts, String key, PolicyInput in, boolean all) {
        List<Truth> results = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) results.add(evaluate(parts.get(i), key + "." + i, in));
        Value decisive = all ? Value.FALSE : Value.TRUE;
        Truth unknown = null;
        Truth pending = null;
        for (Truth t : results) {
            if (t.value == decisive) {
                return all ? t : new Truth(Value.TRUE, join(results, " OR "), null, null, null);
            }
            if (t.value == Value.UNKNOWN && unknown == null) unknown = t;
            if (t.pendingFor != null && pending == null) pending = t;
        }
        if (unknown != null) return new Truth(Value.UNKNOWN, unknown.detail, unknown.missingMetric, null, null);
        if (all) return new Truth(Value.TRUE, join(results, " AND "), null, null, null);
        return new Truth(Value.FALSE, join(results, " OR "),
                null, pending == null ? null : pending.pendingFor, pending == null ? null : pending.pendingOf);
    }

    private static String join(List<Truth> results, String sep) {
        return String.join(sep, results.stream().map(Truth::detail).toList());
    }
}
