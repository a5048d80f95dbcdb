package io.capstan.app.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.app.CliRun;
import io.capstan.app.run.LiveCapstan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client commands against a real {@code capstan run} (a child JVM with a real H2 store, a real process pool of
 * {@code sleep} members and the real HTTP API), started once for the class with an API token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCommandsTest {
    static final String TOKEN = "s3cret-" + ThreadLocalRandom.current().nextInt(1_000_000);
    private static final Duration LONG = Duration.ofSeconds(90);

    private Path dir;
    private final String marker = "3600." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    private LiveCapstan capstan;
    private String url;
    private Path tokenFile;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        // runbook 001's worker rules, a batch pool that adds one, and a web pool that only the tests change by hand
        Path config = Files.writeString(dir.resolve("worker.yaml"), "targets:\n"
                + target("worker", 2, 20, "queue_depth", "{name: queue-high, threshold: {when: \"last(queue_depth, 1m) > 1000\", action: {add: 5}}}",
                "{name: queue-low,  threshold: {when: \"last(queue_depth, 1m) < 100\", action: {remove: 2}}}")
                + target("batch", 1, 4, "jobs", "{name: busy, threshold: {when: \"last(jobs, 1m) > 10\", action: {add: 1}}}")
                + target("web", 1, 4, "rps", "{name: busy, threshold: {when: \"last(rps, 1m) > 100\", action: {add: 1}}}")
                + "controller: {interval: 1s}\n");
        capstan = LiveCapstan.start(config, dir.resolve("data"), Map.of(ApiClient.TOKEN_VARIABLE, TOKEN), List.of());
        Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(capstan.output());
        assertThat(m.find()).isTrue();
        url = m.group(1);
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        await().atMost(LONG).until(() -> capstan.target("worker").path("currentReplicas").asInt() == 2
                && capstan.target("batch").path("currentReplicas").asInt() == 1 && capstan.target("web").path("currentReplicas").asInt() == 1);
    }

    /** One target pushed one metric, scaled as a pool of this test's sleep members with short cooldowns. */
    private String target(String name, int min, int max, String metric, String... policies) {
        return "  - name: " + name + "\n    replicas: {min: " + min + ", max: " + max + "}\n    metrics: {" + metric + ": {scope: target, source: push}}\n"
                + "    cooldown: {scaleOut: 1s, scaleIn: 1s}\n    policies:\n" + java.util.Arrays.stream(policies).map(p -> "      - " + p + "\n").collect(java.util.stream.Collectors.joining())
                + "    actuator: {type: process, command: [\"sleep\", \"" + marker + "\"], gracePeriod: 1s}\n";
    }

    @AfterAll
    void stop() throws Exception {
        if (capstan == null) return;
        List<ProcessHandle> members = new ArrayList<>(capstan.descendants("sleep " + marker));
        capstan.close();
        members.forEach(ProcessHandle::destroyForcibly);
    }

    private CliRun cli(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--server", url));
        return CliRun.of(a.toArray(String[]::new));
    }

    private CliRun push(String lines) {
        InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
            return cli("push", "--token-file", tokenFile.toString());
        } finally {
            System.setIn(stdin);
        }
    }

    // ---------------------------------------------------------------- status

    @Test
    void statusIsATableOfTheTargets() {
        CliRun r = cli("status");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).matches("TARGET +CURRENT +READY +DESIRED +PAUSED +DRY-RUN +METRICS");
        assertThat(r.out()).containsPattern("(?m)^worker +\\d+ +\\d+ +\\d+ +no +no +queue_depth=")
                .containsPattern("(?m)^batch +\\d +\\d +\\d +no +no +jobs=(no data|50 \\(warning\\))$")
                .containsPattern("(?m)^  last decision \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: (scale out \\d+ -> |keep )\\d+ \\(\\w+\\): ");
    }

    @Test
    void statusOfOneTarget() throws Exception {
        CliRun r = cli("status", "batch");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> !l.startsWith("  ")).toList()).hasSize(2).last().asString().startsWith("batch ");
        JsonNode one = ApiClient.JSON.readTree(cli("status", "batch", "-o", "json").out());
        assertThat(one.path("name").asText()).isEqualTo("batch");
        CliRun typo = cli("status", "btach");
        assertThat(typo.exit()).isEqualTo(1);
        assertThat(typo.err()).isEqualTo("capstan status: no target 'btach'; did you mean 'batch'?; targets are worker, batch, web\n");
    }

    @Test
    void statusJsonIsTheServersJson() throws Exception {
        CliRun r = cli("status", "--output", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode targets = ApiClient.JSON.readTree(r.out());
        assertThat(targets.isArray()).isTrue();
        assertThat(targets.findValuesAsText("name")).containsExactly("worker", "batch", "web");
        assertThat(r.out().strip()).doesNotContain("\n");
    }

    /**
     * {@code exporter | capstan push}: a line is sent while stdin stays open (before, nothing went before the end of
     * stdin), and the next line after it.
     */
    @Test
    void pushStreamsEachLineWithoutWaitingForTheEndOfStdin() throws Exception {
        InputStream stdin = System.in;
        java.io.PipedOutputStream exporter = new java.io.PipedOutputStream();
        java.io.PipedInputStream pipe = new java.io.PipedInputStream(exporter);
        java.util.concurrent.CompletableFuture<CliRun> run;
        try {
            System.setIn(pipe);
            run = java.util.concurrent.CompletableFuture.supplyAsync(() -> cli("push", "--token-file", tokenFile.toString(), "--flush-after", "100ms"));
            exporter.write("web rps 5\n".getBytes(StandardCharsets.UTF_8));
            exporter.flush();
            await().atMost(LONG).until(() -> capstan.target("web").path("metrics").path("rps").path("value").asDouble() == 5);
            exporter.write("web rps 6\n".getBytes(StandardCharsets.UTF_8));
            exporter.flush();
            await().atMost(LONG).until(() -> capstan.target("web").path("metrics").path("rps").path("value").asDouble() == 6);
            assertThat(run).isNotDone();
            exporter.close();
            CliRun r = run.get(90, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("accepted 2 of 2 sample(s)\n");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void pushedMetricsShowInStatusAndTheChangeInHistoryNewestFirst() throws Exception {
        CliRun p = push("batch jobs 50\n");
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).contains("accepted 1 of 1 sample(s)");
        await().atMost(LONG).until(() -> capstan.target("batch").path("currentReplicas").asInt() >= 2);
        assertThat(cli("status").out()).containsPattern("(?m)^batch +\\d +\\d +\\d +no +no +jobs=50 \\(warning\\)$");
        CliRun h = cli("history", "batch");
        assertThat(h.exit()).as(h.err()).isZero();
        List<String> lines = h.out().lines().toList();
        assertThat(lines.getFirst()).matches("TIME +CHANGE +STATE +REASON +WHY");
        // newest first: the scale out the push caused comes before the one to the minimum at start
        int out = indexOf(lines, "scale out 1 -> 2 +(planned|applying|applied) +ThresholdSustained +highest opinion 2 from busy: last\\(jobs, 1m\\) = 50 > 10");
        int start = indexOf(lines, "scale out 0 -> 1 +applied +TooFewReplicas +below min 1");
        assertThat(out).isPositive().isLessThan(start);
        CliRun one = cli("history", "batch", "--limit", "1");
        assertThat(one.out().lines().count()).isEqualTo(2);
        CliRun json = cli("history", "batch", "-n", "2", "-o", "json");
        JsonNode decisions = ApiClient.JSON.readTree(json.out());
        assertThat(decisions).hasSize(2);
        assertThat(decisions.get(0).path("timestamp").asText()).isGreaterThan(decisions.get(1).path("timestamp").asText());
        assertThat(decisions.get(0).path("steps").isArray()).isTrue();
        CliRun steps = cli("history", "batch", "--steps", "-n", "1");
        assertThat(steps.out()).containsPattern("(?m)^    combine: highest opinion");
    }

    private static int indexOf(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        for (int i = 0; i < lines.size(); i++) if (p.matcher(lines.get(i)).find()) return i;
        return -1;
    }

    @Test
    void anUnknownTargetNamesTheKnownOnes() {
        CliRun typo = cli("history", "workr");
        assertThat(typo.exit()).isEqualTo(1);
        assertThat(typo.err()).isEqualTo("capstan history: no target 'workr'; did you mean 'worker'?; targets are worker, batch, web\n");
        for (String name : List.of("a/b", "日本 ü", "x?y#z", "..")) {
            CliRun r = cli("history", name);
            assertThat(r.exit()).as(name).isEqualTo(1);
            assertThat(r.err()).as(name).startsWith("capstan history: no target '" + name + "'").endsWith("targets are worker, batch, web\n");
        }
        CliRun scale = cli("scale", "webb", "2", "--reason", "test", "--token-file", tokenFile.toString());
        assertThat(scale.exit()).isEqualTo(1);
        assertThat(scale.err()).isEqualTo("capstan scale: no target 'webb'; did you mean 'web'?; targets are worker, batch, web\n");
        CliRun empty = cli("history", "");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).startsWith("error: TARGET: expected a target's name, found an empty one");
    }

    @Test
    void aMissingOrWrongTokenIsOneLine() throws Exception {
        InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("worker queue_depth 5\n".getBytes(StandardCharsets.UTF_8)));
            CliRun none = cli("push");
            assertThat(none.exit()).isEqualTo(1);
            assertThat(none.err()).isEqualTo("capstan push: the server wants a token: set CAPSTAN_API_TOKEN (or --token-file)\n");
            System.setIn(new java.io.ByteArrayInputStream("worker queue_depth 5\n".getBytes(StandardCharsets.UTF_8)));
            CliRun wrong = cli("push", "--token-file", Files.writeString(dir.resolve("wrong"), "nope").toString());
            assertThat(wrong.exit()).isEqualTo(1);
            assertThat(wrong.err()).isEqualTo("capstan push: the server refused the token (wrong API token): check CAPSTAN_API_TOKEN or --token-file\n");
            System.setIn(new java.io.ByteArrayInputStream("worker queue_depth 5\n".getBytes(StandardCharsets.UTF_8)));
            CliRun missing = cli("push", "--token-file", dir.resolve("no-such-file").toString());
            assertThat(missing.err()).isEqualTo("capstan push: cannot read --token-file " + dir.resolve("no-such-file") + ": no such file\n");
        } finally {
            System.setIn(stdin);
        }
        assertThat(capstan.output()).doesNotContain(TOKEN);
    }

    @Test
    void pushNamesEachBadSample() {
        CliRun r = push("# two bad samples after a comment\n\nworkr queue_depth 5\nworker queu_depth 5\n{\"target\": \"worker\", \"metric\": \"queue_depth\", \"value\": \"5\"}\n");
        assertThat(r.exit()).isEqualTo(1);
        // each named by its stdin line, not by its index in the batch
        assertThat(r.err()).isEqualTo("stdin:3: target: no target 'workr'; targets are worker, batch, web\n"
                + "stdin:4: metric: target worker has no metric 'queu_depth'; it reads queue_depth\n"
                + "stdin:5: value: expected a number, found a string\n"
                + "capstan push: " + url + " answered 400: 3 bad sample(s); nothing was accepted\n");
    }

    @Test
    void pushNamesEachIgnoredSampleByItsLineAndExits1() {
        long now = java.time.Instant.now().getEpochSecond();
        // a sample older than the newest of its series is ignored by the server
        CliRun first = push("batch jobs 50\n");
        assertThat(first.exit()).as(first.err()).isZero();
        CliRun r = push("# history\nbatch jobs 50 " + (now - 60) + "\n");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("accepted 0 of 1 sample(s); 1 ignored (see above)\n");
        assertThat(r.err()).startsWith("stdin:2: ignored: older than the latest sample of batch/jobs at ");
    }

    // ---------------------------------------------------------------- changes

    private CliRun change(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--token-file", tokenFile.toString()));
        return cli(a.toArray(String[]::new));
    }

    private JsonNode web() throws Exception {
        return capstan.target("web");
    }

    /** One person's session on call, in order: each step's effect is checked in the server, not only in the output. */
    @Test
    void scalePauseResumeDryRunAndEmergencyChangeTheRealTarget() throws Exception {
        String why = "INC-7: héllo 🚀 日本, \"quoted\" and \\ back";
        CliRun scale = change("scale", "web", "3", "--reason", why, "--by", "alice");
        assertThat(scale.exit()).as(scale.err()).isZero();
        assertThat(scale.out()).matches("web: manual scale 1 -> 3 by alice \\(token, 127\\.0\\.0\\.1\\): " + Pattern.quote(why)
                + " \\(paused until resumed\\); planned as decision web@\\S+ \\(`capstan history` shows when it is applied\\)\n");
        await().atMost(LONG).until(() -> web().path("currentReplicas").asInt() == 3);
        assertThat(web().path("pause").path("reason").asText()).endsWith(why);
        CliRun status = cli("status");
        assertThat(status.out()).containsPattern("(?m)^web +3 +\\d +3 +yes +no +rps=no data$")
                .contains("  paused by alice (token, 127.0.0.1) at ").contains(": manual scale to 3: " + why);
        await().atMost(LONG).until(() -> cli("history", "web", "-n", "1").out().contains("applied"));
        assertThat(cli("history", "web", "-n", "1").out().lines().skip(1).findFirst().orElseThrow())
                .matches("\\S+Z +scale out 1 -> 3 +applied +ManualScale +manual scale 1 -> 3 by alice \\(token, 127\\.0\\.0\\.1\\): .*");

        CliRun resume = change("resume", "web", "--reason", "release done");
        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(resume.out()).isEqualTo("web: resumed: its policies decide again\n");
        assertThat(web().path("paused").asBoolean()).isFalse();
        assertThat(change("resume", "web", "--reason", "again").out()).isEqualTo("web: was not paused; nothing changed\n");

        CliRun pause = change("pause", "web", "--reason", "maintenance until 14:00", "--by", "bob");
        assertThat(pause.out()).startsWith("web: paused by bob (token, 127.0.0.1) at ").endsWith(": maintenance until 14:00\n");
        assertThat(web().path("pause").path("by").asText()).startsWith("bob");
        assertThat(change("resume", "web", "--reason", "over").exit()).isZero();

        CliRun dry = change("dry-run", "web", "on", "--reason", "trying a policy");
        assertThat(dry.out()).startsWith("web: dry run on by ").endsWith(": trying a policy (decisions are recorded, nothing is changed)\n");
        assertThat(web().path("dryRun").asBoolean()).isTrue();
        CliRun refused = change("scale", "web", "2", "--reason", "test");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("capstan scale: " + url + " answered 409: web is in dry run");
        assertThat(change("dry-run", "web", "off").out()).isEqualTo("web: dry run off: decisions change capacity again\n");
        assertThat(web().path("dryRun").asBoolean()).isFalse();

        CliRun emergency = change("emergency", "web");
        assertThat(emergency.exit()).as(emergency.err()).isZero();
        assertThat(emergency.out()).startsWith("web: emergency scale to max 3 -> 4 by ");
        await().atMost(LONG).until(() -> web().path("currentReplicas").asInt() == 4);
        assertThat(web().path("paused").asBoolean()).isTrue();
        assertThat(change("resume", "web", "--reason", "over", "-o", "json").out()).startsWith("{").contains("\"paused\":false");
    }

    @Test
    void refusedChangesAreOneLineAndChangeNothing() throws Exception {
        JsonNode before = web();
        CliRun tooMany = change("scale", "web", "40", "--reason", "test");
        assertThat(tooMany.exit()).isEqualTo(1);
        assertThat(tooMany.err()).isEqualTo("capstan scale: " + url + " answered 400: body:1:13: replicas: expected a whole number from 1 to 4"
                + " (the replicas: bounds of web), found 40\n");
        CliRun tooLong = change("pause", "web", "--reason", "x".repeat(5000));
        assertThat(tooLong.exit()).isEqualTo(1);
        assertThat(tooLong.err()).isEqualTo("capstan pause: " + url + " answered 400: body:1:23: reason: at most 1000 characters, found 5000\n");
        CliRun escape = change("pause", "web", "--reason", "clear\033[2J screen");
        assertThat(escape.exit()).isEqualTo(1);
        assertThat(escape.err()).contains("reason: control characters are not allowed").doesNotContain("\033");
        CliRun noToken = cli("pause", "web", "--reason", "test");
        assertThat(noToken.err()).isEqualTo("capstan pause: the server wants a token: set CAPSTAN_API_TOKEN (or --token-file)\n");
        assertThat(web().path("paused")).isEqualTo(before.path("paused"));
        assertThat(web().path("pause")).isEqualTo(before.path("pause"));
    }

    // ---------------------------------------------------------------- watch

    @Test
    void watchOffATerminalPrintsSuccessiveSnapshots() {
        CliRun r = cli("status", "--watch", "--interval", "100ms", "--count", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("\033");
        List<String> heads = r.out().lines().filter(l -> l.startsWith("# ")).toList();
        assertThat(heads).hasSize(2).allMatch(l -> l.matches("# \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ " + Pattern.quote(url)));
        assertThat(r.out().lines().filter(l -> l.startsWith("TARGET "))).hasSize(2);
    }

    @Test
    void watchAsJsonIsOneArrayALine() throws Exception {
        CliRun r = cli("status", "--watch", "--interval", "100ms", "--count", "3", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        for (String l : lines) assertThat(ApiClient.JSON.readTree(l).findValuesAsText("name")).containsExactly("worker", "batch", "web");
    }

    @Test
    void watchOnATerminalRedrawsInPlace() {
        StatusCommand status = new StatusCommand();
        status.terminal = true;
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(status);
        cli.setOut(new java.io.PrintWriter(out, true));
        int exit = cli.execute("--watch", "--interval", "100ms", "--count", "2", "--server", url);
        assertThat(exit).isZero();
        String[] frames = out.toString().split("\033\\[H", -1);
        // the first frame clears the screen, the next one goes home and overwrites each line, clearing what is left
        assertThat(out.toString()).startsWith("\033[H\033[2J");
        assertThat(frames).hasSize(3);
        assertThat(frames[2]).startsWith("every 100ms from " + url).contains("worker").endsWith("\033[J");
        assertThat(frames[2].lines().filter(l -> !l.isEmpty())).allMatch(l -> l.endsWith("\033[K") || l.endsWith("\033[J"));
    }

    @Test
    void watchKeepsGoingWhenTheServerIsAwayAndSaysWhy() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of("status", "--watch", "--interval", "100ms", "--count", "2", "--server", "http://127.0.0.1:" + port);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(2).allMatch(l -> l.equals("capstan status: cannot reach http://127.0.0.1:" + port
                + ": connection refused; is `capstan run` listening there?"));
    }

    // ---------------------------------------------------------------- as a process

    /** The CLI in a child JVM with {@code env} (and without the caller's CAPSTAN_ variables): what a shell runs. */
    private static Process child(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "io.capstan.app.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(ApiClient.TOKEN_VARIABLE);
        pb.environment().remove(ServerOptions.SERVER_VARIABLE);
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String read(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theServerAndTheTokenComeFromTheEnvironment() throws Exception {
        Process p = child(Map.of(ServerOptions.SERVER_VARIABLE, url, ApiClient.TOKEN_VARIABLE, TOKEN), "pause", "web", "--reason", "from env");
        String out = read(p.getInputStream());
        String err = read(p.getErrorStream());
        assertThat(p.waitFor()).as(err).isZero();
        assertThat(out).startsWith("web: paused by ").endsWith(": from env\n");
        assertThat(web().path("pause").path("reason").asText()).isEqualTo("from env");
        assertThat(change("resume", "web", "--reason", "test over").exit()).isZero();
    }

    @Test
    void ctrlCEndsAWatchCleanly() throws Exception {
        Process p = child(Map.of(ServerOptions.SERVER_VARIABLE, url), "status", "--watch", "--interval", "100ms");
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) out.append(l).append('\n');
            } catch (java.io.IOException e) {
                // the child is gone
            }
        });
        reader.start();
        await().atMost(LONG).until(() -> out.toString().lines().filter(l -> l.startsWith("TARGET ")).count() >= 2);
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        reader.join();
        assertThat(p.exitValue()).isZero();
        assertThat(read(p.getErrorStream())).isEmpty();
    }

    // ---------------------------------------------------------------- usage

    @ParameterizedTest
    @ValueSource(strings = {"-1", "3.5", "abc", "9999999999", "", " ", "0x10", "1e3"})
    void replicasMustBeAWholeNumber(String n) {
        CliRun r = cli("scale", "worker", n, "--reason", "test", "--token-file", tokenFile.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: N: expected a whole number of replicas, 0 or more, found '" + n + "'");
    }

    @Test
    void usageErrorsAreExitTwoWithOneLine() {
        record Case(List<String> args, String says) {}
        for (Case c : List.of(
                new Case(List.of("scale", "worker", "3"), "Missing required option: '--reason=TEXT'"),
                new Case(List.of("scale", "worker", "3", "--reason", "  "), "--reason: expected a few words saying why, found nothing"),
                new Case(List.of("pause", "worker"), "Missing required option: '--reason=TEXT'"),
                new Case(List.of("dry-run", "worker", "maybe"), "on|off: expected on or off, found 'maybe'"),
                new Case(List.of("history", "worker", "--limit", "0"), "--limit 0: expected 1 to 10000"),
                new Case(List.of("history", "worker", "--limit", "many"), "--limit many: 'many' is not an int"),
                new Case(List.of("status", "--count", "2"), "--count: only with --watch"),
                new Case(List.of("status", "--watch", "--interval", "10ms"), "--interval 10ms: expected 100ms or more"),
                new Case(List.of("status", "--watch", "--count", "0"), "--count 0: expected 1 or more"),
                new Case(List.of("status", "--output", "yaml"), "--output yaml: expected one of [table, json]"),
                new Case(List.of("status", "--timeout", "0s"), "--timeout 0s: expected a duration above 0, such as 10s"),
                new Case(List.of("status", "--timeout", "soon"), "--timeout soon: "))) {
            CliRun r = cli(c.args().toArray(String[]::new));
            assertThat(r.exit()).as(c.args() + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(c.args().toString()).startsWith("error: " + c.says());
            assertThat(r.err().lines()).hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8080", "127.0.0.1", "ftp://127.0.0.1:8080", "http://", "http//127.0.0.1:8080",
            "http://user:pw@127.0.0.1:8080", "http://127.0.0.1:8080/?x=1", "not a url", "http://[::1"})
    void aBadServerUrlIsAUsageError(String server) {
        CliRun r = CliRun.of("status", "--server", server);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --server " + server + ": expected a URL such as http://127.0.0.1:8080");
    }
}
