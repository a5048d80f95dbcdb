package io.capstan.app.examples;

import io.capstan.core.simulate.Row;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Durations;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.DecisionTreePolicy;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.capstan.app.examples.RunbookScenario.min;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbook 000's decision tree, replayed: a CPU-bound VM is scaled vertically; still over threshold
 * after 30 minutes, its components are separated; with 250 agents two hours later, it moves to
 * Kubernetes. Every step is a named action on one replica.
 */
class PhoenixRunbookTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    static Map<String, Double> vm(double cpu, double agents) {
        Map<String, Double> m = new HashMap<>();
        m.put("cpu", cpu);
        m.put("memory", 60.0);
        m.put("latency_p95_ms", 120.0);
        m.put("agents", agents);
        m.put("metrics_per_second", 300_000.0);
        m.put("disk", 50.0);
        return m;
    }

    @Test
    void verticalThenSeparationThenKubernetes() {
        var s = RunbookScenario.run("phoenix.yaml", START, Duration.ofHours(3), min(1),
                t -> vm(85, t.toMinutes() < 120 ? 120 : 250));
        List<Row> named = s.events("phoenix");
        assertThat(named).extracting(Row::action).containsExactly(
                "hold;vertical-scale", "hold;component-separation", "hold;horizontal-scale");
        // the 5-minute average needs 5 minutes of samples over 70 % before the first branch is taken
        assertThat(named.get(0).at()).isBetween(START, START.plus(min(5)));
        assertThat(Duration.between(named.get(0).at(), named.get(1).at())).isEqualTo(min(30));
        assertThat(Duration.between(named.get(1).at(), named.get(2).at())).isGreaterThanOrEqualTo(Duration.ofHours(2));
        assertThat(named.get(1).summary()).contains("still-over yes");
        assertThat(s.target("phoenix").rows()).allMatch(r -> r.desiredReplicas() == 1);
    }

    @Test
    void healthyVmDoesNothing() {
        var s = RunbookScenario.run("phoenix.yaml", START, Duration.ofHours(1), min(1), t -> vm(40, 100));
        assertThat(s.events("phoenix")).isEmpty();
    }

    @Test
    void slowApiEnablesCachingBeforeAnythingElse() {
        var s = RunbookScenario.run("phoenix.yaml", START, min(10), min(1), t -> {
            Map<String, Double> m = vm(40, 100);
            m.put("latency_p95_ms", 350.0);
            return m;
        });
        assertThat(s.events("phoenix")).extracting(Row::action).containsExactly("hold;enable-caching");
    }

    @Test
    void theRunbooksNumbersFromTheLoadedPolicy() {
        TargetSpec vm = RunbookScenario.spec("phoenix.yaml", "phoenix");
        assertThat(vm.bounds()).isEqualTo(new Bounds(1, 1));
        // the tree, node by node: "use 5-minute averages"
        DecisionTreePolicy tree = RunbookScenario.policy(vm, "scaling-guide", DecisionTreePolicy.class);
        Map<String, String> checks = new TreeMap<>();
        Map<String, String> outcomes = new TreeMap<>();
        for (DecisionTreePolicy.Node n : tree.nodes()) {
            if (n instanceof DecisionTreePolicy.Check c) checks.put(c.id(), c.when().describe() + " ? " + c.then().id() + " : " + c.otherwise().id());
            if (n instanceof DecisionTreePolicy.Outcome o) outcomes.put(o.id(), name(o.action()) + " settle " + Durations.format(o.settle())
                    + (o.next() == null ? "" : " then " + o.next().id()));
        }
        assertThat(checks).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cpu-high", "avg(cpu, 5m) > 70 ? vertical-scale : memory-high",
                "memory-high", "avg(memory, 5m) > 80 ? vertical-scale : latency-high",
                "latency-high", "avg(latency_p95_ms, 5m) > 200 ? enable-caching : agents-high",
                "agents-high", "last(agents, 5m) > 150 ? component-separation : metrics-high",
                "metrics-high", "avg(metrics_per_second, 5m) > 800000 ? deploy-filters : healthy",
                "still-over", "avg(cpu, 5m) > 70 OR avg(memory, 5m) > 80 ? component-separation : healthy",
                "agents-over-200", "last(agents, 5m) > 200 ? horizontal-scale : healthy"));
        assertThat(outcomes).containsEntry("vertical-scale", "vertical-scale t3.medium->t3.large settle 30m then still-over")
                .containsKey("component-separation").containsKey("horizontal-scale").containsKey("enable-caching").containsKey("deploy-filters");
        // the red bands of "Scaling Thresholds at a Glance", and disk
        assertThat(RunbookScenario.when(vm, "cpu-red")).isEqualTo("avg(cpu, 5m) > 85");
        assertThat(RunbookScenario.when(vm, "memory-red")).isEqualTo("avg(memory, 5m) > 90");
        assertThat(RunbookScenario.when(vm, "latency-red")).isEqualTo("avg(latency_p95_ms, 5m) > 500");
        assertThat(RunbookScenario.when(vm, "metrics-red")).isEqualTo("avg(metrics_per_second, 5m) > 1000000");
        assertThat(RunbookScenario.when(vm, "disk-yellow")).isEqualTo("avg(disk, 5m) > 80");
        assertThat(RunbookScenario.when(vm, "disk-red")).isEqualTo("avg(disk, 5m) > 90");
        for (String red : List.of("cpu-red", "memory-red", "latency-red", "metrics-red", "disk-red")) {
            assertThat(RunbookScenario.does(vm, red)).startsWith("critical: " + red);
        }
    }

    private static String name(io.capstan.core.policy.Action action) {
        Action.Named n = (Action.Named) action;
        return n.name() + (n.params().containsKey("from") ? " " + n.params().get("from") + "->" + n.params().get("to") : "");
    }

    @Test
    void aRedBandIsDecidedBesideTheTree() {
        var s = RunbookScenario.run("phoenix.yaml", START, min(10), min(1), t -> {
            Map<String, Double> m = vm(40, 100);
            m.put("latency_p95_ms", 600.0);
            m.put("metrics_per_second", 1_200_000.0);
            return m;
        });
        assertThat(s.events("phoenix").get(0).action()).contains("enable-caching").contains("latency-red").contains("metrics-red");
    }
}
