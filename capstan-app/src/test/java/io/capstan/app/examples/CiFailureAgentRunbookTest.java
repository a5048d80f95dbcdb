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
import static io.capstan.app.examples.RunbookScenario.sec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbook 003: the ci-failure-agent HPA (cpu 70 %, memory 80 %, 1000 requests/s and 10 queued
 * messages per pod, 3..20) with its behavior: up by the larger of 50 % or 2 pods per 30 s after a
 * 30 s window; down by at most 25 % per minute after a 300 s window.
 */
class CiFailureAgentRunbookTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    static Map<String, Double> agent(double cpu, double queue) {
        Map<String, Double> m = new HashMap<>();
        m.put("cpu", cpu);
        m.put("memory", 40.0);
        m.put("request_rate", 500.0);
        m.put("queue_depth", queue);
        m.put("latency_p99_ms", 200.0);
        m.put("db_connections", 20.0);
        return m;
    }

    @Test
    void scaleUpIsPacedByTheBehavior() {
        // cpu at twice the target asks for double; +50 % or +2 pods per 30 s, after a 30 s window
        var s = RunbookScenario.run("ci-failure-agent.yaml", START, min(4), sec(30), t -> agent(140, 10));
        assertThat(s.at("ci-failure-agent", sec(0)).desiredReplicas()).as("first sync: the 30 s window holds").isEqualTo(3);
        Row first = s.at("ci-failure-agent", sec(30));
        assertThat(first.desiredReplicas()).isEqualTo(5);
        assertThat(first.reason()).isEqualTo(Reason.ScaleUpLimit);
        assertThat(s.target("ci-failure-agent").rows()).allMatch(r -> r.desiredReplicas() <= 20);
        // each 30 s step adds at most max(50 %, 2 pods)
        List<Row> rows = s.target("ci-failure-agent").rows();
        for (int i = 1; i < rows.size(); i++) {
            int before = rows.get(i - 1).desiredReplicas();
            assertThat(rows.get(i).desiredReplicas()).isLessThanOrEqualTo(Math.max((int) Math.ceil(before * 1.5), before + 2));
        }
    }

    @Test
    void queueBacklogPerPodDrivesScaleOut() {
        // 120 queued messages at 10 per pod asks for 12
        var s = RunbookScenario.run("ci-failure-agent.yaml", START, min(10), sec(30), t -> agent(50, 120));
        assertThat(s.at("ci-failure-agent", min(10)).desiredReplicas()).isEqualTo(12);
        assertThat(s.events("ci-failure-agent")).anyMatch(r -> r.summary().contains("queue-per-pod"));
    }

    @Test
    void scaleDownWaitsFiveMinutesThenLosesAQuarterPerMinute() {
        var s = RunbookScenario.run("ci-failure-agent.yaml", START, min(20), min(1),
                t -> t.compareTo(min(5)) < 0 ? agent(50, 120) : agent(10, 0));
        List<Row> ins = s.events("ci-failure-agent").stream().filter(r -> r.action().startsWith("scale-in")).toList();
        assertThat(ins).isNotEmpty();
        assertThat(ins.get(0).at()).isAfterOrEqualTo(START.plus(min(5)).plus(Duration.ofSeconds(300)));
        int before = 12;
        for (Row r : ins) {
            assertThat(r.desiredReplicas()).isGreaterThanOrEqualTo((int) Math.floor(before * 0.75));
            before = r.desiredReplicas();
        }
    }
}
