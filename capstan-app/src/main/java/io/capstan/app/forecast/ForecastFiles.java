package io.capstan.app.forecast;

import java.io.IOException;
import java.nio.file.Path;
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
        return io.capstan.app.report.OutputFiles.overwrites(outDir, List.of(ForecastCommand.CSV, ForecastCommand.HTML), List.of(input));
    }

    static void write(Path outDir, String csv, String html) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(ForecastCommand.CSV, csv);
        files.put(ForecastCommand.HTML, html);
        io.capstan.app.report.OutputFiles.write(outDir, files);
    }
}
