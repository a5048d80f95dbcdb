package io.capstan.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The core's house rules, checked on its sources: time is a parameter, and nothing but java.* is imported. */
class CoreArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern WALL_CLOCK = Pattern.compile(
            "Instant\\.now\\(|System\\.currentTimeMillis\\(|System\\.nanoTime\\(|Clock\\.system|LocalDateTime\\.now\\(|ZonedDateTime\\.now\\(");
    private static final Pattern FOREIGN_IMPORT = Pattern.compile("^import (static )?(?!java\\.|io\\.capstan\\.core\\.)[\\w.]+", Pattern.MULTILINE);
    private static final Pattern THREADS = Pattern.compile("new Thread\\(|ExecutorService|CompletableFuture|synchronized ");

    @Test
    void coreNeverReadsTheWallClock() throws IOException {
        assertThat(violations(WALL_CLOCK)).as("core takes time as a parameter").isEmpty();
    }

    @Test
    void coreImportsOnlyTheJdkAndItself() throws IOException {
        assertThat(violations(FOREIGN_IMPORT)).isEmpty();
    }

    @Test
    void coreStartsNoThreads() throws IOException {
        assertThat(violations(THREADS)).isEmpty();
    }

    /** Packages depend one way: model and explain at the bottom, then signal, policy, hpa, target, state, decide, engine, simulate, spi; forecast, rightsize and cost use only the JDK. */
    @Test
    void corePackagesHaveNoCycles() throws IOException {
        java.util.Map<String, java.util.Set<String>> uses = new java.util.TreeMap<>();
        Pattern sameModule = Pattern.compile("io\\.capstan\\.core\\.(\\w+)\\.[A-Z]");
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(f).getName(3).toString();
                java.util.Set<String> deps = uses.computeIfAbsent(pkg, k -> new java.util.TreeSet<>());
                sameModule.matcher(Files.readString(f)).results().map(m -> m.group(1)).filter(d -> !d.equals(pkg)).forEach(deps::add);
            }
        }
        for (String start : uses.keySet()) {
            assertThat(reaches(uses, start, start, new java.util.HashSet<>())).as("package %s depends on itself through %s", start, uses).isFalse();
        }
    }

    /**
     * The SPI is the edge: it may use the model's types, and no core package uses it, so the engine never learns of
     * actuators or stores (the drivers outside the core, the controller and the tests, are its only users).
     */
    @Test
    void theSpiIsAnEdgeThatOnlyDriversUse() throws IOException {
        Pattern corePackage = Pattern.compile("io\\.capstan\\.core\\.(\\w+)\\.[A-Z]");
        java.util.List<String> wrong = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(f).getName(3).toString();
                corePackage.matcher(Files.readString(f)).results().map(m -> m.group(1)).distinct().forEach(used -> {
                    boolean allowed = pkg.equals("spi") ? used.equals("spi") || used.equals("model") : !used.equals("spi");
                    if (!allowed) wrong.add(MAIN.relativize(f) + " uses core." + used);
                });
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static boolean reaches(java.util.Map<String, java.util.Set<String>> uses, String from, String target, java.util.Set<String> seen) {
        for (String d : uses.getOrDefault(from, java.util.Set.of())) {
            if (d.equals(target)) return true;
            if (seen.add(d) && reaches(uses, d, target, seen)) return true;
        }
        return false;
    }

    private static List<String> violations(Pattern p) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    String text = Files.readString(f);
                    return p.matcher(text).results().map(m -> MAIN.relativize(f) + ": " + m.group());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
