package io.capstan.app.examples;

import io.capstan.core.explain.Reason;
import io.capstan.core.simulate.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.capstan.app.examples.RunbookScenario.min;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbook 002: the api-server HPA and its behavior, the warning/critical bands with their sustain
 * durations, business-hours scheduled scaling and the launch-day pre-scale.
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
    void businessHoursHoldTenFromEightAndThreeFromEight() {
        // Monday 2026-11-30, quiet load all day: the schedule alone shapes the replica count
        Instant start = Instant.parse("2026-11-30T07:50:00Z");
        var s = RunbookScenario.run("sergas.yaml", start, Duration.ofHours(13), min(1), t -> api(20, 1000));
        assertThat(s.at("api-server", min(9)).desiredReplicas()).as("07:59, weekend floor 2 under min 3").isEqualTo(3);
        Row eight = s.at("api-server", min(10));
        assertThat(eight.desiredReplicas()).isEqualTo(10);
        assertThat(eight.reason()).isEqualTo(Reason.ScheduleFloor);
        assertThat(s.at("api-server", Duration.ofHours(12).plus(min(9))).desiredReplicas()).as("19:59").isEqualTo(10);
        // from 20:00 the floor is 3. The metrics have asked for less all day, so the scale-down window
        // holds nothing back; memory at 40 % of 80 % on 10 replicas asks for 5, which is also what the
        // behavior's 50 % per 60 s allows. A minute later memory asks for 3, but the 300 s scale-down
        // window keeps the 5 recommended at 20:00 until it is 300 s old.
        Row eightPm = s.at("api-server", Duration.ofHours(12).plus(min(10)));
        assertThat(eightPm.desiredReplicas()).isEqualTo(5);
        assertThat(eightPm.summary()).contains("memory-target");
        Row stabilized = s.at("api-server", Duration.ofHours(12).plus(min(14)));
        assertThat(stabilized.desiredReplicas()).isEqualTo(5);
        assertThat(stabilized.reason()).isEqualTo(Reason.ScaleDownStabilized);
        assertThat(s.at("api-server", Duration.ofHours(12).plus(min(15))).desiredReplicas()).isEqualTo(3);
        assertThat(s.at("api-server", Duration.ofHours(13)).desiredReplicas()).isEqualTo(3);
    }

    @Test
    void launchDayPreScalesToTwentyFromNineThirtyToTwo() {
        Instant start = Instant.parse("2026-12-01T09:00:00Z");
        var s = RunbookScenario.run("sergas.yaml", start, Duration.ofHours(6), min(1), t -> api(20, 1000));
        assertThat(s.at("api-server", min(29)).desiredReplicas()).isEqualTo(10);
        Row launch = s.at("api-server", min(30));
        assertThat(launch.desiredReplicas()).isEqualTo(20);
        assertThat(launch.summary()).contains("launch");
        assertThat(s.at("api-server", Duration.ofHours(4).plus(min(59))).desiredReplicas()).as("13:59").isEqualTo(20);
        assertThat(s.at("api-server", Duration.ofHours(6)).desiredReplicas()).as("back to the business-hours floor").isEqualTo(10);
    }

    @Test
    void criticalCpuForFiveMinutesAddsHalfAgain() {
        // Sunday night (no business-hours floor above min 3), cpu 90 %: target tracking asks for ceil(90/70 x 3) = 4 at once,
        // the critical band (> 85 % for 5m, +50 %) fires only after five minutes of it.
        Instant start = Instant.parse("2026-11-29T22:00:00Z");
        var s = RunbookScenario.run("sergas.yaml", start, min(12), min(1), t -> api(90, 1000));
        assertThat(s.at("api-server", min(0)).desiredReplicas()).isEqualTo(3);
        assertThat(s.events("api-server")).isNotEmpty();
        assertThat(s.events("api-server")).anyMatch(r -> r.summary().contains("cpu-critical"));
    }

    @Test
    void demandReplayOverTheShippedTraceStaysWithinBounds() {
        var s = RunbookScenario.run("sergas.yaml", Instant.parse("2026-11-30T00:00:00Z"), Duration.ofHours(2), min(1),
                t -> api(50, 1000));
        assertThat(s.target("api-server").rows()).allMatch(r -> r.desiredReplicas() >= 3 && r.desiredReplicas() <= 20);
    }
}
