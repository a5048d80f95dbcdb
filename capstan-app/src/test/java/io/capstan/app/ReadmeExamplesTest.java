package io.capstan.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's commands run as written, in process: every {@code ./capstan} line of a {@code sh} block succeeds,
 * the output block printed after it is what the command prints (each printed line, in order), and a
 * {@code $ ./capstan ...} block prints exactly what it shows. Paths are the repository's; output directories go
 * to a temporary directory.
 */
class ReadmeExamplesTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```\\n");
    private static final Pattern HEREDOC = Pattern.compile("(?s)cat > (\\S+) <<'(\\w+)'\\n(.*?\\n)\\2\\n");

    @TempDir
    Path tmp;

    /** A fenced block; {@code follows} when only blank lines separate it from the block before. */
    record Block(String language, String text, boolean follows) {}

    record Run(int exit, String output) {}

    static List<Block> blocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        String readme = Files.readString(REPO.resolve("README.md"));
        Matcher m = FENCE.matcher(readme);
        int end = -1;
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2), end >= 0 && readme.substring(end, m.start()).isBlank()));
            end = m.end();
        }
        return blocks;
    }

    private static final Pattern ELAPSED = Pattern.compile(" in [0-9]+(\\.[0-9]+)?(ms|s|m)(?=$|, scored from )");

    @Test
    void everyCapstanCommandRunsAndPrintsWhatTheReadmeShows() throws IOException {
        List<Block> blocks = blocks();
        int commands = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (!b.language().equals("sh")) continue;
            String text = b.text();
            Matcher heredoc = HEREDOC.matcher(text);
            List<String[]> files = new ArrayList<>();
            while (heredoc.find()) {
                Path file = Files.writeString(tmp.resolve("heredoc-" + files.size() + ".txt"), heredoc.group(3).replace("$PWD", REPO.toString()));
                files.add(new String[] {heredoc.group(1), file.toString()});
            }
            Block shown = i + 1 < blocks.size() && blocks.get(i + 1).language().isEmpty() && blocks.get(i + 1).follows()
                    ? blocks.get(i + 1) : null;
            for (String line : text.replace("\\\n", " ").lines().toList()) {
                int at = line.indexOf("./capstan ");
                // capstan run serves until stopped: theFirstCommandScalesAPoolFromAPushedSample runs it
                if (at < 0 || line.strip().startsWith("#") || line.contains("./capstan run ")) continue;
                String command = line.substring(at);
                for (String[] f : files) command = command.replace(f[0], f[1]);
                Run run = run(command);
                commands++;
                assertThat(run.exit()).as("%s%n%s", command, run.output()).isZero();
                if (shown != null) assertThat(inOrder(run.output(), shown.text())).as("README shows for %s:%n%s%nbut it prints:%n%s",
                        command, shown.text(), run.output()).isTrue();
            }
        }
        assertThat(commands).as("./capstan commands in README.md").isGreaterThanOrEqualTo(4);
    }

    @Test
    void theFirstCommandScalesAPoolFromAPushedSample() throws Exception {
        List<Block> blocks = blocks();
        assertThat(blocks.get(0).text().lines().toList()).containsExactly("./capstan run --config examples/local.yaml", "./mvnw -B verify");
        String curl = blocks.stream().map(Block::text).filter(t -> t.startsWith("curl ") && t.contains("/api/v1/metrics")).findFirst().orElseThrow();
        Matcher body = Pattern.compile("-d '([^']*)'").matcher(curl);
        assertThat(body.find()).as(curl).isTrue();
        io.capstan.app.run.LiveCapstan capstan = io.capstan.app.run.LiveCapstan.start(REPO.resolve("examples/local.yaml"), tmp.resolve("data"),
                java.util.Map.of(), List.of());
        List<ProcessHandle> members = List.of();
        try {
            assertThat(capstan.post("/api/v1/metrics", body.group(1), null).statusCode()).isEqualTo(202);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                    .until(() -> capstan.target("worker").path("currentReplicas").asInt() == 7);
            members = capstan.descendants("sleep 3600");
            assertThat(capstan.stop()).isZero();
        } finally {
            capstan.close();
            for (ProcessHandle m : members) m.destroyForcibly();
        }
    }

    @Test
    void shownSessionsPrintExactlyWhatTheReadmeShows() throws IOException {
        int sessions = 0;
        for (Block b : blocks()) {
            if (!b.language().isEmpty() || !b.text().startsWith("$ ./capstan ")) continue;
            List<String> lines = b.text().lines().toList();
            Run run = run(lines.get(0).substring(2));
            String expected = String.join("\n", lines.subList(1, lines.size())) + "\n";
            assertThat(run.output()).as(lines.get(0)).isEqualTo(expected);
            assertThat(run.exit()).as(lines.get(0)).isEqualTo(expected.contains(": ") ? 1 : 0);
            sessions++;
        }
        assertThat(sessions).isPositive();
    }

    private static String timeless(String line) {
        return ELAPSED.matcher(line.strip()).replaceAll(" in <elapsed>");
    }

    /** Runs one README command line in process, from the repository root as the README does. */
    private Run run(String commandLine) throws IOException {
        List<String> args = new ArrayList<>();
        for (String word : words(commandLine)) {
            if (word.equals("./capstan")) continue;
            if (word.startsWith("out/")) {
                args.add(tmp.resolve(word).toString());
                continue;
            }
            int eq = word.indexOf('=');
            String name = eq > 0 && !word.startsWith("-") ? word.substring(0, eq + 1) : "";
            String path = word.substring(name.length());
            args.add(!path.startsWith("-") && !path.startsWith("/") && Files.exists(REPO.resolve(path)) ? name + REPO.resolve(path) : word);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        String output = (out + err.toString()).replace(REPO + "/", "").replace(tmp + "/", "").replace(System.lineSeparator(), "\n");
        return new Run(exit, output);
    }

    /** The shell's words of a command line: split at blanks, except inside single quotes (which are dropped). */
    static List<String> words(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (char c : commandLine.strip().toCharArray()) {
            if (c == '\'' ) {
                quoted = !quoted;
                if (word == null) word = new StringBuilder();
            } else if (Character.isWhitespace(c) && !quoted) {
                if (word != null) words.add(word.toString());
                word = null;
            } else {
                if (word == null) word = new StringBuilder();
                word.append(c);
            }
        }
        if (word != null) words.add(word.toString());
        return words;
    }

    /** Each shown line, stripped, is a line of the output, in the same order; elapsed times may differ. */
    private static boolean inOrder(String output, String shown) {
        List<String> actual = output.lines().map(ReadmeExamplesTest::timeless).toList();
        int from = 0;
        for (String line : shown.lines().map(ReadmeExamplesTest::timeless).filter(l -> !l.isEmpty()).toList()) {
            int at = actual.subList(from, actual.size()).indexOf(line);
            if (at < 0) return false;
            from += at + 1;
        }
        return true;
    }
}
