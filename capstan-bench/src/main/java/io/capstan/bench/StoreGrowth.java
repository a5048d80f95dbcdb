package io.capstan.bench;

import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.ActuationAttempt;
import io.capstan.core.spi.HistoryStep;
import io.capstan.core.spi.Recording;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.StoredState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The embedded H2 file's size over a simulated run of {@code capstan run}, without compaction while running (as
 * before: only a clean stop compacted) and with {@link JdbcDecisionStore#maintain} each simulated minute, as the run
 * calls it. Each simulated minute writes what a loop of 20 targets with 3 metrics each writes: one metric history
 * flush (60 rows), 2 decisions (each recorded with its state and action, applied, and its attempt recorded: 3
 * commits) and one state save. Prints, every {@code minutes / 5} minutes, the file's size both ways, and at the end
 * the compactions' count and duration.
 *
 * <p>Usage: {@code java ... io.capstan.bench.StoreGrowth [minutes]} (default 5000, about 3.5 days and 10,000 decisions),
 * or {@code StoreGrowth full}: one compaction of a store as full as 20 targets with 3 metrics at 1-minute steps make
 * it in the default 30 days' retention (2.6 million metric history rows, 10,000 decisions), timed.
 */
public final class StoreGrowth {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String EXPLANATION = "{\"steps\":[" + "{\"stage\":\"combine\",\"reason\":\"ThresholdSustained\"},".repeat(40) + "{}]}";
    private static final String STATE = "{\"v\":3,\"recommendations\":[" + "{\"at\":\"2026-03-02T10:00:00Z\",\"r\":5},".repeat(25) + "{}]}";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("full")) {
            full();
            return;
        }
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path plainDir = Files.createTempDirectory("capstan-growth-plain");
        Path maintainedDir = Files.createTempDirectory("capstan-growth-maintained");
        List<Long> tookMillis = new ArrayList<>();
        long largest = 0;
        try (JdbcDecisionStore plain = JdbcDecisionStore.open(StoreConfig.embedded(plainDir));
             JdbcDecisionStore maintained = JdbcDecisionStore.open(StoreConfig.embedded(maintainedDir))) {
            Random random = new Random(42);
            System.out.printf("%8s %10s %12s %16s %12s%n", "minutes", "decisions", "commits", "no compaction", "maintained");
            long commits = 0;
            for (int m = 0; m < minutes; m++) {
                Instant now = T0.plus(Duration.ofMinutes(m));
                List<HistoryStep> steps = new ArrayList<>();
                for (int t = 0; t < 20; t++) {
                    for (int k = 0; k < 3; k++) {
                        double v = random.nextDouble() * 1000;
                        steps.add(new HistoryStep("t" + t, "m" + k, now, Duration.ofMinutes(1), 4, 4 * v, v * 0.9, v * 1.1));
                    }
                }
                for (JdbcDecisionStore s : List.of(plain, maintained)) {
                    s.appendHistory(steps);
                    for (int d = 0; d < 2; d++) decide(s, "d-" + m + "-" + d, "t" + ((2 * m + d) % 20), now);
                    s.saveState(new StoredState("t" + (m % 20), 3, STATE, now));
                }
                commits += 8;
                long before = System.nanoTime();
                var c = maintained.maintain(now);
                if (c.isPresent()) tookMillis.add((System.nanoTime() - before) / 1_000_000);
                largest = Math.max(largest, maintained.fileBytes().orElse(0));
                if ((m + 1) % Math.max(1, minutes / 5) == 0) {
                    System.out.printf("%8d %10d %12d %16s %12s%n", m + 1, 2L * (m + 1), commits, mb(plain.fileBytes().orElse(0)),
                            mb(maintained.fileBytes().orElse(0)));
                }
            }
        }
        System.out.printf(Locale.ROOT, "largest while maintained: %s; after a clean stop: no compaction %s, maintained %s%n", mb(largest),
                mb(Files.size(plainDir.resolve("capstan.mv.db"))), mb(Files.size(maintainedDir.resolve("capstan.mv.db"))));
        BenchStore.delete(plainDir);
        BenchStore.delete(maintainedDir);
        List<Long> sorted = tookMillis.stream().sorted().toList();
        System.out.printf("compactions: %d, each %s ms (in order: %s)%n", sorted.size(),
                sorted.isEmpty() ? "-" : sorted.get(0) + " .. " + sorted.get(sorted.size() - 1), tookMillis);
    }

    private static void full() throws Exception {
        Path dir = Files.createTempDirectory("capstan-growth-full");
        try (JdbcDecisionStore s = JdbcDecisionStore.open(StoreConfig.embedded(dir))) {
            Random random = new Random(42);
            int days = 30;
            for (int t = 0; t < 20; t++) {
                for (int k = 0; k < 3; k++) {
                    List<HistoryStep> steps = new ArrayList<>();
                    for (int m = 0; m < days * 24 * 60; m++) {
                        double v = random.nextDouble() * 1000;
                        steps.add(new HistoryStep("t" + t, "m" + k, T0.plus(Duration.ofMinutes(m)), Duration.ofMinutes(1), 4, 4 * v, v * 0.9, v * 1.1));
                    }
                    s.appendHistory(steps);
                }
            }
            for (int d = 0; d < 10_000; d++) decide(s, "d-" + d, "t" + (d % 20), T0.plus(Duration.ofMinutes(4L * d)));
            long before = s.fileBytes().orElse(0);
            JdbcDecisionStore.Compaction c = s.compact();
            System.out.printf("full store: %s -> %s, compaction %d ms%n", mb(before), mb(c.after()), c.took().toMillis());
        }
        BenchStore.delete(dir);
    }


    private static void decide(JdbcDecisionStore s, String id, String target, Instant at) throws Exception {
        StoredDecision d = new StoredDecision(id, target, at, 2, 7, "ThresholdSustained", "queue_depth above 1000", EXPLANATION);
        s.record(Recording.of(d).withState(new StoredState(target, 3, STATE, at)).planned());
        s.transition(id, ActionState.APPLYING, at);
        s.transition(id, ActionState.APPLIED, at, new ActuationAttempt(id, 1, at, at, ActuationAttempt.Outcome.SUCCEEDED, "scaled to 7"));
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
    }
}
