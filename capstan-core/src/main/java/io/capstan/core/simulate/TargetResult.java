package io.capstan.core.simulate;

import io.capstan.core.explain.Reason;
import io.capstan.core.target.TargetSpec;

import java.time.Instant;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replay of one target: its scorecard and notes and, unless the rows were streamed to a
 * {@link RowSink}, its rows, kept column-wise in primitive arrays (a month of 1-minute steps is
 * 43,200 rows).
 */
public final class TargetResult {
    /** How trace values reached the target. */
    public enum Mode {
        /** Trace values are the metrics as the service reported them; decisions do not change them. */
        OBSERVED,
        /** The trace gives demand; per-replica metrics are derived from it and the replicas decided (closed loop). */
        DEMAND
    }

    private final TargetSpec spec;
    private final Mode mode;
    private final String demandMetric;
    private final List<String> metrics;
    private final long[] times;
    private final int[] desired;
    private final int[] ready;
    /** [metric][step]; NaN marks "no value" internally and never leaves this class. */
    private final double[][] values;
    private final String[] actions;
    private final Reason[] reasons;
    private final String[] summaries;
    private final Scorecard scorecard;
    private final List<String> notes;

    TargetResult(TargetSpec spec, Mode mode, String demandMetric, List<String> metrics, long[] times, int[] desired, int[] ready, double[][] values,
                 String[] actions, Reason[] reasons, String[] summaries, Scorecard scorecard, List<String> notes) {
        this.spec = spec;
        this.mode = mode;
        this.demandMetric = demandMetric;
        this.metrics = List.copyOf(metrics);
        this.times = times;
        this.desired = desired;
        this.ready = ready;
        this.values = values;
        this.actions = actions;
        this.reasons = reasons;
        this.summaries = summaries;
        this.scorecard = scorecard;
        this.notes = List.copyOf(notes);
    }

    public TargetSpec spec() {
        return spec;
    }

    public String target() {
        return spec.name();
    }

    public Mode mode() {
        return mode;
    }

    /** The metric that is demand in demand replay (one of {@link #metrics()}), or null in observed replay. */
    public String demandMetric() {
        return demandMetric;
    }

    /** The metric columns of the rows, in a stable order (declared metrics, metrics the policies read, then demand). */
    public List<String> metrics() {
        return metrics;
    }

    public Scorecard scorecard() {
        return scorecard;
    }

    /** What the replay could not do as asked, for example a metric no trace series feeds. */
    public List<String> notes() {
        return notes;
    }

    /** True when the rows were kept ({@link Simulator#run}), false when they were streamed ({@link Simulator#stream}). */
    public boolean keptRows() {
        return times != null;
    }

    public int size() {
        requireRows();
        return times.length;
    }

    private void requireRows() {
        if (times == null) throw new IllegalStateException("the rows of " + spec.name() + " were streamed to a sink, not kept");
    }

    public Row row(int i) {
        requireRows();
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k = 0; k < metrics.size(); k++) {
            double v = values[k][i];
            if (!Double.isNaN(v)) m.put(metrics.get(k), v);
        }
        return new Row(Instant.ofEpochMilli(times[i]), desired[i], ready[i], m, actions[i], reasons[i], summaries[i]);
    }

    /** All rows, built on access. */
    public List<Row> rows() {
        requireRows();
        return new AbstractList<>() {
            @Override
            public Row get(int index) {
                return row(index);
            }

            @Override
            public int size() {
                return times.length;
            }
        };
    }
}
