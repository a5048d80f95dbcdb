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
