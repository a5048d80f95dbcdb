package io.capstan.app.store.jdbc;

import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.ActuationAttempt;
import io.capstan.core.spi.ActuatorRecord;
import io.capstan.core.spi.DecisionPage;
import io.capstan.core.spi.DecisionStore;
import io.capstan.core.spi.HistoryStep;
import io.capstan.core.spi.ManualAction;
import io.capstan.core.spi.PageCursor;
import io.capstan.core.spi.PlannedAction;
import io.capstan.core.spi.Purged;
import io.capstan.core.spi.Recorded;
import io.capstan.core.spi.Recording;
import io.capstan.core.spi.StoreException;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.StoredState;
import io.capstan.core.spi.TargetFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link DecisionStore} must do, whatever database is under it (as the Flink autoscaler's
 * AbstractAutoScalerStateStoreTest). Subclasses give a fresh, empty database per test and the raw SQL access the
 * fault-injection tests need. No test reads the wall clock or waits on time.
 */
abstract class DecisionStoreContract {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /** The config of this test's fresh database. */
    protected abstract StoreConfig freshConfig() throws Exception;

    protected StoreConfig config;
    protected JdbcDecisionStore store;

    @BeforeEach
    void openStore() throws Exception {
        config = freshConfig();
        store = JdbcDecisionStore.open(config);
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    /** Closes the pool without finishing anything (as a crash leaves it) and opens the same database again. */
    protected void crashAndReopen() throws StoreException {
        store.close();
        store = JdbcDecisionStore.open(config);
    }

    /** Runs SQL on the store's database outside the store (to inject faults). */
    protected void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password()); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    static StoredDecision decision(String id, String target, Instant at, int from, int to) {
        return new StoredDecision(id, target, at, from, to, "ThresholdSustained", "scale " + from + " -> " + to,
                "{\"id\":\"" + id + "\",\"steps\":[]}");
    }

    static StoredState state(String target, String payload, Instant at) {
        return new StoredState(target, 3, payload, at);
    }

    static Recording scaling(String id, String target, Instant at, int from, int to) {
        return Recording.of(decision(id, target, at, from, to)).withState(state(target, "{\"after\":\"" + id + "\"}", at)).planned();
    }

    // ---------------------------------------------------------------- recording

    @Test
    void aDecisionItsStateAndItsActionAreRecordedTogether() throws Exception {
        Recording r = scaling("d1", "web", T0, 2, 5);
        assertThat(store.record(r)).isEqualTo(Recorded.NEW);

        assertThat(store.decision("d1")).contains(r.decision());
        assertThat(store.state("web")).contains(r.state());
        assertThat(store.action("d1")).contains(new PlannedAction("d1", "web", 5, ActionState.PLANNED, T0));
        assertThat(store.unfinishedActions()).containsExactly(r.action());
        assertThat(store.state("api")).isEmpty();
        assertThat(store.decision("nope")).isEmpty();
    }

    @Test
    void aHoldIsRecordedWithoutAnActionAndAStateIsReplacedByTheNext() throws Exception {
        store.record(scaling("d1", "web", T0, 2, 5));
        store.record(Recording.of(decision("d2", "web", T0.plusSeconds(15), 5, 5)).withState(state("web", "{\"v\":2}", T0.plusSeconds(15))));

        assertThat(store.action("d2")).isEmpty();
        assertThat(store.state("web")).contains(state("web", "{\"v\":2}", T0.plusSeconds(15)));
        store.saveState(state("web", "{\"v\":3}", T0.plusSeconds(20)));
        assertThat(store.state("web").orElseThrow().payload()).isEqualTo("{\"v\":3}");
    }

    @Test
    void aFailureAfterTheDecisionIsWrittenLeavesNothingOfTheRecording() throws Exception {
        store.record(scaling("d1", "web", T0, 2, 5));
        // The database refuses the state (a CHECK the store does not know), after the decision row went in.
        sql("ALTER TABLE scaling_state ADD CONSTRAINT test_refuses_666 CHECK (codec_version <> 666)");
        Recording refused = new Recording(decision("d2", "web", T0.plusSeconds(60), 5, 8), new StoredState("web", 666, "{}", T0.plusSeconds(60)), null).planned();

        assertThatThrownBy(() -> store.record(refused)).isInstanceOf(StoreException.class).hasMessageContaining("cannot record decisions");

        assertThat(store.decision("d2")).isEmpty();
        assertThat(store.action("d2")).isEmpty();
        assertThat(store.state("web").orElseThrow().payload()).isEqualTo("{\"after\":\"d1\"}");
        assertThat(store.unfinishedActions()).extracting(PlannedAction::decisionId).containsExactly("d1");
    }

    @Test
    void aFailureOnTheLastRecordingOfABatchLeavesNoneOfTheBatch() throws Exception {
        // The action is the last row written; its refusal must take the decisions and states of the batch with it.
        sql("ALTER TABLE planned_action ADD CONSTRAINT test_refuses_666 CHECK (desired <> 666)");
        List<Recording> batch = List.of(scaling("a1", "a", T0, 1, 2), scaling("b1", "b", T0, 1, 3), scaling("c1", "c", T0, 1, 666));

        assertThatThrownBy(() -> store.recordAll(batch)).isInstanceOf(StoreException.class);

        for (String t : List.of("a", "b", "c")) {
            assertThat(store.state(t)).isEmpty();
            assertThat(store.decisions(t, null, 10).decisions()).isEmpty();
        }
        assertThat(store.unfinishedActions()).isEmpty();
    }

    @Test
    void recordingTheSameDecisionAgainWritesNothing() throws Exception {
        Recording r = scaling("d1", "web", T0, 2, 5);
        store.record(r);
        store.transition("d1", ActionState.APPLYING, T0.plusSeconds(1));
        // A replay after a crash carries a newer state; the decision is the same, so nothing is written.
        Recording replay = r.withState(state("web", "{\"replayed\":true}", T0.plusSeconds(2)));

        assertThat(store.record(replay)).isEqualTo(Recorded.ALREADY_RECORDED);
        assertThat(store.state("web")).contains(r.state());
        assertThat(store.action("d1").orElseThrow().state()).isEqualTo(ActionState.APPLYING);
        assertThat(store.recordAll(List.of(scaling("d2", "web", T0.plusSeconds(30), 5, 6), r, scaling("d2", "web", T0.plusSeconds(30), 5, 6))))
                .containsExactly(Recorded.NEW, Recorded.ALREADY_RECORDED, Recorded.ALREADY_RECORDED);
        assertThat(store.decisions("web", null, 10).decisions()).extracting(StoredDecision::id).containsExactly("d2", "d1");
    }

    @Test
    void aDifferentDecisionUnderARecordedIdIsAnErrorAndChangesNothing() throws Exception {
        store.record(scaling("d1", "web", T0, 2, 5));

        assertThatThrownBy(() -> store.record(scaling("d1", "web", T0, 2, 6)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("decision d1 is already recorded as a different decision");
        assertThatThrownBy(() -> store.recordAll(List.of(scaling("x1", "api", T0, 1, 2), scaling("d1", "api", T0, 1, 2))))
                .isInstanceOf(IllegalStateException.class);

        assertThat(store.decision("d1").orElseThrow().to()).isEqualTo(5);
        assertThat(store.decision("x1")).isEmpty();
        assertThat(store.state("api")).isEmpty();
    }

    // ---------------------------------------------------------------- the action state machine

    /** How to bring a fresh PLANNED action into each state. */
    private static final Map<ActionState, List<ActionState>> PATH = Map.of(
            ActionState.PLANNED, List.of(),
            ActionState.APPLYING, List.of(ActionState.APPLYING),
            ActionState.APPLIED, List.of(ActionState.APPLYING, ActionState.APPLIED),
            ActionState.FAILED, List.of(ActionState.APPLYING, ActionState.FAILED),
            ActionState.ABANDONED, List.of(ActionState.ABANDONED));

    /** All 25 moves, each on an action of its own brought into the move's starting state. */
    @Test
    void everyMoveIsAllowedExactlyWhenTheTableSaysSo() throws Exception {
        for (ActionState from : ActionState.values()) {
            for (ActionState to : ActionState.values()) {
                String id = "d-" + from + "-" + to;
                store.record(scaling(id, "web", T0, 2, 5));
                Instant at = T0;
                for (ActionState step : PATH.get(from)) store.transition(id, step, at = at.plusSeconds(1));
                Instant moveAt = at.plusSeconds(1);

                if (from.canBecome(to)) {
                    assertThat(store.transition(id, to, moveAt)).isEqualTo(new PlannedAction(id, "web", 5, to, moveAt));
                } else {
                    assertThatThrownBy(() -> store.transition(id, to, moveAt)).as("%s -> %s", from, to).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("action " + id + " of web is " + from + "; it cannot become " + to);
                    assertThat(store.action(id)).contains(new PlannedAction(id, "web", 5, from, at));
                }
            }
        }
        assertThat(store.unfinishedActions()).extracting(PlannedAction::decisionId).containsExactlyInAnyOrder(
                "d-PLANNED-PLANNED", "d-PLANNED-APPLYING", "d-PLANNED-APPLIED", "d-PLANNED-FAILED", "d-APPLYING-PLANNED", "d-APPLYING-APPLYING");
    }

    @Test
    void movingAnUnknownActionIsAnError() {
        assertThatThrownBy(() -> store.transition("ghost", ActionState.APPLYING, T0)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("ghost");
        assertThatThrownBy(() -> store.recordAttempt(new ActuationAttempt("ghost", 1, T0, T0, ActuationAttempt.Outcome.SUCCEEDED, "")))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void theAttemptThatEndsAnActionIsRecordedWithTheMoveOrNotAtAll() throws Exception {
        store.record(scaling("d1", "web", T0, 2, 5));
        store.transition("d1", ActionState.APPLYING, T0.plusSeconds(1));
        ActuationAttempt first = new ActuationAttempt("d1", 1, T0.plusSeconds(1), T0.plusSeconds(2), ActuationAttempt.Outcome.RETRYABLE, "timeout");
        store.recordAttempt(first);

        // Attempt 1 again: the move to APPLIED is rolled back with it.
        ActuationAttempt again = new ActuationAttempt("d1", 1, T0.plusSeconds(3), T0.plusSeconds(4), ActuationAttempt.Outcome.SUCCEEDED, "ok");
        assertThatThrownBy(() -> store.transition("d1", ActionState.APPLIED, T0.plusSeconds(4), again))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("attempt 1 of decision d1 is already recorded");
        assertThat(store.action("d1").orElseThrow().state()).isEqualTo(ActionState.APPLYING);

        ActuationAttempt second = new ActuationAttempt("d1", 2, T0.plusSeconds(3), T0.plusSeconds(4), ActuationAttempt.Outcome.SUCCEEDED, "at 5");
        assertThat(store.transition("d1", ActionState.APPLIED, T0.plusSeconds(4), second).state()).isEqualTo(ActionState.APPLIED);
        assertThat(store.attempts("d1")).containsExactly(first, second);
        assertThat(store.unfinishedActions()).isEmpty();
    }

    @Test
    void ofTwoWritersMovingTheSameActionExactlyOneWins() throws Exception {
        store.record(scaling("d1", "web", T0, 2, 5));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Callable<String> mover = () -> {
                start.await();
                try {
                    store.transition("d1", ActionState.APPLYING, T0.plusSeconds(1));
                    return "moved";
                } catch (IllegalStateException e) {
                    return "refused";
                }
            };
            Future<String> a = pool.submit(mover);
            Future<String> b = pool.submit(mover);
            start.countDown();
            assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder("moved", "refused");
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- restart

    @Test
    void unfinishedActionsSurviveACrashAndFinishedOnesAreNotRepeated() throws Exception {
        store.record(scaling("planned", "a", T0, 1, 2));
        store.record(scaling("applying", "b", T0.plusSeconds(1), 1, 3));
        store.transition("applying", ActionState.APPLYING, T0.plusSeconds(2));
        store.record(scaling("applied", "c", T0.plusSeconds(3), 1, 4));
        store.transition("applied", ActionState.APPLYING, T0.plusSeconds(4));
        store.transition("applied", ActionState.APPLIED, T0.plusSeconds(5));

        crashAndReopen();

        assertThat(store.unfinishedActions()).containsExactly(
                new PlannedAction("planned", "a", 2, ActionState.PLANNED, T0),
                new PlannedAction("applying", "b", 3, ActionState.APPLYING, T0.plusSeconds(2)));
        store.transition("applying", ActionState.APPLIED, T0.plusSeconds(9));
        store.transition("planned", ActionState.ABANDONED, T0.plusSeconds(9));
        crashAndReopen();
        assertThat(store.unfinishedActions()).isEmpty();
    }

    @Test
    void reopeningKeepsEverything() throws Exception {
        store.record(scaling("d1", "web", T0, 2, 5));
        store.transition("d1", ActionState.APPLYING, T0.plusSeconds(1));
        ActuationAttempt attempt = new ActuationAttempt("d1", 1, T0.plusSeconds(1), T0.plusSeconds(2), ActuationAttempt.Outcome.SUCCEEDED, "ok");
        store.transition("d1", ActionState.APPLIED, T0.plusSeconds(2), attempt);
        ActuatorRecord members = new ActuatorRecord("web", "process.members", "[{\"pid\":4242}]", T0.plusSeconds(2));
        store.putActuatorRecord(members);
        TargetFlag paused = new TargetFlag("web", TargetFlag.Kind.PAUSED, "ana", "deploy freeze", T0.plusSeconds(3));
        store.setFlag(paused);

        store.close();
        store = JdbcDecisionStore.open(config);

        assertThat(store.decision("d1")).contains(decision("d1", "web", T0, 2, 5));
        assertThat(store.state("web").orElseThrow().payload()).isEqualTo("{\"after\":\"d1\"}");
        assertThat(store.action("d1").orElseThrow().state()).isEqualTo(ActionState.APPLIED);
        assertThat(store.attempts("d1")).containsExactly(attempt);
        assertThat(store.actuatorRecord("web", "process.members")).contains(members);
        assertThat(store.flags()).containsExactly(paused);
    }

    @Test
    void aSchemaFromANewerCapstanIsRefused() throws Exception {
        store.close();
        store = null;
        sql("INSERT INTO \"" + StoreSchema.HISTORY_TABLE + "\" (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", "
                + "\"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES (99, '999', 'from the future', 'SQL', "
                + "'V999__from_the_future.sql', 0, 'test', 0, TRUE)");

        assertThatThrownBy(() -> JdbcDecisionStore.open(config)).isInstanceOf(StoreException.class)
                .hasMessageContaining("has schema version 999, written by a newer Capstan; this one knows versions up to 2")
                .hasMessageContaining(config.safeUrl());
    }

    // ---------------------------------------------------------------- paging

    @Test
    void decisionsPageNewestFirstWithTiesInIdOrder() throws Exception {
        // Three decisions in the same microsecond, one before and one after.
        List<Recording> rs = List.of(scaling("d100", "web", T0, 1, 2), scaling("d300", "web", T0.plusSeconds(5), 2, 3),
                scaling("d200", "web", T0.plusSeconds(5), 2, 3), scaling("d400", "web", T0.plusSeconds(5), 2, 3),
                scaling("d500", "web", T0.plusSeconds(9), 3, 4), scaling("x1", "other", T0.plusSeconds(7), 1, 2));
        store.recordAll(rs);

        DecisionPage first = store.decisions("web", null, 2);
        assertThat(first.decisions()).extracting(StoredDecision::id).containsExactly("d500", "d400");
        // A decision recorded between two page requests is newer: it neither shifts nor repeats what follows.
        store.record(scaling("d600", "web", T0.plusSeconds(10), 4, 5));
        DecisionPage second = store.decisions("web", first.next(), 2);
        assertThat(second.decisions()).extracting(StoredDecision::id).containsExactly("d300", "d200");
        DecisionPage third = store.decisions("web", PageCursor.parse(second.next().token()), 2);
        assertThat(third.decisions()).extracting(StoredDecision::id).containsExactly("d100");
        assertThat(third.next()).isNull();
        assertThat(store.decisions("web", null, 7).next()).isNull();
        assertThatThrownBy(() -> store.decisions("web", null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Seeded: every decision is seen once, newest first, whatever the page size and however many share a time. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void pagingSeesEveryDecisionOnceNewestFirst(long seed) throws Exception {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(120);
        int times = 1 + random.nextInt(n);
        List<String> targets = List.of("t0", "t1", "t2");
        List<Integer> numbers = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        java.util.Collections.shuffle(numbers, random);
        List<Recording> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Ids of one fixed shape (digits) order the same in every collation; times collide often.
            Instant at = T0.plusMillis(random.nextInt(times) * 250L).plusNanos(random.nextInt(3) * 1000L);
            String id = String.format("%06d", numbers.get(i));
            all.add(Recording.of(decision(id, targets.get(random.nextInt(targets.size())), at, 1, 2)));
        }
        for (int from = 0; from < all.size(); ) {
            int to = Math.min(all.size(), from + 1 + random.nextInt(40));
            store.recordAll(all.subList(from, to));
            from = to;
        }
        Comparator<StoredDecision> newestFirst = Comparator.comparing(StoredDecision::at).thenComparing(StoredDecision::id).reversed();
        for (String target : targets) {
            List<StoredDecision> expected = all.stream().map(Recording::decision).filter(d -> d.target().equals(target)).sorted(newestFirst).toList();
            int size = 1 + random.nextInt(10);
            List<StoredDecision> seen = new ArrayList<>();
            PageCursor cursor = null;
            int pages = 0;
            do {
                DecisionPage page = store.decisions(target, cursor, size);
                assertThat(page.decisions().size()).as("seed %d: a page holds at most its size", seed).isLessThanOrEqualTo(size);
                seen.addAll(page.decisions());
                cursor = page.next();
                assertThat(++pages).as("seed %d: paging ends", seed).isLessThanOrEqualTo(expected.size() + 1);
            } while (cursor != null);
            assertThat(seen).as("seed %d, target %s, page size %d", seed, target, size).containsExactlyElementsOf(expected);
        }
    }

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, 8).map(i -> 20261202L * i).boxed();
    }

    // ---------------------------------------------------------------- retention

    @Test
    void retentionRemovesWhatIsOlderThanTheCutoffButNeverWhatARestartNeeds() throws Exception {
        Instant cutoff = T0.plus(Duration.ofDays(30));
        Instant justBefore = cutoff.minusNanos(1000);
        store.record(scaling("old-done", "web", justBefore.minusSeconds(60), 1, 2));
        store.transition("old-done", ActionState.APPLYING, justBefore.minusSeconds(59));
        store.transition("old-done", ActionState.APPLIED, justBefore.minusSeconds(58),
                new ActuationAttempt("old-done", 1, justBefore.minusSeconds(59), justBefore.minusSeconds(58), ActuationAttempt.Outcome.SUCCEEDED, "ok"));
        store.record(scaling("old-unfinished", "web", justBefore.minusSeconds(30), 2, 3));
        store.record(Recording.of(decision("old-hold", "web", justBefore, 3, 3)));
        store.record(Recording.of(decision("at-cutoff", "web", cutoff, 3, 3)));
        store.record(scaling("idle-newest", "quiet", T0, 1, 4));
        store.transition("idle-newest", ActionState.ABANDONED, T0.plusSeconds(1));
        store.record(Recording.of(decision("idle-older", "quiet", T0.minusSeconds(1), 1, 1)));
        store.recordManualAction(new ManualAction("web", justBefore, "scale", "replicas=3", "ana", "load test"));
        store.recordManualAction(new ManualAction("web", cutoff, "scale", "replicas=4", "ana", "load test"));

        Purged purged = store.purge(cutoff);

        assertThat(purged).isEqualTo(new Purged(3, 1));
        assertThat(store.decisions("web", null, 10).decisions()).extracting(StoredDecision::id).containsExactly("at-cutoff", "old-unfinished");
        assertThat(store.decisions("quiet", null, 10).decisions()).extracting(StoredDecision::id).containsExactly("idle-newest");
        assertThat(store.action("old-done")).isEmpty();
        assertThat(store.attempts("old-done")).isEmpty();
        assertThat(store.unfinishedActions()).extracting(PlannedAction::decisionId).containsExactly("old-unfinished");
        assertThat(store.state("web")).isPresent();
        assertThat(store.state("quiet")).isPresent();
        assertThat(store.manualActions("web", 10)).extracting(ManualAction::detail).containsExactly("replicas=4");
        assertThat(store.purge(cutoff)).isEqualTo(new Purged(0, 0));
    }

    @Test
    void purgeExpiredKeepsTheConfiguredRetention() throws Exception {
        Instant now = T0.plus(config.retention());
        store.record(Recording.of(decision("older", "web", T0.minusMillis(1), 1, 1)));
        store.record(Recording.of(decision("kept", "web", T0, 1, 1)));
        store.record(Recording.of(decision("newest", "web", now, 1, 1)));

        assertThat(store.purgeExpired(now).decisions()).isEqualTo(1);
        assertThat(store.decisions("web", null, 10).decisions()).extracting(StoredDecision::id).containsExactly("newest", "kept");
    }

    // ---------------------------------------------------------------- concurrency, size, text

    @Test
    void writersOfDifferentTargetsDoNotLoseEachOthersRecords() throws Exception {
        int writers = 4;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String target = "t" + w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String id = target + "-" + String.format("%03d", i);
                        store.record(scaling(id, target, T0.plusSeconds(i), i, i + 1));
                        store.transition(id, ActionState.APPLYING, T0.plusSeconds(i));
                        store.transition(id, ActionState.APPLIED, T0.plusSeconds(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        for (int w = 0; w < writers; w++) {
            String target = "t" + w;
            assertThat(store.decisions(target, null, 1000).decisions()).hasSize(each);
            assertThat(store.state(target).orElseThrow().payload()).isEqualTo("{\"after\":\"" + target + "-" + String.format("%03d", each - 1) + "\"}");
        }
        assertThat(store.unfinishedActions()).isEmpty();
    }

    @Test
    void largePayloadsComeBackWhole() throws Exception {
        String explanation = "{\"steps\":[" + "{\"stage\":\"combine\",\"message\":\"ok\"},".repeat(120_000) + "{}]}";
        String history = "x".repeat(3 * 1024 * 1024);
        StoredDecision d = new StoredDecision("big", "web", T0, 1, 2, "ScaleUpLimit", "s".repeat(10_000), explanation);
        store.record(Recording.of(d).withState(state("web", history, T0)).planned());

        assertThat(explanation.length()).isGreaterThan(4_000_000);
        assertThat(store.decision("big").orElseThrow().payloadJson()).isEqualTo(explanation);
        assertThat(store.state("web").orElseThrow().payload()).isEqualTo(history);
    }

    @Test
    void unicodeIsKeptAsWritten() throws Exception {
        String target = "wörker-队列-🚀";
        String text = "Zürich 東京 مرحبا \u202Eevil\u202C e\u0301 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧪👩🏽‍💻 \"quoted\" \\ '\n\ttab";
        StoredDecision d = new StoredDecision("id-ünï-🔑", target, T0, 1, 2, "ThresholdSustained", text, "{\"m\":\"" + text + "\"}");
        store.record(Recording.of(d).withState(state(target, text, T0)).planned());
        store.setFlag(new TargetFlag(target, TargetFlag.Kind.DRY_RUN, "łukasz", text, T0));
        store.putActuatorRecord(new ActuatorRecord(target, "process.members", text, T0));

        assertThat(store.decision("id-ünï-🔑")).contains(d);
        assertThat(store.decisions(target, null, 5).decisions()).containsExactly(d);
        assertThat(store.state(target).orElseThrow().payload()).isEqualTo(text);
        assertThat(store.flags()).extracting(TargetFlag::reason).containsExactly(text);
        assertThat(store.actuatorRecord(target, "process.members").orElseThrow().payload()).isEqualTo(text);
        assertThat(store.manualActions(target, 5)).extracting(ManualAction::who).containsExactly("łukasz");
    }

    // ---------------------------------------------------------------- actuator records, flags, audit

    @Test
    void anActuatorRecordIsReplacedAndDeletedPerTargetAndKind() throws Exception {
        store.putActuatorRecord(new ActuatorRecord("web", "process.members", "[1]", T0));
        store.putActuatorRecord(new ActuatorRecord("web", "process.members", "[1,2]", T0.plusSeconds(1)));
        store.putActuatorRecord(new ActuatorRecord("api", "process.members", "[9]", T0));

        assertThat(store.actuatorRecord("web", "process.members")).contains(new ActuatorRecord("web", "process.members", "[1,2]", T0.plusSeconds(1)));
        store.deleteActuatorRecord("web", "process.members");
        assertThat(store.actuatorRecord("web", "process.members")).isEmpty();
        assertThat(store.actuatorRecord("api", "process.members")).isPresent();
        assertThat(store.actuatorRecord("api", "other")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TargetFlag.Kind.class)
    void everyFlagChangeIsAudited(TargetFlag.Kind kind) throws Exception {
        store.setFlag(new TargetFlag("web", kind, "ana", "incident 42", T0));
        store.setFlag(new TargetFlag("web", kind, "bo", "still incident 42", T0.plusSeconds(60)));
        assertThat(store.flags()).containsExactly(new TargetFlag("web", kind, "bo", "still incident 42", T0.plusSeconds(60)));

        store.clearFlag("web", kind, "ana", "resolved", T0.plusSeconds(120));
        store.recordManualAction(new ManualAction("web", T0.plusSeconds(180), "scale", "replicas=7", "cy", "traffic spike"));

        assertThat(store.flags()).isEmpty();
        String on = kind == TargetFlag.Kind.PAUSED ? "pause" : "dry-run on";
        String off = kind == TargetFlag.Kind.PAUSED ? "resume" : "dry-run off";
        assertThat(store.manualActions("web", 10)).containsExactly(
                new ManualAction("web", T0.plusSeconds(180), "scale", "replicas=7", "cy", "traffic spike"),
                new ManualAction("web", T0.plusSeconds(120), off, "", "ana", "resolved"),
                new ManualAction("web", T0.plusSeconds(60), on, "", "bo", "still incident 42"),
                new ManualAction("web", T0, on, "", "ana", "incident 42"));
        assertThat(store.manualActions("web", 1)).hasSize(1);
        assertThat(store.manualActions("api", 10)).isEmpty();
    }

    @Test
    void flagsOfOneTargetLeaveOthersAlone() throws Exception {
        store.setFlag(new TargetFlag("web", TargetFlag.Kind.PAUSED, "ana", "x", T0));
        store.setFlag(new TargetFlag("api", TargetFlag.Kind.DRY_RUN, "ana", "y", T0));
        store.clearFlag("web", TargetFlag.Kind.DRY_RUN, "ana", "was never on", T0);

        assertThat(store.flags()).extracting(f -> f.target() + ":" + f.kind()).containsExactly("api:DRY_RUN", "web:PAUSED");
    }
    // ---------------------------------------------------------------- metric history

    static final Duration MINUTE = Duration.ofMinutes(1);

    static HistoryStep step(String target, String metric, Instant start, long count, double sum, double min, double max) {
        return new HistoryStep(target, metric, start, MINUTE, count, sum, min, max);
    }

    @Test
    void historyIsReadBackByRangeOldestFirstAndOnlyForItsSeries() throws Exception {
        store.appendHistory(List.of(
                step("web", "rps", T0.plusSeconds(120), 4, 40, 5, 15),
                step("web", "rps", T0, 2, 10, 4, 6),
                step("web", "rps", T0.plusSeconds(60), 1, 7, 7, 7),
                step("web", "rps", T0.minusSeconds(60), 1, 1, 1, 1),
                step("web", "cpu", T0, 1, 50, 50, 50),
                step("api", "rps", T0, 1, 99, 99, 99)));

        List<HistoryStep> read = store.history("web", "rps", T0, T0.plusSeconds(120));

        // [from, to): the step at T0 - 1m is before, the one at T0 + 2m is at the end and not in.
        assertThat(read).containsExactly(step("web", "rps", T0, 2, 10, 4, 6), step("web", "rps", T0.plusSeconds(60), 1, 7, 7, 7));
        assertThat(read.get(0).mean()).isEqualTo(5.0);
        assertThat(store.history("web", "rps", T0.plusSeconds(600), T0.plusSeconds(900))).isEmpty();
    }

    @Test
    void aStepWrittenInTwoPartsIsReadAsOne() throws Exception {
        // A restart inside the minute, or a late sample: the step's second part comes in a later flush.
        store.appendHistory(List.of(step("web", "rps", T0, 3, 30, 5, 15)));
        store.appendHistory(List.of(step("web", "rps", T0, 1, 2, 2, 2), step("web", "rps", T0.plusSeconds(60), 1, 8, 8, 8)));

        assertThat(store.history("web", "rps", T0.minusSeconds(60), T0.plusSeconds(600)))
                .containsExactly(step("web", "rps", T0, 4, 32, 2, 15), step("web", "rps", T0.plusSeconds(60), 1, 8, 8, 8));
    }

    @Test
    void aFlushOfTenThousandTargetsWithThreeMetricsIsOneAllOrNothingWrite() throws Exception {
        List<HistoryStep> minute = new ArrayList<>();
        for (int t = 0; t < 10_000; t++) {
            for (String m : List.of("rps", "cpu", "queue")) minute.add(step("t" + t, m, T0, 6, 6.0 * t, t, t));
        }
        store.appendHistory(minute);
        assertThat(store.history("t9999", "queue", T0, T0.plusSeconds(60))).containsExactly(step("t9999", "queue", T0, 6, 59_994, 9999, 9999));

        // One bad row at the end (a target name longer than the column): the whole minute is refused, none of it written.
        List<HistoryStep> next = new ArrayList<>();
        for (int t = 0; t < 10_000; t++) next.add(step("t" + t, "rps", T0.plusSeconds(60), 1, 1, 1, 1));
        next.add(step("x".repeat(300), "rps", T0.plusSeconds(60), 1, 1, 1, 1));
        assertThatThrownBy(() -> store.appendHistory(next)).isInstanceOf(StoreException.class).hasMessageContaining("metric history");
        assertThat(store.history("t0", "rps", T0, T0.plusSeconds(600))).containsExactly(step("t0", "rps", T0, 6, 0, 0, 0));
    }

    @Test
    void historyRetentionRemovesOlderStepsAndKeepsTheOneAtTheCutoff() throws Exception {
        Instant now = T0.plus(config.retention());
        store.appendHistory(List.of(step("web", "rps", T0.minusSeconds(60), 1, 1, 1, 1), step("web", "rps", T0, 1, 2, 2, 2),
                step("web", "rps", now, 1, 3, 3, 3)));

        assertThat(store.purgeExpiredHistory(now)).isEqualTo(1);
        assertThat(store.history("web", "rps", Instant.EPOCH, now.plusSeconds(60))).extracting(HistoryStep::sum).containsExactly(2.0, 3.0);
        assertThat(store.purgeHistory(T0)).isZero();
    }

    @Test
    void historySurvivesAReopen() throws Exception {
        store.appendHistory(List.of(step("web", "rps", T0, 2, 3.5, 1.25, 2.25)));
        crashAndReopen();

        assertThat(store.history("web", "rps", T0, T0.plusSeconds(60))).containsExactly(step("web", "rps", T0, 2, 3.5, 1.25, 2.25));
    }
}
