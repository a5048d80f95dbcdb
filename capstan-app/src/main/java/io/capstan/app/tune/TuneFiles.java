package io.capstan.app.tune;

import io.capstan.app.report.OutputFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the tuned policy, candidates.csv and tune.html all or nothing ({@link OutputFiles}), never over an input.
 */
final class TuneFiles {
    private TuneFiles() {}

    /** Why {@code outDir} cannot take the output (a file, or writing would replace an input), or null. */
    static String unusable(Path outDir, Path policy, List<Path> traces, String policyName) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) return "--out " + outDir + ": not a directory";
        List<Path> inputs = new ArrayList<>(traces);
        inputs.add(policy);
        return OutputFiles.overwrites(outDir, List.of(policyName, TuneCommand.CSV, TuneCommand.HTML), inputs);
    }

    static void write(Path outDir, String policyName, String policy, String csv, String html) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(policyName, policy);
        files.put(TuneCommand.CSV, csv);
        files.put(TuneCommand.HTML, html);
        OutputFiles.write(outDir, files);
    }
}
