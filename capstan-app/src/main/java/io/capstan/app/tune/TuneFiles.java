package io.capstan.app.tune;

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
 * Writes the tuned policy, candidates.csv and tune.html all or nothing, as simulate and forecast do: each goes to a
 * temporary file beside its final name and all are moved into place only when all are complete; directories this
 * run created are removed again after a failure.
 */
final class TuneFiles {
    private TuneFiles() {}

    /** Why {@code outDir} cannot take the output (a file, or writing would replace an input), or null. */
    static String unusable(Path outDir, Path policy, List<Path> traces, String policyName) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) return "--out " + outDir + ": not a directory";
        List<Path> inputs = new ArrayList<>(traces);
        inputs.add(policy);
        for (String name : List.of(policyName, TuneCommand.CSV, TuneCommand.HTML)) {
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

    static void write(Path outDir, String policyName, String policy, String csv, String html) throws IOException {
        List<Path> created = new ArrayList<>();
        for (Path p = outDir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) created.add(p);
        Map<Path, Path> temporary = new LinkedHashMap<>();
        boolean done = false;
        try {
            Files.createDirectories(outDir);
            temporary.put(outDir.resolve(policyName), temp(outDir, policyName, policy));
            temporary.put(outDir.resolve(TuneCommand.CSV), temp(outDir, TuneCommand.CSV, csv));
            temporary.put(outDir.resolve(TuneCommand.HTML), temp(outDir, TuneCommand.HTML, html));
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
        Path t = Files.createTempFile(dir, "." + name + "-", ".tmp");
        try {
            Files.writeString(t, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Files.deleteIfExists(t);
            throw e;
        }
        return t;
    }
}
