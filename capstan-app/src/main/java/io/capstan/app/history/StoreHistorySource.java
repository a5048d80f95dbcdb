package io.capstan.app.history;

import io.capstan.core.simulate.Trace;
import io.capstan.core.spi.HistoryStep;
import io.capstan.core.spi.MetricHistory;
import io.capstan.core.spi.StoreException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The history the live loop keeps in the store, its steps combined into the asked step (count-weighted means, maxima). */
final class StoreHistorySource implements HistorySource {
    private final MetricHistory store;
    private final String describe;
    private final AutoCloseable owned;

    StoreHistorySource(MetricHistory store, String describe, AutoCloseable owned) {
        this.store = store;
        this.describe = describe;
        this.owned = owned;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public Trace.Series series(String target, String metric, Instant from, Instant to, Duration step, Aggregate aggregate) throws Unreadable {
        List<HistoryStep> steps;
        try {
            steps = store.history(target, metric, from, to);
        } catch (StoreException e) {
            throw new Unreadable(e.getMessage());
        }
        if (steps.isEmpty()) return null;
        long stepMillis = Math.max(1, step.toMillis());
        long[] times = new long[steps.size()];
        double[] values = new double[steps.size()];
        int n = 0;
        long bucket = Long.MIN_VALUE;
        long count = 0;
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (HistoryStep h : steps) {
            long b = Math.floorDiv(h.start().toEpochMilli(), stepMillis) * stepMillis;
            if (b != bucket && count > 0) {
                times[n] = bucket;
                values[n++] = aggregate == Aggregate.MAX ? max : sum / count;
                count = 0;
                sum = 0;
                max = Double.NEGATIVE_INFINITY;
            }
            bucket = b;
            count += h.count();
            sum += h.sum();
            max = Math.max(max, h.max());
        }
        times[n] = bucket;
        values[n++] = aggregate == Aggregate.MAX ? max : sum / count;
        String name = new Series(target, metric).name();
        return new Trace.Series(name, Trace.arrays(name, times, values, n));
    }

    @Override
    public void close() {
        if (owned == null) return;
        try {
            owned.close();
        } catch (Exception e) {
            // a store's close releases connections and does not throw; nothing to do if one did
        }
    }
}
