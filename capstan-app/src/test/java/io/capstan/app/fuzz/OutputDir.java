package io.capstan.app.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * simulate's output directory before a run, and the check after it: a run that succeeds leaves all three files
 * complete; a run that fails leaves the directory as it found it (no new, removed or changed file, no temporary
 * file). The directory starts out missing, empty, or holding a previous run's files, chosen by the case's seed.
 */
final class OutputDir {
    static final List<String> FILES = List.of("decisions.csv", "summary.json", "report.html");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, byte[]> before;

    private OutputDir(Path dir, Map<String, byte[]> before) {
        this.dir = dir;
        this.before = before;
    }

    static OutputDir prepare(Path dir, Random random) throws IOException {
        switch (random.nextInt(3)) {
            case 0 -> { }
            case 1 -> Files.createDirectories(dir);
            default -> {
                Files.createDirectories(dir);
                for (String f : FILES) Files.writeString(dir.resolve(f), "previous run's " + f + "\n");
            }
        }
        return new OutputDir(dir, contents(dir));
    }

    /** What is wrong with the directory after a run that exited with {@code exit}; empty when nothing is. */
    List<String> check(int exit) throws IOException {
        Map<String, byte[]> after = contents(dir);
        List<String> found = new ArrayList<>();
        if (exit != 0) {
            for (var e : after.entrySet()) {
                byte[] old = before.get(e.getKey());
                if (old == null) found.add("failed run left a new file " + e.getKey() + " (" + e.getValue().length + " bytes)");
                else if (!Arrays.equals(old, e.getValue())) found.add("failed run changed " + e.getKey());
            }
            for (String name : before.keySet()) if (!after.containsKey(name)) found.add("failed run removed " + name);
            return found;
        }
        for (String name : after.keySet()) if (!FILES.contains(name)) found.add("left an unexpected file " + name);
        for (String name : FILES) {
            byte[] bytes = after.get(name);
            if (bytes == null) found.add("no " + name);
            else if (Arrays.equals(bytes, before.get(name))) found.add(name + " is the previous run's");
            else found.addAll(complete(name, new String(bytes, StandardCharsets.UTF_8)));
        }
        return found;
    }

    private static List<String> complete(String name, String text) {
        return switch (name) {
            case "decisions.csv" -> {
                List<String> lines = text.lines().toList();
                yield !text.endsWith("\n") || lines.size() < 2 ? List.of("decisions.csv is incomplete (" + lines.size() + " lines)") : List.of();
            }
            case "summary.json" -> {
                try {
                    JSON.readTree(text);
                    yield List.of();
                } catch (IOException e) {
                    yield List.of("summary.json is not JSON: " + firstLine(e.getMessage()));
                }
            }
            default -> text.stripTrailing().endsWith("</html>") ? List.of() : List.of("report.html does not end with </html>");
        };
    }

    /** explain's standard output, complete: one JSON array. */
    static List<String> jsonArray(String out) {
        try {
            JsonNode node = JSON.readTree(out);
            return node != null && node.isArray() ? List.of() : List.of("output is not a JSON array");
        } catch (IOException e) {
            return List.of("output is not JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        if (!Files.isDirectory(dir)) return m;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) m.put(p.getFileName().toString(), Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
        }
        return m;
    }
}
