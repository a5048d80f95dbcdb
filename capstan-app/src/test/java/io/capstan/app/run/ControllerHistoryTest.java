package io.capstan.app.run;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.spi.HistoryStep;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.StoredDecision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live loop keeps the metric history in its store, and a restart warms the predictive policy from it: the
 * forecast floor holds at the first tick after the restart, where a cold start would be reactive-only for a day.
 * Real H2 file store, reopened as a restarted process opens it; the clock is the test's.
 */
class ControllerHistoryTest {
    @TempDir
    Path dir;

    private final ControllerTest.TestClock clock = new ControllerTest.TestClock();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    /** 200 req/s at night, 1000 from 08:00 to 20:00. */
    static double load(Instant t) {
        long minuteOfDay = Math.floorMod(t.getEpochSecond() / 60, 1440);
        return minuteOfDay >= 8 * 60 && minuteOfDay < 20 * 60 ? 1000 : 200;
    }

    private PolicyFile.Live config() throws Exception {
        return config(85);
    }

    private PolicyFile.Live config(int targetUtilization) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yaml"), """
                targets:
                  - name: api
                    replicas: {min: 2, max: 20}
                    metrics:
                      request_rate: {scope: target, source: push}
                    service: {capacityPerReplica: 100, startupSeconds: 900}
                    policies:
                      - {name: surge, threshold: {when: "last(request_rate, 10m) > 5000", action: {add: 2}}}
                      - name: forecast
                        predictive: {metric: request_rate, targetUtilization: %d, model: seasonal-naive, history: 2d}
                    actuator: {type: process, command: ["sh", "-c", "exec sleep 3600"], gracePeriod: 5s}
                """.formatted(targetUtilization));
        PolicyFile.Live live = PolicyFile.loadLive(config, dir.resolve("data"), InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        return live;
    }

    private JdbcDecisionStore store(String name) throws Exception {
        JdbcDecisionStore s = JdbcDecisionStore.open(StoreConfig.embedded(dir.resolve(name)));
        open.add(s);
        return s;
    }

    /** A dry run: decides and records, starts no process. */
    private Controller start(JdbcDecisionStore store) throws Exception {
        Controller c = RunCommand.controller(config(), store, dir.resolve("data"), clock, true);
        open.add(c);
        c.resume();
        return c;
    }

    @Test
    void aRestartForecastsAtOnceFromTheHistoryTheLoopKeptWhereAColdStartWarmsUp() throws Exception {
        Instant started = clock.instant();
        JdbcDecisionStore store = store("data");
        Controller first = start(store);
        // 45 h 50 m of pushed samples, one a minute, pushed an hour at a time as the clock moves.
        Instant stop = started.plus(Duration.ofHours(45)).plus(Duration.ofMinutes(50));
        while (clock.instant().isBefore(stop)) {
            List<Sample> hour = new ArrayList<>();
            for (int m = 0; m < 60; m++) {
                Instant at = clock.instant().plusSeconds(60L * m);
                if (at.isBefore(stop)) hour.add(new Sample("api", "request_rate", at, load(at)));
            }
            clock.advance(Duration.ofMinutes(hour.size()));
            first.push(hour);
            first.tick();
        }
        first.close();
        store.close();
        open.clear();

        // Restarted two minutes later, at 07:52: the 08:00 ramp is within the 15-minute lead.
        clock.advance(Duration.ofMinutes(2));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-04T07:52:00Z"));
        JdbcDecisionStore reopened = store("data");
        List<HistoryStep> kept = reopened.history("api", "request_rate", started, clock.instant());
        assertThat(kept).hasSize(45 * 60 + 50);
        assertThat(kept.get(0).start()).isEqualTo(started);
        assertThat(kept).allSatisfy(h -> assertThat(h.count()).isEqualTo(1));

        Controller restarted = start(reopened);
        restarted.tick();
        StoredDecision d = reopened.decisions("api", null, 1).decisions().get(0);

        assertThat(d.at()).isEqualTo(clock.instant());
        assertThat(d.reason()).isEqualTo("PredictiveFloor");
        // yesterday's 1000 req/s at 08:00 -> ceil(1000 / (100 x 0.85)) = 12
        assertThat(d.to()).isEqualTo(12);
        assertThat(d.payloadJson()).contains("warm start: 1d21h50m from the store");

        // A reload that changes the policy starts the target's engine again: warmed again, the floor holds at once.
        Reload reload = new Reload(dir.resolve("c.yaml"), dir.resolve("data"), config(), restarted, clock, interval -> { });
        config(50);
        Reload.Result r = reload.reload();
        assertThat(r.taken()).isTrue();
        assertThat(r.changes()).containsExactly("target api: policies changed; its state is kept (clocks of unchanged policies included)");
        clock.advance(Duration.ofSeconds(15));
        restarted.tick();
        StoredDecision afterReload = reopened.decisions("api", null, 1).decisions().get(0);
        assertThat(afterReload.reason()).isEqualTo("PredictiveFloor");
        // ceil(1000 / (100 x 0.5)) = 20
        assertThat(afterReload.to()).isEqualTo(20);
        assertThat(afterReload.payloadJson()).contains("from the store)");

        // The same restart without the history (a fresh store) is reactive-only: the forecast warms up from nothing.
        JdbcDecisionStore fresh = store("cold");
        Controller cold = start(fresh);
        cold.tick();
        StoredDecision c = fresh.decisions("api", null, 1).decisions().get(0);
        assertThat(c.reason()).isNotEqualTo("PredictiveFloor");
        assertThat(c.to()).isEqualTo(2);
        assertThat(c.payloadJson()).contains("no samples yet").doesNotContain("warm start");
    }
}
