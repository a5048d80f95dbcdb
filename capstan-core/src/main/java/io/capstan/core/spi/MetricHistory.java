package io.capstan.core.spi;

import java.time.Instant;
import java.util.List;

/**
 * The downsampled history of every metric the control loop was fed: what a restarted predictive policy fits its model
 * on, and what {@code capstan plan} reads. The loop aggregates samples in memory and appends each closed step of every
 * series in one batch, one transaction per step and not one per sample; retention removes old steps as it removes old
 * decisions.
 *
 * <p>Appending the same step twice is allowed (a sample arrives after its step was written; Capstan restarts inside a
 * step): the parts are merged when read ({@link HistoryStep#merge}). Safe for concurrent use; time is given by the caller.
 */
public interface MetricHistory {

    /** Appends the steps, all in one transaction: all or nothing. */
    void appendHistory(List<HistoryStep> steps) throws StoreException;

    /**
     * The steps of one target's metric that start in [{@code from}, {@code to}), oldest first, each start once (its
     * parts merged). Steps of different lengths (the step setting changed) are given as written.
     */
    List<HistoryStep> history(String target, String metric, Instant from, Instant to) throws StoreException;

    /** Retention: removes the steps that start before {@code cutoff}; returns how many rows went. */
    int purgeHistory(Instant cutoff) throws StoreException;
}
