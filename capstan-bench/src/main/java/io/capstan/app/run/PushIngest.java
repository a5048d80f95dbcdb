package io.capstan.app.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 6, section 9: push ingest, samples per second through {@code POST /api/v1/metrics} in batches of 1,000, from
 * several client threads at once, into a running controller ({@link LiveBench}, 10,000 targets). Each batch names
 * 1,000 different targets, with values between the thresholds (they hold; nothing is recorded after a target's first
 * evaluation), so every push evaluates the
 * 1,000 targets it touched. Samples carry no timestamp (stamped on arrival). Bodies are rendered before the clock starts; the clients still share the two cores.
 *
 * <p>Usage: {@code PushIngest [SECONDS [THREADS [BATCH [TARGETS]]]]} (defaults 20, 4, 1000, 10000); see capstan-bench/push-ingest.sh.
 */
public final class PushIngest {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int targets = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        try (LiveBench live = LiveBench.start(targets)) {
            URI uri = URI.create(live.metricsUrl());
            // Samples without a timestamp: stamped with the time they arrive, as most pushers send them.
            List<String> bodies = new ArrayList<>();
            for (int b = 0; b < 100; b++) {
                StringBuilder s = new StringBuilder(batch * 80).append("{\"samples\":[");
                for (int i = 0; i < batch; i++) {
                    int n = b * batch + i;
                    if (i > 0) s.append(',');
                    s.append("{\"target\":\"worker-").append(n % targets).append("\",\"metric\":\"queue_depth\",\"value\":")
                            .append(200 + n % 700).append('}');
                }
                bodies.add(s.append("]}").toString());
            }
            // Every target's first evaluation records its first hold (10,000 decisions): done before the clock starts.
            HttpClient first = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int b = 0; b * batch < targets; b++) {
                HttpResponse<String> r = first.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(bodies.get(b % bodies.size()))).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 202) throw new IllegalStateException("push answered " + r.statusCode() + ": " + r.body());
            }
            String accepted = "{\"accepted\":" + batch + "}";
            AtomicLong next = new AtomicLong();
            AtomicLong samples = new AtomicLong();
            AtomicLong requests = new AtomicLong();
            AtomicBoolean measuring = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < threads; c++) {
                Thread t = new Thread(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    try {
                        while (!stop.get()) {
                            String body = bodies.get((int) (next.getAndIncrement() % bodies.size()));
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 202 || !r.body().equals(accepted)) throw new IllegalStateException("push answered " + r.statusCode() + ": " + r.body());
                            if (measuring.get()) {
                                samples.addAndGet(batch);
                                requests.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                        System.exit(1);
                    }
                }, "client-" + c);
                clients.add(t);
                t.start();
            }
            TimeUnit.SECONDS.sleep(Math.max(5, seconds / 3));
            measuring.set(true);
            long t0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            measuring.set(false);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            for (Thread t : clients) t.join();
            System.out.printf(Locale.ROOT, "push ingest: %d client threads, batches of %d over %d targets: %.0f samples/s (%d requests in %.1f s, %.1f ms per request per client), load average %s%n",
                    threads, batch, targets, samples.get() / elapsed, requests.get(), elapsed, elapsed * 1000 * threads / Math.max(1, requests.get()),
                    LiveBench.loadAverage());
        }
        System.exit(0);
    }
}
