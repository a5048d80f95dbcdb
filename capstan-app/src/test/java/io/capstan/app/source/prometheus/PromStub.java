package io.capstan.app.source.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A server on 127.0.0.1 answering {@code /api/v1/query} as the test says, recording what it was asked. */
final class PromStub implements AutoCloseable {
    record Reply(int status, String body) {}

    /** What one request carried. */
    record Asked(String query, String time, String authorization) {}

    final List<Asked> asked = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile Function<Asked, Reply> answer = a -> new Reply(200, vector());

    PromStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(Function<Asked, Reply> answer) {
        this.answer = answer;
    }

    PrometheusSource source(Duration timeout, Duration staleness) {
        return new PrometheusSource(new PrometheusSettings(url(), timeout, staleness, new Auth.None(), 1000, 4));
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        Asked a = new Asked(form.get("query"), form.get("time"), x.getRequestHeaders().getFirst("Authorization"));
        asked.add(a);
        Reply r;
        if (!x.getRequestURI().getPath().equals("/api/v1/query") || !x.getRequestMethod().equals("POST")) {
            r = new Reply(404, "404 page not found");
        } else {
            r = answer.apply(a);
        }
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(r.status(), bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A vector answer; each series is {labels as JSON object text, timestamp, value text}. */
    static String vector(Object[]... series) {
        StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        for (int i = 0; i < series.length; i++) {
            if (i > 0) b.append(',');
            b.append("{\"metric\":").append(series[i][0]).append(",\"value\":[").append(series[i][1]).append(",\"")
                    .append(series[i][2]).append("\"]}");
        }
        return b.append("]}}").toString();
    }

    static Object[] series(String labels, double at, String value) {
        return new Object[] {labels, at, value};
    }

    static String error(String type, String message) {
        return "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message + "\"}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
