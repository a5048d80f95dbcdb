package io.capstan.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a long one-minute demand trace (default 10,000,000 rows: 19 years) and a policy file for
 * it, so the scale of {@code simulate} can be measured from the command line
 * (capstan-bench/simulate-long.sh). Regenerated on demand, never committed: the default trace is
 * about 300 MB. Deterministic (seeded): a daily and weekly cycle with noise and occasional bursts.
 */
public final class LongTraceFiles {
    private LongTraceFiles() {}

    static final String POLICY = """
            targets:
              - name: api
                replicas: {min: 2, max: 40, initial: 4}
                metrics: {cpu: {}}
                service: {capacityPerReplica: 100, startupSeconds: 120, costPerReplicaHour: 0.05}
                cooldown: 3m
                policies:
                  - {name: cpu-high, threshold: {when: "avg(cpu, 5m) > 80 for 3m", action: {add: 2}}}
                  - {name: cpu-target, targetTracking: {metric: cpu, target: 60}}
            """;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/long-trace");
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("policy.yaml"), POLICY);
        Random random = new Random(42);
        long start = Instant.parse("2007-01-01T00:00:00Z").getEpochSecond();
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(dir.resolve("trace.csv")), StandardCharsets.UTF_8), 1 << 20)) {
            w.write("timestamp,demand\n");
            StringBuilder sb = new StringBuilder(64);
            for (long i = 0; i < rows; i++) {
                double day = Math.sin(2 * Math.PI * (i % 1440) / 1440.0);
                double week = (i / 1440) % 7 >= 5 ? 0.6 : 1.0;
                double demand = Math.max(0, week * (1500 + 1000 * day) + random.nextGaussian() * 80 + (random.nextInt(5000) == 0 ? 3000 : 0));
                sb.setLength(0);
                sb.append(Instant.ofEpochSecond(start + i * 60)).append(',').append(String.format(Locale.ROOT, "%.2f", demand)).append('\n');
                w.append(sb);
            }
        }
        System.out.println(dir);
    }
}
