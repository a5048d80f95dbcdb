package io.capstan.app.plan;

import io.capstan.app.history.HistorySource;
import io.capstan.app.source.Sources;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.app.trace.Dedupe;
import io.capstan.app.trace.LoadedTrace;
import io.capstan.app.trace.TraceCsv;
import io.capstan.app.trace.TraceSource;
import io.capstan.core.model.Durations;
import io.capstan.core.simulate.Trace;
import io.capstan.core.spi.SeriesRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Parses {@code --history SOURCE}: {@code [csv:][NAME=]FILE} reads a CSV trace (the formats simulate and forecast
 * read); {@code store[:DIR|:jdbc:URL]} and {@code prometheus[:URL]} read where the live loop's history is kept, through
 * the one {@link HistorySource} capstan run warms its forecasts from, each series named {@code <target>.<metric>}.
 */
final class HistorySources {
    /** The schemes that read kept history rather than a file. */
    static final List<String> KEPT = List.of("store", "prometheus");

    private HistorySources() {}

    /** Why {@code spec} names no reader (a usage error), or null. */
    static String unsupported(String spec) {
        String scheme = scheme(spec);
        if (scheme == null || scheme.equals("csv") || kept(spec)) return null;
        if (TraceSource.parse(spec).name() != null) return null; // job:rate5m=FILE: a series name with a colon
        return "--history " + spec + ": unknown scheme '" + scheme + ":'; expected a CSV trace ([csv:][NAME=]FILE.csv), store[:DIR|:jdbc:URL]"
                + " or prometheus[:URL]";
    }

    /** True when {@code spec} reads kept history (the store, Prometheus), not a file. */
    static boolean kept(String spec) {
        String scheme = spec.contains(":") ? scheme(spec) : spec.toLowerCase(Locale.ROOT);
        return KEPT.contains(scheme);
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
    static PlanHistory open(String spec, Dedupe dedupe, List<String> problems) {
        TraceSource source = csv(spec);
        TraceCsv.Result read = TraceCsv.read(List.of(source), dedupe);
        read.problems().forEach(p -> problems.add(p.format()));
        if (!read.ok()) return null;
        return new Csv(spec, source, read.trace());
    }

    /** Input files of a spec, before reading it (so the output directory can be checked first). */
    static List<Path> files(String spec) {
        return kept(spec) ? List.of() : List.of(csv(spec).file());
    }

    /**
     * Opens kept history: the series a plan asks for are read over [{@code now - lookback}, {@code now}) at {@code step}
     * when asked, each name read as {@code <target>.<metric>}.
     *
     * @param configured the run config's store, or null without {@code --run-config}
     * @param sources    the run config's sources and bindings (queries, Prometheus auth), or null
     * @param queries    the series the plan is for, {@code <target>.<metric>}, each with the plan's own PromQL for it
     *                   ({@code query}) or null
     */
    static PlanHistory openKept(String spec, StoreConfig configured, Sources.Config sources, Map<String, String> queries, Instant now,
                                Duration lookback, Duration step) throws HistorySource.Unreadable {
        List<Sources.Binding> own = new ArrayList<>();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            Target t = Target.of(q.getKey());
            if (q.getValue() != null && t != null) own.add(new Sources.Binding(new SeriesRequest(t.target(), t.metric(), q.getValue()), "prometheus"));
        }
        Sources.Config withQuery = sources;
        if (!own.isEmpty()) {
            List<Sources.Binding> bindings = new ArrayList<>(own);
            if (sources != null) {
                for (Sources.Binding b : sources.bindings()) {
                    boolean overridden = own.stream().anyMatch(o -> b.type().equals("prometheus") && b.request().target().equals(o.request().target())
                            && b.request().metric().equals(o.request().metric()));
                    if (!overridden) bindings.add(b);
                }
            }
            withQuery = new Sources.Config(sources == null ? java.util.Map.of() : sources.sources(), bindings);
        }
        String normalized = spec.contains(":") ? scheme(spec) + spec.substring(spec.indexOf(':')) : spec.toLowerCase(Locale.ROOT);
        return new Kept(spec, HistorySource.open(normalized, configured, withQuery), now.minus(lookback), now, step);
    }

    /** A {@code <target>.<metric>} series name split at its first dot; null for a name without one. */
    record Target(String target, String metric) {
        static Target of(String name) {
            int dot = name == null ? -1 : name.indexOf('.');
            return dot <= 0 || dot == name.length() - 1 ? null : new Target(name.substring(0, dot), name.substring(dot + 1));
        }
    }

    /** Kept history read a series at a time, each once. */
    private static final class Kept implements PlanHistory {
        private final String spec;
        private final HistorySource source;
        private final Instant from;
        private final Instant to;
        private final Duration step;
        private final Map<String, Trace.Series> read = new LinkedHashMap<>();

        Kept(String spec, HistorySource source, Instant from, Instant to, Duration step) {
            this.spec = spec;
            this.source = source;
            this.from = from;
            this.to = to;
            this.step = step;
        }

        @Override
        public String describe() {
            return source.describe();
        }

        @Override
        public List<String> names() {
            return read.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
        }

        @Override
        public Trace.Series series(String name) {
            if (read.containsKey(name)) return read.get(name);
            Target t = Target.of(name);
            Trace.Series s = null;
            if (t != null) {
                try {
                    s = source.series(t.target(), t.metric(), from, to, step, HistorySource.Aggregate.MEAN);
                } catch (HistorySource.Unreadable e) {
                    throw new PlanHistory.Unreadable("--history " + spec + ": " + e.getMessage());
                }
            }
            read.put(name, s);
            return s;
        }

        @Override
        public String where(String name) {
            return "--history " + spec + (name == null ? "" : ": series " + name);
        }

        @Override
        public String missing(String name, Path config) {
            if (Target.of(name) == null) {
                return where(null) + ": plan.metric '" + name + "' in " + config + " names no series there: name it <target>.<metric>, as capstan run"
                        + " keeps it (e.g. api.request_rate)";
            }
            return where(null) + ": no history of " + name + " in the " + Durations.format(Duration.between(from, to)) + " before "
                    + to + " (" + source.describe() + ")";
        }

        @Override
        public List<Path> files() {
            return List.of();
        }

        @Override
        public void close() {
            source.close();
        }
    }

    private record Csv(String spec, TraceSource source, LoadedTrace loaded) implements PlanHistory {
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
        public String missing(String name, Path config) {
            return where(null) + ": no series " + name + " (plan.metric in " + config + "); the history has " + String.join(", ", names());
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
