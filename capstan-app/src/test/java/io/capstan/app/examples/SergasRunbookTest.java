package io.capstan.app.examples;

import io.capstan.core.explain.Reason;
import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Numbers;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.simulate.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.Files;

import static io.capstan.app.examples.RunbookScenario.min;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbook 002: the api-server HPA and its behavior, the warning/critical load indicators (named
 * actions for people), business-hours scheduled scaling (set, then handed back) and the launch-day pre-scale.
 */
class SergasRunbookTest {

    static Map<String, Double> api(double cpu, double requests) {
        Map<String, Double> m = new HashMap<>();
        m.put("cpu", cpu);
        m.put("memory", 40.0);
        m.put("request_rate", requests);
        m.put("queue_depth", 10.0);
        m.put("latency_p95_ms", 300.0);
        m.put("error_rate", 0.1);
        return m;
    }

    @Test
    void businessHoursSetTenAtEightAndThreeAtEightAndHandBackToTheAutoscaler() {
        // Monday 2026-11-30, cpu 60 % all day: the HPA alone keeps 3 (ceil(60/70 x 3) = 3)
        Instant start = Instant.parse("2026-11-30T07:50:00Z");
        var s = RunbookScenario.run("sergas.yaml", start, Duration.ofHours(13), min(1), t -> api(60, 1000));
        assertThat(s.at("api-server", min(9)).desiredReplicas()).as("07:59; the weekend's set fired before the start").isEqualTo(3);
        Row eight = s.at("api-server", min(10));
        assertThat(eight.desiredReplicas()).isEqualTo(10);
        assertThat(eight.reason()).isEqualTo(Reason.ScheduleSet);
        // from the 10 it set, the autoscaler continues: cpu 60 % of 70 % asks for ceil(0.86 x 10) = 9, then fewer
        assertThat(s.at("api-server", min(11)).reason()).isNotEqualTo(Reason.ScheduleSet);
        int evening = s.at("api-server", Duration.ofHours(12).plus(min(9))).desiredReplicas();
        assertThat(evening).as("19:59, not held at 10 as a floor would").isBetween(4, 9);
        Row eightPm = s.at("api-server", Duration.ofHours(12).plus(min(10)));
        assertThat(eightPm.desiredReplicas()).as("a floor of 3 would keep " + evening).isEqualTo(3);
        assertThat(eightPm.reason()).isEqualTo(Reason.ScheduleSet);
        assertThat(eightPm.summary()).contains("evening-scale-down");
        assertThat(s.at("api-server", Duration.ofHours(13)).desiredReplicas()).isEqualTo(3);
        assertThat(s.target("api-server").rows()).filteredOn(r -> r.reason() == Reason.ScheduleSet).hasSize(2);
    }

    @Test
    void theWeekendsTwoLandsOnTheHpasMinimumOfThree() {
        Instant start = Instant.parse("2026-12-04T23:58:00Z"); // a Friday
        var s = RunbookScenario.run("sergas.yaml", start, min(4), min(1), t -> api(80, 1000));
        assertThat(s.at("api-server", min(1)).desiredReplicas()).isGreaterThan(3);
        Row midnight = s.at("api-server", min(2));
        assertThat(midnight.desiredReplicas()).isEqualTo(3);
        assertThat(midnight.summary()).contains("below min 3");
    }

    @Test
    void launchDayPreScalesToTwentyFromNineThirtyToTwo() {
        Instant start = Instant.parse("2026-12-01T09:00:00Z");
        var s = RunbookScenario.run("sergas.yaml", start, Duration.ofHours(6), min(1), t -> api(20, 1000));
        assertThat(s.at("api-server", min(29)).desiredReplicas()).isEqualTo(3);
        Row launch = s.at("api-server", min(30));
        assertThat(launch.desiredReplicas()).isEqualTo(20);
        assertThat(launch.summary()).contains("launch");
        assertThat(s.at("api-server", Duration.ofHours(4).plus(min(59))).desiredReplicas()).as("13:59").isEqualTo(20);
        assertThat(s.at("api-server", Duration.ofHours(6)).desiredReplicas()).as("the autoscaler took over at 14:00").isEqualTo(3);
    }

    @Test
    void criticalCpuForFiveMinutesIsRecordedForPeopleWhileTheHpaScales() {
        // Sunday night, cpu 90 %: target tracking scales; the critical level is decided after five minutes, as a named action
        Instant start = Instant.parse("2026-11-29T22:00:00Z");
        var s = RunbookScenario.run("sergas.yaml", start, min(12), min(1), t -> api(90, 1000));
        assertThat(s.at("api-server", min(0)).desiredReplicas()).isEqualTo(3);
        assertThat(s.target("api-server").scorecard().actions()).containsEntry("cpu-critical", 1).doesNotContainKey("cpu-warning");
        assertThat(s.events("api-server")).filteredOn(r -> r.action().startsWith("scale-out"))
                .allMatch(r -> !r.summary().contains("from cpu-critical"));
    }

    @Test
    void theRunbooksNumbersFromTheLoadedPolicy() {
        TargetSpec api = RunbookScenario.spec("sergas.yaml", "api-server");
        assertThat(api.bounds()).isEqualTo(new Bounds(3, 20));
        Map<String, String> tracking = new TreeMap<>();
        for (var p : api.policies()) {
            if (p instanceof TargetTrackingPolicy t) tracking.put(t.name(), t.metric() + " " + t.type() + " " + Numbers.format(t.target()));
        }
        assertThat(tracking).isEqualTo(Map.of("cpu-target", "cpu UTILIZATION 70", "memory-target", "memory UTILIZATION 80",
                "requests-per-pod", "request_rate AVERAGE_VALUE 1000"));
        assertThat(api.behavior().scaleDown().stabilizationWindowSeconds()).isEqualTo(300);
        assertThat(api.behavior().scaleUp().stabilizationWindowSeconds()).isEqualTo(60);
        assertThat(api.behavior().scaleUp().policies()).extracting(HpaRatePolicy::value).containsExactly(100, 5);
        assertThat(api.behavior().scaleDown().policies()).extracting(HpaRatePolicy::value).containsExactly(50);
        // Load Indicators: levels for people, never a replica change
        Map<String, String> levels = new TreeMap<>();
        for (var p : api.policies()) {
            if (p instanceof ThresholdPolicy t) {
                assertThat(t.action()).as(t.name()).isInstanceOf(Action.Named.class);
                levels.put(t.name(), RunbookScenario.when(api, t.name()) + " " + t.severity());
            }
        }
        assertThat(levels).isEqualTo(Map.of(
                "cpu-warning", "avg(cpu, 1m) > 70 for 15m WARNING", "cpu-critical", "avg(cpu, 1m) > 85 for 5m CRITICAL",
                "memory-warning", "avg(memory, 1m) > 80 WARNING", "memory-critical", "avg(memory, 1m) > 90 CRITICAL",
                "queue-warning", "last(queue_depth, 1m) > 100 WARNING", "queue-critical", "last(queue_depth, 1m) > 500 CRITICAL",
                "latency-warning", "avg(latency_p95_ms, 1m) > 1000 WARNING", "latency-critical", "avg(latency_p95_ms, 1m) > 2000 CRITICAL",
                "errors-warning", "avg(error_rate, 1m) > 1 WARNING", "errors-critical", "avg(error_rate, 1m) > 5 CRITICAL"));
        // scheduled-scaling.yaml: set-then-hand-back, not floors
        SchedulePolicy schedule = RunbookScenario.policy(api, "business-hours", SchedulePolicy.class);
        assertThat(schedule.entries()).extracting(e -> ((SchedulePolicy.Recurring) e).cron().toString() + " set " + e.setting().set()
                        + (e.setting().desired() == null && e.setting().min() == null ? "" : " and a floor"))
                .containsExactly("0 8 * * 1-5 set 10", "0 20 * * 1-5 set 3", "0 0 * * 6,0 set 2");
        SchedulePolicy launch = RunbookScenario.policy(api, "product-launch", SchedulePolicy.class);
        SchedulePolicy.Window w = (SchedulePolicy.Window) launch.entries().get(0);
        assertThat(w.start().toString() + " " + w.end() + " " + w.setting().desired()).isEqualTo("2026-12-01T09:30:00Z 2026-12-01T14:00:00Z 20");
    }

    @Test
    void docsPolicyMdShowsThisFile() throws Exception {
        String file = Files.readString(RunbookScenario.EXAMPLES.resolve("sergas.yaml"));
        String targets = file.substring(file.indexOf("targets:"));
        String docs = Files.readString(RunbookScenario.EXAMPLES.resolveSibling("docs").resolve("policy.md"));
        String section = docs.substring(docs.indexOf("### Warning and critical bands (Sergas runbook)"));
        String block = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml\n") + 8));
        assertThat(block).isEqualTo(targets);
    }

    @Test
    void demandReplayOverTheShippedTraceStaysWithinBounds() {
        var s = RunbookScenario.run("sergas.yaml", Instant.parse("2026-11-30T00:00:00Z"), Duration.ofHours(2), min(1),
                t -> api(50, 1000));
        assertThat(s.target("api-server").rows()).allMatch(r -> r.desiredReplicas() >= 3 && r.desiredReplicas() <= 20);
    }
}
