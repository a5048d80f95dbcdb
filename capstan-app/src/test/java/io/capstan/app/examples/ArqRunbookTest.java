package io.capstan.app.examples;

import io.capstan.core.explain.Reason;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.simulate.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.capstan.app.examples.RunbookScenario.min;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbook 004: out on CPU > 70 % for 3 minutes (and three other triggers), in only when CPU < 30 %
 * for 10 minutes AND memory < 50 % for 10 minutes AND p95 latency < 500 ms; 2..20; 5-minute cool-down.
 */
class ArqRunbookTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    static Map<String, Double> app(double cpu, double memory, double latency) {
        Map<String, Double> m = new HashMap<>();
        m.put("cpu", cpu);
        m.put("memory", memory);
        m.put("latency_p95_ms", latency);
        m.put("queue_depth", 5.0);
        m.put("request_rate", 100.0);
        m.put("error_rate", 0.1);
        m.put("disk", 40.0);
        m.put("replication_lag_ms", 20.0);
        m.put("db_connections", 30.0);
        return m;
    }

    @Test
    void theRunbooksNumbersFromTheLoadedPolicy() {
        TargetSpec app = RunbookScenario.spec("arq.yaml", "app");
        assertThat(app.bounds()).isEqualTo(new Bounds(2, 20));
        assertThat(app.cooldowns()).as("cool-down 5 minutes between scale events").isEqualTo(new Cooldowns(Duration.ZERO, Duration.ZERO, min(5)));
        assertThat(app.service().capacityPerReplica()).as("80 requests/sec per instance baseline").isEqualTo(80);
        assertThat(app.service().startup()).as("wait 2 minutes for warm-up").isEqualTo(min(2));
        assertThat(RunbookScenario.when(app, "cpu-high")).isEqualTo("avg(cpu, 1m) > 70 for 3m");
        assertThat(RunbookScenario.when(app, "memory-high")).isEqualTo("avg(memory, 1m) > 80 for 3m");
        assertThat(RunbookScenario.when(app, "latency-high")).isEqualTo("avg(latency_p95_ms, 1m) > 1000");
        assertThat(RunbookScenario.when(app, "queue-high")).isEqualTo("last(queue_depth, 1m) > 100");
        for (String up : List.of("cpu-high", "memory-high", "latency-high", "queue-high")) {
            assertThat(RunbookScenario.does(app, up)).as("a step of 1-2 instances").isEqualTo("warning: add 1");
        }
        assertThat(RunbookScenario.when(app, "scale-down"))
                .isEqualTo("avg(cpu, 1m) < 30 for 10m AND avg(memory, 1m) < 50 for 10m AND avg(latency_p95_ms, 1m) < 500");
        // Alert Thresholds, exactly
        assertThat(Map.of(
                "cpu-warn", RunbookScenario.when(app, "cpu-warn") + " -> " + RunbookScenario.does(app, "cpu-warn"),
                "cpu-critical", RunbookScenario.when(app, "cpu-critical") + " -> " + RunbookScenario.does(app, "cpu-critical"),
                "memory-warn", RunbookScenario.when(app, "memory-warn") + " -> " + RunbookScenario.does(app, "memory-warn"),
                "disk-warn", RunbookScenario.when(app, "disk-warn") + " -> " + RunbookScenario.does(app, "disk-warn"),
                "replication-lag", RunbookScenario.when(app, "replication-lag") + " -> " + RunbookScenario.does(app, "replication-lag"),
                "error-rate", RunbookScenario.when(app, "error-rate") + " -> " + RunbookScenario.does(app, "error-rate"))).isEqualTo(Map.of(
                "cpu-warn", "avg(cpu, 1m) > 85 for 5m -> warning: alert-cpu-warn",
                "cpu-critical", "avg(cpu, 1m) > 95 for 5m -> critical: alert-cpu-critical",
                "memory-warn", "avg(memory, 1m) > 90 -> warning: alert-memory-warn",
                "disk-warn", "last(disk, 1m) > 85 -> warning: alert-disk-warn",
                "replication-lag", "last(replication_lag_ms, 1m) > 500 -> warning: alert-replication-lag",
                "error-rate", "avg(error_rate, 1m) > 1 -> critical: alert-error-rate"));
        // Database Tier: read replicas at read:write > 4:1; vertical scaling at storage > 80 %, query time > 2 s, pool > 70 %
        assertThat(RunbookScenario.when(app, "read-heavy")).isEqualTo("avg(read_write_ratio, 1m) > 4");
        assertThat(RunbookScenario.when(app, "database-vertical"))
                .isEqualTo("last(db_storage, 1m) > 80 OR avg(db_query_time_ms, 1m) > 2000 OR avg(db_connections, 1m) > 70");
        assertThat(RunbookScenario.does(app, "database-vertical")).isEqualTo("warning: vertical-scale-database");
    }

    @Test
    void cpuHeldForThreeMinutesAddsOneThenTheCooldownWaitsFive() {
        var s = RunbookScenario.run("arq.yaml", START, min(12), min(1), t -> app(80, 60, 300));
        assertThat(s.at("app", min(2)).desiredReplicas()).as("held 2 of 3 minutes").isEqualTo(2);
        Row out = s.at("app", min(3));
        assertThat(out.desiredReplicas()).isEqualTo(3);
        assertThat(out.reason()).isEqualTo(Reason.ThresholdSustained);
        assertThat(s.at("app", min(7)).desiredReplicas()).isEqualTo(3);
        assertThat(s.at("app", min(7)).reason()).isEqualTo(Reason.CooldownActive);
        assertThat(s.at("app", min(8)).desiredReplicas()).as("5 minutes after the last event").isEqualTo(4);
    }

    @Test
    void aScaleOutRightAfterAScaleInWaitsOutTheFiveMinutesToo() {
        // out at minutes 3 and 8; quiet from minute 9, so the scale-down has held 10 minutes at minute 19;
        // a queue of 500 from minute 20, one minute after that scale-in
        var s = RunbookScenario.run("arq.yaml", START, min(26), min(1), t -> {
            long m = t.toMinutes();
            if (m <= 8) return app(80, 60, 300);
            Map<String, Double> quiet = app(20, 40, 300);
            if (m >= 20) quiet.put("queue_depth", 500.0);
            return quiet;
        });
        assertThat(s.at("app", min(8)).desiredReplicas()).isEqualTo(4);
        Row in = s.at("app", min(19));
        assertThat(in.desiredReplicas()).isEqualTo(3);
        Row blocked = s.at("app", min(20));
        assertThat(blocked.desiredReplicas()).as(blocked.summary()).isEqualTo(3);
        assertThat(blocked.summary()).contains("between-events cooldown 5m: last scaling 1m ago");
        assertThat(s.at("app", min(23)).desiredReplicas()).isEqualTo(3);
        assertThat(s.at("app", min(24)).desiredReplicas()).as("5 minutes after the scale-in").isEqualTo(4);
    }

    @Test
    void scaleInNeedsAllThreeConditionsAndTenMinutes() {
        // start high at 6 replicas' worth: cpu 80 for 3 minutes, then cpu 20 while memory stays at 60 (too high)
        // for 15 minutes, then memory 40: the scale-in comes 10 minutes after memory went low.
        var s = RunbookScenario.run("arq.yaml", START, min(40), min(1), t -> {
            long m = t.toMinutes();
            if (m <= 3) return app(80, 60, 300);
            if (m <= 18) return app(20, 60, 300);
            return app(20, 40, 300);
        });
        List<Row> ins = s.events("app").stream().filter(r -> r.action().startsWith("scale-in")).toList();
        assertThat(ins).isNotEmpty();
        assertThat(ins.get(0).at()).isEqualTo(START.plus(min(29)));
        assertThat(ins.get(0).desiredReplicas()).isEqualTo(2);
        assertThat(ins.get(0).summary()).contains("scale-down");
        // while memory was high, cpu alone never scaled in
        assertThat(s.events("app")).filteredOn(r -> r.at().isBefore(START.plus(min(29))))
                .noneMatch(r -> r.action().startsWith("scale-in"));
    }

    @Test
    void alertThresholdsAreNamedActionsAtTheRunbooksLevels() {
        var s = RunbookScenario.run("arq.yaml", START, min(6), min(1), t -> {
            Map<String, Double> m = app(50, 95, 300);
            m.put("error_rate", 2.0);
            m.put("disk", t.toMinutes() < 3 ? 85.0 : 86.0);
            return m;
        });
        assertThat(s.target("app").scorecard().actions()).containsKeys("alert-error-rate", "alert-memory-warn", "alert-disk-warn")
                .doesNotContainKey("vertical-scale-database");
        assertThat(s.at("app", Duration.ZERO).action()).as("disk at 85 % is not over 85 %").doesNotContain("alert-disk-warn");
        assertThat(s.at("app", min(3)).action()).contains("alert-disk-warn");
    }
}
