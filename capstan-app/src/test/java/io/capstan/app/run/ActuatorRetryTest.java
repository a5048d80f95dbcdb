package io.capstan.app.run;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.core.decide.Decider;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.model.Durations;
import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.Actuation;
import io.capstan.core.spi.ActuationAttempt;
import io.capstan.core.spi.Actuator;
import io.capstan.core.spi.ActuatorException;
import io.capstan.core.spi.Backoff;
import io.capstan.core.spi.Capacity;
import io.capstan.core.spi.Outcome;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller's retry path: a real process pool behind an actuator that fails its first calls the way a remote
 * backend does (a retryable outcome, or an exception saying whether a retry can help). Waits between attempts go
 * through an injected pause that records them instead of sleeping.
 */
class ActuatorRetryTest extends InProcessRun {
    private final Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 1);
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    /** Fails the first {@code failures} calls of apply with {@code failure}, then hands every call to the real pool. */
    static final class Flaky implements Actuator {
        final Actuator real;
        final AtomicInteger failures;
        final java.util.function.Function<Actuation, Outcome> failure;

        Flaky(Actuator real, int failures, java.util.function.Function<Actuation, Outcome> failure) {
            this.real = real;
            this.failures = new AtomicInteger(failures);
            this.failure = failure;
        }

        @Override
        public Capacity observe() {
            return real.observe();
        }

        @Override
        public Outcome apply(Actuation actuation) {
            return failures.getAndDecrement() > 0 ? failure.apply(actuation) : real.apply(actuation);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    private Flaky start(int failures, java.util.function.Function<Actuation, Outcome> failure) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yaml"), "targets:\n"
                + LiveCapstan.queueTarget("worker", "{min: 2, max: 20}", "{scaleOut: 60s, scaleIn: 120s}", "1000", marker));
        PolicyFile.Live live = PolicyFile.loadLive(config, dir.resolve("data"), InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        TargetSpec spec = live.policy().targets().get(0);
        Actuator pool = RunCommand.actuator("worker", live.live().actuators().get("worker"), store, dir.resolve("data"), clock);
        Flaky flaky = new Flaky(pool, 0, failure);
        controller = new Controller(Map.of("worker", new TargetLoop("worker", new TargetRuntime(spec, new Decider()), flaky)), store, Map.of(),
                List.of(), clock, false, backoff, waits::add);
        controller.resume();
        // the first decision (0 -> 2, below min) applies cleanly; the failures are armed for the next one
        controller.tick();
        await().until(controller::idle);
        assertThat(flaky.observe().current()).isEqualTo(2);
        flaky.failures.set(failures);
        clock.advance(Duration.ofSeconds(60));
        return flaky;
    }

    private StoredDecision scaleOut() throws Exception {
        controller.push(List.of(new Sample("worker", "queue_depth", clock.instant(), 1500)));
        StoredDecision d = store.decisions("worker", null, 1).decisions().get(0);
        assertThat(d.to()).isEqualTo(7);
        return d;
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffEveryAttemptRecordedAndTheActionEndsApplied() throws Exception {
        Flaky flaky = start(2, a -> new Outcome.Failed(a.decisionId(), true, "backend busy", List.of()));
        StoredDecision d = scaleOut();
        await().until(() -> store.action(d.id()).orElseThrow().state() == ActionState.APPLIED);
        Backoff seeded = backoff.withSeed(d.id().hashCode());
        assertThat(waits).containsExactly(seeded.delay(1), seeded.delay(2));
        assertThat(seeded.delay(2)).isGreaterThan(seeded.delay(1));
        List<ActuationAttempt> attempts = store.attempts(d.id());
        assertThat(attempts).extracting(ActuationAttempt::attempt).containsExactly(1, 2, 3);
        assertThat(attempts).extracting(ActuationAttempt::outcome).containsExactly(ActuationAttempt.Outcome.RETRYABLE,
                ActuationAttempt.Outcome.RETRYABLE, ActuationAttempt.Outcome.SUCCEEDED);
        assertThat(attempts.get(0).message()).isEqualTo("failed (retryable): backend busy; next attempt in " + Durations.format(seeded.delay(1)));
        assertThat(attempts.get(2).message()).startsWith("applied 2 -> 7");
        assertThat(flaky.observe().current()).isEqualTo(7);
        await().until(() -> LiveCapstan.members("sleep " + marker).size() == 7);
    }

    @Test
    void aRetryableExceptionIsRetriedToo() throws Exception {
        start(1, a -> {
            throw new ActuatorException("connection reset", true);
        });
        StoredDecision d = scaleOut();
        await().until(() -> store.action(d.id()).orElseThrow().state() == ActionState.APPLIED);
        assertThat(store.attempts(d.id())).extracting(ActuationAttempt::outcome)
                .containsExactly(ActuationAttempt.Outcome.RETRYABLE, ActuationAttempt.Outcome.SUCCEEDED);
        assertThat(store.attempts(d.id()).get(0).message()).startsWith("failed (retryable): connection reset");
    }

    @Test
    void retriesStopAtTheAttemptLimitAndTheActionEndsFailed() throws Exception {
        start(Controller.MAX_ATTEMPTS, a -> new Outcome.Failed(a.decisionId(), true, "backend busy", List.of()));
        StoredDecision d = scaleOut();
        await().until(() -> store.action(d.id()).orElseThrow().state() == ActionState.FAILED);
        assertThat(store.attempts(d.id())).hasSize(Controller.MAX_ATTEMPTS).last()
                .extracting(ActuationAttempt::outcome).isEqualTo(ActuationAttempt.Outcome.FAILED);
        assertThat(waits).hasSize(Controller.MAX_ATTEMPTS - 1);
    }

    @Test
    void aPermanentFailureEndsFailedAtOnceLeavesTheStateConsistentAndTheNextDecisionActs() throws Exception {
        Flaky flaky = start(1, a -> {
            throw new ActuatorException("the backend refuses 7 replicas: quota", false);
        });
        StoredDecision d = scaleOut();
        await().until(() -> store.action(d.id()).orElseThrow().state() == ActionState.FAILED);
        assertThat(store.attempts(d.id())).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(ActuationAttempt.Outcome.FAILED);
            assertThat(a.message()).isEqualTo("failed: the backend refuses 7 replicas: quota");
        });
        assertThat(waits).isEmpty();
        await().until(controller::idle);
        assertThat(store.unfinishedActions()).isEmpty();
        assertThat(flaky.observe().desired()).isEqualTo(2);
        // the target is not stuck behind the failed action: once its cooldown has passed, the next decision acts
        clock.advance(Duration.ofSeconds(60));
        StoredDecision next = scaleOut();
        assertThat(next.id()).isNotEqualTo(d.id());
        await().until(() -> store.action(next.id()).orElseThrow().state() == ActionState.APPLIED);
        assertThat(flaky.observe().current()).isEqualTo(7);
    }
}
