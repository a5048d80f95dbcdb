package io.capstan.app.plan;

import io.capstan.app.CliRun;
import io.capstan.app.history.HistoryRecorder;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.spi.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan of several targets ({@code targets:}): each target planned on its own series with its own keys over the
 * {@code plan:} section's, a summary table across them and a part per target in plan.md and plan.html, the numbers
 * worked out by hand; and every mistake located in the plan file.
 */
class PlanTargetsTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z"); // a Monday
    private static final Instant NOW = T0.plus(Duration.ofDays(7));

    @TempDir
    Path dir;

    /**
     * A week hourly: api = 100 + h (the runway of PlanCommandTest: slope 1 an hour, no residuals, so a band of zero
     * width), worker_load = 50 flat.
     */
    private Path week() throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,api,worker_load\n");
        for (int h = 0; h < 7 * 24; h++) sb.append(T0.plus(Duration.ofHours(h))).append(',').append(100 + h).append(",50\n");
        return Files.writeString(dir.resolve("week.csv"), sb.toString());
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("plan.yaml"), yaml);
    }

    private CliRun plan(Path config, String history, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("plan", "--config", config.toString(), "--history", history, "--lookahead", "30d",
                "--out", dir.resolve("out").toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Shared: unit, the default thresholds and the cost table; each target its own capacity and replicas. */
    private static final String TWO = """
            plan:
              unit: req/s
            cost:
              currentSize: s1
              sizes:
                - {name: s1, vcpu: 1, onDemand: 0.1}
            targets:
              - name: api
                replicas: 4
                capacityPerReplica: 100
              - name: worker
                metric: worker_load
                replicas: 5
                capacityPerReplica: 20
                spikeReserve: 20
                thresholds: [{name: plan, at: 60}, {name: act, at: 90}]
            """;

    /**
     * api: capacity 4 x 100 = 400; 70 % = 280 at 2024-03-11 12:00 (12h), 85 % = 340 at 2024-03-14 00:00 (3.0 days);
     * the p90 peak of 30 days 987 needs ceil(987 / (100 x 0.7)) = 15 replicas, on s1 at 0.1 an hour 15 x 0.1 x 730 =
     * 1,095.00 a month. worker: flat 50 of 5 x 20 = 100, so no threshold is reached (the trend is flat); its own reserve
     * 20 %: ceil(50 / (20 x 0.8)) = 4 replicas, 4 x 0.1 x 730 = 292.00. Both: 1,387.00. The thresholds' columns are
     * the union (api's 70/85, worker's 60/90), "-" where a target has not that threshold.
     */
    @Test
    void eachTargetIsPlannedOnItsOwnSeriesAndTheSummaryComparesThem() throws IOException {
        CliRun r = plan(config(TWO), week().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(dir.resolve("out/plan.md"));
        assertThat(md).startsWith("# Capacity plan: 2 targets (")
                .contains("## Summary")
                .contains("| target | series | trend level now | growth per month | plan 70 % (p90 reaches it) | act 85 % (p90 reaches it) "
                        + "| plan 60 % (p90 reaches it) | act 90 % (p90 reaches it) | replicas at the p90 peak | month at the p90 peak |")
                .contains("| api | api | 267 req/s | +720 req/s | 2024-03-11 12:00 UTC, in 12h | 2024-03-14 00:00 UTC, in 3.0 days | - | - "
                        + "| 15 (+11 on 4) | $1,095.00 (15 × s1) |")
                .contains("| worker | worker_load | 50 req/s | 0 req/s | - | - | not within the 30 days lookahead (the trend is flat) "
                        + "| not within the 30 days lookahead (the trend is flat) | 4 (-1 on 5) | $292.00 (4 × s1) |")
                .contains("All targets at their p90 peak: $1,387.00 a month.");
        // a part per target, its sections a level down, each with that target's own numbers
        String api = md.substring(md.indexOf("## Target api"), md.indexOf("## Target worker"));
        String worker = md.substring(md.indexOf("## Target worker"));
        assertThat(api).contains("### Runway").contains("| plan | 70 % = 280 req/s | 2024-03-11 12:00 UTC, in 12h | 2024-03-11 12:00 UTC, in 12h |")
                .contains("| p90 | 987 req/s | 2024-04-09 23:00 UTC | 15 | +11 on 4 | ceil(987 / (100 × (1 − 30 %))) = 15 |")
                .contains("### Cost");
        assertThat(worker).contains("series worker_load").contains("| plan | 60 % = 60 req/s |").contains("| act | 90 % = 90 req/s |")
                .contains("| p90 | 50 req/s |").contains("ceil(50 / (20 × (1 − 20 %))) = 4 |").doesNotContain("70 %");
        String html = Files.readString(dir.resolve("out/plan.html"));
        assertThat(html).contains("<h2>Summary</h2>").contains("<h2 id=\"target-api\">Target api</h2>").contains("<h2 id=\"target-worker\">Target worker</h2>")
                .contains("<h3>Runway</h3>").contains("<td>$1,095.00 (15 × s1)</td>").contains("<td>4 (-1 on 5)</td>");
        assertThat(r.out()).contains("api: plan (70 %): p90 2024-03-11 12:00 UTC, in 12h").contains("worker: Replicas for the p90 peak: 4");
    }

    /** The shipped example: three targets, batch a utilization with cost: null, so the total is over the two priced. */
    @Test
    void theShippedExampleRuns() throws IOException {
        CliRun r = CliRun.of("plan", "--config", "../examples/plan-targets.yaml", "--history", "../examples/plan-services.csv", "--lookahead", "30d",
                "--out", dir.resolve("out").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(dir.resolve("out/plan.md"));
        assertThat(md).startsWith("# Capacity plan: 3 targets (").contains("| api | api.request_rate |").contains("| search | search.request_rate |")
                .contains("| batch | batch.cpu |").contains("- (no cost section) |").contains("The targets with a cost section (api, search) at their p90 peak:")
                .contains("## Target api").contains("## Target search").contains("## Target batch");
        String batch = md.substring(md.indexOf("## Target batch"));
        assertThat(batch).doesNotContain("### Cost").contains("the metric is a utilization in percent of 4 replicas");
        assertThat(md.substring(md.indexOf("## Target search"), md.indexOf("## Target batch"))).contains("| plan | 60 % = 1440 req/s |");
    }

    @Test
    void namesThatReadAlikeAsHtmlIdsGetIdsOfTheirOwn() {
        List<PlanReport.Part> parts = PlanSummary.reportParts(List.of(new PlanSummary.Part("api.x", null, List.of()),
                new PlanSummary.Part("api-x", null, List.of()), new PlanSummary.Part("db", null, List.of())));
        assertThat(parts).extracting(PlanReport.Part::anchor).containsExactly("target-api-x", "target-api-x-2", "target-db");
        assertThat(parts).extracting(PlanReport.Part::title).containsExactly("Target api.x", "Target api-x", "Target db");
    }

    @Test
    void aSingleTargetPlanReadsAsBefore() throws IOException {
        CliRun r = plan(config("plan:\n  metric: api\n  unit: req/s\n  replicas: 4\n  capacityPerReplica: 100\n"), week().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(dir.resolve("out/plan.md"));
        assertThat(md).startsWith("# Capacity plan: api (").doesNotContain("## Summary").doesNotContain("### ").contains("\n## Runway\n");
    }

    /** Each key a target gives wins; a capacity model it gives replaces the defaults' whole; lists replace lists. */
    @Test
    void aTargetsKeysGoOverTheDefaults() throws Exception {
        PlanFile.Read read = PlanFile.read(config("""
                plan:
                  unit: req/s
                  replicas: 3
                  capacityTable: [{load: 10, replicas: 1}, {load: 100, replicas: 5}]
                  phases: [{name: big, at: 500}]
                cost: {currentSize: s1, sizes: [{name: s1, vcpu: 1, onDemand: 0.1}]}
                targets:
                  - name: a
                  - name: b
                    capacityPerReplica: 40
                    unit: rps
                    phases: [{name: huge, at: 900}]
                    cost: null
                """), io.capstan.app.input.InputLimits.DEFAULT);
        assertThat(read.multi()).isTrue();
        PlanFile.Target a = read.targets().get(0), b = read.targets().get(1);
        assertThat(a.plan().capacity()).isInstanceOf(CapacityModel.Table.class);
        assertThat(a.plan().unit()).isEqualTo("req/s");
        assertThat(a.plan().phases()).containsExactly(new PlanConfig.Level("big", 500));
        assertThat(a.extra()).containsKey("cost");
        assertThat(b.plan().capacity()).isEqualTo(new CapacityModel.PerReplica(40, 40));
        assertThat(b.plan().replicas()).isEqualTo(3);
        assertThat(b.plan().unit()).isEqualTo("rps");
        assertThat(b.plan().phases()).containsExactly(new PlanConfig.Level("huge", 900));
        assertThat(b.extra()).doesNotContainKey("cost");
    }

    /** The problems of a run, each without the config's path before "line:column". */
    private List<String> problems(CliRun r, Path config) {
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        String prefix = "error: " + config;
        return r.err().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    @Test
    void aTargetTwiceAndARightsizingOutsideTheTargetsAreLocated() throws IOException {
        Path config = config("""
                plan: {unit: req/s}
                rightsizing: {containers: [{name: api}]}
                targets:
                  - name: api
                  - {name: worker, metric: worker_load}
                  - name: api
                """);
        assertThat(problems(plan(config, week().toString()), config)).containsExactly(
                ":2:14: rightsizing: rightsizing: in a plan with targets, each target's rightsizing goes under it (targets[0].rightsizing, ...): "
                        + "it reads that target's own series");
        config = config("""
                targets:
                  - name: api
                  - {name: worker, metric: worker_load}
                  - name: api
                    replicas: 3
                """);
        assertThat(problems(plan(config, week().toString()), config)).containsExactly(
                ":4:11: targets[2].name: target 'api' is planned twice (first at line 2, column 11): each target once, its keys in one entry");
        config = config("targets: []\n");
        assertThat(problems(plan(config, week().toString()), config)).containsExactly(
                ":1:10: targets: expected at least one target {name, metric, ...}, found an empty list");
        config = config("targets:\n  - {metric: api, replicas: 2, capacityPerReplica: 10, utilization: true, colour: red}\n");
        assertThat(problems(plan(config, week().toString()), config)).anySatisfy(p -> assertThat(p).startsWith(":2:5: targets[0]: missing required field 'name'"))
                .anySatisfy(p -> assertThat(p).startsWith(":2:75: targets[0].colour: unknown field 'colour'"))
                .anySatisfy(p -> assertThat(p).startsWith(":2:5: targets[0]: give one capacity model, found capacityPerReplica and utilization: true"));
    }

    @Test
    void aSeriesTheHistoryLacksIsLocatedAtTheTargetThatNamesIt() throws IOException {
        Path history = week();
        Path config = config("""
                targets:
                  - name: api
                  - name: worker
                    metric: worker_lod
                  - name: db
                """);
        assertThat(problems(plan(config, history.toString()), config)).containsExactly(
                ":4:13: targets[1].metric: target 'worker': no series 'worker_lod' nor 'worker.worker_lod' in " + history + ":1;"
                        + " did you mean 'worker_load'? "
                        + "(the history has: api, worker_load)",
                ":5:11: targets[2].name: target 'db': no series 'db' in " + history + ":1 (the history has: api, worker_load)");
        // the defaults' metric: the series is <name>.<metric>, so a wrong name is the name's mistake, and said there
        Path services = Path.of("..", "examples", "plan-services.csv");
        Path shared = config("plan: {metric: request_rate}\ntargets:\n  - name: apj\n    replicas: 8\n");
        assertThat(problems(plan(shared, services.toString()), shared)).containsExactly(":3:11: targets[0].name: target 'apj': no series"
                + " 'apj.request_rate' nor 'request_rate' in " + services + ":1; did you mean 'api.request_rate'? (the history has: api.request_rate,"
                + " search.request_rate, batch.cpu)");
    }

    /** A shared key that is wrong is reported once, at the plan section, not once per target. */
    @Test
    void aWrongDefaultIsReportedOnceAtThePlanSection() throws IOException {
        Path config = config("plan:\n  spikeReserve: 120\ntargets:\n  - name: api\n  - {name: worker, metric: worker_load}\n");
        List<String> problems = problems(plan(config, week().toString()), config);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith(":2:17: plan.spikeReserve: ");
    }

    // ---- from the store capstan run keeps, with its run config: target names are the run config's

    private Path store() throws Exception {
        Path data = dir.resolve("capstan-data");
        try (JdbcDecisionStore store = JdbcDecisionStore.open(StoreConfig.embedded(data))) {
            HistoryRecorder recorder = new HistoryRecorder(store, StoreConfig.DEFAULT_HISTORY_STEP);
            for (Instant t = T0; t.isBefore(NOW); t = t.plus(Duration.ofMinutes(1))) {
                recorder.add(new Sample("api", "request_rate", t.plusSeconds(7), 100 + Duration.between(T0, t).toHours()));
                recorder.add(new Sample("worker", "queue", t.plusSeconds(7), 50));
            }
            recorder.flushAll();
        }
        return data;
    }

    private Path runConfig() throws IOException {
        String target = """
                  - name: %s
                    replicas: {min: 1, max: 10}
                    metrics: {%s: {scope: target}}
                    policies:
                      - {name: busy, threshold: {when: "avg(%s, 1m) > 100", action: {add: 1}}}
                    actuator: {type: process, command: ["sleep", "60"]}
                """;
        return Files.writeString(dir.resolve("capstan.yaml"), "targets:\n" + target.formatted("api", "request_rate", "request_rate")
                + target.formatted("worker", "queue", "queue"));
    }

    private PlanCli.Run planKept(Path config, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--config", config.toString(), "--lookahead", "30d", "--lookback", "7d", "--step", "1h",
                "--out", dir.resolve("out").toString()));
        args.addAll(List.of(more));
        return PlanCli.at(NOW, args);
    }

    /** The run config's targets by name, each series {@code <target>.<metric>}; the same numbers as from the CSV above. */
    @Test
    void fromTheStoreEachTargetReadsItsOwnSeriesAndUnknownTargetsAreLocated() throws Exception {
        Path data = store();
        Path run = runConfig();
        Path config = config("""
                plan: {unit: req/s}
                targets:
                  - {name: api, metric: request_rate, replicas: 4, capacityPerReplica: 100}
                  - {name: worker, metric: queue, replicas: 5, capacityPerReplica: 20, spikeReserve: 20}
                """);
        PlanCli.Run r = planKept(config, "--history", "store", "--run-config", run.toString(), "--data", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(dir.resolve("out/plan.md"));
        assertThat(md).contains("| api | api.request_rate | 267 req/s | +720 req/s | 2024-03-11 12:00 UTC, in 12h | 2024-03-14 00:00 UTC, in 3.0 days "
                        + "| 15 (+11 on 4) | - (no cost section) |")
                .contains("| worker | worker.queue | 50 req/s | 0 req/s | not within the 30 days lookahead (the trend is flat) "
                        + "| not within the 30 days lookahead (the trend is flat) | 4 (-1 on 5) | - (no cost section) |");

        config = config("""
                plan: {unit: req/s, metric: request_rate}
                targets:
                  - name: api
                  - name: wroker
                """);
        r = planKept(config, "--history", "store", "--run-config", run.toString(), "--data", data.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(config + ":4:11: targets[1].name: unknown target 'wroker': " + run + " runs api, worker; did you mean 'worker'?");
    }

    @Test
    void fromTheStoreATargetWithoutAMetricIsLocated() throws Exception {
        Path data = store();
        Path config = config("targets:\n  - name: api\n    metric: request_rate\n  - name: worker\n");
        PlanCli.Run r = planKept(config, "--history", "store:" + data);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(config + ":4:11: targets[1].name: target 'worker' names no metric: with --history store:" + data
                + " its series is <target>.<metric> (worker.request_rate, say): give it metric: (or plan.metric for every target)");
        config = config("targets:\n  - name: api\n    metric: request_rate\n  - name: worker\n    metric: queues\n");
        r = planKept(config, "--history", "store:" + data);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(config + ":5:13: targets[1].metric: target 'worker': --history store:" + data + ": no history of worker.queues");
    }
}
