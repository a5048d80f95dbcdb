package io.capstan.app.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes decisions.csv, summary.json and report.html into an output directory (created if needed). */
public final class ReportWriter {
    public static final String DECISIONS = "decisions.csv";
    public static final String SUMMARY = "summary.json";
    public static final String REPORT = "report.html";

    private ReportWriter() {}

    /** The files written. */
    public record Written(Path decisions, Path summary, Path report) {}

    /**
     * @param compare the run of the {@code --compare} file, or null
     * @param traces  the trace arguments as given, for the record
     */
    public static Written write(Path outDir, SimulationRun run, SimulationRun compare, List<String> traces) throws IOException {
        Files.createDirectories(outDir);
        Path decisions = outDir.resolve(DECISIONS);
        Path summary = outDir.resolve(SUMMARY);
        Path report = outDir.resolve(REPORT);
        try (Writer w = Files.newBufferedWriter(decisions, StandardCharsets.UTF_8)) {
            DecisionsCsv.write(run.result(), w);
        }
        try (Writer w = Files.newBufferedWriter(summary, StandardCharsets.UTF_8)) {
            SummaryJson.write(run, compare, traces, w);
        }
        try (Writer w = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
            HtmlReport.write(run, compare, traces, w);
        }
        return new Written(decisions, summary, report);
    }
}
