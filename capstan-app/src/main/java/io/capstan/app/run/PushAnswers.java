package io.capstan.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.app.client.ApiClient;
import io.capstan.app.input.Problem;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * One batch of {@code capstan push} sent, and what the server said of its samples told by their stdin line (the
 * server knows only their index in the batch): a refused batch names each bad line, an accepted one each line it
 * ignored (older than its series' newest sample).
 */
final class PushAnswers {
    private PushAnswers() {}

    /** @param accepted samples the server added; @param ignored samples it kept out */
    record Sent(int accepted, int ignored) {}

    /**
     * @param lines the stdin line number of each sample of {@code batch}
     * @throws ApiClient.Failure when the server refused the batch (after each bad line is printed) or cannot be reached
     */
    static Sent send(ApiClient client, List<Map<String, Object>> batch, List<Integer> lines, PrintWriter err) {
        ApiClient.Answer a = client.post("/api/v1/metrics", Map.of("samples", batch));
        if (a.status() == 400) {
            JsonNode refused = json(a);
            if (refused != null && refused.path("error").isTextual() && refused.path("samples").isArray()) {
                for (JsonNode item : refused.get("samples")) {
                    int i = item.path("index").asInt(-1);
                    String why = item.path("error").asText().replaceFirst("^samples\\[\\d+\\]\\.", "");
                    err.println((i >= 0 && i < lines.size() ? "stdin:" + lines.get(i) : "stdin") + ": " + Problem.escapeName(why));
                }
                throw new ApiClient.Failure(client.server() + " answered 400: " + Problem.escapeName(refused.get("error").asText()));
            }
        }
        JsonNode done = client.json(client.ok(a, null));
        int ignored = 0;
        for (JsonNode item : done.path("ignored")) {
            int i = item.path("index").asInt(-1);
            err.println((i >= 0 && i < lines.size() ? "stdin:" + lines.get(i) : "stdin") + ": ignored: " + Problem.escapeName(item.path("reason").asText("?")));
            ignored++;
        }
        return new Sent(done.path("accepted").asInt(), ignored);
    }

    private static JsonNode json(ApiClient.Answer a) {
        try {
            return DecisionJson.JSON.readTree(a.body());
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
