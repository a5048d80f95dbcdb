package io.capstan.app.examples;

import io.capstan.core.explain.Reason;
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
 * Runbook 004: out on CPU > 70 % for 3 minutes (1-2 instances per step), in only when CPU < 30 %
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
    void cpuHeldForThreeMinutesAddsOneThenTheCooldownWaitsFive() {
        var s = RunbookScenario.run("arq.yaml", START, min(12), min(1), t -> app(80, 60, 300));
        assertThat(s.at("app", min(2)).desiredReplicas()).as("held 2 of 3 minutes").isEqualTo(2);
        Row out = s.at("app", min(3));
        assertThat(out.desiredReplicas()).isEqualTo(3);
        assertThat(out.reason()).isEqualTo(Reason.StepAdjustment);
        assertThat(s.at("app", min(7)).desiredReplicas()).isEqualTo(3);
        assertThat(s.at("app", min(7)).reason()).isEqualTo(Reason.CooldownActive);
        assertThat(s.at("app", min(8)).desiredReplicas()).as("5 minutes after the last event").isEqualTo(4);
    }

    @Test
    void aLargerBreachStepsByTwo() {
        var s = RunbookScenario.run("arq.yaml", START, min(3), min(1), t -> app(90, 60, 300));
        assertThat(s.at("app", min(3)).desiredReplicas()).isEqualTo(4);
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
    void errorsPageAndDiskAsksForStorage() {
        var s = RunbookScenario.run("arq.yaml", START, min(6), min(1), t -> {
            Map<String, Double> m = app(50, 60, 300);
            m.put("error_rate", 2.0);
            m.put("disk", 85.0);
            return m;
        });
        assertThat(s.target("app").scorecard().actions()).containsKeys("page-oncall", "expand-storage");
        assertThat(s.at("app", Duration.ZERO).action()).contains("page-oncall").contains("expand-storage");
    }
}
