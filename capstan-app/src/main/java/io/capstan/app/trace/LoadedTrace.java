package io.capstan.app.trace;

import io.capstan.core.simulate.Trace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trace read from files, with where each series came from.
 *
 * @param columns by series name: the file and line (header line, or the first data line of a headerless file) that named it
 */
public record LoadedTrace(Trace trace, Map<String, Column> columns, List<TraceSource> sources) {
    public LoadedTrace {
        columns = Map.copyOf(columns);
        sources = List.copyOf(sources);
    }

    public record Column(String series, Path file, int line) {}
}
