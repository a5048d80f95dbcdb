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
 * Writes a one-second cpu trace (default 300,000 rows: three and a half days) and a policy that
 * reads {@code p99(cpu, 30d)}, so the cost of a percentile over a long window can be timed from the
 * command line ({@code FILES=PercentileTraceFiles capstan-bench/simulate-long.sh 300000}). Every step
 * reads the p99 of every sample so far: with selection on each read the run is quadratic in its
 * length. Deterministic (seeded): a daily cycle with noise.
 */
public final class PercentileTraceFiles {
    private PercentileTraceFiles() {}

    static final String POLICY = """
            targets:
              - name: api
                replicas: {min: 2, max: 40, initial: 4}
                metrics: {cpu: {}}
                cooldown: 3m
                policies:
                  - {name: p99-high, threshold: {when: "p99(cpu, 30d) > 85 for 5m", action: {add: 1}}}
                  - {name: cpu-low, threshold: {when: "avg(cpu, 5m) < 30 for 10m", action: {remove: 1}}}
            """;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/percentile-trace");
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 300_000L;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("policy.yaml"), POLICY);
        Random random = new Random(42);
        long start = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(dir.resolve("trace.csv")), StandardCharsets.UTF_8), 1 << 20)) {
            w.write("timestamp,cpu\n");
            for (long i = 0; i < rows; i++) {
                double day = Math.sin(2 * Math.PI * (i % 86_400) / 86_400.0);
                double cpu = Math.max(0, Math.min(100, 55 + 25 * day + random.nextGaussian() * 6));
                w.write(Instant.ofEpochSecond(start + i) + "," + String.format(Locale.ROOT, "%.2f", cpu) + "\n");
            }
        }
        System.out.println(dir);
    }
}
