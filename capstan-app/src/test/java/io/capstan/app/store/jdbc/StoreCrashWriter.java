package io.capstan.app.store.jdbc;

import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.ActuatorRecord;
import io.capstan.core.spi.Recording;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.StoredState;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A process that records as the control loop does and is then killed with SIGKILL by the test: it records a decision
 * with its state and PLANNED action, moves it to APPLYING, saves an actuator record, prints {@link #DONE} and waits.
 *
 * <p>Arguments: the data directory, a round (the decision is {@code before-kill-ROUND}, the state's clock ROUND) and
 * a number of state saves to make first. With saves, H2 keeps no old chunks ({@code RETENTION_TIME=0}), so that they
 * make the file reuse freed space as a store running for a while does once its chunks are older than the retention
 * time (45 s by default); the last commits of such a store are the ones a kill -9 lost.
 */
public final class StoreCrashWriter {
    static final String DONE = "recorded";
    static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int round = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int saves = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        StoreConfig config = StoreConfig.embedded(dataDir);
        if (saves > 0) config = new StoreConfig(config.url() + ";RETENTION_TIME=0", null, null, config.retention(), config.poolSize());
        JdbcDecisionStore store = JdbcDecisionStore.open(config);
        for (int i = 0; i < saves; i++) {
            store.saveState(new StoredState("churn", i, "{\"pad\":\"" + "x".repeat(200) + "\"}", AT));
        }
        String id = "before-kill" + (args.length > 1 ? "-" + round : "");
        StoredDecision d = new StoredDecision(id, "worker", AT, 2, 7, "ThresholdSustained", "queue_depth above 1000", "{}");
        store.record(Recording.of(d).withState(new StoredState("worker", 1, "{\"clock\":" + (round + 1) + "}", AT)).planned());
        store.transition(id, ActionState.APPLYING, AT.plusSeconds(1));
        store.putActuatorRecord(new ActuatorRecord("worker", "process.members", "[{\"pid\":" + (4242 + round) + "}]", AT.plusSeconds(1)));
        System.out.println(DONE);
        System.out.flush();
        while (System.in.read() >= 0) {
            // Killed here, with the store open.
        }
    }
}
