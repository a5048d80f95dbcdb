package io.capstan.app.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The failures fuzzing found, kept as regression inputs under {@code src/test/resources/fuzz-regressions/<surface>/},
 * and {@code known-failing.txt}: the ones whose fix has not landed yet ({@code <surface>/<file>  reason} a line).
 * Known failures are skipped with their reason, by the replay and by a fuzz case that produces the same bytes, so
 * the suite stays green while the fix is under way and turns red if a fixed failure comes back.
 */
final class Corpus {
    static final Path DIR = Surface.RESOURCES.resolve("fuzz-regressions");
    static final Path KNOWN_FAILING = DIR.resolve("known-failing.txt");
    /** Where a fuzz failure's input is written, ready to be copied into the corpus. */
    static final Path FAILURES = Path.of("target", "fuzz-failures").toAbsolutePath();

    private static Map<String, String> known;

    private Corpus() {}

    /** {@code <surface>/<file>} to the reason it still fails. */
    static synchronized Map<String, String> knownFailing() {
        if (known == null) {
            Map<String, String> m = new TreeMap<>();
            for (String line : Surface.read(KNOWN_FAILING).lines().toList()) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                String[] parts = l.split("\\s+", 2);
                m.put(parts[0], parts.length > 1 ? parts[1] : "(no reason given)");
            }
            known = m;
        }
        return known;
    }

    /** Every regression file, as {@code <surface>/<file>}. */
    static List<String> regressions() {
        try (Stream<Path> files = Files.walk(DIR)) {
            return files.filter(Files::isRegularFile).map(p -> DIR.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.contains("/")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips a fuzz case whose input is, byte for byte, a known failure of the corpus. */
    static void assumeNotKnown(Surface surface, byte[] input) throws IOException {
        for (var e : knownFailing().entrySet()) {
            if (!e.getKey().startsWith(surface.dir + "/")) continue;
            Path file = DIR.resolve(e.getKey());
            if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), input)) {
                abort("known failure " + e.getKey() + ": " + e.getValue());
            }
        }
    }

    /** Writes a failing input where the failure message says, for a person to keep it as a regression case. */
    static Path saveFailure(Surface surface, String base, long seed, byte[] input) throws IOException {
        Path file = FAILURES.resolve(surface.dir).resolve(base + "-seed" + seed + "." + surface.extension);
        Files.createDirectories(file.getParent());
        return Files.write(file, input);
    }
}
