package io.capstan.bench;

import java.io.IOException;
import java.time.Instant;

/**
 * Writes a one-second cpu trace (default 300,000 rows: three and a half days) and a policy that
 * reads {@code p99(cpu, 30d)}, so the cost of a percentile over a long window can be timed from the
 * command line: {@code FILES=PercentileTraceFiles SIMULATE_ARGS="--step 1s"
 * capstan-bench/simulate-long.sh 300000}. Every step reads the p99 of every sample so far: with
 * selection on each read the run is quadratic in its length. Deterministic (seeded): a daily cycle
 * with noise.
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
        LongTraceFiles.write(args, "target/percentile-trace", 300_000L, POLICY, "cpu", Instant.parse("2026-01-01T00:00:00Z"), 1,
                (i, random) -> Math.max(0, Math.min(100, 55 + 25 * Math.sin(2 * Math.PI * (i % 86_400) / 86_400.0) + random.nextGaussian() * 6)));
    }
}
