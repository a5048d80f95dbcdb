package io.capstan.app.examples;

import io.capstan.core.explain.Reason;
import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Numbers;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.simulate.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.Files;

import static io.capstan.app.examples.RunbookScenario.min;
import static io.capstan.app.examples.RunbookScenario.sec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
        m.put("db_connections_pct", 20.0);
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
        // the last high recommendation (minute 4) must leave the 300 s window first
        assertThat(ins.get(0).at()).isEqualTo(START.plus(min(4)).plus(Duration.ofSeconds(300)));
        int before = 12;
        for (Row r : ins) {
            assertThat(r.desiredReplicas()).isGreaterThanOrEqualTo((int) Math.floor(before * 0.75));
            before = r.desiredReplicas();
        }
    }

    @Test
    void theRunbooksNumbersFromTheLoadedPolicy() throws Exception {
        TargetSpec agent = RunbookScenario.spec("ci-failure-agent.yaml", "ci-failure-agent");
        assertThat(agent.bounds()).as("ci-failure-agent-hpa's bounds; the file says why not the custom HPA's 2..15").isEqualTo(new Bounds(3, 20));
        Map<String, String> tracking = new TreeMap<>();
        for (var p : agent.policies()) {
            if (p instanceof TargetTrackingPolicy t) tracking.put(t.name(), t.metric() + " " + t.type() + " " + Numbers.format(t.target()));
        }
        assertThat(tracking).isEqualTo(Map.of("cpu-target", "cpu UTILIZATION 70", "memory-target", "memory UTILIZATION 80",
                "requests-per-pod", "request_rate AVERAGE_VALUE 1000", "queue-per-pod", "queue_depth AVERAGE_VALUE 10"));
        var up = agent.behavior().scaleUp();
        assertThat(up.stabilizationWindowSeconds()).isEqualTo(30);
        assertThat(up.policies()).extracting(HpaRatePolicy::type, HpaRatePolicy::value, p -> p.period().toSeconds())
                .containsExactly(tuple(HpaRatePolicy.PolicyType.PERCENT, 50, 30L), tuple(HpaRatePolicy.PolicyType.PODS, 2, 30L));
        var down = agent.behavior().scaleDown();
        assertThat(down.stabilizationWindowSeconds()).isEqualTo(300);
        assertThat(down.policies()).extracting(HpaRatePolicy::type, HpaRatePolicy::value, p -> p.period().toSeconds())
                .containsExactly(tuple(HpaRatePolicy.PolicyType.PERCENT, 25, 60L));
        // 7.1 and 7.2: thresholds as the runbook writes them, each a named action (no replica change)
        assertThat(RunbookScenario.when(agent, "pod-cpu")).isEqualTo("avg(cpu, 1m) > 80");
        assertThat(RunbookScenario.when(agent, "pod-memory")).isEqualTo("avg(memory, 1m) > 85");
        assertThat(RunbookScenario.when(agent, "latency-p99")).isEqualTo("avg(latency_p99_ms, 1m) > 500");
        assertThat(RunbookScenario.when(agent, "db-connections")).isEqualTo("avg(db_connections_pct, 1m) > 80");
        assertThat(RunbookScenario.when(agent, "queue-backlog")).isEqualTo("last(queue_depth, 1m) > 1000");
        assertThat(RunbookScenario.when(agent, "HighPodCPU")).isEqualTo("avg(cpu_cores, 5m) > 0.8 for 5m");
        assertThat(RunbookScenario.when(agent, "HighMemoryUsage")).isEqualTo("last(memory_mb, 1m) > 900 for 5m");
        assertThat(RunbookScenario.does(agent, "queue-backlog")).isEqualTo("warning: increase_consumer_instances");
        assertThat(RunbookScenario.does(agent, "db-connections")).isEqualTo("warning: add_read_replicas");
        assertThat(agent.policies()).filteredOn(p -> p instanceof ThresholdPolicy)
                .allMatch(p -> ((ThresholdPolicy) p).action() instanceof Action.Named, "every threshold is a named action");
        assertThat(Files.readString(RunbookScenario.EXAMPLES.resolve("ci-failure-agent.yaml")))
                .as("the file says how the two HPAs are reconciled").contains("Two HPAs, one Deployment").contains("2..15");
    }

    @Test
    void aQueueOverAThousandIsDecidedAsTheRunbooksNamedAction() {
        var s = RunbookScenario.run("ci-failure-agent.yaml", START, min(2), sec(30), t -> agent(50, 1500));
        assertThat(s.target("ci-failure-agent").scorecard().actions()).containsKey("increase_consumer_instances");
    }
}
