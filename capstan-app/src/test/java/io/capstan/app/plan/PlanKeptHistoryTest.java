package io.capstan.app.plan;

import io.capstan.app.ChildJvm;
import io.capstan.app.history.HistoryRecorder;
import io.capstan.app.source.prometheus.BackfilledPrometheus;
import io.capstan.app.store.jdbc.H2FileHolder;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.spi.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code capstan plan --history store...} and {@code --history prometheus...}: the history the live loop kept (written
 * by its {@link HistoryRecorder} into a real H2 store) and a real Prometheus's range queries give the same plan as the
 * same history in a CSV trace.
 */
class PlanKeptHistoryTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    /** Now: the end of the week of history; the lookback is the week before it. */
    private static final Instant NOW = T0.plus(Duration.ofDays(7));
    private static final String PLAN = "plan:\n  metric: api.request_rate\n  unit: req/s\n  replicas: 4\n  capacityPerReplica: 100\n";

    @TempDir
    Path dir;

    /** 100 + h req/s in hour h of the week: every minute of an hour the same (the runway is worked out in PlanCommandTest). */
    private static double load(Instant at) {
        return 100 + Duration.between(T0, at).toHours();
    }

    private PlanCli.Run plan(String history, String... more) {
        List<String> args = new ArrayList<>(List.of("--config", dir.resolve("plan.yaml").toString(), "--history", history, "--lookahead", "30d",
                "--lookback", "7d", "--step", "1h", "--out", dir.resolve("out-" + Math.abs(history.hashCode())).toString()));
        args.addAll(List.of(more));
        return PlanCli.at(NOW, args);
    }

    /** The same week as a CSV trace, hourly. */
    private PlanCli.Run planFromCsv() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,api.request_rate\n");
        for (Instant t = T0; t.isBefore(NOW); t = t.plus(Duration.ofHours(1))) csv.append(t).append(',').append(load(t)).append('\n');
        PlanCli.Run r = plan(Files.writeString(dir.resolve("week.csv"), csv.toString()).toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("plan (70 %): p90 2024-03-11 12:00 UTC, in 12h");
        return r;
    }

    private Path storeWrittenByTheLoop() throws Exception {
        Path data = dir.resolve("capstan-data");
        try (JdbcDecisionStore store = JdbcDecisionStore.open(StoreConfig.embedded(data))) {
            HistoryRecorder recorder = new HistoryRecorder(store, StoreConfig.DEFAULT_HISTORY_STEP);
            for (Instant t = T0; t.isBefore(NOW); t = t.plus(Duration.ofMinutes(1))) {
                recorder.add(new Sample("api", "request_rate", t.plusSeconds(7), load(t)));
                recorder.add(new Sample("api", "cpu", t.plusSeconds(7), 50));
            }
            recorder.flushAll();
        }
        return data;
    }

    /** The config capstan run runs: a target api whose request_rate comes from {@code source}, then {@code tail}. */
    private Path runConfig(String source, String tail) throws Exception {
        return Files.writeString(dir.resolve("capstan.yaml"), """
                targets:
                  - name: api
                    replicas: {min: 1, max: 10}
                    metrics: {request_rate: {scope: target, source: %s}}
                    policies:
                      - {name: busy, threshold: {when: "avg(request_rate, 1m) > 100", action: {add: 1}}}
                    actuator: {type: process, command: ["sleep", "60"]}
                """.formatted(source) + tail);
    }

    @Test
    void theStoreTheLiveLoopWroteGivesTheSamePlanAsTheCsv() throws Exception {
        Files.writeString(dir.resolve("plan.yaml"), PLAN);
        Path data = storeWrittenByTheLoop();
        PlanCli.Run csv = planFromCsv();
        byte[] before = Files.readAllBytes(data.resolve("capstan.mv.db"));

        PlanCli.Run store = plan("store:" + data);

        assertThat(store.exit()).as(store.err()).isZero();
        assertThat(store.summary()).isEqualTo(csv.summary());
        assertThat(Files.readAllBytes(data.resolve("capstan.mv.db"))).as("read, never written (no migration, no compaction)").isEqualTo(before);
        assertThat(Files.readString(dir.resolve("out-" + Math.abs(("store:" + data).hashCode())).resolve("plan.md")))
                .contains("History: the store jdbc:h2:file:" + data.toAbsolutePath().resolve("capstan"));
    }

    @Test
    void historyStoreReadsTheRunConfigsStoreUnderItsDataDirectory() throws Exception {
        Files.writeString(dir.resolve("plan.yaml"), PLAN);
        Path data = storeWrittenByTheLoop();
        PlanCli.Run csv = planFromCsv();
        Path run = runConfig("push", "");

        PlanCli.Run store = plan("store", "--run-config", run.toString(), "--data", data.toString());
        assertThat(store.exit()).as(store.err()).isZero();
        assertThat(store.summary()).isEqualTo(csv.summary());

        PlanCli.Run withoutRunConfig = plan("store");
        assertThat(withoutRunConfig.exit()).isEqualTo(1);
        assertThat(withoutRunConfig.err().strip()).isEqualTo("error: --history store: give --run-config FILE (the config capstan run runs) to read its store;"
                + " or write store:DIR or store:jdbc:URL");
    }

    @Test
    void aMetricTheStoreHasNoHistoryOfAndAnUnnamedSeriesAreOneLineEach() throws Exception {
        Path data = storeWrittenByTheLoop();
        Files.writeString(dir.resolve("plan.yaml"), "plan: {metric: api.queue_depth}\n");
        PlanCli.Run none = plan("store:" + data);
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err().strip()).isEqualTo("error: --history store:" + data + ": no history of api.queue_depth in the 7d before 2024-03-11T00:00:00Z"
                + " (the store jdbc:h2:file:" + data.toAbsolutePath().resolve("capstan") + ")");

        Files.writeString(dir.resolve("plan.yaml"), "plan: {metric: request_rate}\n");
        PlanCli.Run unnamed = plan("store:" + data);
        assertThat(unnamed.exit()).isEqualTo(1);
        assertThat(unnamed.err()).contains("plan.metric 'request_rate'").contains("name it <target>.<metric>");
    }

    /** H2 lets one process open its file: while capstan run holds it, the plan says what to do instead of H2's error. */
    @Test
    void aStoreHeldByARunningCapstanSaysStopItOrUsePostgresql() throws Exception {
        Files.writeString(dir.resolve("plan.yaml"), PLAN);
        Path data = storeWrittenByTheLoop();
        Process holder = new ProcessBuilder(ChildJvm.command(List.of(), H2FileHolder.class.getName(), List.of(StoreConfig.embedded(data).url())))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.lines().filter(l -> !l.startsWith("SLF4J")).findFirst()).contains("holding");

            PlanCli.Run r = plan("store:" + data);

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().lines()).hasSize(1);
            assertThat(r.err()).contains("is in use by a running capstan (H2 lets one process open it): stop capstan run or use PostgreSQL");
        } finally {
            holder.getOutputStream().close();
            holder.destroy();
            holder.waitFor();
        }
    }

    @Test
    void prometheusRangeQueriesGiveTheSamePlanAsTheCsvWithTheQueryFromTheRunConfigOrThePlan() throws Exception {
        Path om = openMetrics(false);
        try (BackfilledPrometheus prometheus = BackfilledPrometheus.start(dir, om, "query=requests&time=" + (T0.getEpochSecond() + 600),
                "\"deployment\":\"api\"")) {
            Files.writeString(dir.resolve("plan.yaml"), PLAN);
            PlanCli.Run csv = planFromCsv();
            // the run config's metric and its source: its query, and the server with its auth
            Path run = runConfig("{prometheus: 'sum(requests{deployment=\"{{target}}\"})'}", "sources:\n  prometheus: {url: \"" + prometheus.url()
                    + "\", auth: {bearerTokenFile: \"" + Files.writeString(dir.resolve("token"), "not-checked-by-this-prometheus\n") + "\"}}\n");

            PlanCli.Run fromRunConfig = plan("prometheus", "--run-config", run.toString(), "--data", dir.resolve("data-unused").toString());
            assertThat(fromRunConfig.exit()).as(fromRunConfig.err()).isZero();
            assertThat(fromRunConfig.summary()).isEqualTo(csv.summary());

            Files.writeString(dir.resolve("plan.yaml"), PLAN + "  query: 'sum(requests{deployment=\"api\"})'\n");
            PlanCli.Run fromPlan = plan("prometheus:" + prometheus.url());
            assertThat(fromPlan.exit()).as(fromPlan.err()).isZero();
            assertThat(fromPlan.summary()).isEqualTo(csv.summary());
        }
    }

    /** The load of api (and a flat 50 for worker) every minute from T0 to NOW, as OpenMetrics for promtool to backfill. */
    private Path openMetrics(boolean withWorker) throws IOException {
        Path om = dir.resolve("history.om");
        try (BufferedWriter w = Files.newBufferedWriter(om, StandardCharsets.UTF_8)) {
            w.write("# HELP requests requests per second\n# TYPE requests gauge\n");
            for (Instant t = T0; t.isBefore(NOW); t = t.plus(Duration.ofMinutes(1))) {
                w.write("requests{deployment=\"api\"} " + load(t) + " " + t.getEpochSecond() + "\n");
                if (withWorker) w.write("requests{deployment=\"worker\"} 50 " + t.getEpochSecond() + "\n");
            }
            w.write("# EOF\n");
        }
        return om;
    }

    /** Several targets from one Prometheus, each with its own query: each reads its own series, none the other's. */
    @Test
    void prometheusGivesEachTargetOfAPlanItsOwnQuery() throws Exception {
        Path om = openMetrics(true);
        try (BackfilledPrometheus prometheus = BackfilledPrometheus.start(dir, om, "query=requests&time=" + (T0.getEpochSecond() + 600),
                "\"deployment\":\"worker\"")) {
            Files.writeString(dir.resolve("plan.yaml"), """
                    plan: {metric: request_rate, unit: req/s, replicas: 4, capacityPerReplica: 100}
                    targets:
                      - {name: api, query: 'sum(requests{deployment="api"})'}
                      - {name: worker, query: 'sum(requests{deployment="worker"})'}
                    """);
            PlanCli.Run r = plan("prometheus:" + prometheus.url());
            assertThat(r.exit()).as(r.err()).isZero();
            // api: the week of PlanCommandTest's runway; worker: flat 50
            assertThat(r.out()).contains("api: plan (70 %): p90 2024-03-11 12:00 UTC, in 12h").contains("worker: Growth: 0 req/s per month")
                    .contains("worker: plan (70 %): p90 not within the 30 days lookahead (the trend is flat)");
        }
    }

    @Test
    void anUnreachablePrometheusIsOneLine() throws Exception {
        Files.writeString(dir.resolve("plan.yaml"), PLAN + "  query: 'sum(requests)'\n");
        PlanCli.Run r = plan("prometheus:http://127.0.0.1:9");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: --history prometheus:http://127.0.0.1:9: prometheus at http://127.0.0.1:9: cannot connect");
    }
}
