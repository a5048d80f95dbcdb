package io.capstan.app.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Command lines for the CLI surface: valid ones to start from, their damage, and their file form (one argument a
 * line, {@code \n}, {@code \r} and {@code \\} escaped). Paths are placeholders so that a stored command line replays
 * anywhere: {@code {out}} (simulate's output directory, in the case's work directory), {@code {file}} (an existing
 * regular file), {@code {examples}}, {@code {resources}}.
 */
final class CliArgs {
    static final Map<String, String> BASES = new LinkedHashMap<>();

    static {
        BASES.put("validate", lines("validate", "{examples}/sergas.yaml", "{examples}/sergas-hpa.yaml"));
        BASES.put("explain", lines("explain", "{resources}/fuzz/scenarios/hyperverge-worker-cooldown.json", "{resources}/hpa-conformance/scale-up.json"));
        BASES.put("compare", lines("simulate", "--policy", "{examples}/sergas.yaml", "--compare", "{examples}/sergas-hpa.yaml",
                "--trace", "{resources}/fuzz/mongodb-300.csv", "--out", "{out}"));
        BASES.put("ec2", lines("simulate", "--policy", "{examples}/sergas.yaml", "--trace", "cpu={resources}/fuzz/ec2-cpu-300.csv",
                "--step", "5m", "--out", "{out}"));
        BASES.put("range", lines("simulate", "--policy", "{examples}/sergas.yaml", "--trace", "{resources}/fuzz/mongodb-300.csv",
                "--from", "2018-04-25T01:00:00Z", "--to", "2018-04-25T03:00:00Z", "--step", "2m", "--dedupe", "last", "--demand", "demand",
                "--out", "{out}"));
        BASES.put("help", lines("help", "simulate"));
        BASES.put("usage", "");
    }

    /** Option values a user might type, or mistype. No NUL: a process's arguments cannot hold one. */
    private static final List<String> VALUES = List.of("", " ", "0", "-1", "-1m", "0s", "1ms", "1s", "30d", "1e309", "NaN", "P1D", "PT0S",
            "9223372036854775807", "9223372036854775807s", "200000000000d", "-9223372036854775808", "2147483648m",
            "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2100-01-01T00:00:00Z",
            "2018-04-25T00:00:00Z", "2018-04-25", "1524614400", "last", "error", "LAST", "demand", "cpu", "cpu=", "=x", "a=b=c",
            "/dev/null", "/", "{file}", "{out}/nested/deeper", "{resources}", "missing.csv", "\u202Ecsv.yaml", "d\u0301\u200F", "\uFEFFx",
            "--", "-", "--out", "x".repeat(5000));
    private static final List<String> OPTIONS = List.of("--policy", "--trace", "--out", "--from", "--to", "--step", "--compare", "--demand",
            "--dedupe", "--help", "-h", "-V", "--bogus", "-x", "--step=", "--out=", "--trace=cpu=", "validate", "explain", "simulate", "help");

    private CliArgs() {}

    /** One to three changes: a value replaced, an argument dropped, repeated, swapped or added. */
    static byte[] mutate(String base, Random random) {
        List<String> args = new ArrayList<>(parse(base.getBytes(StandardCharsets.UTF_8)));
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = args.isEmpty() ? 0 : random.nextInt(args.size());
            switch (args.isEmpty() ? 4 : random.nextInt(6)) {
                case 0, 1 -> args.set(optionValue(args, at, random), VALUES.get(random.nextInt(VALUES.size())));
                case 2 -> args.remove(at);
                case 3 -> args.add(at, args.get(at));
                case 4 -> args.add(at, OPTIONS.get(random.nextInt(OPTIONS.size())));
                default -> {
                    int other = random.nextInt(args.size());
                    String a = args.get(at);
                    args.set(at, args.get(other));
                    args.set(other, a);
                }
            }
        }
        return format(args).getBytes(StandardCharsets.UTF_8);
    }

    /** Mostly the value of an option (what a user mistypes), else the argument at {@code at}. */
    private static int optionValue(List<String> args, int at, Random random) {
        List<Integer> values = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) if (args.get(i - 1).startsWith("--")) values.add(i);
        return values.isEmpty() || random.nextInt(4) == 0 ? at : values.get(random.nextInt(values.size()));
    }

    static List<String> parse(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        if (text.isEmpty()) return new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (String line : text.split("\n", -1)) args.add(unescape(line));
        if (text.endsWith("\n")) args.remove(args.size() - 1);
        return args;
    }

    static String format(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) sb.append(a.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")).append('\n');
        return sb.toString();
    }

    /** The placeholders replaced by real paths; {@code {file}} is created in {@code work}. */
    static List<String> resolve(List<String> args, Path work) throws IOException {
        Path file = Files.writeString(work.resolve("a-file.txt"), "not a directory\n");
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            out.add(a.replace("{out}", work.resolve("out").toString()).replace("{file}", file.toString())
                    .replace("{examples}", Surface.EXAMPLES.toString()).replace("{resources}", Surface.RESOURCES.toString()));
        }
        return out;
    }

    /**
     * Skips a command line whose output directory lies outside the case's directory: a report written to "/", the
     * sources or (for {@code --out ""}) the working directory would outlive the test. {@code --out ""} is a known bug
     * (issue 5, section 5: it writes into the current directory).
     */
    static void assumeOutputInside(List<String> args, Path work) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String out = a.equals("--out") && i + 1 < args.size() ? args.get(i + 1) : a.startsWith("--out=") ? a.substring(6) : null;
            if (out == null || out.startsWith("-")) continue;
            Path dir;
            try {
                dir = Path.of(out.isBlank() ? "." : out).toAbsolutePath().normalize();
            } catch (java.nio.file.InvalidPathException e) {
                continue; // not a path at all: nothing can be written there
            }
            if (!dir.startsWith(work)) abort("--out '" + out + "' lies outside the case's directory");
        }
    }

    private static String lines(String... args) {
        return format(List.of(args));
    }

    private static String unescape(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
