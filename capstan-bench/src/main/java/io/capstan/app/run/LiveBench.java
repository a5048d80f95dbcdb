package io.capstan.app.run;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Problem;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.bench.PromStub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A running {@code capstan run} in this JVM for the push benchmarks: the controller and its API on 127.0.0.1 (an
 * ephemeral port, no token: loopback only), on the real embedded H2 store in a temporary directory, every target scaled
 * by the bench module's in-memory actuator. Targets are {@code worker-0..n-1}, each reading one pushed metric,
 * {@code queue_depth}, with runbook 001's worker rules (+1 above 1000, -1 below 100) and no cooldown, so every push that
 * crosses a threshold is an actuation. The tick is not run: a push evaluates the targets it touches at once.
 */
final class LiveBench implements AutoCloseable {
    final Path dir;
    final JdbcDecisionStore store;
    final Controller controller;
    final ApiServer api;
    final int port;

    private LiveBench(Path dir, JdbcDecisionStore store, Controller controller, ApiServer api, int port) {
        this.dir = dir;
        this.store = store;
        this.controller = controller;
        this.api = api;
        this.port = port;
    }

    static LiveBench start(int targets) throws Exception {
        Path dir = Files.createTempDirectory("capstan-push-bench");
        StringBuilder b = new StringBuilder("targets:\n");
        for (int t = 0; t < targets; t++) {
            b.append("  - name: worker-").append(t).append('\n')
                    .append("    replicas: {min: 1, max: 1000000}\n")
                    .append("    cooldown: {scaleOut: 0s, scaleIn: 0s}\n")
                    .append("    metrics: {queue_depth: {scope: target, source: push}}\n")
                    .append("    policies:\n")
                    .append("      - {name: queue-high, threshold: {when: \"last(queue_depth, 1m) > 1000\", action: {add: 1}}}\n")
                    .append("      - {name: queue-low, threshold: {when: \"last(queue_depth, 1m) < 100\", action: {remove: 1}}}\n")
                    .append("    actuator: {type: memory, replicas: 3}\n");
        }
        Path config = dir.resolve("push.yaml");
        Files.writeString(config, b.append("controller: {interval: 15s}\n"), StandardCharsets.UTF_8);
        PolicyFile.Live read = PolicyFile.loadLive(config, dir.resolve("data"), new InputLimits(64L << 20));
        if (!read.policy().isValid()) throw new IllegalStateException(read.policy().problems().stream().map(Problem::toString).toList().toString());
        JdbcDecisionStore store = JdbcDecisionStore.open(read.live().store());
        Clock clock = Clock.systemUTC();
        Controller controller = RunCommand.controller(read, store, dir.resolve("data"), clock, false);
        controller.resume();
        ApiServer api = new ApiServer(controller, store, null, clock, new Reload(config, dir.resolve("data"), read, controller, clock, interval -> { }));
        int port = api.start("127.0.0.1", 0);
        api.ready();
        return new LiveBench(dir, store, controller, api, port);
    }

    String metricsUrl() {
        return "http://127.0.0.1:" + port + "/api/v1/metrics";
    }

    @Override
    public void close() {
        api.close();
        controller.close();
        store.close();
        PromStub.delete(dir);
    }

    /** The load average as /proc/loadavg gives it (1, 5 and 15 minutes), to print next to a number. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
