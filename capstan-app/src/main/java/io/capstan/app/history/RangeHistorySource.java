package io.capstan.app.history;

import io.capstan.app.source.Sources;
import io.capstan.core.simulate.Trace;
import io.capstan.core.spi.MetricSource;
import io.capstan.core.spi.Poll;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.SeriesRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Range queries of a source that keeps history (Prometheus), each metric's query as the config spells it for that source. */
final class RangeHistorySource implements HistorySource {
    private final MetricSource source;
    private final String describe;
    private final Map<Series, String> queries = new HashMap<>();
    private final boolean owned;

    RangeHistorySource(MetricSource source, String describe, List<Sources.Binding> bindings, String type, boolean owned) {
        this.source = source;
        this.describe = describe;
        this.owned = owned;
        for (Sources.Binding b : bindings) {
            if (b.type().equals(type)) queries.put(new Series(b.request().target(), b.request().metric()), b.request().query());
        }
    }

    @Override
    public String describe() {
        return describe;
    }

    /** True when the config reads this target's metric from this source. */
    boolean reads(String target, String metric) {
        return queries.containsKey(new Series(target, metric));
    }

    @Override
    public Trace.Series series(String target, String metric, Instant from, Instant to, Duration step, Aggregate aggregate) throws Unreadable {
        String query = queries.get(new Series(target, metric));
        if (query == null) throw new Unreadable(describe + ": the config gives no query for " + target + "/" + metric);
        if (!source.keepsHistory()) throw new Unreadable(describe + " keeps no history");
        SeriesRequest r = new SeriesRequest(target, metric, query);
        // [from, to): the last point asked is just before to.
        Poll p = source.range(List.of(r), from, to.minusMillis(1), step);
        String why = p.failures().get(r);
        if (why != null) throw new Unreadable(why);
        List<Sample> samples = p.samples();
        long[] times = new long[samples.size()];
        double[] values = new double[samples.size()];
        int n = 0;
        for (Sample s : samples) {
            long t = s.at().toEpochMilli();
            if (t < from.toEpochMilli() || t >= to.toEpochMilli() || n > 0 && t <= times[n - 1]) continue;
            times[n] = t;
            values[n++] = s.value();
        }
        if (n == 0) return null;
        String name = new Series(target, metric).name();
        return new Trace.Series(name, Trace.arrays(name, times, values, n));
    }

    @Override
    public void close() {
        if (owned) source.close();
    }
}
