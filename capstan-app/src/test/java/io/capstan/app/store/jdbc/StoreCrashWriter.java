package io.capstan.app.store.jdbc;

import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.ActuatorRecord;
import io.capstan.core.spi.Recording;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.StoredState;

import java.time.Instant;

/**
 * A process that records as the control loop does and is then killed with SIGKILL by the test: it records a decision
 * with its state and PLANNED action, moves it to APPLYING, saves an actuator record, prints {@link #DONE} and waits.
 */
public final class StoreCrashWriter {
    static final String DONE = "recorded";
    static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

    public static void main(String[] args) throws Exception {
        JdbcDecisionStore store = JdbcDecisionStore.open(StoreConfig.embedded(java.nio.file.Path.of(args[0])));
        StoredDecision d = new StoredDecision("before-kill", "worker", AT, 2, 7, "ThresholdSustained", "queue_depth above 1000", "{}");
        store.record(Recording.of(d).withState(new StoredState("worker", 1, "{\"clock\":1}", AT)).planned());
        store.transition("before-kill", ActionState.APPLYING, AT.plusSeconds(1));
        store.putActuatorRecord(new ActuatorRecord("worker", "process.members", "[{\"pid\":4242}]", AT.plusSeconds(1)));
        System.out.println(DONE);
        System.out.flush();
        while (System.in.read() >= 0) {
            // Killed here, with the store open.
        }
    }
}
