package io.capstan.app.examples;

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
}
