package io.capstan.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stub of Prometheus's {@code POST /api/v1/query} on 127.0.0.1 for the benchmarks: for a grouped query
 * ({@code ...{deployment=~"a|b|c"}...}) it answers a vector with one series per target named, labelled
 * {@code deployment}, at the query's time, with the value {@code values} gives the target. It renders each distinct
 * query (time included) once and replays the bytes, so a benchmark measures the client, not the stub's JSON writing
 * (it still shares the cores).
 */
public final class PromStub implements AutoCloseable {
    /** The three metrics of every benchmark target. */
    public static final String[] METRICS = {"queue_depth", "cpu", "latency_p99"};
    private static final Pattern ALTERNATIVES = Pattern.compile("deployment=~\"([^\"]*)\"");

    private final HttpServer server;
    private final ExecutorService threads;
    private final ToDoubleFunction<String> values;
    private final Map<String, byte[]> rendered = new ConcurrentHashMap<>();

    private PromStub(HttpServer server, ExecutorService threads, ToDoubleFunction<String> values) {
        this.server = server;
        this.threads = threads;
        this.values = values;
    }

    /** Starts a stub with {@code threads} handler threads; {@code values} gives each target's value. */
    public static PromStub start(int threads, ToDoubleFunction<String> values) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        PromStub stub = new PromStub(server, pool, values);
        server.createContext("/api/v1/query", stub::answer);
        server.start();
        return stub;
    }

    public static PromStub start(ToDoubleFunction<String> values) throws IOException {
        return start(4, values);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange x) throws IOException {
        String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (rendered.size() > 10_000) rendered.clear();
        byte[] body = rendered.computeIfAbsent(form, this::render);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private byte[] render(String form) {
        String query = "";
        String time = "0";
        for (String pair : form.split("&")) {
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
                        .append(",\"").append(values.applyAsDouble(targets[i])).append("\"]}");
            }
        }
        return b.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Deletes a benchmark's temporary directory and everything in it. */
    public static void delete(Path dir) {
        if (dir == null) return;
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
