package io.capstan.app.forecast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes forecast.csv and forecast.html all or nothing, as simulate writes its report: both go to temporary
 * files beside their final names and are moved into place only when both are complete, so a failed run
 * leaves the previous run's files as they were; directories it created are removed again.
 */
final class ForecastFiles {
    private ForecastFiles() {}

    /** Why writing into {@code outDir} would replace the input trace, or null. */
    static String overwrites(Path outDir, Path input) {
        for (String name : List.of(ForecastCommand.CSV, ForecastCommand.HTML)) {
            Path written = outDir.resolve(name).toAbsolutePath().normalize();
            boolean same = input.toAbsolutePath().normalize().equals(written);
            try {
                same |= Files.exists(input) && Files.exists(written) && Files.isSameFile(input, written);
            } catch (IOException e) {
                // not the same file as far as we can tell
            }
            if (same) return "--out " + outDir + " would overwrite the input file " + input + " with " + name + ": choose another output directory";
        }
        return null;
    }

    static void write(Path outDir, String csv, String html) throws IOException {
        List<Path> created = new ArrayList<>();
        for (Path p = outDir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) created.add(p);
        Map<Path, Path> temporary = new LinkedHashMap<>();
        boolean done = false;
        try {
            Files.createDirectories(outDir);
            temporary.put(outDir.resolve(ForecastCommand.CSV), temp(outDir, ForecastCommand.CSV, csv));
            temporary.put(outDir.resolve(ForecastCommand.HTML), temp(outDir, ForecastCommand.HTML, html));
            for (Map.Entry<Path, Path> e : temporary.entrySet()) {
                try {
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException x) {
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            done = true;
        } finally {
            if (!done) {
                for (Path t : temporary.values()) Files.deleteIfExists(t);
                for (Path d : created) {
                    try {
                        Files.deleteIfExists(d);
                    } catch (IOException ignored) {
                        // not empty (someone else wrote there): leave it
                    }
                }
            }
        }
    }

    private static Path temp(Path dir, String name, String content) throws IOException {
        Path t = io.capstan.app.report.ReportWriter.temporary(dir, name);
        try {
            Files.writeString(t, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Files.deleteIfExists(t);
            throw e;
        }
        return t;
    }
}
