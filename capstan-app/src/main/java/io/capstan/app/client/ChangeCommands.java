package io.capstan.app.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.app.input.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The commands that change a target through the API, for the people on call: scale, pause, resume, emergency and
 * dry-run. Each is one POST to {@code /api/v1/targets/TARGET/...}; the server records who asked and why.
 */
public final class ChangeCommands {
    private ChangeCommands() {}

    static final String ACCEPTED = "0:the server accepted the change";
    static final String REFUSED = "1:the server refused it (unknown target, no token) or could not be reached; one line says why";

    /** One POST to a target's endpoint, then one line saying what the server did. */
    abstract static class TargetChange extends ClientCommand {
        @Parameters(index = "0", paramLabel = "TARGET", description = "the target's name, as `capstan status` lists it")
        String target;

        /** The endpoint under the target: {@code /scale}. */
        abstract String endpoint();

        /** The reason given, or null. */
        abstract String reason();

        /** What the body holds besides "by" and "reason", in order. */
        Map<String, Object> extra() {
            return new LinkedHashMap<>();
        }

        final Map<String, Object> body() {
            return withReason(reason(), extra());
        }

        /** What was done, as a person says it: "scale to 7 requested". */
        abstract String done(JsonNode answer);

        @Override
        final int run(ApiClient client, PrintWriter out, PrintWriter err) {
            if (target.isBlank()) throw new CommandLine.ParameterException(spec.commandLine(), "TARGET: expected a target's name, found an empty one");
            ApiClient.Answer a = client.ok(client.post(ApiClient.targetPath(target, endpoint()), body()), target);
            if (output == Output.json) {
                out.println(a.body());
                return 0;
            }
            JsonNode answer = a.body().isBlank() ? ApiClient.JSON.createObjectNode() : client.json(a);
            out.println(Problem.escapeName(target) + ": " + done(answer));
            return 0;
        }

        @Option(names = "--by", paramLabel = "NAME", description = "who asks, for the record (default: your user name, ${DEFAULT-VALUE})")
        String by = System.getProperty("user.name", "");

        /** {@code extra} (in its order), then "by" and "reason" (without a reason when none was given). */
        Map<String, Object> withReason(String reason, Map<String, Object> extra) {
            Map<String, Object> m = new LinkedHashMap<>(extra);
            if (by != null && !by.isBlank()) m.put("by", by.strip());
            if (reason != null) {
                if (reason.isBlank()) throw new CommandLine.ParameterException(spec.commandLine(), "--reason: expected a few words saying why, found nothing");
                m.put("reason", reason.strip());
            }
            return m;
        }

        /**
         * What a manual scale did, from the decision the server recorded: its summary (who, what, why) and whether an
         * action was planned or nothing needed to change.
         */
        static String manual(JsonNode answer) {
            String state = answer.path("actionState").isTextual()
                    ? "; " + answer.path("actionState").asText().toLowerCase(java.util.Locale.ROOT) + " as decision " + answer.path("id").asText()
                    + " (`capstan history` shows when it is applied)"
                    : "; nothing to change";
            return Problem.escapeName(answer.path("summary").asText("done") + state);
        }

        /** "by alice (token, 127.0.0.1) at 2026-...: why" from a flag of the target the server answered. */
        static String flag(JsonNode flag) {
            if (!flag.isObject()) return "";
            return Problem.escapeName(" by " + flag.path("by").asText("?") + " at " + Render.time(flag.path("at")) + ": " + flag.path("reason").asText(""));
        }
    }

    /** A change whose --reason is required. */
    abstract static class Reasoned extends TargetChange {
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, for the record (required)")
        String reason;

        @Override
        final String reason() {
            return reason;
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Scale a target to N replicas now (within its min and max), recorded with who asked and why.",
                    "The target is paused too, so that its policies do not undo it: `capstan resume` hands it back to them;"
                            + " --no-pause leaves them deciding from the next tick."},
            footer = ClientCommand.FOOTER, exitCodeListHeading = ClientCommand.EXIT_HEADING,
            exitCodeList = {ACCEPTED, "1:the server refused it (unknown target, no token, N outside the target's range, a dry run)"
                    + " or could not be reached; one line says why", "2:usage error (N not a whole number 0 or more, no --reason)"})
    public static final class Scale extends Reasoned {
        @Parameters(index = "1", paramLabel = "N", description = "the replicas wanted: a whole number, 0 or more")
        String replicas;

        @Option(names = "--no-pause", description = "do not pause the target: its policies decide again from the next tick")
        boolean noPause;

        @Override
        String endpoint() {
            return "/scale";
        }

        @Override
        Map<String, Object> extra() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("replicas", replicas());
            m.put("pause", !noPause);
            return m;
        }

        int replicas() {
            String n = replicas.strip();
            if (!n.matches("\\+?[0-9]{1,9}")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "N: expected a whole number of replicas, 0 or more, found '"
                        + Problem.escapeName(replicas) + "'");
            }
            return Integer.parseInt(n.startsWith("+") ? n.substring(1) : n);
        }

        @Override
        String done(JsonNode answer) {
            return manual(answer);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Pause a target: its policies stop deciding and its replicas stay as they are until `capstan resume`.",
                    "The pause is kept in the store, so it survives a restart of capstan run."},
            footer = ClientCommand.FOOTER, exitCodeListHeading = ClientCommand.EXIT_HEADING, exitCodeList = {
                    ACCEPTED, REFUSED, "2:usage error (no --reason)"})
    public static final class Pause extends Reasoned {
        @Override
        String endpoint() {
            return "/pause";
        }

        @Override
        String done(JsonNode answer) {
            return "paused" + flag(answer.path("pause"));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Resume a paused target: its policies decide again from the next tick.",
            footer = ClientCommand.FOOTER, exitCodeListHeading = ClientCommand.EXIT_HEADING, exitCodeList = {
                    ACCEPTED, REFUSED, "2:usage error (no --reason)"})
    public static final class Resume extends Reasoned {
        @Override
        String endpoint() {
            return "/resume";
        }

        @Override
        String done(JsonNode answer) {
            if (!answer.path("changed").asBoolean(true)) return "was not paused; nothing changed";
            return answer.path("paused").asBoolean(false) ? "still paused" + flag(answer.path("pause")) : "resumed: its policies decide again";
        }
    }

    @Command(name = "emergency", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Scale a target to its maximum now and pause it there (runbooks 001 and 002: the queue is exploding,"
                    + " the site is down).", "`capstan resume` hands it back to its policies."},
            footer = ClientCommand.FOOTER, exitCodeListHeading = ClientCommand.EXIT_HEADING, exitCodeList = {
                    ACCEPTED, REFUSED, "2:usage error"})
    public static final class Emergency extends TargetChange {
        @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record (default: the server's)")
        String reason;

        @Override
        String reason() {
            return reason;
        }

        @Override
        String endpoint() {
            return "/emergency";
        }

        @Override
        String done(JsonNode answer) {
            return manual(answer);
        }
    }

    @Command(name = "dry-run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Turn dry run on or off for one target: on, it decides and records but changes nothing.",
                    "Kept in the store, so it survives a restart; a run started with --dry-run stays dry for every target."},
            footer = ClientCommand.FOOTER, exitCodeListHeading = ClientCommand.EXIT_HEADING, exitCodeList = {
                    ACCEPTED, REFUSED, "2:usage error (not on or off)"})
    public static final class DryRun extends TargetChange {
        @Parameters(index = "1", paramLabel = "on|off", description = "on: decide and record only; off: change capacity again")
        String state;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record")
        String reason;

        @Override
        String reason() {
            return reason;
        }

        @Override
        String endpoint() {
            return "/dry-run";
        }

        boolean enabled() {
            return switch (state.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "on", "true", "yes" -> true;
                case "off", "false", "no" -> false;
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "on|off: expected on or off, found '"
                        + Problem.escapeName(state) + "'");
            };
        }

        @Override
        Map<String, Object> extra() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enabled", enabled());
            return m;
        }

        @Override
        String done(JsonNode answer) {
            if (enabled()) return "dry run on" + flag(answer.path("dryRunFlag")) + " (decisions are recorded, nothing is changed)";
            return answer.path("globalDryRun").asBoolean(false)
                    ? "dry run off for the target, but capstan run was started with --dry-run: it still changes nothing"
                    : "dry run off: decisions change capacity again";
        }
    }
}
