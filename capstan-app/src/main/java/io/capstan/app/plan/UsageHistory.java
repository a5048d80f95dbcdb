package io.capstan.app.plan;

import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Problems;
import io.capstan.core.rightsize.ContainerUsage;
import io.capstan.core.simulate.SeriesCursor;
import io.capstan.core.simulate.Trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The right-sizing section's containers, with their usage read from a history's series. */
public final class UsageHistory {
    /** Samples read per series at most (16 bytes each): a year at one a minute. */
    static final long MAX_SAMPLES = 600_000;

    private UsageHistory() {}

    /** Where the series are: their names, and each by name (null for a name it lacks). */
    public record Source(List<String> names, Function<String, Trace.Series> series) {
        public static Source of(Trace trace) {
            return new Source(List.copyOf(trace.names()), trace::series);
        }
    }

    /**
     * Each container's usage from {@code history}, the last {@code lookback} of each series (all of it when null);
     * null after reporting, at the container, a series that is missing or too long. A container's OOM series is
     * optional unless the config names it.
     */
    public static List<ContainerUsage> of(RightsizingSection.RightsizingConfig config, Source history, Duration lookback, Problems problems) {
        int before = problems.count();
        List<ContainerUsage> out = new ArrayList<>();
        for (RightsizingSection.Container c : config.containers()) {
            ContainerUsage.Series cpu = series(history, c.cpuSeries(), c, "cpu", lookback, problems);
            ContainerUsage.Series memory = series(history, c.memorySeries(), c, "memory", lookback, problems);
            long[] ooms = new long[0];
            if (c.oomWritten() || history.series().apply(c.oomSeries()) != null) {
                ContainerUsage.Series oom = series(history, c.oomSeries(), c, "oom", lookback, problems);
                if (oom != null) ooms = kills(oom);
            }
            if (cpu != null && memory != null) out.add(new ContainerUsage(c.name(), c.requests(), cpu, memory, ooms));
        }
        return problems.count() > before ? null : List.copyOf(out);
    }

    private static ContainerUsage.Series series(Source history, String name, RightsizingSection.Container c, String key, Duration lookback,
                                                Problems problems) {
        Trace.Series s = history.series().apply(name);
        String path = c.at().path() + "." + key;
        if (s == null) {
            problems.add(c.at(), path, "no series '" + name + "' in the history for container " + c.name() + NearMiss.suggestion(name, history.names())
                    + " (the history has: " + String.join(", ", history.names()) + ")");
            return null;
        }
        if (s.size() > MAX_SAMPLES) {
            problems.add(c.at(), path, "series '" + name + "' has " + s.size() + " samples; right-sizing reads at most " + MAX_SAMPLES
                    + " (a year at one a minute): resample the history coarser or cut it to the lookback");
            return null;
        }
        long[] t = new long[(int) s.size()];
        double[] v = new double[t.length];
        int n = 0;
        try (SeriesCursor cursor = s.cursor()) {
            for (; cursor.time() != SeriesCursor.END; cursor.advance()) {
                t[n] = cursor.time();
                v[n++] = cursor.value();
            }
        }
        int from = 0;
        if (lookback != null && n > 0) {
            long start = t[n - 1] - lookback.toMillis();
            while (from < n && t[from] < start) from++;
        }
        return new ContainerUsage.Series(Arrays.copyOfRange(t, from, n), Arrays.copyOfRange(v, from, n));
    }

    private static long[] kills(ContainerUsage.Series oom) {
        long[] t = oom.epochMillis();
        double[] v = oom.values();
        int n = 0;
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) if (v[i] > 0) out[n++] = t[i];
        return Arrays.copyOf(out, n);
    }
}
