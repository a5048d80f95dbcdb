package io.capstan.app.run;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.decide.Decider;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.Actuation;
import io.capstan.core.spi.Actuator;
import io.capstan.core.spi.Backoff;
import io.capstan.core.spi.Capacity;
import io.capstan.core.spi.DecisionStore;
import io.capstan.core.spi.Outcome;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.StoreException;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the controller writes per round, and when: a round's decisions in one transaction, nothing for a quiet target,
 * nothing applied from a round the store refused, and evaluations that read the clock out of order. Real H2 store
 * (behind a proxy that counts and can refuse writes); actuators that only keep a count.
 */
class ControllerRoundTest {
    @TempDir
    Path dir;

    private final ControllerTest.TestClock clock = new ControllerTest.TestClock();
    private JdbcDecisionStore h2;
    /** Store calls by method name. */
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Recordings per recordAll call. */
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    private volatile boolean refuseRecords;
    private DecisionStore store;
    private final Map<String, Count> actuators = new LinkedHashMap<>();
    private Controller controller;

    /** An actuator that only keeps a count and the decision ids applied. */
    static final class Count implements Actuator {
        volatile int replicas;
        final List<String> applied = new CopyOnWriteArrayList<>();

        Count(int replicas) {
            this.replicas = replicas;
        }

        @Override
        public Capacity observe() {
            return new Capacity(replicas, replicas, replicas, java.time.Instant.EPOCH, List.of());
        }

        @Override
        public synchronized Outcome apply(Actuation a) {
            applied.add(a.decisionId());
            int before = replicas;
            replicas = a.desired();
            return new Outcome.Applied(a.decisionId(), before, a.desired(), List.of());
        }

        @Override
        public void close() {}
    }

    @BeforeEach
    void open() throws Exception {
        h2 = JdbcDecisionStore.open(StoreConfig.inMemory("round-" + System.nanoTime()));
        store = (DecisionStore) Proxy.newProxyInstance(DecisionStore.class.getClassLoader(), new Class<?>[] {DecisionStore.class}, (p, m, args) -> {
            calls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
            if (m.getName().startsWith("record") && refuseRecords && !m.getName().equals("recordAttempt")) throw new StoreException("the database is away");
            if (m.getName().equals("recordAll")) {
                batches.add(((List<?>) args[0]).size());
            }
            try {
                return m.invoke(h2, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @AfterEach
    void close() {
        if (controller != null) controller.close();
        h2.close();
    }

    /** Targets worker-0..n-1 reading a pushed queue depth (+1 above 1000, -1 below 100, no cooldown), at 3 replicas. */
    private Controller controller(int targets) throws Exception {
        StringBuilder b = new StringBuilder("targets:\n");
        for (int t = 0; t < targets; t++) {
            b.append("""
                      - name: worker-%d
                        replicas: {min: 1, max: 100}
                        cooldown: {scaleOut: 0s, scaleIn: 0s}
                        metrics: {queue_depth: {scope: target, source: push}}
                        policies:
                          - {name: queue-high, threshold: {when: "last(queue_depth, 1m) > 1000", action: {add: 1}}}
                          - {name: queue-low, threshold: {when: "last(queue_depth, 1m) < 100", action: {remove: 1}}}
                        actuator: {type: process, command: ["true"]}
                    """.formatted(t));
        }
        Path config = Files.writeString(dir.resolve("c.yaml"), b);
        PolicyFile.Live live = PolicyFile.loadLive(config, dir.resolve("data"), InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        Map<String, TargetLoop> loops = new LinkedHashMap<>();
        for (TargetSpec spec : live.policy().targets()) {
            Count a = new Count(3);
            actuators.put(spec.name(), a);
            loops.put(spec.name(), new TargetLoop(spec.name(), new TargetRuntime(spec, new Decider()), a));
        }
        controller = new Controller(loops, store, Map.of(), List.of(), clock, false, Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(1), 1));
        controller.resume();
        return controller;
    }

    private void push(Controller c, int target, double value) {
        assertThat(c.push(List.of(new Sample("worker-" + target, "queue_depth", clock.instant(), value))).accepted()).isEqualTo(1);
    }

    private int writes() {
        int n = 0;
        for (String m : List.of("record", "recordAll", "saveState", "transition", "recordAttempt")) n += calls.getOrDefault(m, new AtomicInteger()).get();
        return n;
    }

    @Test
    void aRoundRecordsTheDecisionsOfAllItsTargetsInOneTransactionAndThenAppliesEach() throws Exception {
        Controller c = controller(30);
        for (int t = 0; t < 30; t++) push(c, t, 1500);
        await().until(c::idle);
        batches.clear();
        calls.clear();
        clock.advance(Duration.ofSeconds(15));
        c.tick();
        // 30 scale-outs in one recordAll; nothing recorded one by one
        assertThat(batches).containsExactly(30);
        assertThat(calls.get("record")).isNull();
        await().until(c::idle);
        for (int t = 0; t < 30; t++) {
            StoredDecision d = h2.decisions("worker-" + t, null, 1).decisions().get(0);
            assertThat(d.to()).isEqualTo(5);
            assertThat(h2.action(d.id()).orElseThrow().state()).isEqualTo(ActionState.APPLIED);
            assertThat(actuators.get("worker-" + t).replicas).isEqualTo(5);
        }
    }

    @Test
    void aQuietTargetWritesNothingTickAfterTick() throws Exception {
        Controller c = controller(5);
        for (int t = 0; t < 5; t++) push(c, t, 500);
        clock.advance(Duration.ofSeconds(1));
        c.tick();
        int after = writes();
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(5));
            for (int t = 0; t < 5; t++) push(c, t, 400 + i);
            c.tick();
        }
        assertThat(writes()).isEqualTo(after);
        // and a change after all that quiet is written and applied at once
        push(c, 2, 50);
        await().until(c::idle);
        assertThat(actuators.get("worker-2").replicas).isEqualTo(2);
        assertThat(writes()).isGreaterThan(after);
    }

    @Test
    void aRoundTheStoreRefusesAppliesNothingAndIsDecidedAgain() throws Exception {
        Controller c = controller(3);
        refuseRecords = true;
        for (int t = 0; t < 3; t++) c.push(List.of(new Sample("worker-" + t, "queue_depth", clock.instant(), 1500)));
        clock.advance(Duration.ofSeconds(15));
        c.tick();
        assertThat(c.idle()).isTrue();
        for (Count a : actuators.values()) assertThat(a.applied).isEmpty();
        assertThat(h2.unfinishedActions()).isEmpty();
        refuseRecords = false;
        clock.advance(Duration.ofSeconds(15));
        c.tick();
        await().until(c::idle);
        for (Count a : actuators.values()) assertThat(a.replicas).isEqualTo(4);
        assertThat(h2.decisions("worker-0", null, 10).decisions()).extracting(StoredDecision::to).containsExactly(4);
    }

    @Test
    void anEvaluationThatReadTheClockBeforeAnotherButRunsAfterItDecidesAtTheLaterInstant() throws Exception {
        Controller c = controller(1);
        clock.advance(Duration.ofSeconds(10));
        java.time.Instant later = clock.instant();
        push(c, 0, 500);
        await().until(c::idle);
        // A push (or the tick) that read the clock 10 s earlier takes the target's monitor only now.
        TargetLoop t = c.targets().get("worker-0");
        t.runtime.add("queue_depth", later.toEpochMilli(), 1500);
        c.evaluate(t, later.minusSeconds(10));
        await().until(c::idle);
        StoredDecision d = h2.decisions("worker-0", null, 1).decisions().get(0);
        assertThat(d.at()).isEqualTo(later);
        assertThat(actuators.get("worker-0").replicas).isEqualTo(4);
        List<String> ids = new ArrayList<>(actuators.get("worker-0").applied);
        assertThat(ids).containsExactly(d.id());
    }

    @Test
    void aPushRecordsTheDecisionsOfTheTargetsItTouchedInOneTransaction() throws Exception {
        Controller c = controller(30);
        batches.clear();
        List<Sample> samples = new ArrayList<>();
        for (int t = 0; t < 30; t++) samples.add(new Sample("worker-" + t, "queue_depth", clock.instant(), 1500));
        assertThat(c.push(samples).accepted()).isEqualTo(30);
        assertThat(batches).containsExactly(30);
        assertThat(calls.get("record")).isNull();
        await().until(c::idle);
        for (Count a : actuators.values()) assertThat(a.replicas).isEqualTo(4);
    }

    @Test
    void aBatchOfBadSamplesAgainstManyTargetsNamesEachSampleButNotEveryTargetEachTime() throws Exception {
        Controller c = controller(200);
        try (ApiServer api = new ApiServer(c, store, null, clock, null)) {
            int port = api.start("127.0.0.1", 0);
            api.ready();
            StringBuilder body = new StringBuilder("{\"samples\":[");
            for (int i = 0; i < 1000; i++) body.append(i == 0 ? "" : ",").append("{\"target\":\"nope\",\"metric\":\"queue_depth\",\"value\":1}");
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/metrics"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            var answer = DecisionJson.JSON.readTree(r.body());
            assertThat(answer.get("samples")).hasSize(1000);
            assertThat(answer.get("samples").get(999).get("error").asText())
                    .isEqualTo("samples[999].target: no target 'nope'; targets are worker-0, worker-1, worker-2, worker-3, worker-4, "
                            + "worker-5, worker-6, worker-7, worker-8, worker-9, ... (200 in all)");
        }
        assertThat(h2.decisions("worker-0", null, 1).decisions()).isEmpty();
    }
}
