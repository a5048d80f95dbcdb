package io.capstan.app.plan;

import io.capstan.app.trace.Dedupe;
import io.capstan.app.trace.LoadedTrace;
import io.capstan.app.trace.TraceCsv;
import io.capstan.app.trace.TraceSource;
import io.capstan.core.simulate.Trace;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code --history SOURCE}: {@code [csv:][NAME=]FILE} reads a CSV trace (the formats simulate and forecast
 * read). The scheme before the first colon picks the reader, so {@code store:...} and {@code prometheus:...} plug in
 * here; until they do, they are refused as usage errors that say what is accepted.
 */
final class HistorySources {
    /** Schemes named for readers still to come: a clear refusal rather than "file not found". */
    static final List<String> PLANNED = List.of("store", "prometheus");

    private HistorySources() {}

    /** Why {@code spec} names no reader this build has (a usage error), or null. */
    static String unsupported(String spec) {
        String scheme = scheme(spec);
        if (scheme == null || scheme.equals("csv")) return null;
        if (!PLANNED.contains(scheme) && TraceSource.parse(spec).name() != null) return null; // job:rate5m=FILE: a series name with a colon
        if (PLANNED.contains(scheme)) {
            return "--history " + spec + ": " + scheme + ": history is not readable yet in this build; give a CSV trace: --history [NAME=]FILE.csv";
        }
        return "--history " + spec + ": unknown scheme '" + scheme + ":'; expected a CSV trace ([csv:][NAME=]FILE.csv)";
    }

    /** The scheme of {@code spec} (lower case), or null for a plain file path. */
    static String scheme(String spec) {
        int colon = spec.indexOf(':');
        // a one-letter "scheme" is a Windows drive (C:\...), and a path with a slash before the colon is a path
        if (colon < 2 || spec.substring(0, colon).contains("/") || spec.substring(0, colon).contains("\\")) return null;
        String s = spec.substring(0, colon);
        return s.matches("[A-Za-z][A-Za-z0-9+.-]*") ? s.toLowerCase(Locale.ROOT) : null;
    }

    /** The CSV part of a {@code [csv:][NAME=]FILE} spec (a name may hold a colon, as Prometheus recording rules' do). */
    static TraceSource csv(String spec) {
        return TraceSource.parse("csv".equals(scheme(spec)) ? spec.substring(4) : spec);
    }

    /** Reads a CSV history; problems (located) go to {@code problems}, and the source is null then. */
    static HistorySource open(String spec, Dedupe dedupe, List<String> problems) {
        TraceSource source = csv(spec);
        TraceCsv.Result read = TraceCsv.read(List.of(source), dedupe);
        read.problems().forEach(p -> problems.add(p.format()));
        if (!read.ok()) return null;
        return new Csv(spec, source, read.trace());
    }

    /** Input files of a spec, before reading it (so the output directory can be checked first). */
    static List<Path> files(String spec) {
        return List.of(csv(spec).file());
    }

    private record Csv(String spec, TraceSource source, LoadedTrace loaded) implements HistorySource {
        @Override
        public String describe() {
            return source.describe();
        }

        @Override
        public List<String> names() {
            return List.copyOf(loaded.trace().names());
        }

        @Override
        public Trace.Series series(String name) {
            return loaded.trace().series(name);
        }

        @Override
        public String where(String name) {
            LoadedTrace.Column c = name == null ? null : loaded.columns().get(name);
            if (c == null) {
                LoadedTrace.Column any = loaded.columns().values().iterator().next();
                return any.file() + ":" + any.line();
            }
            return c.file() + ":" + c.line() + ": series " + name;
        }

        @Override
        public List<Path> files() {
            return List.of(source.file());
        }

        @Override
        public void close() {
            loaded.close();
        }
    }
}
