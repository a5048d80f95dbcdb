package io.capstan.app.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code capstan history TARGET}: a target's recorded decisions with their reasons, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a target's recorded decisions, newest first: when, what (scale out 2 -> 7, keep 3), what became of"
                + " a change (applied, failed...), the reason and why (a manual change: who asked and why); with --steps, the whole explanation of each."},
        footer = ClientCommand.FOOTER, exitCodeListHeading = ClientCommand.EXIT_HEADING,
        exitCodeList = {"0:shown", "1:unknown target, or the server could not be reached or refused; one line says why",
                "2:usage error (--limit not 1 to 10000)"})
public final class HistoryCommand extends ClientCommand {
    /** The most one request asks for (the server's page limit); a larger --limit follows the pages. */
    static final int PAGE = 1000;
    static final int MAX_LIMIT = 10_000;

    @Parameters(index = "0", paramLabel = "TARGET", description = "the target's name, as `capstan status` lists it")
    String target;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "show the newest N decisions (default: 20, at most 10000)")
    int limit;

    @Option(names = "--steps", description = "show each decision's explanation, step by step")
    boolean steps;

    @Override
    int run(ApiClient client, PrintWriter out, PrintWriter err) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit " + limit + ": expected 1 to " + MAX_LIMIT);
        }
        if (target.isBlank()) throw new CommandLine.ParameterException(spec.commandLine(), "TARGET: expected a target's name, found an empty one");
        ArrayNode decisions = ApiClient.JSON.createArrayNode();
        String body = null;
        String after = null;
        do {
            String path = ApiClient.targetPath(target, "/decisions") + "?limit=" + Math.min(PAGE, limit - decisions.size())
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            ApiClient.Answer a = client.ok(client.get(path), target);
            JsonNode page = client.json(a);
            if (!page.isArray()) throw new ApiClient.Failure(client.server() + " answered " + ApiClient.snippet(a.body())
                    + ", not a list of decisions; is --server the address of capstan run?");
            body = body == null ? a.body() : null;
            decisions.addAll((ArrayNode) page);
            // the header is percent-encoded (ASCII-safe); decoded here, it is encoded again as a query parameter
            after = page.isEmpty() || a.nextPage() == null ? null : java.net.URLDecoder.decode(a.nextPage(), StandardCharsets.UTF_8);
        } while (after != null && decisions.size() < limit);
        if (output == Output.json) {
            // One page is the server's answer as it came; several are one array of them all.
            out.println(body != null ? body : decisions.toString());
            return 0;
        }
        if (decisions.isEmpty()) {
            out.println("no decisions recorded for " + io.capstan.app.input.Problem.escapeName(target) + " yet");
            return 0;
        }
        Table t = new Table(new String[] {"TIME", "CHANGE", "STATE", "REASON", "WHY"});
        for (JsonNode d : decisions) {
            String reason = d.path("reason").asText("?") + (d.path("dryRun").asBoolean(false) ? " (dry run)" : "");
            // what became of a change: planned, applying, applied, failed or abandoned
            String state = d.path("actionState").isTextual() ? d.path("actionState").asText().toLowerCase(java.util.Locale.ROOT) : "";
            t.row(Render.time(d.path("timestamp")), Render.change(d), state, reason, Render.why(d));
            if (steps) {
                for (JsonNode s : d.path("steps")) {
                    t.note("  " + s.path("stage").asText("") + ": " + s.path("message").asText(""));
                }
            }
        }
        t.lines().forEach(out::println);
        return 0;
    }
}
