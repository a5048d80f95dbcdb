package io.capstan.app.run;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.spi.Actuation;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.StoredDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's demo as it says: examples/local.yaml run by a real controller and process pool on a clock the test
 * moves: one push above the threshold grows the pool from 2 to 7 once, not again after each cooldown while the
 * sample is still in its window, and the CPU of this machine, however busy, changes nothing.
 */
class LocalExampleTest {
    @TempDir
    Path dir;

    @Test
    void onePushScalesOnceFrom2To7() throws Exception {
        Path config = Path.of("..").toAbsolutePath().normalize().resolve("examples/local.yaml");
        PolicyFile.Live live = PolicyFile.loadLive(config, dir.resolve("data"), InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        ControllerTest.TestClock clock = new ControllerTest.TestClock();
        try (JdbcDecisionStore store = JdbcDecisionStore.open(StoreConfig.inMemory("local-example"))) {
            Controller c = RunCommand.controller(live, store, dir.resolve("data"), clock, false);
            TargetLoop worker = c.targets().get("worker");
            try {
                c.resume();
                c.tick();
                await().until(() -> worker.inFlight == null && worker.actuator.observe().current() == 2);
                clock.advance(Duration.ofSeconds(10));
                c.push(List.of(new Sample("worker", "queue_depth", clock.instant(), 1500)));
                await().until(() -> worker.inFlight == null && worker.actuator.observe().current() == 7);
                // two minutes of ticks every 5 s: past both cooldowns, with the one sample long out of its window
                for (int i = 0; i < 24; i++) {
                    clock.advance(Duration.ofSeconds(5));
                    c.tick();
                    await().until(() -> worker.inFlight == null);
                }
                List<StoredDecision> changes = store.decisions("worker", null, 100).decisions().stream().filter(d -> d.from() != d.to()).toList();
                assertThat(changes).extracting(d -> d.from() + " -> " + d.to()).containsExactly("2 -> 7", "0 -> 2");
                assertThat(worker.actuator.observe().current()).isEqualTo(7);
            } finally {
                worker.actuator.apply(new Actuation("test-cleanup", "worker", 0, "end of test"));
                c.close();
            }
        }
    }
}
