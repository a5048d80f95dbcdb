package io.capstan.app.history;

import io.capstan.app.source.Sources;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.model.Durations;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.PredictivePolicy;
import io.capstan.core.simulate.SeriesCursor;
import io.capstan.core.simulate.Trace;
import io.capstan.core.spi.MetricHistory;
import io.capstan.core.spi.MetricSource;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The metric history of {@code capstan run}, in its two directions: the samples the loop is fed go to the store's
 * history ({@link #sample}, written by {@link #flush} a step at a time), and a target that starts (at start, or
 * replaced by a reload) has each predictive policy warmed from the history before now ({@link #warm}), so a restart
 * forecasts at once instead of running reactive-only until days of samples have come again.
 *
 * <p>Where a warm start reads: a metric read from a source that keeps history (Prometheus) from a range query over
 * the policy's {@code history}, at its {@code step}; else, or when that fails or is empty, the store. Only what is
 * strictly before now (no look-ahead).
 */
public final class LiveHistory {
    private static final Logger LOG = LoggerFactory.getLogger("capstan");

    /** No history: nothing recorded, nothing warmed (a controller built without a store's history). */
    public static final LiveHistory NONE = new LiveHistory(null, null);

    private final HistoryRecorder recorder;
    /** Writes the batches off the tick thread: a minute of 10,000 targets takes the store a second or more. */
    private final ExecutorService writer;
    /** True while a flush is queued or running: a tick that comes meanwhile does not queue another. */
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final HistorySource store;

    private LiveHistory(HistoryRecorder recorder, HistorySource store) {
        this.recorder = recorder;
        this.writer = recorder == null ? null : Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("capstan-history").factory());
        this.store = store;
    }

    /**
     * @param history the store's metric history
     * @param step    its step ({@code store.historyStep})
     */
    public static LiveHistory of(MetricHistory history, Duration step) {
        return new LiveHistory(new HistoryRecorder(history, step), HistorySource.of(history, "the store"));
    }

    /** A sample the loop took: into its step of the history. */
    public void sample(Sample s) {
        if (recorder != null) recorder.add(s);
    }

    /**
     * Writes the steps over by {@code now} (once a step, whatever the tick) on the history's own thread, so the tick
     * does not wait for the store; a store failure is logged, the steps kept for the next step.
     */
    public void flush(Instant now) {
        if (recorder == null || !flushing.compareAndSet(false, true)) return;
        try {
            writer.execute(() -> {
                try {
                    recorder.flush(now);
                } catch (StoreException | RuntimeException e) {
                    LOG.warn("cannot write the metric history, keeping it for the next step: {}", e.getMessage());
                } finally {
                    flushing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            flushing.set(false);
        }
    }

    /** At shutdown: waits for a flush in progress, then writes every step, the one in progress included. */
    public void close() {
        if (recorder == null) return;
        writer.shutdown();
        try {
            writer.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            recorder.flushAll();
        } catch (StoreException e) {
            LOG.error("cannot write the metric history at shutdown: {}", e.getMessage());
        }
    }

    /**
     * Warms each predictive policy of a target that starts now from the history before {@code now}; the caller holds
     * the target (no sample is fed meanwhile).
     *
     * @param sources  the open polled sources by type that the target is fed from (after a reload, the reloaded
     *                 config's: never those open when the loop started), not closed here
     * @param bindings which source feeds which target's metric, in that same config
     * @return one line per predictive policy: what it was warmed from and how much, or why not
     */
    public List<String> warm(String target, TargetRuntime runtime, Instant now, Map<String, MetricSource> sources, List<Sources.Binding> bindings) {
        List<String> lines = new ArrayList<>();
        if (store == null) return lines;
        Map<String, RangeHistorySource> ranges = new LinkedHashMap<>();
        sources.forEach((type, s) -> {
            if (s.keepsHistory()) ranges.put(type, new RangeHistorySource(s, type + " (sources." + type + ")", bindings, type, false));
        });
        for (Policy p : runtime.spec().policies()) {
            if (!(p instanceof PredictivePolicy f)) continue;
            List<HistorySource> order = new ArrayList<>();
            for (RangeHistorySource r : ranges.values()) if (r.reads(target, f.metric())) order.add(r);
            order.add(store);
            List<String> tried = new ArrayList<>();
            String done = null;
            for (HistorySource h : order) {
                try {
                    Trace.Series s = h.series(target, f.metric(), now.minus(f.history()), now, f.step(), HistorySource.Aggregate.MEAN);
                    if (s == null) {
                        tried.add(h.describe() + " has none");
                        continue;
                    }
                    int n = (int) s.size();
                    long[] times = new long[n];
                    double[] values = new double[n];
                    try (SeriesCursor c = s.cursor()) {
                        for (int i = 0; i < n; i++, c.advance()) {
                            times[i] = c.time();
                            values[i] = c.value();
                        }
                    }
                    int taken = runtime.warm(f.name(), times, values, n, h.describe());
                    done = f.name() + ": warmed from " + h.describe() + ": " + taken + " steps over "
                            + Durations.format(Duration.ofMillis(times[n - 1] - times[0] + f.step().toMillis())) + " before now";
                    break;
                } catch (HistorySource.Unreadable e) {
                    tried.add(e.getMessage());
                }
            }
            lines.add(done != null ? done + (tried.isEmpty() ? "" : " (" + String.join("; ", tried) + ")")
                    : f.name() + ": no history of " + f.metric() + " before now (" + String.join("; ", tried) + "): the forecast warms up from live samples");
        }
        return lines;
    }
}
