package io.capstan.app.report;

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
 * Writes a command's output files all or nothing, as simulate writes its report: each goes to a temporary file
 * beside its final name, and all are moved into place only when all are complete, so a failed run leaves the
 * previous run's files as they were; directories it created are removed again.
 */
public final class OutputFiles {
    private OutputFiles() {}

    /** Why writing files of these names into {@code outDir} would replace one of the inputs, or null. */
    public static String overwrites(Path outDir, List<String> names, List<Path> inputs) {
        for (String name : names) {
            Path written = outDir.resolve(name).toAbsolutePath().normalize();
            for (Path input : inputs) {
                boolean same = input.toAbsolutePath().normalize().equals(written);
                try {
                    same |= Files.exists(input) && Files.exists(written) && Files.isSameFile(input, written);
                } catch (IOException e) {
                    // not the same file as far as we can tell
                }
                if (same) return "--out " + outDir + " would overwrite the input file " + input + " with " + name + ": choose another output directory";
            }
        }
        return null;
    }

    /** @param files by file name in {@code outDir}, the text to write, in the order to move them into place */
    public static void write(Path outDir, Map<String, String> files) throws IOException {
        List<Path> created = new ArrayList<>();
        for (Path p = outDir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) created.add(p);
        Map<Path, Path> temporary = new LinkedHashMap<>();
        boolean done = false;
        try {
            Files.createDirectories(outDir);
            for (Map.Entry<String, String> f : files.entrySet()) temporary.put(outDir.resolve(f.getKey()), temp(outDir, f.getKey(), f.getValue()));
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
        Path t = ReportWriter.temporary(dir, name);
        try {
            Files.writeString(t, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Files.deleteIfExists(t);
            throw e;
        }
        return t;
    }
}
