package io.capstan.bench;

import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
import io.capstan.app.source.Sources;
import io.capstan.core.spi.MetricSource;
import io.capstan.core.spi.Poll;
import io.capstan.core.spi.SeriesRequest;
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

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The source side of one evaluation round (issue 6, section 9): 10,000 targets with 3 metrics each, every metric fed
 * by a grouped Prometheus template, so one poll of 30,000 requests. It measures what the prometheus source does per
 * round: plan the grouped queries, send them (POST, {@code groupSize} targets each, {@code concurrency} in flight),
 * stream-parse the vectors and split them by label into 30,000 samples. The server is a {@link PromStub}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class PrometheusPollBenchmark {
    static final int TARGETS = 10_000;
    static final String[] METRICS = PromStub.METRICS;

    @Param({"1000", "10000"})
    public int groupSize;

    @Param({"4"})
    public int concurrency;

    private PromStub stub;
    private MetricSource source;
    private List<SeriesRequest> requests;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        stub = PromStub.start(concurrency, target -> 1000 + Integer.parseInt(target.substring(target.indexOf('-') + 1)) % 977 + 0.5);
        now = Instant.parse("2026-03-02T10:00:00Z");
        String config = "targets:\n  - name: t0\n    metrics:\n"
                + "      queue_depth: {source: {prometheus: {query: 'sum by (deployment) (q{deployment=\"{{target}}\"})', groupBy: deployment}}}\n"
                + "sources:\n  prometheus: {url: '" + stub.url() + "', groupSize: " + groupSize
                + ", concurrency: " + concurrency + "}\n";
        Problems problems = new Problems(Path.of("bench.yaml"));
        Node root = Tree.single(Tree.read(config, Tree.Format.YAML, InputLimits.DEFAULT, problems), Tree.Format.YAML, "", problems);
        Sources sources = Sources.installed();
        Sources.Config read = sources.read(root, problems);
        if (read == null) throw new IllegalStateException(problems.list().toString());
        source = read.sources().get("prometheus").open();
        requests = new ArrayList<>(TARGETS * METRICS.length);
        for (String metric : METRICS) {
            // The spelling a config gives for each metric's grouped template (one template per metric).
            String query = read.bindings().get(0).request().query().replace("(q{", "(" + metric + "{");
            for (int t = 0; t < TARGETS; t++) requests.add(new SeriesRequest("worker-" + t, metric, query));
        }
        Poll first = source.poll(requests, now);
        if (first.samples().size() != requests.size()) {
            throw new IllegalStateException("the stub's answers do not cover every request: " + first.failures().values().stream().limit(3).toList());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        source.close();
        stub.close();
    }

    /** One round: 30,000 requests in, 30,000 samples out. */
    @Benchmark
    public Poll pollAllTargets() {
        return source.poll(requests, now);
    }
}
