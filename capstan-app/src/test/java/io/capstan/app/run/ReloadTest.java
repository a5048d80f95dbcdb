package io.capstan.app.run;

import io.capstan.app.CapturedLog;
import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Problem;
import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.ActuatorRecord;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.StoredDecision;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Config reloads of a running controller, in process: a real H2 store, real process pools whose members are
 * {@code sleep} processes marked by a unique duration, a clock the test moves. What a reload takes, what it keeps, and
 * that a config it cannot take changes nothing.
 */
class ReloadTest extends InProcessRun {
    private final String batchMarker = "7200." + random;
    private final String apiMarker = "5400." + random;
    private final List<Duration> intervals = new ArrayList<>();
    private Reload reload;
    private Path config;

    @Override
    List<String> markers() {
        return List.of(marker, batchMarker, apiMarker);
    }

    /** A target {@code name} pushed queue depths, scaled by a process pool running {@code sleep <duration>}. */
    private static String target(String name, String duration, String high) {
        return LiveCapstan.queueTarget(name, "{min: 2, max: 20}", "{scaleOut: 60s, scaleIn: 120s}", high, duration);
    }

    /** A target api whose rps is polled from Prometheus. */
    private String apiTarget() {
        return """
                  - name: api
                    replicas: {min: 1, max: 5}
                    metrics:
                      rps: {scope: target, source: {prometheus: 'sum(rate(http_requests_total[1m]))'}}
                    policies:
                      - {name: busy, threshold: {when: "avg(rps, 1m) > 100", action: {add: 1}}}
                    actuator: {type: process, command: ["sleep", "%s"]}
                """.formatted(apiMarker);
    }

    private Path write(String targets, String tail) throws Exception {
        config = Files.writeString(dir.resolve("c.yaml"), "targets:\n" + targets + tail);
        return config;
    }

    private Controller start(String targets) throws Exception {
        return start(targets, "");
    }

    private Controller start(String targets, String tail) throws Exception {
        write(targets, tail);
        PolicyFile.Live live = PolicyFile.loadLive(config, dir.resolve("data"), InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        controller = RunCommand.controller(live, store, dir.resolve("data"), clock, false);
        controller.resume();
        reload = new Reload(config, dir.resolve("data"), live, controller, clock, intervals::add);
        return controller;
    }

    /** Ticks until every action is applied. */
    private void settle() {
        controller.tick();
        await().until(controller::idle);
    }

    private Set<Long> members(String text) {
        return LiveCapstan.members(text).stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @Test
    void theSameConfigTwiceChangesNothingAndKeepsEveryTargetAsItRuns() throws Exception {
        start(target("worker", marker, "1000"));
        settle();
        TargetLoop before = controller.targets().get("worker");
        var runtime = before.runtime;
        var actuator = before.actuator;
        // the same settings written elsewhere in the file, in another key order and quoting, are the same config
        Files.writeString(config, "# reloaded\n" + Files.readString(config).replace("{type: process, command: [\"sleep\", \"" + marker + "\"], gracePeriod: 5s}",
                "{gracePeriod: 5s, type: process, command: [sleep, '" + marker + "']}"));
        for (int i = 0; i < 2; i++) {
            Reload.Result r = reload.reload();
            assertThat(r.problems()).isEmpty();
            assertThat(r.changes()).isEmpty();
        }
        TargetLoop after = controller.targets().get("worker");
        assertThat(after).isSameAs(before);
        assertThat(after.runtime).isSameAs(runtime);
        assertThat(after.actuator).isSameAs(actuator);
        assertThat(intervals).isEmpty();
    }

    @Test
    void anAddedTargetRunsAndARemovedOneAbandonsItsPendingActionsWhileItsMembersKeepRunning() throws Exception {
        start(target("worker", marker, "1000"));
        settle();
        await().until(() -> members("sleep " + marker).size() == 2);
        Set<Long> workers = members("sleep " + marker);

        write(target("worker", marker, "1000") + target("batch", batchMarker, "1000"), "");
        Reload.Result added = reload.reload();
        assertThat(added.problems()).isEmpty();
        assertThat(added.changes()).containsExactly("target batch: added (0 running)");
        assertThat(controller.targets()).containsOnlyKeys("worker", "batch");
        clock.advance(Duration.ofSeconds(1));
        settle();
        await().until(() -> members("sleep " + batchMarker).size() == 2);
        // the worker was not touched
        assertThat(members("sleep " + marker)).containsAll(workers);

        // an action of batch recorded but not yet applied (as the test hook leaves it) is abandoned by the removal
        StoredDecision pending = new StoredDecision("batch@2026-03-02T10:00:05Z", "batch", clock.instant(), 2, 7,
                "ThresholdSustained", "scale out 2 -> 7", "{}");
        store.record(io.capstan.core.spi.Recording.of(pending).planned());
        Set<Long> batch = members("sleep " + batchMarker);
        write(target("worker", marker, "1000"), "");
        Reload.Result removed = reload.reload();
        assertThat(removed.problems()).isEmpty();
        assertThat(removed.changes()).singleElement().asString().startsWith("target batch: removed")
                .contains("2 running").contains("1 unfinished action(s) abandoned");
        assertThat(store.action(pending.id()).orElseThrow().state()).isEqualTo(ActionState.ABANDONED);
        assertThat(controller.targets()).containsOnlyKeys("worker");
        // the members were not stopped, and nothing restarts them: they are no longer managed
        assertThat(members("sleep " + batchMarker)).isEqualTo(batch);
        int recorded = store.decisions("batch", null, 100).decisions().size();
        assertThat(controller.push(List.of(new Sample("batch", "queue_depth", clock.instant(), 5000))).accepted()).isZero();
        controller.tick();
        assertThat(store.decisions("batch", null, 100).decisions()).hasSize(recorded);

        // added back, the target adopts the very same members
        write(target("worker", marker, "1000") + target("batch", batchMarker, "1000"), "");
        assertThat(reload.reload().changes()).containsExactly("target batch: added (2 running)");
        assertThat(members("sleep " + batchMarker)).isEqualTo(batch);
    }

    @Test
    void aRenamedTargetIsTheOldOneRemovedAndTheNewOneAdded() throws Exception {
        start(target("worker", marker, "1000"));
        settle();
        write(target("consumer", marker, "1000"), "");
        Reload.Result r = reload.reload();
        assertThat(r.problems()).isEmpty();
        assertThat(r.changes()).hasSize(2);
        assertThat(r.changes().get(0)).startsWith("target worker: removed");
        assertThat(r.changes().get(1)).startsWith("target consumer: added");
        assertThat(controller.targets()).containsOnlyKeys("consumer");
    }

    @Test
    void changedActuatorSettingsAdoptTheRunningMembersAndStartNewOnesWithTheNewSettings() throws Exception {
        start(target("worker", marker, "1000"));
        settle();
        await().until(() -> members("sleep " + marker).size() == 2);
        Set<Long> old = members("sleep " + marker);
        write(target("worker", marker + "1", "1000"), "");
        Reload.Result r = reload.reload();
        assertThat(r.problems()).isEmpty();
        assertThat(r.changes()).singleElement().asString().startsWith("target worker: actuator settings changed").contains("2 running");
        assertThat(members("sleep " + marker)).isEqualTo(old);
        clock.advance(Duration.ofSeconds(60));
        controller.push(List.of(new Sample("worker", "queue_depth", clock.instant(), 1500)));
        await().until(() -> members("sleep " + marker + "1").size() == 5);
        assertThat(members("sleep " + marker)).hasSize(7).containsAll(old);
        assertThat(controller.targets().get("worker").actuator.observe().current()).isEqualTo(7);
    }

    @Test
    void pushesDuringReloadsAreNeitherLostNorRefused() throws Exception {
        start(target("worker", marker, "1000000"));
        settle();
        int pushes = 400;
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        java.time.Instant t0 = clock.instant();
        Thread pusher = new Thread(() -> {
            for (int i = 1; i <= pushes; i++) {
                accepted.addAndGet(controller.push(List.of(new Sample("worker", "queue_depth", t0.plusMillis(i), 500 + i))).accepted());
            }
        });
        pusher.start();
        // the worker's policies change on every reload (its runtime is replaced), and another target comes and goes
        for (int i = 0; pusher.isAlive() || i < 4; i++) {
            write(target("worker", marker, Integer.toString(1_000_000 + i)) + (i % 2 == 0 ? target("batch", batchMarker, "1000") : ""), "");
            assertThat(reload.reload().problems()).isEmpty();
        }
        pusher.join();
        assertThat(accepted.get()).isEqualTo(pushes);
        TargetLoop worker = controller.targets().get("worker");
        synchronized (worker) {
            assertThat(worker.latest.get("queue_depth").value()).isEqualTo(500 + pushes);
        }
    }

    @Test
    void aPolicyChangeKeepsTheCooldownClock() throws Exception {
        start(target("worker", marker, "1000"));
        settle();
        clock.advance(Duration.ofSeconds(60));
        controller.push(List.of(new Sample("worker", "queue_depth", clock.instant(), 1500)));
        await().until(controller::idle);
        assertThat(controller.targets().get("worker").actuator.observe().desired()).isEqualTo(7);
        write(target("worker", marker, "400"), "");
        assertThat(reload.reload().changes()).containsExactly("target worker: policies changed; its state is kept (clocks of unchanged policies included)");
        // 500 is above the new threshold, but the scale-out cooldown (60 s) started before the reload still runs
        clock.advance(Duration.ofSeconds(10));
        controller.push(List.of(new Sample("worker", "queue_depth", clock.instant(), 500)));
        assertThat(controller.targets().get("worker").lastDecision.to()).isEqualTo(7);
        assertThat(controller.targets().get("worker").lastDecision.reason().name()).isEqualTo("CooldownActive");
        clock.advance(Duration.ofSeconds(60));
        controller.push(List.of(new Sample("worker", "queue_depth", clock.instant(), 500)));
        assertThat(controller.targets().get("worker").lastDecision.to()).isEqualTo(12);
    }

    @Test
    void sourcesAndTheIntervalAreTakenAndReported() throws Exception {
        start(target("worker", marker, "1000"));
        String api = apiTarget();
        write(target("worker", marker, "1000") + api, "sources: {prometheus: {url: \"http://127.0.0.1:9\"}}\ncontroller: {interval: 1s}\n");
        Reload.Result r = reload.reload();
        assertThat(r.problems()).isEmpty();
        assertThat(r.changes()).contains("target api: added (0 running)", "source prometheus: added",
                "target api: metric rps now polled from prometheus (sum(rate(http_requests_total[1m])))", "controller.interval: 15s -> 1s");
        assertThat(intervals).containsExactly(Duration.ofSeconds(1));
        settle();
        var first = controller.sources().get("prometheus");
        write(target("worker", marker, "1000") + api, "sources: {prometheus: {url: \"http://127.0.0.1:10\"}}\ncontroller: {interval: 1s}\n");
        assertThat(reload.reload().changes()).containsExactly("source prometheus: settings changed, reopened");
        assertThat(controller.sources().get("prometheus")).isNotSameAs(first);
        // the source fails (nothing listens): no data for the metric it feeds, shown, never zero
        controller.tick();
        assertThat(controller.targets().get("api").sourceErrors).containsKey("rps");
        write(target("worker", marker, "1000"), "");
        assertThat(reload.reload().changes()).containsExactly("target api: removed; its actuator is closed and what it runs keeps running,"
                + " no longer managed (1 running; adding the target back adopts them)", "source prometheus: removed", "controller.interval: 1s -> 15s");
        assertThat(controller.sources()).isEmpty();
    }

    @Test
    void aTargetAddedByAReloadIsWarmedFromTheSourcesThatReloadGave() throws Exception {
        String api = apiTarget();
        String predictive = """
                  - name: batch
                    replicas: {min: 1, max: 5}
                    service: {capacityPerReplica: 100, startupSeconds: 60}
                    metrics:
                      request_rate: {scope: target, source: {prometheus: 'sum(rate(batch_requests_total[1m]))'}}
                    policies:
                      - name: forecast
                        predictive: {metric: request_rate, targetUtilization: 85, step: 5m, history: 2d}
                    actuator: {type: process, command: ["sleep", "%s"]}
                """.formatted(batchMarker);
        start(api, "sources: {prometheus: {url: \"http://127.0.0.1:9\"}}\n");

        write(api + predictive, "sources: {prometheus: {url: \"http://127.0.0.1:10\"}}\n");
        try (CapturedLog log = new CapturedLog()) {
            assertThat(reload.reload().problems()).isEmpty();
            // nothing listens on either port: the warm start's failure names the server it asked, the reloaded one
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("INFO batch: forecast: no history of request_rate")
                    .contains("http://127.0.0.1:10").doesNotContain("127.0.0.1:9"));
        }
    }

    @Test
    void aTargetsSlowScaleInNeverDelaysAnotherTargetsChangeEvenOneAReloadAdded() throws Exception {
        // the worker's members ignore SIGTERM: scaling them in takes the whole grace period
        String worker = target("worker", marker, "1000").replace("command: [\"sleep\", \"" + marker + "\"], gracePeriod: 5s",
                "command: [sh, -c, 'trap \"\" TERM; exec sleep " + marker + "'], gracePeriod: 8s");
        start(worker);
        settle();
        write(worker + target("batch", batchMarker, "1000"), "");
        assertThat(reload.reload().changes()).contains("target batch: added (0 running)");
        settle();
        await().until(() -> members("sleep " + marker).size() == 2 && members("sleep " + batchMarker).size() == 2);
        controller.manualScale("worker", 4, "ManualScale", "test", "up", false);
        await().until(() -> controller.idle() && members("sleep " + marker).size() == 4);

        controller.manualScale("worker", 2, "ManualScale", "test", "down", false);
        await().until(() -> controller.targets().get("worker").inFlight != null);
        controller.manualScale("batch", 5, "ManualEmergency", "test", "the site is down", false);
        await().until(() -> members("sleep " + batchMarker).size() == 5);
        synchronized (controller.targets().get("worker")) {
            assertThat(controller.targets().get("worker").inFlight).as("the worker is still stopping its members").isNotNull();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.idle() && members("sleep " + marker).size() == 2);
    }

    @Test
    void healthForgetsTheFailuresOfTheSourcesAReloadClosed() throws Exception {
        String api = apiTarget();
        start(target("worker", marker, "1000"));
        write(target("worker", marker, "1000") + api, "sources: {prometheus: {url: \"http://127.0.0.1:9\"}}\n");
        assertThat(reload.reload().problems()).isEmpty();
        controller.tick();
        assertThat(controller.failingSources()).containsOnlyKeys("prometheus");
        assertThat(controller.failingSources().get("prometheus")).contains("127.0.0.1:9");
        // another url: the old one's failure is not the new one's
        write(target("worker", marker, "1000") + api, "sources: {prometheus: {url: \"http://127.0.0.1:10\"}}\n");
        assertThat(reload.reload().changes()).containsExactly("source prometheus: settings changed, reopened");
        assertThat(controller.failingSources()).isEmpty();
        assertThat(controller.targets().get("api").sourceErrors).isEmpty();
        controller.tick();
        assertThat(controller.failingSources().get("prometheus")).contains("127.0.0.1:10").doesNotContain("127.0.0.1:9");
        // the source removed: nothing is left failing
        write(target("worker", marker, "1000"), "");
        assertThat(reload.reload().changes()).contains("source prometheus: removed");
        controller.tick();
        assertThat(controller.failingSources()).isEmpty();
    }

    @Test
    void aConfigThatCannotBeTakenKeepsTheRunningOneWhole() throws Exception {
        start(target("worker", marker, "1000"));
        settle();
        String good = Files.readString(config);
        TargetLoop running = controller.targets().get("worker");
        var runtime = running.runtime;
        var actuator = running.actuator;

        Files.delete(config);
        assertRefused("c.yaml");
        Files.writeString(config, good.substring(0, good.indexOf("policies:") + 20));
        assertRefused("c.yaml:");
        Files.writeString(config, "targets:\n" + target("worker", marker, "1000") + target("worker", batchMarker, "1000"));
        assertRefused("duplicate");
        Files.writeString(config, "targets: []\n");
        assertRefused("targets: expected at least one target");
        Files.writeString(config, good.replace("gracePeriod: 5s", "gracePeriod: soon"));
        assertRefused("targets[0].actuator.gracePeriod");
        Files.writeString(config, good.replace("actuator: {type: process, command: [\"sleep\", \"" + marker + "\"], gracePeriod: 5s}", ""));
        assertRefused("target worker has no actuator");
        // what only this machine shows: a program that is not here
        Files.writeString(config, good.replace("command: [\"sleep\", ", "command: [\"/nonexistent/capstan-member\", "));
        assertRefused("targets[0].actuator.command: command /nonexistent/capstan-member is not an executable file on this machine");
        // a new target whose actuator cannot be opened (its pool's record is unreadable): nothing is taken, not even
        // the other target's new policies
        store.putActuatorRecord(new ActuatorRecord("batch", "process/batch", "{not json", clock.instant()));
        write(target("worker", marker, "400") + target("batch", batchMarker, "1000"), "");
        List<Problem> problems = assertRefused("cannot open the actuator of target batch");
        assertThat(problems.get(0).line()).isEqualTo(19);

        assertThat(controller.targets()).containsOnlyKeys("worker");
        assertThat(controller.targets().get("worker").runtime).isSameAs(runtime);
        assertThat(controller.targets().get("worker").actuator).isSameAs(actuator);
        assertThat(members("sleep " + batchMarker)).isEmpty();
        Files.writeString(config, good);
        assertThat(reload.reload().changes()).isEmpty();
    }

    private List<Problem> assertRefused(String text) {
        Reload.Result r = reload.reload();
        assertThat(r.taken()).isFalse();
        assertThat(r.changes()).isEmpty();
        assertThat(r.problems()).isNotEmpty().anySatisfy(p -> assertThat(p.toString()).contains(text));
        return r.problems();
    }
}
