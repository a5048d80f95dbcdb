package io.capstan.app.history;

import io.capstan.app.source.Sources;
import io.capstan.app.source.prometheus.PrometheusSourceFactory;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.simulate.Trace;
import io.capstan.core.spi.MetricHistory;
import io.capstan.core.spi.MetricSource;
import io.capstan.core.spi.StoreException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the past of a target's metric is read from: Capstan's own store (the history the live loop keeps), or
 * Prometheus range queries with the metric's PromQL from the config. A series comes back as a CSV trace's column does,
 * a {@link Trace.Series} named {@code <target>.<metric>}, so {@code capstan plan} and a forecast read either alike
 * (for instance through {@code io.capstan.app.forecast.History.of}).
 *
 * <p>Every series is strictly before {@code to}: nothing at or after it is read (no look-ahead).
 */
public interface HistorySource extends AutoCloseable {

    /** What a step's value is: the mean of its samples, or the greatest (peaks, for a capacity plan). */
    enum Aggregate { MEAN, MAX }

    /** The history could not be read; the message says where and why, for the person running Capstan. */
    final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unreadable(String message) {
            super(message);
        }
    }

    /** Where it reads, for messages and explanations: "the store", "prometheus at http://127.0.0.1:9090". */
    String describe();

    /**
     * The history of {@code target}'s {@code metric} over [{@code from}, {@code to}): one sample per {@code step} (at
     * the step's start, on the grid of step multiples since the epoch) holding the step's {@code aggregate}, oldest first,
     * named {@code <target>.<metric>}; null when there is none in the range. The store keeps its own step (the
     * {@code store.historyStep}, 1 minute by default): a finer {@code step} gives the store's; Prometheus evaluates the
     * query at each step, so MEAN and MAX are the same there.
     */
    Trace.Series series(String target, String metric, Instant from, Instant to, Duration step, Aggregate aggregate) throws Unreadable;

    /** The series of each (target, metric) asked that has any, as one trace; null when none has. */
    default Trace trace(List<Series> wanted, Instant from, Instant to, Duration step, Aggregate aggregate) throws Unreadable {
        List<Trace.Series> found = new ArrayList<>();
        for (Series w : wanted) {
            Trace.Series s = series(w.target(), w.metric(), from, to, step, aggregate);
            if (s != null) found.add(s);
        }
        return found.isEmpty() ? null : Trace.of(found);
    }

    /** One target's metric. */
    record Series(String target, String metric) {
        /** The name its series has: as a trace column for that target. */
        public String name() {
            return target + "." + metric;
        }
    }

    /** Closes what it opened itself (a store it connected to, a Prometheus client); never what it was handed. */
    @Override
    void close();

    /** The history the live loop keeps in an open store (not closed by this source). */
    static HistorySource of(MetricHistory store, String describe) {
        return new StoreHistorySource(store, describe, null);
    }

    /**
     * Range queries through an open source (not closed by this source), each metric's query from the config's
     * bindings of that source's type.
     */
    static HistorySource of(MetricSource source, String describe, List<Sources.Binding> bindings, String type) {
        return new RangeHistorySource(source, describe, bindings, type, false);
    }

    /**
     * Opens the history a {@code --history} option names:
     * <ul>
     *   <li>{@code store}: the config's store ({@code configured}: its {@code store:} section, or the H2 file under
     *       {@code --data});</li>
     *   <li>{@code store:DIR}: the embedded H2 store in a data directory (as {@code capstan run --data DIR} keeps it;
     *       H2 lets one process at a time open it);</li>
     *   <li>{@code store:jdbc:URL}: a store database, credentials in the URL's parameters;</li>
     *   <li>{@code prometheus}: the config's {@code sources.prometheus} server, its auth included;</li>
     *   <li>{@code prometheus:URL}: that server without auth.</li>
     * </ul>
     * With Prometheus, each metric's PromQL is its {@code source: {prometheus: ...}} in the config ({@code sources}).
     *
     * @param configured the config's store, or null when there is no config to take it from
     * @param sources    the config's sources and bindings, or null
     */
    static HistorySource open(String spec, StoreConfig configured, Sources.Config sources) throws Unreadable {
        String kind = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        String where = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : null;
        switch (kind) {
            case "store" -> {
                StoreConfig c;
                if (where == null) {
                    if (configured == null) throw new Unreadable("--history store: no config to take the store from; write store:DIR or store:jdbc:URL");
                    c = configured;
                } else if (where.startsWith("jdbc:")) {
                    if (!where.startsWith("jdbc:postgresql:") && !where.startsWith("jdbc:h2:")) {
                        throw new Unreadable("--history " + spec + ": expected a jdbc:postgresql: or jdbc:h2: URL");
                    }
                    c = new StoreConfig(where, null, null, StoreConfig.DEFAULT_RETENTION, 2);
                } else {
                    Path dir = Path.of(where);
                    if (!Files.isRegularFile(dir.resolve("capstan.mv.db"))) {
                        throw new Unreadable("--history " + spec + ": no Capstan store in " + dir + " (no capstan.mv.db: the --data directory of capstan run)");
                    }
                    c = StoreConfig.embedded(dir);
                }
                // read, never written: a plan leaves the store (or a copy of it) byte for byte as it found it
                c = c.readOnly();
                try {
                    JdbcDecisionStore store = JdbcDecisionStore.open(c);
                    // an H2 URL's settings after ';' say nothing to a reader of the report
                    return new StoreHistorySource(store, "the store " + c.safeUrl().replaceFirst(";.*", ""), store);
                } catch (StoreException e) {
                    if (e.getMessage() != null && e.getMessage().contains("is in use by another process")) {
                        // H2 lets one process open its file: the running loop holds it
                        throw new Unreadable("--history " + c.redact(spec) + ": the store " + c.safeUrl() + " is in use by a running capstan"
                                + " (H2 lets one process open it): stop capstan run or use PostgreSQL (store: {url: jdbc:postgresql://...}) to read it while it runs");
                    }
                    throw new Unreadable("--history " + c.redact(spec) + ": " + e.getMessage());
                }
            }
            case "prometheus" -> {
                List<Sources.Binding> bindings = sources == null ? List.of() : sources.bindings();
                if (where == null) {
                    if (sources == null || !sources.sources().containsKey("prometheus")) {
                        throw new Unreadable("--history prometheus: the config has no metric read from Prometheus; write prometheus:URL");
                    }
                    MetricSource s = sources.sources().get("prometheus").open();
                    return new RangeHistorySource(s, "prometheus (sources.prometheus)", bindings, "prometheus", true);
                }
                MetricSource s;
                try {
                    s = PrometheusSourceFactory.open(where);
                } catch (IllegalArgumentException e) {
                    throw new Unreadable("--history " + spec + ": " + e.getMessage());
                }
                return new RangeHistorySource(s, "prometheus at " + where, bindings, "prometheus", true);
            }
            default -> throw new Unreadable("--history " + spec + ": expected store, store:DIR, store:jdbc:URL, prometheus or prometheus:URL");
        }
    }
}
