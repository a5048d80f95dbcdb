package io.capstan.app.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** How the API's values read in a table. */
final class Render {
    private Render() {}

    /** A count, or "?" when the server does not know it (a capacity that cannot be read). */
    static String count(JsonNode n) {
        return n.isIntegralNumber() ? n.asText() : n.isNumber() ? number(n.asDouble()) : "?";
    }

    /** A metric value: whole numbers as such, others to 4 significant digits (1500, 41.23, 0.01235). */
    static String number(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** An instant to the second ("2026-03-02T10:00:01Z"), or the text as sent when it is not one. */
    static String time(JsonNode n) {
        if (!n.isTextual()) return "";
        try {
            return Instant.parse(n.asText()).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return n.asText();
        }
    }

    static String yesNo(JsonNode n) {
        return n.asBoolean(false) ? "yes" : "no";
    }

    /** "scale out 2 -> 7", "scale in 7 -> 5", "keep 3" from a decision's action and replicas. */
    static String change(JsonNode d) {
        String from = count(d.path("currentReplicas"));
        String to = count(d.path("desiredReplicas"));
        return switch (d.path("action").asText("")) {
            case "scaleOut" -> "scale out " + from + " -> " + to;
            case "scaleIn" -> "scale in " + from + " -> " + to;
            case "hold" -> "keep " + to;
            default -> d.has("currentReplicas") ? from + " -> " + to : "to " + to;
        };
    }

    /**
     * What a decision's summary says beyond its change and reason: the summary "scale out 2 -> 7 (ThresholdSustained):
     * highest opinion 7 from queue-high: ..." without the part a table shows in columns of its own.
     */
    static String why(JsonNode d) {
        String summary = d.path("summary").asText("");
        String head = "(" + d.path("reason").asText("") + "): ";
        int at = summary.indexOf(head);
        return at >= 0 && summary.lastIndexOf(':', at) < 0 ? summary.substring(at + head.length()) : summary;
    }
}
