package io.capstan.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.app.client.ApiClient;
import io.capstan.app.client.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code capstan push}: reads samples from stdin, one a line, and posts them to a running {@code capstan run}
 * ({@code POST /api/v1/metrics}) in batches. A line is {@code TARGET METRIC VALUE [TIMESTAMP]} (an RFC 3339 instant or
 * epoch seconds) or a JSON object {@code {"target", "metric", "value", "timestamp"?}}; blank lines and {@code #}
 * comments are skipped. A bad line is reported as {@code stdin:LINE: ...} and nothing is sent.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Send metric samples read from stdin to a running 'capstan run'.",
                "Each line: TARGET METRIC VALUE [TIMESTAMP], or a JSON object {\"target\", \"metric\", \"value\", \"timestamp\"}."},
        footer = {"", "The API token comes from CAPSTAN_API_TOKEN or --token-file; the server from --server or CAPSTAN_SERVER.",
                "Example: echo 'worker queue_depth 1500' | capstan push"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every sample accepted", "1:a bad line, a sample the server ignored (stdin:LINE: ignored: why),"
                + " or the server refused or could not be reached", "2:usage error",
                "70:internal error (a bug in Capstan: please report it)"})
public final class PushCommand implements java.util.concurrent.Callable<Integer> {
    static final int BATCH = 1000;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Map<String, Object>> samples = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        boolean bad = false;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int no = 0;
        for (String line; (line = in.readLine()) != null; ) {
            no++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            try {
                samples.add(parse(l));
                lines.add(no);
            } catch (IllegalArgumentException e) {
                err.println("stdin:" + no + ": " + e.getMessage());
                bad = true;
            }
        }
        if (bad) return 1;
        int accepted = 0;
        int ignored = 0;
        try {
            ApiClient client = server.client(spec.commandLine());
            for (int from = 0; from < samples.size(); from += BATCH) {
                int to = Math.min(samples.size(), from + BATCH);
                PushAnswers.Sent sent = PushAnswers.send(client, samples.subList(from, to), lines.subList(from, to), err);
                accepted += sent.accepted();
                ignored += sent.ignored();
            }
        } catch (ApiClient.Failure f) {
            err.println("capstan push: " + f.getMessage() + (accepted > 0 ? " (" + accepted + " sample(s) of earlier batches were accepted)" : ""));
            return 1;
        }
        out.println("accepted " + accepted + " of " + samples.size() + " sample(s)" + (ignored > 0 ? "; " + ignored + " ignored (see above)" : ""));
        out.flush();
        return ignored > 0 ? 1 : 0;
    }

    static Map<String, Object> parse(String line) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (line.startsWith("{")) {
            JsonNode n;
            try {
                n = DecisionJson.JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException("expected a JSON object {\"target\", \"metric\", \"value\", \"timestamp\"?}");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = DecisionJson.JSON.convertValue(n, Map.class);
            return m;
        }
        String[] w = line.split("\\s+");
        if (w.length < 3 || w.length > 4) throw new IllegalArgumentException("expected TARGET METRIC VALUE [TIMESTAMP], found " + w.length + " word(s)");
        s.put("target", w[0]);
        s.put("metric", w[1]);
        try {
            s.put("value", Double.parseDouble(w[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number as VALUE, found '" + w[2] + "'");
        }
        if (w.length == 4) {
            try {
                s.put("timestamp", Double.parseDouble(w[3]));
            } catch (NumberFormatException e) {
                s.put("timestamp", w[3]);
            }
        }
        return s;
    }
}
