package io.capstan.core.policy;

import io.capstan.core.explain.Explanation;
import io.capstan.core.model.Durations;
import io.capstan.core.model.Numbers;
import io.capstan.core.signal.Reading;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Three-valued evaluation of a {@link Condition}: a comparison on a missing metric is neither true
 * nor false. Every comparison is evaluated (no short circuit) so that each sustain clock keeps
 * ticking; a comparison whose metric is missing restarts its clock. Details render lazily.
 */
record Truth(Value value, Explanation detail, String missingMetric, boolean pending) {

    enum Value { TRUE, FALSE, UNKNOWN }

    boolean isTrue() {
        return value == Value.TRUE;
    }

    /** @param owner the policy (or decision tree check) the condition belongs to; its clocks are named after it, see {@link StateKeys} */
    static Truth evaluate(Condition condition, String owner, PolicyInput in) {
        return switch (condition) {
            case Condition.Compare c -> compare(c, owner, in);
            case Condition.AllOf a -> combine(a.all(), owner, in, true);
            case Condition.AnyOf a -> combine(a.any(), owner, in, false);
        };
    }

    static String label(Condition.Compare c) {
        return c.read();
    }

    /** "avg(cpu, 5m)": how explanations name a windowed read. */
    static String label(io.capstan.core.signal.Aggregation aggregation, String metric, Duration window) {
        return aggregation.id() + "(" + metric + ", " + Durations.format(window) + ")";
    }

    private static Truth compare(Condition.Compare c, String owner, PolicyInput in) {
        Reading r = in.readings().read(c.metric(), c.aggregation(), c.window());
        if (r instanceof Reading.Missing m) {
            return new Truth(Value.UNKNOWN, Explanation.of(() -> label(c) + ": no data (" + m.cause() + ")"), c.metric(), false);
        }
        double v = ((Reading.Present) r).value();
        boolean holds = c.op().test(v, c.value());
        Instant since = holds ? in.memory().heldSince(StateKeys.compare(owner, c)) : null;
        if (!holds) {
            return new Truth(Value.FALSE, Explanation.of(() -> label(c) + " = " + Numbers.format(v) + " not " + c.op().symbol() + " "
                    + Numbers.format(c.value())), null, false);
        }
        Duration held = Duration.between(since, in.now());
        boolean sustained = held.compareTo(c.sustain()) >= 0;
        Explanation text = Explanation.of(() -> label(c) + " = " + Numbers.format(v) + " " + c.op().symbol() + " " + Numbers.format(c.value())
                + (c.sustain().isZero() ? "" : sustained ? " " + Memory.heldFor(since, in.now())
                : " for " + Durations.format(held) + " of " + Durations.format(c.sustain())));
        return sustained ? new Truth(Value.TRUE, text, null, false) : new Truth(Value.FALSE, text, null, true);
    }

    private static Truth combine(List<Condition> parts, String owner, PolicyInput in, boolean all) {
        int n = parts.size();
        Truth[] results = new Truth[n];
        for (int i = 0; i < n; i++) results[i] = evaluate(parts.get(i), owner, in);
        Value decisive = all ? Value.FALSE : Value.TRUE;
        Truth unknown = null;
        boolean pending = false;
        for (Truth t : results) {
            if (t.value == decisive) {
                return all ? t : new Truth(Value.TRUE, join(results, " OR "), null, false);
            }
            if (t.value == Value.UNKNOWN && unknown == null) unknown = t;
            pending |= t.pending;
        }
        if (unknown != null) return new Truth(Value.UNKNOWN, unknown.detail, unknown.missingMetric, false);
        if (all) return new Truth(Value.TRUE, join(results, " AND "), null, false);
        return new Truth(Value.FALSE, join(results, " OR "), null, pending);
    }

    private static Explanation join(Truth[] results, String sep) {
        return Explanation.of(() -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < results.length; i++) {
                if (i > 0) sb.append(sep);
                sb.append(results[i].detail);
            }
            return sb.toString();
        });
    }
}
