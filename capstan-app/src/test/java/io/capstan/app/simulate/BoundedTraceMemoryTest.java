package io.capstan.app.simulate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory does not grow with the trace (issue 5, section 7), shown structurally: a forked JVM with a
 * 40 MB heap replays a trace of 2.4 million samples, which held in arrays (16 bytes a sample, as the
 * reader did before it spilled) take 38 MB before growth: that reader ran out of memory here. The
 * run takes one step an hour so that it stays short (about 2 s of CPU); the trace is still read,
 * checked, spilled and read back whole.
 */
class BoundedTraceMemoryTest {
    private static final int ROWS = 600_000;
    private static final String POLICY = """
            targets:
              - name: api
                replicas: {min: 2, max: 40, initial: 4}
                metrics: {cpu: {}, memory: {}, queue_depth: {scope: target}, latency_ms: {}}
                policies:
                  - {name: cpu-target, targetTracking: {metric: cpu, type: utilization, target: 60}}
                  - {name: queue, threshold: {when: "max(queue_depth, 1h) > 900", action: {add: 2}}}
            """;

    @TempDir
    Path dir;

    @Test
    void aTraceLargerThanTheHeapIsReplayedWithinIt() throws IOException, InterruptedException {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        Path trace = dir.resolve("trace.csv");
        long start = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
        try (BufferedWriter w = Files.newBufferedWriter(trace)) {
            w.write("timestamp,cpu,memory,queue_depth,latency_ms\n");
            StringBuilder sb = new StringBuilder(64);
            for (int i = 0; i < ROWS; i++) {
                int phase = i % 1440;
                sb.setLength(0);
                sb.append(start + i * 60L).append(',').append(20 + phase % 70).append(',').append(40 + phase % 30).append(',')
                        .append(phase % 1000).append(',').append(100 + phase % 50).append('\n');
                w.append(sb);
            }
        }
        Path log = dir.resolve("run.log");
        Process p = new ProcessBuilder(io.capstan.app.ChildJvm.command(List.of("-Xmx40m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + dir),
                "io.capstan.app.Main", List.of("simulate", "--policy", policy.toString(),
                "--trace", trace.toString(), "--step", "1h", "--allow-coarse-step", "--out", dir.resolve("out").toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly();
        assertThat(done).as("the run ended").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("Simulated " + ((ROWS - 1) / 60 + 1) + " steps");
        try (var left = Files.list(dir)) {
            assertThat(left.map(f -> f.getFileName().toString())).as("the spill file is gone").noneMatch(f -> f.startsWith("capstan-trace-"));
        }
    }
}
