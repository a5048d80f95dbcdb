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
        write(args, "target/long-trace", 10_000_000L, POLICY, "demand", Instant.parse("2007-01-01T00:00:00Z"), 60, (i, random) -> {
            double day = Math.sin(2 * Math.PI * (i % 1440) / 1440.0);
            double week = (i / 1440) % 7 >= 5 ? 0.6 : 1.0;
            return Math.max(0, week * (1500 + 1000 * day) + random.nextGaussian() * 80 + (random.nextInt(5000) == 0 ? 3000 : 0));
        });
    }

    /** The value of row {@code i}, drawing any noise from {@code random} (seeded once per file). */
    interface Generator {
        double value(long i, Random random);
    }

    /**
     * Writes {@code policy.yaml} and a one-column {@code trace.csv} (values with two decimals, rows
     * {@code stepSeconds} apart from {@code start}) into the directory {@code args[0]}, with
     * {@code args[1]} rows; prints the directory.
     */
    static void write(String[] args, String defaultDir, long defaultRows, String policy, String column, Instant start,
            long stepSeconds, Generator generator) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : defaultDir);
        long rows = args.length > 1 ? Long.parseLong(args[1]) : defaultRows;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("policy.yaml"), policy);
        Random random = new Random(42);
        long first = start.getEpochSecond();
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(dir.resolve("trace.csv")), StandardCharsets.UTF_8), 1 << 20)) {
            w.write("timestamp," + column + "\n");
            StringBuilder sb = new StringBuilder(64);
            for (long i = 0; i < rows; i++) {
                double value = generator.value(i, random);
                sb.setLength(0);
                sb.append(Instant.ofEpochSecond(first + i * stepSeconds)).append(',').append(String.format(Locale.ROOT, "%.2f", value)).append('\n');
                w.append(sb);
            }
        }
        System.out.println(dir);
    }
}
