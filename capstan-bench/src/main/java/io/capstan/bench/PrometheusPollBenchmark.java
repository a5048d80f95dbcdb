package io.capstan.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source side of one evaluation round (issue 6, section 9): 10,000 targets with 3 metrics each, every metric fed
 * by a grouped Prometheus template, so one poll of 30,000 requests. It measures what the prometheus source does per
 * round: plan the grouped queries, send them (POST, {@code groupSize} targets each, {@code concurrency} in flight),
 * stream-parse the vectors and split them by label into 30,000 samples. The server is a stub on 127.0.0.1 that
 * answers like Prometheus with one series per target named in the query; it renders each answer once and replays the
 * bytes, so the round measures the client, not the stub's JSON writing (it still shares the two cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class PrometheusPollBenchmark {
    static final int TARGETS = 10_000;
    static final String[] METRICS = {"queue_depth", "cpu", "latency_p99"};

    @Param({"1000", "10000"})
    public int groupSize;

    @Param({"4"})
    public int concurrency;

    private HttpServer stub;
    private MetricSource source;
    private List<SeriesRequest> requests;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        stub.setExecutor(Executors.newFixedThreadPool(concurrency));
        Map<String, byte[]> rendered = new ConcurrentHashMap<>();
        now = Instant.parse("2026-03-02T10:00:00Z");
        stub.createContext("/api/v1/query", x -> answer(x, rendered));
        stub.start();
        String config = "targets:\n  - name: t0\n    metrics:\n"
                + "      queue_depth: {source: {prometheus: {query: 'sum by (deployment) (q{deployment=\"{{target}}\"})', groupBy: deployment}}}\n"
                + "sources:\n  prometheus: {url: 'http://127.0.0.1:" + stub.getAddress().getPort() + "', groupSize: " + groupSize
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

    private static final Pattern ALTERNATIVES = Pattern.compile("deployment=~\"([^\"]*)\"");

    /** One series per target the query names, at the query's time, rendered once per distinct query. */
    private static void answer(HttpExchange x, Map<String, byte[]> rendered) throws IOException {
        String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        byte[] body = rendered.computeIfAbsent(form, f -> {
            String query = "";
            String time = "0";
            for (String pair : f.split("&")) {
                String v = URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8);
                if (pair.startsWith("query=")) query = v;
                if (pair.startsWith("time=")) time = v;
            }
            Matcher m = ALTERNATIVES.matcher(query);
            StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
            if (m.find()) {
                String[] targets = m.group(1).split("\\|");
                for (int i = 0; i < targets.length; i++) {
                    if (i > 0) b.append(',');
                    b.append("{\"metric\":{\"deployment\":\"").append(targets[i]).append("\"},\"value\":[").append(time)
                            .append(",\"").append(1000 + i % 977).append(".5\"]}");
                }
            }
            return b.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
        });
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        source.close();
        stub.stop(0);
    }

    /** One round: 30,000 requests in, 30,000 samples out. */
    @Benchmark
    public Poll pollAllTargets() {
        return source.poll(requests, now);
    }
}
