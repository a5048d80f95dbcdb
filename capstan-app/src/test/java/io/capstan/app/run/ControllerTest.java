package io.capstan.app.run;

import io.capstan.app.CapturedLog;
import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.TargetFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller driven tick by tick on a clock the test moves, with a real H2 store and a real process pool: what is
 * recorded, what is applied, and what a dry run or a pause changes.
 */
class ControllerTest {
    /** A clock the test moves; read from the apply threads too. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-02T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path dir;

    private final String marker = "3600." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    private final TestClock clock = new TestClock();
    private JdbcDecisionStore store;
    private Controller controller;

    @BeforeEach
    void open() throws Exception {
        store = JdbcDecisionStore.open(StoreConfig.inMemory("controller-" + marker));
    }

    @AfterEach
    void close() {
        if (controller != null) controller.close();
        store.close();
        LiveCapstan.killMembers("sleep " + marker);
    }

    private Controller controller(boolean dryRun) throws Exception {
        return controller(dryRun, "[\"sleep\", \"" + marker + "\"]");
    }

    /**
     * Runbook 001's worker rules (+5 above 1000, -2 below 100, 60 s / 120 s cooldowns) and a critical emergency above
     * 5000, on a process pool running {@code command} (a YAML list).
     */
    static String worker(String command) {
        return worker(command, "worker");
    }

    static String worker(String command, String target) {
        return """
                targets:
                  - name: %s
                    replicas: {min: 2, max: 20}
                    metrics:
                      queue_depth: {scope: target, source: push}
                    cooldown: {scaleOut: 60s, scaleIn: 120s}
                    policies:
                      - {name: queue-high, threshold: {when: "last(queue_depth, 1m) > 1000", action: {add: 5}}}
                      - {name: queue-critical, threshold: {when: "last(queue_depth, 1m) > 5000", severity: critical, action: {toMax: true}}}
                      - {name: queue-low,  threshold: {when: "last(queue_depth, 1m) < 100", action: {remove: 2}}}
                    actuator: {type: process, command: %s, gracePeriod: 5s}
                """.formatted(target, command);
    }

    private Controller controller(boolean dryRun, String command) throws Exception {
        return controller(dryRun, command, "worker");
    }

    private Controller controller(boolean dryRun, String command, String target) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yaml"), worker(command, target));
        PolicyFile.Live live = PolicyFile.loadLive(config, dir.resolve("data"), InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        controller = RunCommand.controller(live, store, dir.resolve("data"), clock, dryRun);
        controller.resume();
        return controller;
    }

    private List<StoredDecision> decisions() throws Exception {
        return store.decisions("worker", null, 100).decisions();
    }

    @Test
    void aChangeIsRecordedAsPlannedBeforeItIsAppliedAndHoldsAreRecordedOnlyWhenTheyChange() throws Exception {
        Controller c = controller(false);
        c.tick();
        StoredDecision first = decisions().get(0);
        assertThat(first.to()).isEqualTo(2);
        await().until(() -> store.action(first.id()).orElseThrow().state() == ActionState.APPLIED);
        assertThat(store.attempts(first.id())).hasSize(1);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            c.tick();
        }
        // five quiet ticks: one hold recorded (no data yet), not five
        assertThat(decisions()).hasSize(2);
        assertThat(decisions().get(0).reason()).startsWith("Missing");
        clock.advance(Duration.ofSeconds(60));
        assertThat(c.push(List.of(new Sample("worker", "queue_depth", clock.instant(), 1500))).accepted()).isEqualTo(1);
        StoredDecision out = decisions().get(0);
        assertThat(out.to()).isEqualTo(7);
        await().until(() -> store.action(out.id()).orElseThrow().state() == ActionState.APPLIED);
        await().until(() -> c.targets().get("worker").actuator.observe().current() == 7);
    }

    @Test
    void aDryRunDecidesAndRecordsButChangesNothing() throws Exception {
        Controller c = controller(true);
        for (int i = 0; i < 3; i++) {
            c.tick();
            clock.advance(Duration.ofSeconds(1));
        }
        List<StoredDecision> ds = decisions();
        assertThat(ds).hasSize(1);
        assertThat(ds.get(0).to()).isEqualTo(2);
        assertThat(ds.get(0).payloadJson()).contains("\"dryRun\":true");
        assertThat(store.action(ds.get(0).id())).isEmpty();
        assertThat(store.unfinishedActions()).isEmpty();
        assertThat(c.targets().get("worker").actuator.observe().current()).isZero();
    }

    @Test
    void aDryRunDecidesWhatExplainDecidesAndLogsAndRecordsEachChangeOnce() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            Controller c = controller(true);
            c.tick();
            clock.advance(Duration.ofSeconds(1));
            // the pool is still empty (nothing is applied): 0 -> 2 did not happen, so no cooldown holds this one back
            c.push(List.of(new Sample("worker", "queue_depth", clock.instant(), 1500)));
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(1));
                c.tick();
            }
            List<StoredDecision> ds = decisions();
            assertThat(ds).extracting(StoredDecision::to).containsExactly(5, 2);
            assertThat(ds.get(0).summary()).startsWith("scale out 0 -> 5 (ThresholdSustained)");
            assertThat(log.lines()).filteredOn(l -> l.contains("dry run")).hasSize(2)
                    .anyMatch(l -> l.startsWith("INFO worker: dry run: would scale out 0 -> 5 (ThresholdSustained)"));
        }
    }

    @Test
    void aTargetRemovedFromTheConfigIsWarnedAboutWithTheMembersItLeftRunning() throws Exception {
        Controller first = controller(false);
        first.tick();
        await().until(() -> first.targets().get("worker").actuator.observe().current() == 2);
        List<Long> pids = LiveCapstan.members("sleep " + marker).stream().map(ProcessHandle::pid).sorted().toList();
        first.close();
        controller = null;
        try (CapturedLog log = new CapturedLog()) {
            controller(false, "[\"sleep\", \"" + marker + "\"]", "web");
            assertThat(log.lines()).anySatisfy(l -> assertThat(l)
                    .startsWith("WARN worker: in the store but no longer in the config; left running, unmanaged: member 0 (pid ")
                    .contains("pid " + pids.get(0) + ")", "pid " + pids.get(1) + ")")
                    .contains("put the target back in the config and scale it to 0"));
        }
        // left running: removing a target never stops its service
        assertThat(LiveCapstan.members("sleep " + marker)).hasSize(2);
    }

    @Test
    void anUnfinishedActionOfATargetNoLongerConfiguredIsAbandonedOnStart() throws Exception {
        StoredDecision gone = new StoredDecision("gone@2026-03-02T09:00:00Z", "gone", Instant.parse("2026-03-02T09:00:00Z"), 1, 3,
                "ThresholdSustained", "scale out 1 -> 3", "{}");
        store.record(io.capstan.core.spi.Recording.of(gone).planned());
        controller(false);
        assertThat(store.action(gone.id()).orElseThrow().state()).isEqualTo(ActionState.ABANDONED);
        assertThat(store.unfinishedActions()).isEmpty();
    }

    @Test
    void anActuatorThatCannotApplyEndsTheActionFailedWithItsAttemptRecorded() throws Exception {
        Controller c = controller(false, "[\"/nonexistent/capstan-member\"]");
        c.tick();
        StoredDecision d = decisions().get(0);
        await().until(() -> store.action(d.id()).orElseThrow().state() == ActionState.FAILED);
        assertThat(store.attempts(d.id())).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(io.capstan.core.spi.ActuationAttempt.Outcome.FAILED);
            assertThat(a.message()).contains("/nonexistent/capstan-member");
        });
        // the target is decided again on the next tick, not stuck behind the failed action
        clock.advance(Duration.ofSeconds(1));
        await().until(() -> c.targets().get("worker").inFlight == null);
        c.tick();
        assertThat(decisions()).hasSize(2);
    }

    @Test
    void aFailingActuatorIsLoggedOnceThenSummarizedNotEveryTick() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            Controller c = controller(false, "[\"/nonexistent/capstan-member\"]");
            for (int i = 0; i < 5; i++) {
                c.tick();
                await().until(() -> c.targets().get("worker").inFlight == null);
                clock.advance(Duration.ofSeconds(5));
            }
            assertThat(log.lines()).filteredOn(l -> l.contains("scale out 0 -> 2")).hasSize(1);
            assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR")).singleElement().asString()
                    .matches("ERROR worker: applying worker@\\S+ failed: command /nonexistent/capstan-member is not an executable file");
            clock.advance(FailingActuator.SUMMARY_EVERY);
            c.tick();
            await().until(() -> c.targets().get("worker").inFlight == null);
            assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR")).hasSize(2).last().asString()
                    .contains("failed (still failing: 6 attempts since 10:00:00 UTC): command /nonexistent/capstan-member");
            assertThat(log.lines()).noneMatch(l -> l.contains("failed: failed"));
        }
    }

    @Test
    void aPausedTargetDecidesNothing() throws Exception {
        store.setFlag(new TargetFlag("worker", TargetFlag.Kind.PAUSED, "test", "maintenance", clock.instant()));
        Controller c = controller(false);
        c.tick();
        assertThat(decisions()).isEmpty();
        assertThat(c.targets().get("worker").holding).isEqualTo("paused");
        store.clearFlag("worker", TargetFlag.Kind.PAUSED, "test", "done", clock.instant());
        c.tick();
        assertThat(decisions()).hasSize(1);
    }

    /**
     * The first target's actuator fails the way no actuator declares (an IllegalStateException from observe; a real
     * process pool underneath): the second target of the round is still evaluated, and the failure is logged once,
     * counted every time and shown in the first target's notes.
     */
    @Test
    void oneTargetsFailureFailsOnlyThatTarget() throws Exception {
        String cmd = "[\"sleep\", \"" + marker + "\"]";
        Path config = Files.writeString(dir.resolve("two.yaml"), worker(cmd, "a") + worker(cmd, "b").replace("targets:\n", ""));
        PolicyFile.Live live = PolicyFile.loadLive(config, dir.resolve("data"), InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        controller = RunCommand.controller(live, store, dir.resolve("data"), clock, false);
        controller.resume();
        TargetLoop a = controller.targets().get("a");
        io.capstan.core.spi.Actuator real = a.actuator;
        a.actuator = new io.capstan.core.spi.Actuator() {
            @Override
            public io.capstan.core.spi.Capacity observe() {
                throw new IllegalStateException("observe broke");
            }

            @Override
            public io.capstan.core.spi.Outcome apply(io.capstan.core.spi.Actuation actuation) {
                return real.apply(actuation);
            }

            @Override
            public void close() {
                real.close();
            }
        };
        try (CapturedLog log = new CapturedLog()) {
            controller.tick();
            clock.advance(Duration.ofSeconds(1));
            controller.tick();
            assertThat(log.lines()).filteredOn(l -> l.contains("evaluation failed"))
                    .containsExactly("ERROR a: evaluation failed, holding this target (the others go on): IllegalStateException: observe broke");
        }
        assertThat(store.decisions("b", null, 10).decisions()).isNotEmpty();
        await().until(() -> controller.idle() && LiveCapstan.members("sleep " + marker).size() == 2);
        assertThat(a.notes()).contains("evaluation failing, holding: IllegalStateException: observe broke");
        assertThat(new String(controller.metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8)).contains("capstan_evaluation_errors_total{target=\"a\"} 2.0");
        a.actuator = real;
        clock.advance(Duration.ofSeconds(1));
        controller.tick();
        assertThat(a.notes()).noneMatch(n -> n.startsWith("evaluation failing"));
    }

    /** A push that decides a change while the controller is closing: recorded PLANNED, applied by the next start. */
    @Test
    void aChangeDecidedWhileClosingStaysPlannedForTheNextStart() throws Exception {
        Controller c = controller(false);
        c.tick();
        await().until(() -> c.idle() && LiveCapstan.members("sleep " + marker).size() == 2);
        c.close();
        // past the scale-out cooldown of reaching min
        clock.advance(Duration.ofSeconds(61));
        var done = c.push(List.of(new Sample("worker", "queue_depth", clock.instant(), 1500)));
        assertThat(done.accepted()).isEqualTo(1);
        StoredDecision out = decisions().get(0);
        assertThat(out.to()).isEqualTo(7);
        assertThat(store.action(out.id()).orElseThrow().state()).isEqualTo(ActionState.PLANNED);
        controller = null;
        Controller next = controller(false);
        await().until(() -> store.action(out.id()).orElseThrow().state() == ActionState.APPLIED);
        assertThat(next.idle()).isTrue();
        assertThat(LiveCapstan.members("sleep " + marker)).hasSize(7);
    }
}
