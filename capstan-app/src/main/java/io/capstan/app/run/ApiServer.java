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
    private final Reload reload;
    private volatile boolean ready;
    /** Set once a stop began: changes are refused (503) instead of being half taken by a controller closing. */
    private volatile boolean stopping;

    ApiServer(Controller controller, io.capstan.core.spi.DecisionStore store, String token, Clock clock, Reload reload) {
        this.controller = controller;
        this.reload = reload;
        this.store = store;
        this.token = token;
        this.clock = clock;
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = MAX_BODY;
            // liveness: 200 from the moment it listens, "starting" while unfinished actions are resumed; "degraded" names the sources failing now
            cfg.routes.get("/health", ctx -> json(ctx, 200, Map.of("status", !ready ? "starting" : controller.failingSources().isEmpty() ? "ok" : "degraded",
                    "failingSources", controller.failingSources(), "sourceFailures", controller.sourceFailures())));
            cfg.routes.get("/ready", ctx -> json(ctx, ready && !stopping ? 200 : 503, Map.of("ready", ready && !stopping)));
            cfg.routes.get("/metrics", ctx -> ctx.status(200).contentType(RunMetrics.CONTENT_TYPE).result(controller.metrics.scrape()));
            cfg.routes.get("/openapi.json", ctx -> ctx.status(200).contentType("application/json").result(openApi()));
            cfg.routes.get("/api/v1/targets", this::targets);
            cfg.routes.get("/api/v1/targets/{name}", ctx -> view(ctx, target(ctx)));
            cfg.routes.get("/api/v1/targets/{name}/decisions", this::decisions);
            cfg.routes.post("/api/v1/metrics", mutating(this::push));
            cfg.routes.post("/api/v1/targets/{name}/scale", mutating(this::scale));
            cfg.routes.post("/api/v1/targets/{name}/emergency", mutating(this::emergency));
            cfg.routes.post("/api/v1/targets/{name}/pause", mutating(ctx -> flag(ctx, TargetFlag.Kind.PAUSED, true)));
            cfg.routes.post("/api/v1/targets/{name}/resume", mutating(ctx -> flag(ctx, TargetFlag.Kind.PAUSED, false)));
            cfg.routes.post("/api/v1/targets/{name}/dry-run", mutating(this::dryRun));
            cfg.routes.post("/api/v1/reload", mutating(this::reload));
            // no such route: JSON as every other answer, naming the document that lists the routes (a 404 a route
            // answered itself, an unknown target, is JSON already and kept)
            cfg.routes.error(404, "*", ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    json(ctx, 404, Map.of("error", "no route " + ctx.method().name() + " " + ctx.path() + "; see /openapi.json"));
                }
            });
            // Javalin's own answers (413 for a body over the limit) keep their status; anything else is a bug, said in one line.
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (e instanceof ApiError a) json(ctx, a.status, a.body);
                else if (e instanceof HttpResponseException h) json(ctx, h.getStatus(), Map.of("error", h.getStatus() == 413
                        ? "the request body is larger than " + (MAX_BODY >> 20) + " MiB" : String.valueOf(h.getMessage())));
                else if (e instanceof StoreException se) json(ctx, 503, Map.of("error", "the store cannot be used now: " + se.getMessage()));
                else json(ctx, 500, Map.of("error", "internal error: " + e.getClass().getSimpleName()));
            });
        });
        controller.metrics.watch(controller);
    }

    /** The routes as Javalin has them, method and path: what the OpenAPI document must describe. */
    List<String> routes() {
        List<String> r = new ArrayList<>();
        for (var e : app.unsafe.internalRouter.allHttpHandlers()) r.add(e.endpoint.method.name() + " " + e.endpoint.path);
        return r;
    }

    /** Starts listening; returns the port (the one asked for, or the ephemeral one given for 0). */
    int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    /** Why the server could not start, in one line: a port in use says so, whatever Javalin wraps it in. */
    static String why(RuntimeException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.BindException) return "the address is in use (another capstan run, or another server, listens there)";
        }
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    void ready() {
        ready = true;
    }

    /** From now on every change answers 503 "stopping"; reading goes on until the server is closed. */
    void stopping() {
        stopping = true;
    }

    @Override
    public void close() {
        app.stop();
    }

    /**
     * A mutating endpoint: the token when one is configured, a loopback client when none is; and not before the
     * controller has resumed what a previous run left unfinished.
     */
    private Handler mutating(Handler h) {
        return ctx -> {
            if (token != null) {
                String auth = ctx.header("Authorization");
                // the scheme is case-insensitive (RFC 7235): "bearer TOKEN" is as good as "Bearer TOKEN"
                String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
                if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                    json(ctx, 401, Map.of("error", given == null ? "this endpoint needs the API token: Authorization: Bearer TOKEN" : "wrong API token"));
                    return;
                }
            } else if (!InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress()) {
                json(ctx, 401, Map.of("error", "no API token is configured, so changes are accepted only from this machine"));
                return;
            }
            if (!ready) {
                json(ctx, 503, Map.of("error", "capstan run is starting: changes are accepted once /ready answers 200"));
                return;
            }
            if (stopping) {
                json(ctx, 503, Map.of("error", "capstan run is stopping: changes are not accepted; send them again once it has restarted"));
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
        // read up to MAX_BODY whether or not a Content-Length was sent (a chunked body): past it is a 413
        JsonNode root = JsonBody.tree(JsonBody.bytes(ctx, MAX_BODY));
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
            else if (!s.path("value").isNumber()) why = "value: expected a number, found " + kind(s.path("value"));
            else if (!Double.isFinite(s.get("value").asDouble())) why = "value: expected a finite number";
            else if (!controller.reads(s.get("target").asText(), s.get("metric").asText())) {
                why = controller.targets().containsKey(s.get("target").asText())
                        ? "metric: target " + s.get("target").asText() + " has no metric '" + s.get("metric").asText() + "'; it reads "
                        + String.join(", ", controller.targets().get(s.get("target").asText()).runtime.spec().metrics().keySet())
                        : "target: no target '" + s.get("target").asText() + "'; targets are " + known(controller.targets().keySet());
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

    /** What a JSON value is, for a message: "a string", "null". */
    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case MISSING -> "nothing";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    // ---------------------------------------------------------------- reload

    /** Reads the config file again: 200 with what changed, 400 with the located problems (409 when busy applying). */
    private void reload(Context ctx) {
        Reload.Result r = reload.logged("api " + how(ctx));
        if (r.taken()) {
            json(ctx, 200, Map.of("changed", !r.changes().isEmpty(), "changes", r.changes()));
            return;
        }
        List<String> problems = r.problems().stream().map(Object::toString).toList();
        json(ctx, r.busy() ? 409 : 400, Map.of("error", (r.busy() ? "the reload cannot be taken now" : "the config has problems")
                + "; the running config is kept", "problems", problems));
    }

    // ---------------------------------------------------------------- reading

    private void targets(Context ctx) throws StoreException {
        var flags = TargetView.byTarget(store.flags());
        var sources = controller.sourceTypes();
        List<Map<String, Object>> out = new ArrayList<>();
        for (TargetLoop t : controller.targets().values()) {
            out.add(TargetView.of(t, flags.getOrDefault(t.name, Map.of()), controller.dryRun(), sources.getOrDefault(t.name, Map.of())));
        }
        json(ctx, 200, out);
    }

    private void decisions(Context ctx) throws Exception {
        String name = target(ctx).name;
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
        for (StoredDecision d : page.decisions()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = DecisionJson.JSON.readValue(d.payloadJson(), Map.class);
            // what became of the change: PLANNED, APPLYING, APPLIED, FAILED or ABANDONED (null for a hold or a dry run)
            item.put("actionState", d.from() == d.to() ? null : store.action(d.id()).map(a -> a.state().name()).orElse(null));
            items.add(item);
        }
        // The page is the array; where the next (older) page starts is a header, to pass back as ?after=.
        if (page.next() != null) ctx.header("X-Next-Page", headerSafe(page.next().token()));
        json(ctx, 200, items);
    }

    /**
     * A cursor as an ASCII header value a client can pass back as {@code ?after=}: every byte of its UTF-8 that is not
     * printable ASCII, and {@code % + & #} (which a query would read otherwise), percent-encoded.
     */
    static String headerSafe(String token) {
        StringBuilder b = new StringBuilder();
        for (byte x : token.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 0x20 && c < 0x7f && "%+&#".indexOf(c) < 0) b.append((char) c);
            else b.append('%').append(String.format("%02X", c));
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- what people do

    /** The target named in the path, or 404 naming the targets there are. */
    private TargetLoop target(Context ctx) {
        String name = ctx.pathParam("name");
        TargetLoop t = controller.targets().get(name);
        if (t == null) throw new ApiError(404, "no target '" + name + "'" + io.capstan.app.input.NearMiss.suggestion(name, controller.targets().keySet())
                + "; targets are " + known(controller.targets().keySet()));
        return t;
    }

    static final int NAMES_SHOWN = 10;

    /**
     * The first {@link #NAMES_SHOWN} names and how many there are: a message per bad sample must not repeat every
     * target of a large config (a batch of 1,000 bad samples against 10,000 targets would answer 100 MB).
     */
    static String known(java.util.Collection<String> names) {
        if (names.size() <= NAMES_SHOWN) return String.join(", ", names);
        return String.join(", ", names.stream().limit(NAMES_SHOWN).toList()) + ", ... (" + names.size() + " in all)";
    }

    /**
     * Who did it, for the audit: the {@code by} the client gave (the CLI sends the OS user) or "api", then how they
     * were let in (the token, or being on this machine) and from where.
     */
    private String who(Context ctx, JsonBody body) {
        String by = body.text("by", false, "who asks (a user name)");
        if (by != null && by.length() > 100) throw ApiError.badRequest("body: by: at most 100 characters, found " + by.length());
        return (by == null ? "api" : by) + " " + how(ctx);
    }

    /** How the client was let in and from where: "(token, 10.0.0.7)". */
    private String how(Context ctx) {
        return "(" + (token != null ? "token" : "loopback") + ", " + ctx.req().getRemoteAddr() + ")";
    }

    private static final List<String> SCALE_FIELDS = List.of("replicas", "reason", "by", "pause");

    /** POST /api/v1/targets/{name}/scale {"replicas": N, "reason": "...", "by"?: "...", "pause"?: true}. */
    private void scale(Context ctx) throws StoreException {
        TargetLoop t = target(ctx);
        JsonBody body = JsonBody.read(ctx, JsonBody.LIMIT, SCALE_FIELDS);
        var bounds = t.runtime.spec().bounds();
        int replicas = body.integer("replicas", bounds.min(), bounds.max(), "the replicas: bounds of " + t.name);
        String why = body.text("reason", true, "why, for the audit (e.g. \"INC-123: hold capacity for the release\")");
        boolean pause = body.bool("pause", true);
        manual(ctx, t, replicas, "ManualScale", who(ctx, body), why, pause);
    }

    private static final List<String> EMERGENCY_FIELDS = List.of("reason", "by");

    /** POST /api/v1/targets/{name}/emergency {"reason"?: "...", "by"?: "..."}: at once to max, and paused. */
    private void emergency(Context ctx) throws StoreException {
        TargetLoop t = target(ctx);
        JsonBody body = JsonBody.read(ctx, JsonBody.LIMIT, EMERGENCY_FIELDS);
        String why = body.text("reason", false, "why, for the audit");
        manual(ctx, t, t.runtime.spec().bounds().max(), "ManualEmergency", who(ctx, body), why == null ? "emergency" : why, true);
    }

    private void manual(Context ctx, TargetLoop t, int replicas, String reason, String who, String why, boolean pause) throws StoreException {
        Controller.Manual m;
        try {
            m = controller.manualScale(t.name, replicas, reason, who, why, pause);
        } catch (Controller.Refused e) {
            if (e.why == Controller.Refused.Why.APPLYING) ctx.header("Retry-After", "1");
            throw new ApiError(e.why == Controller.Refused.Why.CAPACITY_UNKNOWN ? 503 : 409, e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>(m.payload());
        out.put("actionState", m.planned() ? "PLANNED" : null);
        out.put("paused", controller.flags(t.name).contains(TargetFlag.Kind.PAUSED));
        // 202: the change is recorded and being applied (watch actionState in the history); 200: nothing to change
        json(ctx, m.planned() ? 202 : 200, out);
    }

    private static final List<String> FLAG_FIELDS = List.of("reason", "by");

    /** POST .../pause {"reason": "..."} (reason required) and .../resume {"reason"?: "..."}; answers the target. */
    private void flag(Context ctx, TargetFlag.Kind kind, boolean on) throws StoreException {
        TargetLoop t = target(ctx);
        JsonBody body = JsonBody.read(ctx, JsonBody.LIMIT, FLAG_FIELDS);
        String why = body.text("reason", on, "why, for the audit (e.g. \"maintenance until 14:00\")");
        // "changed": false tells a client that resumed a target that was not paused that it did nothing
        boolean changed = controller.flags(t.name).contains(kind) != on;
        controller.setFlag(t.name, kind, on, who(ctx, body), why == null ? "resumed" : why);
        var flags = TargetView.byTarget(store.flags()).getOrDefault(t.name, Map.of());
        Map<String, Object> out = new LinkedHashMap<>(TargetView.of(t, flags, controller.dryRun(), controller.sourceTypes().getOrDefault(t.name, Map.of())));
        out.put("changed", changed);
        json(ctx, 200, out);
    }

    private static final List<String> DRY_RUN_FIELDS = List.of("enabled", "reason", "by");

    /** POST .../dry-run {"enabled": true|false, "reason"?: "..."}; answers the target. */
    private void dryRun(Context ctx) throws StoreException {
        TargetLoop t = target(ctx);
        JsonBody body = JsonBody.read(ctx, JsonBody.LIMIT, DRY_RUN_FIELDS);
        boolean on = body.bool("enabled");
        String why = body.text("reason", false, "why, for the audit");
        controller.setFlag(t.name, TargetFlag.Kind.DRY_RUN, on, who(ctx, body), why == null ? (on ? "dry run on" : "dry run off") : why);
        view(ctx, t);
    }

    /** 200 with the target as the list shows it. */
    private void view(Context ctx, TargetLoop t) throws StoreException {
        var flags = TargetView.byTarget(store.flags()).getOrDefault(t.name, Map.of());
        json(ctx, 200, TargetView.of(t, flags, controller.dryRun(), controller.sourceTypes().getOrDefault(t.name, Map.of())));
    }

    // ---------------------------------------------------------------- the API described

    private static byte[] openApi() {
        try (java.io.InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            return in.readAllBytes();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("openapi.json is missing from the classpath", e);
        }
    }
}
