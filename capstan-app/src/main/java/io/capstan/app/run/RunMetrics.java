package io.capstan.app.run;

import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.core.spi.Outcome;
import io.capstan.core.spi.TargetFlag;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.ToDoubleFunction;

/**
 * What {@code GET /metrics} shows, in the Prometheus text format (prometheus-metrics client library): counters the loop
 * moves as it works, and gauges read from the targets when scraped. Each controller has its own registry (never the
 * library's global one), so two controllers in one JVM (tests) never add to each other's counts.
 */
final class RunMetrics {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter decisions = Counter.builder().name("capstan_decisions_total")
            .help("Decisions made, by target, reason code and action (scaleOut, scaleIn, hold); manual scales included")
            .labelNames("target", "reason", "action").register(registry);
    private final Counter actuations = Counter.builder().name("capstan_actuations_total")
            .help("Actuator calls, by target and outcome (applied, already_applied, retryable, failed)")
            .labelNames("target", "outcome").register(registry);
    private final Counter samples = Counter.builder().name("capstan_samples_ingested_total")
            .help("Samples fed to the targets, by source (push, host, prometheus, ...)")
            .labelNames("source").register(registry);
    private final Histogram evaluation = Histogram.builder().name("capstan_evaluation_duration_seconds")
            .help("Time one evaluation of one target took: observe the actuator, decide, record")
            .classicOnly().classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
            .register(registry);

    private final Counter evaluationErrors = Counter.builder().name("capstan_evaluation_errors_total")
            .help("Evaluations of a target that failed (the target holds; the other targets go on), by target")
            .labelNames("target").register(registry);

    void evaluationFailed(String target) {
        evaluationErrors.labelValues(target).inc();
    }

    void decided(String target, String reason, String action) {
        decisions.labelValues(target, reason, action).inc();
    }

    void actuated(String target, Outcome o) {
        actuations.labelValues(target, switch (o) {
            case Outcome.Applied a -> "applied";
            case Outcome.AlreadyApplied a -> "already_applied";
            case Outcome.Failed f -> f.retryable() ? "retryable" : "failed";
        }).inc();
    }

    void ingested(String source, int n) {
        if (n > 0) samples.labelValues(source).inc(n);
    }

    void evaluated(long nanos) {
        evaluation.observe(nanos / 1e9);
    }

    /** Registers what is read from the controller when scraped: per-source poll failures and per-target gauges. */
    void watch(Controller c) {
        CounterWithCallback.builder().name("capstan_source_errors_total")
                .help("Polls of a source that failed for at least one series (no data for what it feeds, never zero)")
                .labelNames("source")
                .callback(cb -> c.sourceFailures().forEach((source, n) -> cb.call(n, source)))
                .register(registry);
        gauge(c, "capstan_target_current_replicas", "Replicas running now (ready or starting), as the actuator last reported",
                t -> t.capacity == null ? Double.NaN : t.capacity.current());
        gauge(c, "capstan_target_ready_replicas", "Replicas ready now, as the actuator last reported",
                t -> t.capacity == null ? Double.NaN : t.capacity.ready());
        gauge(c, "capstan_target_desired_replicas", "Replicas the target should be at: the last decision's, else the actuator's",
                t -> TargetView.desired(t) == null ? Double.NaN : TargetView.desired(t));
        gauge(c, "capstan_target_source_errors", "Metrics of the target whose source failed on the last poll",
                t -> t.sourceErrors.size());
        GaugeWithCallback.builder().name("capstan_target_paused").help("1 while the target is paused (decides nothing, changes nothing)")
                .labelNames("target")
                .callback(cb -> c.targets().keySet().forEach(n -> cb.call(c.flags(n).contains(TargetFlag.Kind.PAUSED) ? 1 : 0, n)))
                .register(registry);
        GaugeWithCallback.builder().name("capstan_target_dry_run").help("1 while the target decides and records but changes nothing")
                .labelNames("target")
                .callback(cb -> c.targets().keySet().forEach(n -> cb.call(c.dryRun() || c.flags(n).contains(TargetFlag.Kind.DRY_RUN) ? 1 : 0, n)))
                .register(registry);
    }

    /** The H2 file's size, read when scraped; nothing for a store that is not an H2 file. */
    void watchStore(JdbcDecisionStore store) {
        GaugeWithCallback.builder().name("capstan_store_file_bytes")
                .help("Size of the embedded H2 store file: grows with every commit, compacted once it has grown by 64 MB and by its compacted size")
                .callback(cb -> store.fileBytes().ifPresent(cb::call))
                .register(registry);
    }

    private void gauge(Controller c, String name, String help, ToDoubleFunction<TargetLoop> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("target").callback(cb -> {
            for (TargetLoop t : c.targets().values()) {
                double v;
                synchronized (t) {
                    v = value.applyAsDouble(t);
                }
                if (!Double.isNaN(v)) cb.call(v, t.name);
            }
        }).register(registry);
    }

    /** The text exposition of everything registered, now. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
