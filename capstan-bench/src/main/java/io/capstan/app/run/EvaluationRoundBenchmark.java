package io.capstan.app.run;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Problem;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.bench.PromStub;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * One evaluation round of {@code capstan run} (issue 6, section 9): {@link Controller#tick} over 10,000 targets with 3
 * metrics each, every metric fed by a grouped Prometheus template (a {@link PromStub} on 127.0.0.1), on the real
 * embedded H2 store, each target scaled by the bench module's in-memory actuator ({@code type: memory}). A round is
 * poll + feed + observe + decide + record, and, for the targets that change, apply: the round ends when every action
 * it started is applied and recorded ({@link Controller#idle}). Time is the system clock's, as in {@code capstan run}.
 *
 * <p>{@code activePercent} of the targets see a queue depth above their threshold every round and scale out by one
 * each round (no cooldown); the others hold, and a quiet target writes nothing to the store after its first round.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 8, time = 4)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class EvaluationRoundBenchmark {
    static final int TARGETS = 10_000;

    @Param({"0", "1"})
    public int activePercent;

    private Path dir;
    private PromStub stub;
    private JdbcDecisionStore store;
    private Controller controller;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("capstan-round-bench");
        stub = PromStub.start(target -> {
            int i = Integer.parseInt(target.substring(target.indexOf('-') + 1));
            return activePercent > 0 && i % (100 / activePercent) == 0 ? 6000 : 1000 + i % 977 + 0.5;
        });
        Path config = dir.resolve("round.yaml");
        Files.writeString(config, config(TARGETS, stub.url()), StandardCharsets.UTF_8);
        PolicyFile.Live read = PolicyFile.loadLive(config, dir.resolve("data"), new InputLimits(64L << 20));
        if (!read.policy().isValid()) throw new IllegalStateException(read.policy().problems().stream().map(Problem::toString).toList().toString());
        store = JdbcDecisionStore.open(read.live().store());
        controller = RunCommand.controller(read, store, dir.resolve("data"), Clock.systemUTC(), false);
        controller.resume();
        // The first round records every target's first hold; measured rounds are the steady state after it.
        round();
    }

    static String config(int targets, String prometheusUrl) {
        StringBuilder b = new StringBuilder("targets:\n");
        for (int t = 0; t < targets; t++) {
            b.append("  - name: worker-").append(t).append('\n')
                    .append("    replicas: {min: 1, max: 1000000}\n")
                    .append("    cooldown: {scaleOut: 0s, scaleIn: 0s}\n")
                    .append("    metrics:\n");
            for (String m : PromStub.METRICS) {
                b.append("      ").append(m).append(": {scope: target, source: {prometheus: {query: 'sum by (deployment) (")
                        .append(m).append("{deployment=\"{{target}}\"})', groupBy: deployment}}}\n");
            }
            b.append("    policies:\n")
                    .append("      - {name: queue-high, threshold: {when: \"last(queue_depth, 1m) > 5000\", action: {add: 1}}}\n")
                    .append("      - {name: cpu-high, threshold: {when: \"avg(cpu, 5m) > 5000\", action: {add: 1}}}\n")
                    .append("      - {name: latency-low, threshold: {when: \"last(latency_p99, 1m) < 10\", action: {remove: 1}}}\n")
                    .append("    actuator: {type: memory, replicas: 3}\n");
        }
        return b.append("sources:\n  prometheus: {url: '").append(prometheusUrl).append("'}\ncontroller: {interval: 15s}\n").toString();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        controller.close();
        store.close();
        stub.close();
        PromStub.delete(dir);
    }

    /** One round: tick, then wait until what it started is applied. */
    @Benchmark
    public Controller round() throws InterruptedException {
        controller.tick();
        while (!controller.idle()) java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        return controller;
    }
}
