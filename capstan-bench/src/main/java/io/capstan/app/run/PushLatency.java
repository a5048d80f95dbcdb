package io.capstan.app.run;

import io.capstan.bench.MemoryActuatorFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Issue 6, section 9: the latency from a pushed sample that crosses a threshold to the actuator's apply call, end to
 * end: {@code POST /api/v1/metrics} over real HTTP into a running controller ({@link LiveBench}), the touched target
 * evaluated at once, the decision recorded in H2, the action handed to the apply executor, moved to APPLYING, and the
 * in-memory actuator's {@code apply} called, which notes {@link System#nanoTime()}. One push at a time, round robin over
 * the targets, each push alternating a target's queue depth above 1000 and below 100, so every push is a scale out or
 * a scale in. Latency = apply call's nanoTime - nanoTime before the request was sent.
 *
 * <p>Usage: {@code PushLatency [MEASURED [WARMUP [TARGETS]]]} (defaults 5000, 2000, 100); see capstan-bench/push-latency.sh.
 */
public final class PushLatency {
    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int targets = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        ConcurrentHashMap<String, Long> applied = new ConcurrentHashMap<>();
        MemoryActuatorFactory.onApply = (nanos, a) -> applied.putIfAbsent(a.target(), nanos);
        try (LiveBench live = LiveBench.start(targets)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create(live.metricsUrl());
            long[] toApply = new long[measured];
            long[] toAnswer = new long[measured];
            int[] pushes = new int[targets];
            for (int i = 0; i < warmup + measured; i++) {
                int t = i % targets;
                String target = "worker-" + t;
                int value = pushes[t]++ % 2 == 0 ? 1500 : 50;
                HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"samples\":[{\"target\":\"" + target
                                + "\",\"metric\":\"queue_depth\",\"value\":" + value + "}]}")).build();
                // The previous action of this target has ended (it was applied before its turn came round again).
                awaitIdle(live.controller, target);
                applied.remove(target);
                long start = System.nanoTime();
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                if (r.statusCode() != 202) throw new IllegalStateException("push answered " + r.statusCode() + ": " + r.body());
                Long at;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while ((at = applied.get(target)) == null) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("no apply call for push " + i + " to " + target);
                    Thread.onSpinWait();
                }
                if (i >= warmup) {
                    toApply[i - warmup] = at - start;
                    toAnswer[i - warmup] = answered - start;
                }
            }
            System.out.printf(Locale.ROOT, "push -> apply call, %d pushes over %d targets (after %d warm-up), load average %s%n",
                    measured, targets, warmup, LiveBench.loadAverage());
            print("push -> actuator apply call", toApply);
            print("push -> HTTP 202 answer", toAnswer);
        }
        System.exit(0);
    }

    private static void awaitIdle(Controller c, String target) throws InterruptedException {
        TargetLoop t = c.targets().get(target);
        while (true) {
            synchronized (t) {
                if (t.inFlight == null) return;
            }
            Thread.sleep(0, 100_000);
        }
    }

    static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-30s p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  max %7.2f ms%n", what,
                ms(s, 0.50), ms(s, 0.90), ms(s, 0.99), ms(s, 0.999), s[s.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
