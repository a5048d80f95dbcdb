package io.capstan.bench;

import io.capstan.app.trace.Dedupe;
import io.capstan.app.trace.TraceCsv;
import io.capstan.app.trace.TraceSource;
import io.capstan.core.forecast.Accuracy;
import io.capstan.core.forecast.Model;
import io.capstan.core.forecast.RegularSeries;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forecast accuracy table of BENCHMARKS.md: rolling-origin MASE and sMAPE of every model (and of
 * automatic choice) against seasonal naive, at 1 h and 24 h horizons, on real traces read from the team's
 * trace collection (not shipped: their licenses are in its README). Not JMH: accuracy, not speed.
 *
 * <pre>capstan-bench/forecast-accuracy.sh ../shared/traces</pre>
 */
public final class ForecastAccuracy {
    /** One trace: a label, its file under the traces folder, the column to read, its resolution. */
    record Spec(String label, String file, String column, Duration step) {}

    static final List<Spec> TRACES = List.of(
            new Spec("e-commerce API requests/s (MS, 1 h)", "ms-cloud-monitoring/ecommerce-api-incoming-rps/api-01.csv", "Value", Duration.ofHours(1)),
            new Spec("MongoDB queries/s (MS, 1 min)", "ms-cloud-monitoring/mongodb-machine-rps/machine-01.csv", "Value", Duration.ofMinutes(1)),
            new Spec("ASG CPU % (NAB, 5 min)", "nab/realKnownCause/cpu_utilization_asg_misconfiguration.csv", "value", Duration.ofMinutes(5)),
            new Spec("NYC taxi passengers (NAB, 30 min)", "nab/realKnownCause/nyc_taxi.csv", "value", Duration.ofMinutes(30)),
            new Spec("World Cup 98 requests (5 min)", "worldcup98-isp-traffic/worldcup98_5m.csv", "count_raw", Duration.ofMinutes(5)),
            new Spec("UK academic backbone traffic (5 min)", "worldcup98-isp-traffic/it_uk_5m.csv", "bits", Duration.ofMinutes(5)));

    /** The test span: the last 28 days, or the last third of a shorter trace. */
    static final Duration TEST_SPAN = Duration.ofDays(28);
    static final int ORIGINS = 40;

    private ForecastAccuracy() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ForecastAccuracy TRACES_DIR [LABEL_SUBSTRING]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> models = new ArrayList<>(Model.names());
        models.add(Accuracy.AUTO);
        System.out.println("| trace | horizon | model | MASE | sMAPE % | MASE vs seasonal naive | origins |");
        System.out.println("|---|---|---|---:|---:|---:|---:|");
        // Auto's MASE over seasonal naive's, summed per horizon: the goal is stated on their mean over the traces.
        Map<Duration, double[]> autoRatios = new java.util.TreeMap<>();
        for (Spec spec : TRACES) {
            if (args.length > 1 && !spec.label().contains(args[1])) continue;
            RegularSeries series = read(dir.resolve(spec.file()), spec.column(), spec.step());
            int test = (int) Math.min(TEST_SPAN.toMillis() / spec.step().toMillis(), series.size() / 3);
            for (Duration h : List.of(Duration.ofHours(1), Duration.ofDays(1))) {
                int horizon = (int) (h.toMillis() / spec.step().toMillis());
                long t0 = System.nanoTime();
                List<Accuracy.Result> results = Accuracy.evaluate(series, horizon, models, Duration.ofDays(56), test, ORIGINS);
                double baseline = results.get(0).mase();
                for (Accuracy.Result r : results) {
                    String model = r.model().equals(Accuracy.AUTO) ? "**auto** (chose " + chosen(r.chosen()) + ")" : r.model();
                    if (r.model().equals(Accuracy.AUTO)) {
                        double[] sum = autoRatios.computeIfAbsent(h, d -> new double[2]);
                        sum[0] += r.mase() / baseline;
                        sum[1]++;
                    }
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f | %.1f | %.2f | %d |%n", spec.label(), h.toHours() + " h", model, r.mase(),
                            r.smape(), r.mase() / baseline, r.origins());
                }
                System.err.printf(Locale.ROOT, "%s %s: %.1f s%n", spec.label(), h, (System.nanoTime() - t0) / 1e9);
            }
        }
        autoRatios.forEach((h, sum) -> System.err.printf(Locale.ROOT, "auto vs seasonal naive (MASE), mean over %d traces at %s: %.4f%n",
                (int) sum[1], h.toHours() + " h", sum[0] / sum[1]));
    }

    /** What auto chose, most often first; every mean of the best three counted as one kind. */
    private static String chosen(Map<String, Integer> chosen) {
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        chosen.forEach((k, v) -> kinds.merge(k.startsWith("mean(") ? "mean of best 3" : k, v, Integer::sum));
        StringBuilder sb = new StringBuilder();
        kinds.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sb.append(sb.isEmpty() ? "" : ", ").append(e.getKey()).append(" ").append(e.getValue()));
        return sb.toString();
    }

    static RegularSeries read(Path file, String column, Duration step) {
        file = withTimeHeader(file);
        TraceCsv.Result read = TraceCsv.read(List.of(new TraceSource(column, file)), Dedupe.LAST);
        if (!read.ok()) throw new IllegalArgumentException(read.problems().toString());
        try (var trace = read.trace()) {
            return io.capstan.app.forecast.History.of(trace.trace().series(column), step);
        }
    }

    /**
     * The file itself, or a temporary copy whose first header cell reads {@code timestamp}: the trace reader wants a
     * time column by one of its names, and some traces of the collection (it_uk_5m.csv: {@code time_count}) head it
     * otherwise. Every trace here has its time in the first column.
     */
    private static Path withTimeHeader(Path file) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(file);
            String header = lines.get(0);
            int comma = header.indexOf(',');
            String first = header.substring(0, comma).strip().toLowerCase(Locale.ROOT);
            if (List.of("timestamp", "time", "ts", "date", "datetime").contains(first)) return file;
            lines.set(0, "timestamp" + header.substring(comma));
            Path copy = java.nio.file.Files.createTempFile("capstan-accuracy-", ".csv");
            copy.toFile().deleteOnExit();
            return java.nio.file.Files.write(copy, lines);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
