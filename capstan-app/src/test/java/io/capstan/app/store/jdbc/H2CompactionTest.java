package io.capstan.app.store.jdbc;

import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.ActuationAttempt;
import io.capstan.core.spi.PlannedAction;
import io.capstan.core.spi.Recording;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.StoredState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded H2 file appends every commit (so that a kill -9 loses none, see {@link StoreConfig#h2Url}) and is
 * compacted while Capstan runs, by {@link JdbcDecisionStore#maintain}, once it has grown past its bound.
 */
class H2CompactionTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final long GROWTH = 512L << 10;
    private static final String PAD = "x".repeat(2000);

    @TempDir
    Path data;

    private JdbcDecisionStore store;

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    private Path dataDir() {
        return data.resolve("capstan-data");
    }

    private Path file() {
        return dataDir().resolve("capstan.mv.db");
    }

    /**
     * A month of a busy loop, compressed: a decision a minute for 5 targets, each recorded, applied and its attempt
     * recorded (3 commits, as the loop makes them), retention 1 hour, and {@code maintain} every minute as
     * {@code capstan run} calls it. Without compaction the file grows by everything appended; with it the file stays
     * under twice what it holds plus the growth allowed, and every decision still within retention is there.
     */
    @Test
    void theFileStaysBoundedWhileCommitsAndPurgesRunAndKeepsWhatRetentionKeeps() throws Exception {
        store = JdbcDecisionStore.open(StoreConfig.embedded(dataDir()).withRetention(Duration.ofHours(1)), GROWTH);
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        long appended = 0;
        long largest = 0;
        int compactions = 0;
        int decisions = 300;
        for (int i = 0; i < decisions; i++) {
            Instant now = clock.instant();
            long before = Files.size(file());
            applied(store, "d-" + i, "t" + (i % 5), now, i);
            appended += Files.size(file()) - before;
            largest = Math.max(largest, Files.size(file()));
            if (store.maintain(now).isPresent()) compactions++;
            clock = Clock.offset(clock, Duration.ofMinutes(1));
        }

        long bound = 2 * GROWTH;
        assertThat(largest).as("largest size of the file").isLessThan(bound);
        assertThat(appended).as("bytes appended by the commits: what the file would be without compaction").isGreaterThan(8 * bound);
        assertThat(compactions).isGreaterThanOrEqualTo(10);

        Instant now = clock.instant();
        for (int i = 0; i < decisions; i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            // never older than the retention at a purge: the last was at most a minute ago
            if (!at.isBefore(now.minus(Duration.ofMinutes(61)))) assertThat(store.decision("d-" + i)).as("d-%d", i).isPresent();
        }
        assertThat(store.state("t4").orElseThrow().payload()).isEqualTo("{\"n\":" + (decisions - 1) + "}");
        assertThat(store.action("d-" + (decisions - 1)).orElseThrow().state()).isEqualTo(ActionState.APPLIED);
        assertThat(store.attempts("d-" + (decisions - 1))).hasSize(1);
    }

    /** One decision as the loop makes it: recorded with state and PLANNED action, applied, attempt recorded. */
    private static void applied(JdbcDecisionStore s, String id, String target, Instant at, int n) throws Exception {
        StoredDecision d = new StoredDecision(id, target, at, 1, 2, "ThresholdSustained", "up", "{\"pad\":\"" + PAD + "\"}");
        s.record(Recording.of(d).withState(new StoredState(target, 1, "{\"n\":" + n + "}", at)).planned());
        s.transition(id, ActionState.APPLYING, at);
        s.transition(id, ActionState.APPLIED, at, new ActuationAttempt(id, 1, at, at, ActuationAttempt.Outcome.SUCCEEDED, "ok"));
    }

    @Test
    void maintenancePurgesHourlyAndCompactsOnlyPastTheBound() throws Exception {
        store = JdbcDecisionStore.open(StoreConfig.embedded(dataDir()).withRetention(Duration.ofHours(1)), GROWTH);
        store.record(DecisionStoreContract.scaling("old", "web", T0, 1, 2));
        store.transition("old", ActionState.APPLYING, T0);
        store.transition("old", ActionState.APPLIED, T0);
        store.record(DecisionStoreContract.scaling("newer", "web", T0.plusSeconds(60), 2, 3));
        store.transition("newer", ActionState.APPLYING, T0);
        store.transition("newer", ActionState.APPLIED, T0);

        assertThat(store.maintain(T0.plus(Duration.ofMinutes(61)))).as("a small file is not compacted").isEmpty();
        assertThat(store.decision("old")).as("purged at the first maintenance").isEmpty();

        store.record(DecisionStoreContract.scaling("newest", "web", T0.plus(Duration.ofMinutes(2)), 3, 4));
        assertThat(store.maintain(T0.plus(Duration.ofMinutes(120)))).isEmpty();
        assertThat(store.decision("newer")).as("within the hour since the last purge").isPresent();
        store.maintain(T0.plus(Duration.ofMinutes(121)));
        assertThat(store.decision("newer")).as("an hour after the last purge").isEmpty();

        while (Files.size(file()) <= GROWTH) store.saveState(new StoredState("web", 1, "{\"pad\":\"" + PAD + "\"}", T0));
        JdbcDecisionStore.Compaction c = store.maintain(T0.plus(Duration.ofMinutes(122))).orElseThrow();
        assertThat(c.before()).isGreaterThan(GROWTH);
        assertThat(c.after()).isEqualTo(Files.size(file())).isLessThan(GROWTH / 4);
        assertThat(store.fileBytes()).hasValue(c.after());
        assertThat(store.decision("newest")).isPresent();
    }

    /** A compaction that fails is said, not thrown: an exception would cancel the scheduled maintenance for good. */
    @Test
    void aFailedCompactionIsSaidNotThrown() throws Exception {
        JdbcDecisionStore closed = JdbcDecisionStore.open(StoreConfig.embedded(dataDir()), 1);
        closed.record(DecisionStoreContract.scaling("d1", "web", T0, 1, 2));
        try (io.capstan.app.CapturedLog log = new io.capstan.app.CapturedLog()) {
            closed.close();
            assertThat(log.lines()).as("the compaction at a clean stop is said too").anySatisfy(l -> assertThat(l)
                    .startsWith("INFO store " + dataDir().resolve("capstan.mv.db")).contains(": compacted ", " on close"));
        }
        assertThatThrownBy(closed::compact).isInstanceOf(io.capstan.core.spi.StoreException.class).hasMessageContaining("it is closed");

        assertThat(closed.maintain(T0)).isEmpty();
        assertThat(closed.maintain(T0.plusSeconds(60))).isEmpty();

        store = JdbcDecisionStore.open(StoreConfig.embedded(dataDir()), 1);
        assertThat(store.maintain(T0)).as("a store that works compacts").isPresent();
        assertThat(store.decision("d1")).isPresent();
    }

    /** Writes that come while the file is being compacted wait for it, and none fails or is lost. */
    @Test
    void writesDuringACompactionWaitAndAreAllKept() throws Exception {
        store = JdbcDecisionStore.open(StoreConfig.embedded(dataDir()), GROWTH);
        ExecutorService writers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        String id = "w" + writer + "-" + i;
                        store.record(DecisionStoreContract.scaling(id, "t" + writer, T0.plusSeconds(i), i, i + 1));
                        store.transition(id, ActionState.APPLYING, T0.plusSeconds(i));
                    }
                    return null;
                }));
            }
            int compactions = 0;
            while (!done.stream().allMatch(Future::isDone)) {
                store.compact();
                compactions++;
            }
            for (Future<?> f : done) f.get();
            assertThat(compactions).isPositive();
        } finally {
            writers.shutdown();
        }
        assertThat(store.unfinishedActions()).hasSize(90).allMatch(a -> a.state() == ActionState.APPLYING);
    }

    /**
     * kill -9 while the file is being compacted, or just after, loses nothing committed: H2 writes the compacted copy
     * to another file and renames it over the old one, which was closed cleanly first. Each round kills a writer that
     * compacts every few rounds, either once H2's copy ({@code capstan.mv.db.tempFile}) exists (the kill lands while
     * it is written) or at the first commit after a compaction, reopens, and finds every decision the writer said was
     * committed, with its action, and the state of the last. Then, as at a start after a kill, the first maintenance
     * compacts the file left large.
     */
    @Test
    void whatWasCommittedSurvivesSigkillDuringAndAfterACompaction() throws Exception {
        Path copy = dataDir().resolve("capstan.mv.db.tempFile");
        int next = 0;
        for (int round = 0; round < 4; round++) {
            boolean during = round % 2 == 0;
            Process writer = java(StoreCompactingWriter.class, dataDir().toString(), Integer.toString(next), "3");
            AtomicInteger lastCommitted = new AtomicInteger(-1);
            AtomicBoolean compacted = new AtomicBoolean();
            CountDownLatch committedAfterCompaction = new CountDownLatch(1);
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith(StoreCompactingWriter.COMMITTED)) {
                            lastCommitted.set(Integer.parseInt(line.substring(StoreCompactingWriter.COMMITTED.length())));
                            if (compacted.get()) committedAfterCompaction.countDown();
                        } else if (line.equals(StoreCompactingWriter.COMPACTED)) {
                            compacted.set(true);
                        }
                    }
                } catch (java.io.IOException e) {
                    // the writer was killed
                }
            });
            if (during) {
                await().atMost(Duration.ofMinutes(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> Files.exists(copy));
            } else {
                assertThat(committedAfterCompaction.await(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            }
            writer.destroyForcibly();
            writer.waitFor();
            reader.join();
            int seen = lastCommitted.get();
            if (during) assertThat(copy).as("round %d: killed while the copy was written", round).exists();
            assertThat(seen).as("round %d: the writer committed", round).isGreaterThanOrEqualTo(next);
            try (JdbcDecisionStore reopened = JdbcDecisionStore.open(StoreConfig.embedded(dataDir()))) {
                for (int d = 0; d <= seen; d++) {
                    assertThat(reopened.action("d-" + d).map(PlannedAction::state)).as("round %d (%s): d-%d of %d seen", round,
                            during ? "killed during a compaction" : "killed at the first commit after one", d, seen).contains(ActionState.APPLYING);
                }
                // the writer may have committed more after the last line the test read, never less
                String state = reopened.state("worker").orElseThrow().payload();
                int clock = Integer.parseInt(state.replaceAll("\\D", ""));
                assertThat(clock).as("round %d: %s", round, state).isGreaterThanOrEqualTo(seen);
                assertThat(reopened.action("d-" + clock)).isPresent();
                assertThat(reopened.action("d-" + (clock + 1))).isEmpty();
                next = clock + 1;
            }
            assertThat(copy).as("round %d: the copy is removed when the file is opened", round).doesNotExist();
        }

        // The kills left the file as it was when killed; the first maintenance of a start compacts it.
        store = JdbcDecisionStore.open(StoreConfig.embedded(dataDir()), 1);
        long left = Files.size(file());
        assertThat(store.maintain(T0).orElseThrow().before()).isEqualTo(left);
        assertThat(store.action("d-" + (next - 1))).isPresent();
    }

    private static Process java(Class<?> main, String... args) throws java.io.IOException {
        return new ProcessBuilder(io.capstan.app.ChildJvm.command(List.of(), main.getName(), List.of(args))).redirectErrorStream(true).start();
    }
}
