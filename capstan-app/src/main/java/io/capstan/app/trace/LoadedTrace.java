package io.capstan.app.trace;

import io.capstan.core.simulate.Trace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trace read from files, with where each series came from. A long trace's samples are in a
 * temporary file the trace's cursors read: {@link #close} gives it back (it goes with the process
 * in any case).
 */
public final class LoadedTrace implements AutoCloseable {
    private final Trace trace;
    private final Map<String, Column> columns;
    private final List<TraceSource> sources;
    /** Null when the samples are held in memory. */
    private final SpillFile spill;

    LoadedTrace(Trace trace, Map<String, Column> columns, List<TraceSource> sources, SpillFile spill) {
        this.trace = trace;
        this.columns = Map.copyOf(columns);
        this.sources = List.copyOf(sources);
        this.spill = spill;
    }

    public Trace trace() {
        return trace;
    }

    /** By series name: the file and line (header line, or the first data line of a headerless file) that named it. */
    public Map<String, Column> columns() {
        return columns;
    }

    public List<TraceSource> sources() {
        return sources;
    }

    /** Whether the samples are kept in a temporary file rather than in memory. */
    public boolean spilled() {
        return spill != null;
    }

    /** Releases the temporary file, if any; the trace is not read afterwards. */
    @Override
    public void close() {
        if (spill != null) spill.close();
    }

    public record Column(String series, Path file, int line) {}
}
