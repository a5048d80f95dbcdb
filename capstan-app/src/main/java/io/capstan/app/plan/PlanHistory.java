package io.capstan.app.plan;

import io.capstan.core.simulate.Trace;

import java.util.List;

/**
 * The series one plan reads, by name: a CSV trace's columns, or the series fetched over the lookback from where
 * history is kept ({@link io.capstan.app.history.HistorySource}: the store, Prometheus), named {@code <target>.<metric>}
 * there. Everything after (resampling, the lookback, the analysis, right-sizing) reads names and series alike, whatever
 * {@code --history} named ({@link HistorySources#open}).
 */
interface PlanHistory extends AutoCloseable {
    /** How the history was given, for reports. */
    String describe();

    /** The series it holds (for a fetched history: those asked so far that have samples). */
    List<String> names();

    /**
     * The series, or null when it has none of that name.
     *
     * @throws Unreadable when the history cannot be read (a store or a Prometheus that does not answer)
     */
    Trace.Series series(String name);

    /** Where a series is, for messages: {@code file:line: series name}; for null or a name it lacks, where the source is ({@code file:line}). */
    String where(String name);

    /** Why a series the plan needs is not there: one line, for the person running the plan. */
    String missing(String name, java.nio.file.Path config);

    /** Any input files (the output directory must not overwrite them). */
    List<java.nio.file.Path> files();

    @Override
    void close();

    /** The history could not be read; the message is one line saying where and why. */
    final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }
}
