package io.capstan.app.store.jdbc;

import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.Recording;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.StoredState;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A process that records as the control loop does and compacts the store while it runs, until the test kills it
 * with SIGKILL. Round after round: a decision {@code d-N} with the state clock N and its action moved to APPLYING,
 * then {@link #COMMITTED} N; every {@code every} rounds, {@link #COMPACTING}, a compaction, and {@link #COMPACTED}.
 * Each line is printed once what it says is committed (or compacted), so whatever the test reads before its kill
 * must be in the file it reopens.
 *
 * <p>Arguments: the data directory, the first round (a restarted writer goes on from the last one committed) and
 * {@code every}. The first writer also writes some megabytes of metric history that does not compress, so that a
 * compaction takes long enough for the test to kill the writer while H2 writes the compacted copy.
 */
public final class StoreCompactingWriter {
    static final String COMMITTED = "committed ";
    static final String COMPACTING = "compacting";
    static final String COMPACTED = "compacted";
    static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        int every = Integer.parseInt(args[2]);
        JdbcDecisionStore store = JdbcDecisionStore.open(StoreConfig.embedded(dataDir));
        String pad = "x".repeat(2000);
        if (first == 0) {
            java.util.Random random = new java.util.Random(7);
            java.util.List<io.capstan.core.spi.HistoryStep> steps = new java.util.ArrayList<>();
            for (int i = 0; i < 30_000; i++) {
                double v = random.nextDouble();
                steps.add(new io.capstan.core.spi.HistoryStep("worker", "m" + random.nextInt(1000), AT.plusSeconds(60L * i), java.time.Duration.ofMinutes(1),
                        1 + random.nextInt(100), v * 100, v, v * 2));
            }
            store.appendHistory(steps);
        }
        for (int round = first; ; round++) {
            String id = "d-" + round;
            Instant at = AT.plusSeconds(round);
            StoredDecision d = new StoredDecision(id, "worker", at, round, round + 1, "ThresholdSustained", "round " + round, "{\"pad\":\"" + pad + "\"}");
            store.record(Recording.of(d).withState(new StoredState("worker", 1, "{\"clock\":" + round + "}", at)).planned());
            store.transition(id, ActionState.APPLYING, at);
            System.out.println(COMMITTED + round);
            System.out.flush();
            if ((round + 1) % every == 0) {
                System.out.println(COMPACTING);
                System.out.flush();
                store.compact();
                System.out.println(COMPACTED);
                System.out.flush();
            }
        }
    }
}
