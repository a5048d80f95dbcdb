package io.capstan.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code capstan run} in a child JVM (so it can be killed with SIGKILL or stopped with SIGTERM), with a real
 * H2 file under its data directory and a real HTTP API, talked to with java.net.http.
 */
public final class LiveCapstan implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^\\s\"]+)");

    final Process process;
    final String url;
    private final StringBuffer output;
    /** Reads the child's output to its end: the last lines may still be in the pipe when the child has exited. */
    private final Thread reader;
    private final HttpClient http = HttpClient.newHttpClient();

    private LiveCapstan(Process process, String url, StringBuffer output, Thread reader) {
        this.reader = reader;
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /**
     * Starts {@code capstan run --config CONFIG --data DATA --listen 127.0.0.1:0 EXTRA...} and waits for its
     * "listening on" line.
     *
     * @param jvmProperties -Dname=value options of the child JVM (the test hooks)
     */
    public static LiveCapstan start(Path config, Path data, Map<String, String> env, List<String> jvmProperties, String... extra) throws IOException {
        return start(LISTENING, config, data, env, jvmProperties, extra);
    }

    /** The line logged once the API is bound, before unfinished actions are resumed. */
    static final Pattern BOUND = Pattern.compile("the API answers on (http://[^\\s\"]+)");

    /** Starts as {@link #start(Path, Path, Map, List, String...)} does, returning once the API is bound (maybe not ready). */
    static LiveCapstan starting(Path config, Path data, Map<String, String> env, List<String> jvmProperties, String... extra) throws IOException {
        return start(BOUND, config, data, env, jvmProperties, extra);
    }

    private static LiveCapstan start(Pattern waitFor, Path config, Path data, Map<String, String> env, List<String> jvmProperties, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--config", config.toString(), "--data", data.toString(), "--listen", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        List<String> cmd = io.capstan.app.ChildJvm.command(jvmProperties, "io.capstan.app.Main", args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove(RunCommand.TOKEN_VARIABLE);
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuffer output = new StringBuffer();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    Matcher m = waitFor.matcher(line);
                    if (m.find()) url.complete(m.group(1));
                }
            } catch (IOException e) {
                // the child is gone
            }
            url.complete(null);
        });
        reader.setDaemon(true);
        reader.start();
        String u;
        try {
            u = url.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("capstan run did not start:\n" + output, e);
        }
        if (u == null) throw new IllegalStateException("capstan run exited before listening:\n" + output);
        return new LiveCapstan(p, u, output, reader);
    }

    public String output() {
        return output.toString();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                // as curl does past 1 MiB: a server refusing the body (413) answers before it is sent, instead of
                // resetting a connection the client is still writing to
                .expectContinue(body.length() > 1 << 20);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Pushes one sample of {@code target}'s {@code metric} (timestamp now); returns the response. */
    HttpResponse<String> push(String target, String metric, double value) throws IOException, InterruptedException {
        return post("/api/v1/metrics", "{\"samples\": [{\"target\": \"" + target + "\", \"metric\": \"" + metric + "\", \"value\": " + value + "}]}", null);
    }

    /** The target's entry of GET /api/v1/targets. */
    public JsonNode target(String name) throws IOException, InterruptedException {
        for (JsonNode t : JSON.readTree(get("/api/v1/targets").body())) if (t.path("name").asText().equals(name)) return t;
        throw new IllegalStateException("no target " + name);
    }

    JsonNode decisions(String name) throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/targets/" + name + "/decisions").body());
    }

    /** Sends SIGTERM (again, as a second signal) without waiting. */
    void terminate() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    }

    /** SIGTERM, and the exit code once the child has exited and all it printed is in {@link #output}. */
    public int stop() throws InterruptedException {
        process.destroy();
        return exited();
    }

    /**
     * Waits for the child to exit and for its output to be read to the end, and returns the exit code. A child that
     * has exited may still have its last lines in the pipe: reading {@link #output} at {@code waitFor} can miss what it
     * printed while stopping.
     */
    int exited() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("capstan run did not stop on SIGTERM:\n" + output);
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return process.exitValue();
    }

    /** SIGKILL: no shutdown code runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The live descendants of the child JVM whose command line holds {@code text}: members it started. */
    public List<ProcessHandle> descendants(String text) {
        return process.descendants().filter(h -> h.info().commandLine().map(c -> c.contains(text)).orElse(false)).toList();
    }

    /** The live processes whose command line holds {@code marker}: the members of a pool started with it. */
    static List<ProcessHandle> members(String marker) {
        return ProcessHandle.allProcesses().filter(h -> h.isAlive() && h.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }

    /** Ends the members this test started, by their ids. */
    static void killMembers(String marker) {
        for (ProcessHandle h : members(marker)) h.destroyForcibly();
    }

    /**
     * A target of a config's {@code targets:} list: runbook 001's worker rules on a pushed queue depth (+5 above
     * {@code high}, -2 below 100), scaled by a process pool of {@code sleep <duration>} members.
     */
    static String queueTarget(String name, String replicas, String cooldown, String high, String duration) {
        return """
                  - name: %s
                    replicas: %s
                    metrics:
                      queue_depth: {scope: target, source: push}
                    cooldown: %s
                    policies:
                      - {name: queue-high, threshold: {when: "last(queue_depth, 1m) > %s", action: {add: 5}}}
                      - {name: queue-low,  threshold: {when: "last(queue_depth, 1m) < 100", action: {remove: 2}}}
                    actuator: {type: process, command: ["sleep", "%s"], gracePeriod: 5s}
                """.formatted(name, replicas, cooldown, high, duration);
    }

    static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
