package io.capstan.app.history;

import io.capstan.core.spi.HistoryStep;
import io.capstan.core.spi.MetricHistory;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.StoreException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live loop's metric history in the making: every sample fed to a target is added to its (target, metric, step)
 * in memory, and each step, once over, is written with every other one over in one {@link MetricHistory#appendHistory}
 * batch; so 10,000 targets with 3 metrics at 1-minute steps write one batch of 30,000 rows a minute, not a transaction
 * a sample.
 *
 * <p>A sample that comes after its step was written (a pushed sample with an old timestamp) opens that step again and
 * goes in the next batch as a second part of it, which the store merges when read; nothing is lost or counted twice.
 * When the store refuses a batch its steps stay in memory for the next flush, up to {@link #MAX_PENDING} steps; past
 * that, the oldest batch is dropped (said in the exception) rather than the loop running out of memory.
 *
 * <p>Thread-safe: samples come from the tick and from pushes at once; flushes are serialized.
 */
public final class HistoryRecorder {
    /** Steps kept in memory at most while the store refuses them: about an hour of 10,000 targets x 3 metrics at 1 minute. */
    static final int MAX_PENDING = 2_000_000;

    private record Key(String target, String metric, long start) {}

    /** One step's samples so far; changed only inside the map's compute for its key. */
    private static final class Part {
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(double v) {
            count++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }

        void add(Part p) {
            count += p.count;
            sum += p.sum;
            min = Math.min(min, p.min);
            max = Math.max(max, p.max);
        }
    }

    private final MetricHistory store;
    private final Duration step;
    private final long stepMillis;
    private final Map<Key, Part> open = new ConcurrentHashMap<>();
    /** The step boundary of the last flush: the next one writes only once the clock has passed another. */
    private long flushedAt = Long.MIN_VALUE;

    public HistoryRecorder(MetricHistory store, Duration step) {
        this.store = store;
        this.step = step;
        this.stepMillis = step.toMillis();
        if (stepMillis < 1) throw new IllegalArgumentException("history step " + step + " is not positive");
    }

    public Duration step() {
        return step;
    }

    /** Adds a sample to its step. */
    public void add(Sample s) {
        long start = Math.floorDiv(s.at().toEpochMilli(), stepMillis) * stepMillis;
        open.compute(new Key(s.target(), s.metric(), start), (k, p) -> {
            Part part = p == null ? new Part() : p;
            part.add(s.value());
            return part;
        });
    }

    /**
     * Writes, in one batch, every step over by {@code now}; at most once per step (a tick every second writes once a
     * minute at 1-minute steps).
     *
     * @return how many steps were written
     */
    public synchronized int flush(Instant now) throws StoreException {
        long boundary = Math.floorDiv(now.toEpochMilli(), stepMillis) * stepMillis;
        if (boundary <= flushedAt) return 0;
        int written = write(boundary);
        flushedAt = boundary;
        return written;
    }

    /** Writes every step, the ones not over yet included (at shutdown; a restart in the same step adds a second part). */
    public synchronized int flushAll() throws StoreException {
        return write(Long.MAX_VALUE);
    }

    /** Steps in memory, not written yet. */
    public int pending() {
        return open.size();
    }

    /** Writes the steps that end at or before {@code before}; on failure puts them back (or drops them past the limit). */
    private int write(long before) throws StoreException {
        List<HistoryStep> batch = new ArrayList<>();
        List<Map.Entry<Key, Part>> taken = new ArrayList<>();
        for (Iterator<Key> it = open.keySet().iterator(); it.hasNext(); ) {
            Key k = it.next();
            if (before != Long.MAX_VALUE && k.start() + stepMillis > before) continue;
            Part p = open.remove(k);
            if (p == null) continue;
            taken.add(Map.entry(k, p));
            batch.add(new HistoryStep(k.target(), k.metric(), Instant.ofEpochMilli(k.start()), step, p.count, p.sum, p.min, p.max));
        }
        if (batch.isEmpty()) return 0;
        try {
            store.appendHistory(batch);
            return batch.size();
        } catch (StoreException | RuntimeException e) {
            if (open.size() + taken.size() > MAX_PENDING) {
                throw new StoreException(e.getMessage() + "; " + taken.size() + " history steps dropped (" + open.size()
                        + " more wait in memory, at most " + MAX_PENDING + ")", e);
            }
            for (Map.Entry<Key, Part> t : taken) {
                open.merge(t.getKey(), t.getValue(), (now, earlier) -> {
                    now.add(earlier);
                    return now;
                });
            }
            throw e;
        }
    }
}
