package io.capstan.bench;

import io.capstan.core.simulate.SeriesCursor;
import io.capstan.core.simulate.Trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * Writes the 30-day, one-minute trace of {@link SimulationBenchmark} and the same five policies as
 * a policy file, so the whole CLI run can be timed from JVM start (capstan-bench/simulate-30d.sh).
 */
public final class ThirtyDayFiles {
    private ThirtyDayFiles() {}

    static final String POLICY = """
            targets:
              - name: bench
                replicas: {min: 2, max: 20, initial: 5}
                metrics: {cpu: {}, memory: {}, queue_depth: {}}
                cooldown: 5m
                policies:
                  - {name: cpu-high, threshold: {when: "avg(cpu, 5m) > 70 for 3m", action: {add: 2}}}
                  - {name: queue-high, threshold: {when: "last(queue_depth, 1m) > 1000", severity: critical, action: {add: 5}}}
                  - {name: scale-in, threshold: {when: {allOf: ["avg(cpu, 5m) < 30 for 10m", "avg(memory, 5m) < 50 for 10m"]}, action: {remove: 1}}}
                  - {name: cpu-target, targetTracking: {metric: cpu, target: 70}}
                  - {name: cpu-steps, step: {metric: cpu, agg: p95, window: 5m, op: ">", threshold: 70, steps: [{lower: 0, upper: 15, adjustment: 1}, {lower: 15, adjustment: 2}]}}
            """;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/thirty-days");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("five-policies.yaml"), POLICY);
        Trace trace = SimulationBenchmark.thirtyDays(new Random(42));
        // the three series are sampled together, one row per minute
        try (Writer w = Files.newBufferedWriter(dir.resolve("trace.csv"));
             SeriesCursor cpu = trace.series("cpu").cursor();
             SeriesCursor memory = trace.series("memory").cursor();
             SeriesCursor queue = trace.series("queue_depth").cursor()) {
            w.write("timestamp,cpu,memory,queue_depth\n");
            for (; cpu.time() != SeriesCursor.END; cpu.advance(), memory.advance(), queue.advance()) {
                w.write(Instant.ofEpochMilli(cpu.time()) + "," + cpu.value() + "," + memory.value() + "," + queue.value() + "\n");
            }
        }
        System.out.println(dir);
    }
}
