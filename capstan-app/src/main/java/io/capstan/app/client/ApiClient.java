package io.capstan.app.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.app.input.Problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP client of the API of {@code capstan run}, shared by every command that talks to it ({@code push},
 * {@code status}, {@code scale}...). Whatever goes wrong on the way (the server is not there, does not answer in time,
 * answers something that is not Capstan's JSON, or more of it than any answer of Capstan's holds, or says no) ends as
 * one {@link Failure} whose message is the one line a person needs.
 */
public final class ApiClient {
    /** The environment variable holding the API token, for {@code capstan run} and for its clients. */
    public static final String TOKEN_VARIABLE = "CAPSTAN_API_TOKEN";
    /** The largest answer read: a page of 1,000 decisions with their explanations is a few MiB. */
    static final int MAX_ANSWER = 32 << 20;
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    /** What a person calls the server in messages: the URL as given, without a trailing slash. */
    private final String name;

    ApiClient(URI server, String token, Duration timeout) {
        this.server = server;
        this.name = server.toString().replaceAll("/+$", "");
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A request that could not be made, or that the server refused: the one line to show, and exit 1. */
    public static final class Failure extends RuntimeException {
        public Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** An answer of the server: its status, its body and the start of the next page (X-Next-Page) if any. */
    public record Answer(int status, String body, String nextPage) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    public String server() {
        return name;
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), "GET " + path);
    }

    /** POSTs {@code body} written as JSON. */
    public Answer post(String path, Object body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)), "POST " + path);
    }

    /** {@code /api/v1/targets/NAME/REST}, the name encoded as one path segment. */
    static String targetPath(String target, String rest) {
        return "/api/v1/targets/" + URLEncoder.encode(target, StandardCharsets.UTF_8).replace("+", "%20") + rest;
    }

    private URI uri(String path) {
        String base = server.toString().replaceAll("/+$", "");
        return URI.create(base + path);
    }

    private Answer send(HttpRequest.Builder request, String what) {
        request.timeout(timeout).header("Accept", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        // set once the answer's head has come: a failure after it is an answer cut short, not a server out of reach
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request.build(), info -> {
            answered.set(true);
            return capped(MAX_ANSWER);
        });
        HttpResponse<byte[]> r;
        try {
            // The request's own timeout ends at the answer's headers; this one also covers a body that never ends.
            r = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw noAnswer();
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while waiting for " + name);
        } catch (ExecutionException e) {
            Failure f = unreachable(e.getCause(), what);
            if (answered.get() && f.getMessage().startsWith("cannot reach ")) {
                String why = e.getCause().getMessage() == null || e.getCause().getMessage().isBlank() ? e.getCause().getClass().getSimpleName() : e.getCause().getMessage();
                throw new Failure("the answer from " + name + " was cut short (" + Problem.escapeName(why) + ")");
            }
            throw f;
        }
        return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers().firstValue("X-Next-Page").orElse(null));
    }

    private Failure noAnswer() {
        return new Failure(name + " did not answer within " + io.capstan.core.model.Durations.format(timeout)
                + "; is it a capstan run, and is it overloaded? (--timeout sets the wait)");
    }

    private Failure unreachable(Throwable e, String what) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = e; c != null && chain.size() < 20; c = c.getCause()) chain.add(c);
        // The most telling cause first: a ConnectException wraps the unknown host it could not connect to.
        if (chain.stream().anyMatch(c -> c instanceof TooLarge)) {
            return new Failure(name + " answered " + what + " with more than " + (MAX_ANSWER >> 20)
                    + " MiB; that is no answer of capstan run: is --server right?");
        }
        if (chain.stream().anyMatch(c -> c instanceof UnresolvedAddressException || c instanceof java.net.UnknownHostException)) {
            return new Failure("cannot reach " + name + ": unknown host " + server.getHost());
        }
        if (chain.stream().anyMatch(c -> c instanceof HttpConnectTimeoutException)) {
            return new Failure("cannot reach " + name + ": no connection within " + io.capstan.core.model.Durations.format(timeout)
                    + "; is `capstan run` listening there, and can this machine reach it?");
        }
        if (chain.stream().anyMatch(c -> c instanceof HttpTimeoutException)) return noAnswer();
        if (chain.stream().anyMatch(c -> c instanceof ConnectException)) {
            return new Failure("cannot reach " + name + ": connection refused; is `capstan run` listening there?");
        }
        for (Throwable c : chain) {
            if (c instanceof javax.net.ssl.SSLException s) return new Failure("cannot reach " + name + ": TLS failed: " + Problem.escapeName(String.valueOf(s.getMessage())));
        }
        String why = e.getMessage() == null || e.getMessage().isBlank() ? "the connection failed" : e.getMessage();
        if (why.contains("closed") || why.contains("header parser") || why.contains("EOF")) {
            why = "the connection was closed without an HTTP answer";
        }
        return new Failure("cannot reach " + name + ": " + why + "; is `capstan run` listening there?");
    }

    /** The answer as JSON, or the Failure saying the server is not Capstan. */
    public JsonNode json(Answer a) {
        try {
            JsonNode n = JSON.readTree(a.body());
            if (n != null && !n.isMissingNode()) return n;
        } catch (IOException e) {
            // said below
        }
        throw new Failure(name + " answered " + a.status() + " with something that is not Capstan's JSON (" + snippet(a.body())
                + "); is --server the address of capstan run?");
    }

    /**
     * The answer when the server said yes (2xx); otherwise the Failure saying why it said no: the token it wants, the
     * target it does not know (naming those it does), or its own error message.
     */
    public Answer ok(Answer a, String target) {
        if (a.ok()) return a;
        String said = said(a);
        if (a.status() == 401) {
            throw new Failure(token == null
                    ? "the server wants a token: set " + TOKEN_VARIABLE + " (or --token-file)"
                    : "the server refused the token (" + said + "): check " + TOKEN_VARIABLE + " or --token-file");
        }
        if (a.status() == 404 && target != null) {
            // capstan run names the targets it has (and the nearest one); an older one may not, so ask it.
            if (said.startsWith("no target '")) throw new Failure(said);
            List<String> known = targetNames();
            if (!known.contains(target)) {
                throw new Failure("no target '" + Problem.escapeName(target) + "'; "
                        + (known.isEmpty() ? name + " has no targets" : "targets are " + String.join(", ", known)));
            }
            throw new Failure(name + " has no such endpoint (" + said + "); is it an older capstan run?");
        }
        throw new Failure(name + " answered " + a.status() + ": " + said);
    }

    /** The names of the server's targets. */
    List<String> targetNames() {
        JsonNode list = json(ok(get("/api/v1/targets"), null));
        List<String> names = new ArrayList<>();
        for (JsonNode t : list) names.add(Problem.escapeName(t.path("name").asText()));
        return names;
    }

    /** What the server said about a refusal: the "error" of its JSON, or a snippet of whatever else it sent. */
    private static String said(Answer a) {
        try {
            JsonNode n = JSON.readTree(a.body());
            if (n != null && n.path("error").isTextual()) {
                // A refused batch names each bad item (push: samples[1].target: no target 'workr'; ...).
                StringBuilder b = new StringBuilder(n.get("error").asText());
                for (JsonNode item : n.path("samples")) if (item.path("error").isTextual()) b.append("; ").append(item.get("error").asText());
                return Problem.escapeName(b.toString());
            }
            if (n != null && n.path("title").isTextual()) return Problem.escape(n.get("title").asText());
        } catch (IOException e) {
            // not JSON: a proxy's page, say
        }
        return snippet(a.body());
    }

    /** The start of a text, on one line, with nothing a terminal would act on. */
    static String snippet(String body) {
        String s = body.strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) return "an empty body";
        return '"' + Problem.escapeName(s.length() > 80 ? s.substring(0, 80) + "..." : s) + '"';
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("answer too large", null);
        }
    }

    /** Reads a body up to {@code max} bytes; a longer one fails with TooLarge and is not read further. */
    private static HttpResponse.BodySubscriber<byte[]> capped(int max) {
        return new HttpResponse.BodySubscriber<>() {
            private final CompletableFuture<byte[]> body = new CompletableFuture<>();
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private Flow.Subscription subscription;

            @Override
            public CompletionStage<byte[]> getBody() {
                return body;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                if (body.isDone()) return;
                for (ByteBuffer b : items) {
                    if (bytes.size() + (long) b.remaining() > max) {
                        subscription.cancel();
                        body.completeExceptionally(new TooLarge());
                        return;
                    }
                    byte[] chunk = new byte[b.remaining()];
                    b.get(chunk);
                    bytes.writeBytes(chunk);
                }
            }

            @Override
            public void onError(Throwable t) {
                body.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                body.complete(bytes.toByteArray());
            }
        };
    }
}
