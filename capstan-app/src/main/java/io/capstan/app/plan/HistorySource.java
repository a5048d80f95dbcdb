package io.capstan.app.plan;

import io.capstan.core.simulate.Trace;

import java.util.List;

/**
 * Where a plan's history comes from: one implementation per {@code --history} scheme ({@link HistorySources#open}).
 * A source holds named series in the shape a forecast reads ({@link Trace.Series}, read through a cursor and
 * resampled by {@link io.capstan.app.forecast.History#of}), so a reader of Capstan's store or of a Prometheus range
 * query only has to produce series: everything after (resampling, the lookback, the analysis) is the same.
 */
interface HistorySource extends AutoCloseable {
    /** How the source was given, for reports. */
    String describe();

    /** The series it holds. */
    List<String> names();

    /** The series, or null when it has none of that name. */
    Trace.Series series(String name);

    /** Where a series is, for messages: {@code file:line: series name}; for null or a name it lacks, where the source is ({@code file:line}). */
    String where(String name);

    /** Any input files (the output directory must not overwrite them). */
    List<java.nio.file.Path> files();

    @Override
    void close();
}
