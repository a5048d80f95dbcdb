package io.capstan.app.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.model.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code capstan status}: the targets of a running {@code capstan run} as a table, once or, with {@code --watch},
 * again every interval: redrawn in place on a terminal, as successive snapshots (one JSON document a line with
 * {@code --output json}) anywhere else, until Ctrl-C, a closed pipe or {@code --count}.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the targets (or one TARGET) of a running 'capstan run': current, ready and desired replicas, the latest"
                + " metric values with their band, paused, dry run, and the last decision with its reason.",
                "With --watch, again every --interval: redrawn in place on a terminal; elsewhere (a pipe, a file) each snapshot"
                        + " follows the last, under a line with its time (with --output json: one JSON array a line)."},
        footer = ClientCommand.FOOTER, exitCodeListHeading = ClientCommand.EXIT_HEADING,
        exitCodeList = {"0:shown (with --watch: stopped by Ctrl-C, a closed pipe, or after --count snapshots the last of which was shown)",
                "1:the server could not be reached or refused; one line says why", "2:usage error"})
public final class StatusCommand extends ClientCommand {
    private static final String CLEAR = "\033[H\033[2J";
    private static final String HOME = "\033[H";
    private static final String CLEAR_LINE_END = "\033[K";
    private static final String CLEAR_BELOW = "\033[J";

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "only this target (default: every target)")
    String target;

    @Option(names = {"-w", "--watch"}, description = "show it again every --interval until Ctrl-C")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", description = "how often --watch asks (default: 2s; at least 100ms)")
    String interval;

    @Option(names = "--count", paramLabel = "N", description = "with --watch: stop after N snapshots")
    Integer count;

    /** Whether output goes to a terminal, where --watch redraws in place. */
    boolean terminal = Terminal.isTerminal();
    Clock clock = Clock.systemUTC();

    @Override
    int run(ApiClient client, PrintWriter out, PrintWriter err) {
        if (!watch) {
            if (count != null) throw new CommandLine.ParameterException(spec.commandLine(), "--count: only with --watch");
            ApiClient.Answer a = fetch(client);
            JsonNode targets = targets(client, a);
            if (output == Output.json) out.println(a.body());
            else table(targets).forEach(out::println);
            return 0;
        }
        if (count != null && count < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--count " + count + ": expected 1 or more");
        return watch(client, every(), out, err);
    }

    private Duration every() {
        Duration d;
        try {
            d = Durations.parse(interval);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval " + interval + ": " + e.getMessage());
        }
        if (d.toMillis() < 100) throw new CommandLine.ParameterException(spec.commandLine(), "--interval " + interval + ": expected 100ms or more");
        return d;
    }

    private int watch(ApiClient client, Duration every, PrintWriter out, PrintWriter err) {
        Thread watching = Thread.currentThread();
        AtomicBoolean stopped = new AtomicBoolean();
        SignalHandler previous = onInterrupt(() -> {
            stopped.set(true);
            watching.interrupt();
        });
        int exit = 0;
        try {
            for (int shown = 0; ; ) {
                String at = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
                List<String> lines = new ArrayList<>();
                String json = null;
                try {
                    ApiClient.Answer a = fetch(client);
                    JsonNode targets = targets(client, a);
                    json = ApiClient.JSON.writeValueAsString(target == null ? targets : targets.get(0));
                    lines.addAll(table(targets));
                    exit = 0;
                } catch (ApiClient.Failure f) {
                    if (stopped.get()) break;
                    lines.add("capstan status: " + f.getMessage());
                    exit = 1;
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                if (terminal) {
                    out.print(shown == 0 ? CLEAR : HOME);
                    out.print("every " + Durations.format(every) + " from " + client.server() + ", " + at + " (Ctrl-C stops)" + CLEAR_LINE_END + "\n");
                    out.print(CLEAR_LINE_END + "\n");
                    for (String l : lines) out.print(l + CLEAR_LINE_END + "\n");
                    out.print(CLEAR_BELOW);
                } else if (output == Output.json) {
                    if (json != null) out.println(json);
                    else err.println(lines.getFirst());
                } else {
                    out.println("# " + at + " " + client.server());
                    if (json != null) lines.forEach(out::println);
                    else err.println(lines.getFirst());
                    out.println();
                }
                out.flush();
                err.flush();
                // A closed pipe (status --watch | head) ends the watch as Ctrl-C does.
                if (out.checkError()) break;
                shown++;
                if (count != null && shown >= count) break;
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    break;
                }
            }
        } finally {
            restore(previous);
            Thread.interrupted();
        }
        return stopped.get() ? 0 : exit;
    }

    /** Ctrl-C (SIGINT) runs {@code r} instead of ending the JVM; returns the handler it replaced (null if none could be set). */
    private static SignalHandler onInterrupt(Runnable r) {
        try {
            return Signal.handle(new Signal("INT"), s -> r.run());
        } catch (IllegalArgumentException e) {
            return null; // no SIGINT here, or the JVM keeps it (-Xrs)
        }
    }

    private static void restore(SignalHandler previous) {
        if (previous != null) Signal.handle(new Signal("INT"), previous);
    }

    /** GET /api/v1/targets, or the one target's GET /api/v1/targets/{name}. */
    private ApiClient.Answer fetch(ApiClient client) {
        if (target == null) return client.ok(client.get("/api/v1/targets"), null);
        if (target.isBlank()) throw new CommandLine.ParameterException(spec.commandLine(), "TARGET: expected a target's name, found an empty one");
        return client.ok(client.get(ApiClient.targetPath(target, "")), target);
    }

    /** The answer's targets (one target's object as an array of one), or the Failure saying it is none. */
    private JsonNode targets(ApiClient client, ApiClient.Answer a) {
        JsonNode n = client.json(a);
        if (target != null && n.isObject() && n.has("name")) return ApiClient.JSON.createArrayNode().add(n);
        if (!n.isArray()) throw new ApiClient.Failure(client.server() + " answered GET /api/v1/targets with " + ApiClient.snippet(a.body())
                + ", not a list of targets; is --server the address of capstan run?");
        return n;
    }

    /** The table of targets: one row each, with notes under it (last decision, pause, hold, source errors). */
    static List<String> table(JsonNode targets) {
        if (targets.isEmpty()) return List.of("no targets");
        Table t = new Table(new String[] {"TARGET", "CURRENT", "READY", "DESIRED", "PAUSED", "DRY-RUN", "METRICS"},
                false, true, true, true);
        for (JsonNode target : targets) {
            t.row(target.path("name").asText("?"), Render.count(target.path("currentReplicas")), Render.count(target.path("readyReplicas")),
                    Render.count(target.path("desiredReplicas")), Render.yesNo(target.path("paused")), Render.yesNo(target.path("dryRun")),
                    metrics(target.path("metrics")));
            if (target.path("pause").isObject()) t.note("paused" + ChangeCommands.TargetChange.flag(target.path("pause")));
            if (target.path("dryRunFlag").isObject()) t.note("dry run" + ChangeCommands.TargetChange.flag(target.path("dryRunFlag")));
            else if (target.path("globalDryRun").asBoolean(false)) t.note("dry run: capstan run was started with --dry-run");
            if (target.path("notes").isArray()) {
                // what the server says needs a look: holding, metrics without data, a failing actuator, crash-looping members
                for (JsonNode n : target.path("notes")) t.note(n.asText());
            } else {
                if (target.path("holding").isTextual()) t.note("holding: " + target.path("holding").asText());
                for (JsonNode e : target.path("sourceErrors")) t.note("source error: " + e.asText());
            }
            if (target.path("applying").asBoolean(false)) t.note("applying a change");
            JsonNode last = target.path("lastDecision");
            if (last.isObject()) {
                // The summary says the change and its reason ("scale out 2 -> 7 (ThresholdSustained): ...").
                t.note("last decision " + Render.time(last.path("timestamp")) + ": " + (last.path("summary").isTextual()
                        ? last.path("summary").asText() : Render.change(last) + " (" + last.path("reason").asText("?") + ")"));
            } else {
                t.note("no decision yet");
            }
        }
        return t.lines();
    }

    /** "queue_depth=1500 (warning), cpu=no data (source down)": each metric's latest value with its health band. */
    static String metrics(JsonNode metrics) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            String value = v.path("value").isNumber() ? Render.number(v.path("value").asDouble()) : "no data";
            // the band when a rule that adds capacity reads the metric ("unknown" without a value says no more than "no data")
            String note = v.path("sourceError").isTextual() ? "source error"
                    : v.path("band").isTextual() && v.path("value").isNumber() ? v.path("band").asText() : null;
            parts.add(m.getKey() + "=" + value + (note == null ? "" : " (" + note + ")"));
        }
        return String.join(", ", parts);
    }
}
