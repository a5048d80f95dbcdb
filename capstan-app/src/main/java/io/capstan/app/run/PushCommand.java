package io.capstan.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.app.client.ApiClient;
import io.capstan.app.client.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code capstan push}: reads samples from stdin, one a line, and posts them to a running {@code capstan run}
 * ({@code POST /api/v1/metrics}) as they come. A line is {@code TARGET METRIC VALUE [TIMESTAMP]} (an RFC 3339 instant or
 * epoch seconds) or a JSON object {@code {"target", "metric", "value", "timestamp"?}}; blank lines and {@code #}
 * comments are skipped. It streams: a batch is sent once it holds {@value #BATCH} samples, once its first line has
 * waited {@code --flush-after} (so {@code exporter | capstan push} delivers each sample within that time, and a sample
 * without a timestamp, stamped by the server on arrival, is stamped when it was read, give or take that time), and at
 * the end of stdin. A bad line is reported as {@code stdin:LINE: ...} and not sent; the exit code is then 1.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Send metric samples read from stdin to a running 'capstan run', as they are read.",
                "Each line: TARGET METRIC VALUE [TIMESTAMP], or a JSON object {\"target\", \"metric\", \"value\", \"timestamp\"}."},
        footer = {"", "The API token comes from CAPSTAN_API_TOKEN or --token-file; the server from --server or CAPSTAN_SERVER.",
                "Example: echo 'worker queue_depth 1500' | capstan push"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every sample accepted", "1:a bad line, a sample the server ignored (stdin:LINE: ignored: why),"
                + " or the server refused or could not be reached", "2:usage error",
                "70:internal error (a bug in Capstan: please report it)"})
public final class PushCommand implements java.util.concurrent.Callable<Integer> {
    static final int BATCH = 1000;
    /** What the reader thread puts in the queue at the end of stdin. */
    private static final Object END = new Object();

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--flush-after", paramLabel = "DURATION", description = "send what was read once its first line has waited this long (default: 200ms)",
            converter = DurationOption.class)
    Duration flushAfter = Duration.ofMillis(200);

    /** Reads a duration the policy file's way (200ms, 1s). */
    static final class DurationOption implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d;
            try {
                d = io.capstan.core.model.Durations.parse(value);
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("expected a duration such as 200ms or 1s, found '" + value + "'");
            }
            if (d.isNegative() || d.isZero()) throw new picocli.CommandLine.TypeConversionException("expected a positive duration, found '" + value + "'");
            return d;
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApiClient client;
        try {
            client = server.client(spec.commandLine());
        } catch (ApiClient.Failure f) {
            err.println("capstan push: " + f.getMessage());
            return 1;
        }
        BlockingQueue<Object> lines = new LinkedBlockingQueue<>(4 * BATCH);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) lines.put(line);
            } catch (IOException e) {
                // the end of stdin as far as this command can tell
            } catch (InterruptedException e) {
                return;
            }
            try {
                lines.put(END);
            } catch (InterruptedException e) {
                // stopping
            }
        }, "capstan-push-stdin");
        reader.setDaemon(true);
        reader.start();
        List<Map<String, Object>> batch = new ArrayList<>();
        List<Integer> batchLines = new ArrayList<>();
        long due = 0;
        boolean bad = false;
        int no = 0;
        Tally tally = new Tally();
        try {
            while (true) {
                Object item = batch.isEmpty() ? lines.take() : lines.poll(Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (item == null || item == END) {
                    // the first line of the batch has waited --flush-after, or stdin ended
                    if (!batch.isEmpty()) tally.send(client, batch, batchLines, err);
                    if (item == END) break;
                    continue;
                }
                no++;
                String l = ((String) item).strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                try {
                    if (batch.isEmpty()) due = System.nanoTime() + flushAfter.toNanos();
                    batch.add(parse(l));
                    batchLines.add(no);
                } catch (IllegalArgumentException e) {
                    err.println("stdin:" + no + ": " + e.getMessage());
                    err.flush();
                    bad = true;
                    continue;
                }
                if (batch.size() >= BATCH) tally.send(client, batch, batchLines, err);
            }
        } catch (ApiClient.Failure f) {
            reader.interrupt();
            err.println("capstan push: " + f.getMessage() + (tally.accepted > 0 ? " (" + tally.accepted + " sample(s) of earlier batches were accepted)" : ""));
            return 1;
        }
        out.println("accepted " + tally.accepted + " of " + tally.sent + " sample(s)" + (tally.ignored > 0 ? "; " + tally.ignored + " ignored (see above)" : ""));
        out.flush();
        return bad || tally.ignored > 0 ? 1 : 0;
    }

    /** What the batches sent so far came to; sending a batch empties it. */
    private static final class Tally {
        int sent;
        int accepted;
        int ignored;

        void send(ApiClient client, List<Map<String, Object>> batch, List<Integer> lines, PrintWriter err) {
            PushAnswers.Sent answer = PushAnswers.send(client, batch, lines, err);
            accepted += answer.accepted();
            ignored += answer.ignored();
            sent += batch.size();
            batch.clear();
            lines.clear();
        }
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
