package io.capstan.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.spi.DecisionPage;
import io.capstan.core.spi.PageCursor;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.StoreException;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.TargetFlag;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API of {@code capstan run} (Javalin). Reading endpoints are open; every mutating endpoint (the metrics push
 * included) needs the API token when one is configured ({@code Authorization: Bearer TOKEN}), and is open only to
 * loopback clients when none is. Bodies are size-limited; a bad body is a 400 naming what is wrong, never a stack trace.
 */
final class ApiServer implements AutoCloseable {
    static final long MAX_BODY = 4L << 20;
    static final int MAX_SAMPLES = 100_000;

    private final Controller controller;
    private final io.capstan.core.spi.DecisionStore store;
    private final String token;
    private final Clock clock;
    private final Javalin app;
    private volatile boolean ready;

    ApiServer(Controller controller, io.capstan.core.spi.DecisionStore store, String token, Clock clock) {
        this.controller = controller;
        this.store = store;
        this.token = token;
        this.clock = clock;
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = MAX_BODY;
            // liveness: 200 while serving; "degraded" names the sources failing now
            cfg.routes.get("/health", ctx -> json(ctx, 200, Map.of("status", controller.failingSources().isEmpty() ? "ok" : "degraded",
                    "failingSources", controller.failingSources(), "sourceFailures", controller.sourceFailures())));
            cfg.routes.get("/ready", ctx -> json(ctx, ready ? 200 : 503, Map.of("ready", ready)));
            cfg.routes.get("/api/v1/targets", this::targets);
            cfg.routes.get("/api/v1/targets/{name}/decisions", this::decisions);
            cfg.routes.post("/api/v1/metrics", mutating(this::push));
            // Javalin's own answers (413 for a body over the limit) keep their status; anything else is a bug, said in one line.
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (e instanceof HttpResponseException h) json(ctx, h.getStatus(), Map.of("error", h.getStatus() == 413
                        ? "the request body is larger than " + (MAX_BODY >> 20) + " MiB" : String.valueOf(h.getMessage())));
                else json(ctx, 500, Map.of("error", "internal error: " + e.getClass().getSimpleName()));
            });
        });
    }

    /** Starts listening; returns the port (the one asked for, or the ephemeral one given for 0). */
    int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    void ready() {
        ready = true;
    }

    @Override
    public void close() {
        app.stop();
    }

    /** A mutating endpoint: the token when one is configured, a loopback client when none is. */
    private Handler mutating(Handler h) {
        return ctx -> {
            if (token != null) {
                String auth = ctx.header("Authorization");
                String given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).strip() : null;
                if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                    json(ctx, 401, Map.of("error", given == null ? "this endpoint needs the API token: Authorization: Bearer TOKEN" : "wrong API token"));
                    return;
                }
            } else if (!InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress()) {
                json(ctx, 401, Map.of("error", "no API token is configured, so changes are accepted only from this machine"));
                return;
            }
            h.handle(ctx);
        };
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(DecisionJson.write(body));
    }

    // ---------------------------------------------------------------- push

    private void push(Context ctx) {
        if (ctx.contentLength() > MAX_BODY) {
            json(ctx, 413, Map.of("error", "the request body is larger than " + (MAX_BODY >> 20) + " MiB; send the samples in smaller batches"));
            return;
        }
        JsonNode root;
        try {
            root = DecisionJson.JSON.readTree(ctx.body());
        } catch (Exception e) {
            json(ctx, 400, Map.of("error", "expected a JSON body {\"samples\": [...]}: " + firstLine(e.getMessage())));
            return;
        }
        if (root == null || !root.isObject() || !root.path("samples").isArray()) {
            json(ctx, 400, Map.of("error", "expected a JSON body {\"samples\": [{\"target\", \"metric\", \"value\", \"timestamp\"?}]}"));
            return;
        }
        JsonNode items = root.get("samples");
        if (items.size() > MAX_SAMPLES) {
            json(ctx, 400, Map.of("error", "at most " + MAX_SAMPLES + " samples per request, found " + items.size()));
            return;
        }
        Instant now = clock.instant();
        List<Sample> samples = new ArrayList<>();
        List<Map<String, Object>> bad = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode s = items.get(i);
            String why = null;
            Sample sample = null;
            if (!s.isObject()) why = "expected an object {target, metric, value, timestamp?}";
            else if (!s.path("target").isTextual()) why = "target: expected the name of a target";
            else if (!s.path("metric").isTextual()) why = "metric: expected the name of a metric";
            else if (!s.path("value").isNumber() || !Double.isFinite(s.get("value").asDouble())) why = "value: expected a finite number";
            else if (!controller.reads(s.get("target").asText(), s.get("metric").asText())) {
                why = controller.targets().containsKey(s.get("target").asText())
                        ? "metric: target " + s.get("target").asText() + " has no metric '" + s.get("metric").asText() + "'; it reads "
                        + String.join(", ", controller.targets().get(s.get("target").asText()).runtime.spec().metrics().keySet())
                        : "target: no target '" + s.get("target").asText() + "'; targets are " + String.join(", ", controller.targets().keySet());
            } else if (controller.polledSource(s.get("target").asText(), s.get("metric").asText()) != null) {
                why = "metric: metric " + s.get("metric").asText() + " of target " + s.get("target").asText() + " is read from "
                        + controller.polledSource(s.get("target").asText(), s.get("metric").asText())
                        + "; only metrics with source: push (or no source) accept pushed samples";
            } else {
                PushedTime.Read at = PushedTime.read(s.get("timestamp"), now);
                why = at.problem();
                if (why == null) sample = new Sample(s.get("target").asText(), s.get("metric").asText(), at.at(), s.get("value").asDouble());
            }
            if (why != null) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("index", i);
                b.put("error", "samples[" + i + "]." + why);
                bad.add(b);
            } else {
                samples.add(sample);
            }
        }
        if (!bad.isEmpty()) {
            // All or nothing: a batch with a bad sample changes nothing, so a client can fix it and send it again.
            json(ctx, 400, Map.of("error", bad.size() + " bad sample(s); nothing was accepted", "samples", bad));
            return;
        }
        Controller.PushResult done = controller.push(samples);
        json(ctx, 202, done.ignored().isEmpty() ? Map.of("accepted", done.accepted())
                : Map.of("accepted", done.accepted(), "ignored", done.ignored()));
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    // ---------------------------------------------------------------- reading

    private void targets(Context ctx) throws StoreException {
        List<TargetFlag> flags = store.flags();
        List<Map<String, Object>> out = new ArrayList<>();
        for (TargetLoop t : controller.targets().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            synchronized (t) {
                m.put("name", t.name);
                m.put("currentReplicas", t.capacity == null ? null : t.capacity.current());
                m.put("readyReplicas", t.capacity == null ? null : t.capacity.ready());
                m.put("desiredReplicas", t.lastDecision != null ? t.lastDecision.to() : t.capacity == null ? null : t.capacity.desired());
                m.put("paused", flags.stream().anyMatch(f -> f.target().equals(t.name) && f.kind() == TargetFlag.Kind.PAUSED));
                m.put("dryRun", controller.dryRun() || flags.stream().anyMatch(f -> f.target().equals(t.name) && f.kind() == TargetFlag.Kind.DRY_RUN));
                m.put("holding", t.holding);
                m.put("applying", t.inFlight);
                Map<String, Object> metrics = new LinkedHashMap<>();
                for (String metric : t.runtime.spec().metrics().keySet()) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    TargetLoop.Latest l = t.latest.get(metric);
                    v.put("value", l == null ? null : l.value());
                    v.put("at", l == null ? null : l.at().toString());
                    if (t.sourceErrors.containsKey(metric)) v.put("sourceError", t.sourceErrors.get(metric));
                    metrics.put(metric, v);
                }
                m.put("metrics", metrics);
                m.put("sourceErrors", new ArrayList<>(t.sourceErrors.values()));
                m.put("notes", t.notes());
                if (t.lastDecision != null) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("id", t.lastDecision.id().toString());
                    d.put("timestamp", t.lastDecision.at().toString());
                    d.put("desiredReplicas", t.lastDecision.to());
                    d.put("reason", t.lastDecision.reason().name());
                    d.put("summary", t.lastDecision.summary());
                    d.put("recorded", t.lastDecision.id().toString().equals(t.lastRecordedId));
                    m.put("lastDecision", d);
                } else {
                    m.put("lastDecision", null);
                }
                m.put("lastRecordedDecisionId", t.lastRecordedId);
            }
            out.add(m);
        }
        json(ctx, 200, out);
    }

    private void decisions(Context ctx) throws Exception {
        String name = ctx.pathParam("name");
        if (!controller.targets().containsKey(name)) {
            json(ctx, 404, Map.of("error", "no target '" + name + "'; targets are " + String.join(", ", controller.targets().keySet())));
            return;
        }
        int limit = 50;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                json(ctx, 400, Map.of("error", "limit: expected a whole number from 1 to 1000, found '" + l + "'"));
                return;
            }
        }
        PageCursor after = null;
        String cursor = ctx.queryParam("after");
        if (cursor != null) {
            try {
                after = PageCursor.parse(cursor);
            } catch (IllegalArgumentException e) {
                json(ctx, 400, Map.of("error", "after: " + e.getMessage()));
                return;
            }
        }
        DecisionPage page = store.decisions(name, after, limit);
        List<Object> items = new ArrayList<>();
        for (StoredDecision d : page.decisions()) items.add(DecisionJson.JSON.readValue(d.payloadJson(), Map.class));
        // The page is the array; where the next (older) page starts is a header, to pass back as ?after=.
        if (page.next() != null) ctx.header("X-Next-Page", page.next().token());
        json(ctx, 200, items);
    }
}
