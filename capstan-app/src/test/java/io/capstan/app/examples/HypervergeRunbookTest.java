package io.capstan.app.examples;

import io.capstan.core.explain.Reason;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.target.TargetSpec;
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

/** Runbook 001: queue depth above 1000 adds 5 workers; CPU under 30 % removes 1; cooldowns 60 s out, 120 s in. */
class HypervergeRunbookTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    static Map<String, Double> worker(double queue, double cpu) {
        Map<String, Double> m = new HashMap<>();
        m.put("worker.queue_depth", queue);
        m.put("worker.cpu", cpu);
        m.put("worker.memory", 50.0);
        return m;
    }

    @Test
    void queueBacklogAddsFiveWorkersAtMostOncePerMinute() {
        // 30-second steps: the 60 s scale-out cooldown must hold back every other step
        var s = RunbookScenario.run("hyperverge.yaml", START, min(3), sec(30), t -> worker(1500, 50));
        assertThat(s.at("worker", sec(0)).desiredReplicas()).isEqualTo(7);
        assertThat(s.at("worker", sec(0)).reason()).isEqualTo(Reason.ThresholdSustained);
        assertThat(s.at("worker", sec(0)).summary()).contains("queue-high");
        Row blocked = s.at("worker", sec(30));
        assertThat(blocked.desiredReplicas()).isEqualTo(7);
        assertThat(blocked.reason()).isEqualTo(Reason.CooldownActive);
        assertThat(s.at("worker", sec(60)).desiredReplicas()).isEqualTo(12);
        assertThat(s.at("worker", sec(120)).desiredReplicas()).isEqualTo(17);
        assertThat(s.at("worker", sec(180)).desiredReplicas()).as("max 20").isEqualTo(20);
    }

    @Test
    void lowCpuRemovesOneWorkerEveryTwoMinutes() {
        // backlog for the first minute (2 -> 7 -> 12), then idle: cpu 20 %, queue 50
        var s = RunbookScenario.run("hyperverge.yaml", START, min(12), sec(30),
                t -> t.compareTo(sec(60)) <= 0 ? worker(1500, 50) : worker(50, 20));
        List<Row> ins = s.events("worker").stream().filter(r -> r.action().startsWith("scale-in")).toList();
        assertThat(ins).isNotEmpty();
        // every scale-in removes exactly one (the highest opinion: cpu-low's -1 beats queue-low's -2)
        int previous = 12;
        Instant last = START.plus(sec(60));
        for (Row r : ins) {
            assertThat(r.desiredReplicas()).isEqualTo(previous - 1);
            assertThat(Duration.between(last, r.at())).as("120 s scale-in cooldown").isGreaterThanOrEqualTo(sec(120));
            previous = r.desiredReplicas();
            last = r.at();
        }
        assertThat(ins.get(0).at()).isEqualTo(START.plus(sec(180)));
        assertThat(s.at("worker", sec(150)).reason()).isEqualTo(Reason.CooldownActive);
    }

    @Test
    void slowResponsesAddTwoApiInstances() {
        var s = RunbookScenario.run("hyperverge.yaml", START, min(1), min(1), t -> Map.of(
                "api.cpu", 50.0, "api.memory", 50.0, "api.latency_p95_ms", 800.0));
        assertThat(s.at("api", Duration.ZERO).desiredReplicas()).isEqualTo(4);
        assertThat(s.at("api", Duration.ZERO).summary()).contains("response-slow");
    }

    @Test
    void theRunbooksNumbersFromTheLoadedPolicy() {
        Map<String, Bounds> fleet = Map.of("api", new Bounds(2, 10), "worker", new Bounds(2, 20), "scheduler", new Bounds(1, 1),
                "notifier", new Bounds(2, 5));
        fleet.forEach((name, bounds) -> assertThat(RunbookScenario.spec("hyperverge.yaml", name).bounds()).as(name).isEqualTo(bounds));
        TargetSpec api = RunbookScenario.spec("hyperverge.yaml", "api");
        TargetSpec worker = RunbookScenario.spec("hyperverge.yaml", "worker");
        TargetSpec scheduler = RunbookScenario.spec("hyperverge.yaml", "scheduler");
        TargetSpec notifier = RunbookScenario.spec("hyperverge.yaml", "notifier");
        assertThat(scheduler.policies()).as("no trigger for the scheduler in the runbook").isEmpty();
        assertThat(api.cooldowns().isNone()).as("the runbook gives api no cooldown").isTrue();
        assertThat(notifier.cooldowns().isNone()).as("the runbook gives notifier no cooldown").isTrue();
        TargetTrackingPolicy ecs = RunbookScenario.policy(worker, "cpu-target", TargetTrackingPolicy.class);
        assertThat(ecs.target()).isEqualTo(70);
        assertThat(ecs.cooldowns()).isEqualTo(new Cooldowns(Duration.ofSeconds(60), Duration.ofSeconds(120)));
        // Scaling Triggers
        for (TargetSpec t : List.of(api, worker, notifier)) {
            assertThat(RunbookScenario.when(t, "cpu-high") + " -> " + RunbookScenario.does(t, "cpu-high")).isEqualTo("avg(cpu, 1m) > 70 -> warning: add 2");
            assertThat(RunbookScenario.when(t, "memory-high") + " -> " + RunbookScenario.does(t, "memory-high")).isEqualTo("avg(memory, 1m) > 80 -> warning: add 2");
            assertThat(RunbookScenario.when(t, "cpu-low") + " -> " + RunbookScenario.does(t, "cpu-low")).isEqualTo("avg(cpu, 1m) < 30 -> warning: remove 1");
        }
        assertThat(RunbookScenario.when(worker, "queue-high") + " -> " + RunbookScenario.does(worker, "queue-high")).isEqualTo("last(queue_depth, 1m) > 1000 -> warning: add 5");
        assertThat(RunbookScenario.when(worker, "queue-low") + " -> " + RunbookScenario.does(worker, "queue-low")).isEqualTo("last(queue_depth, 1m) < 100 -> warning: remove 2");
        assertThat(RunbookScenario.when(api, "response-slow") + " -> " + RunbookScenario.does(api, "response-slow")).isEqualTo("avg(latency_p95_ms, 1m) > 500 -> warning: add 2");
    }
}
