package io.capstan.app.report;

import io.capstan.core.simulate.TargetResult;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes decisions.csv, summary.json and report.html into an output directory (created if needed),
 * all or nothing: each file is written to a temporary file beside its final name, and only when all
 * three are complete are they moved into place (atomically where the file system can), so a run
 * that fails leaves the previous run's files as they were and no partial new file.
 *
 * <p>Use: {@link #open}, stream rows into {@link #decisions}, then {@link #commit}; {@link #close}
 * removes the temporary files of a run that did not commit.
 */
public final class ReportWriter implements AutoCloseable {
    public static final String DECISIONS = "decisions.csv";
    public static final String SUMMARY = "summary.json";
    public static final String REPORT = "report.html";

    private final Path outDir;
    private final UnaryOperator<OutputStream> wrap;
    /** Final name to temporary file; synchronized: the shutdown hook reads it from another thread. */
    private final Map<String, Path> temporary = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /**
     * Deletes the temporary files when the JVM is stopped mid-run (Ctrl-C, kill -TERM), which skips
     * {@link #close}: registered by {@link #open}, removed by {@link #close}.
     */
    private final Thread shutdownHook = new Thread(this::deleteTemporaryFiles, "capstan-report-cleanup");
    private volatile boolean stopping;
    private OutputStream decisionsOut;
    private DecisionsCsv decisions;
    private boolean committed;
    /** Directories this writer created, deepest first: removed again if the run does not commit. */
    private final List<Path> created = new ArrayList<>();

    private ReportWriter(Path outDir, UnaryOperator<OutputStream> wrap) {
        this.outDir = outDir;
        this.wrap = wrap;
    }

    /** The files written. */
    public record Written(Path decisions, Path summary, Path report) {}

    /**
     * Checks the directory (creating it if needed) and opens decisions.csv's temporary file.
     * Throws {@link IOException} with a message fit for the user when the directory cannot be used.
     */
    public static ReportWriter open(Path outDir) throws IOException {
        return open(outDir, w -> w);
    }

    /**
     * As {@link #open(Path)}; {@code wrap} wraps each file's stream (the seam tests use to make a
     * write fail midway).
     */
    public static ReportWriter open(Path outDir, UnaryOperator<OutputStream> wrap) throws IOException {
        String problem = unusable(outDir);
        if (problem != null) throw new IOException(problem);
        List<Path> created = new ArrayList<>();
        for (Path p = outDir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) created.add(p);
        Files.createDirectories(outDir);
        ReportWriter writer = new ReportWriter(outDir, wrap);
        writer.created.addAll(created);
        try {
            Runtime.getRuntime().addShutdownHook(writer.shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            writer.stopping = true;
            throw new IOException("the JVM is shutting down");
        }
        return writer;
    }

    /**
     * Why writing the report into {@code outDir} would replace one of the run's own input files (a policy
     * named summary.json, a trace named decisions.csv in the output directory), or null when it would not.
     */
    public static String overwrites(Path outDir, List<Path> inputs) {
        for (String name : List.of(DECISIONS, SUMMARY, REPORT)) {
            Path written = outDir.resolve(name).toAbsolutePath().normalize();
            for (Path in : inputs) {
                if (in != null && (in.toAbsolutePath().normalize().equals(written) || sameFile(in, written))) {
                    return "--out " + outDir + " would overwrite the input file " + in + " with " + name
                            + ": choose another output directory or move the file";
                }
            }
        }
        return null;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Why a path cannot be the output directory, or null when it can (it may not exist yet). */
    public static String unusable(Path outDir) {
        if (outDir.toString().isBlank()) return "--out is empty: name a directory for the report";
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) return outDir + " is a file, not a directory";
        return null;
    }

    /**
     * Starts decisions.csv with these metric columns; rows go through {@link DecisionsCsv#rows}.
     *
     * @param scoredFrom the first scored step: rows before it are marked as the warm-up (null for none)
     */
    public DecisionsCsv decisions(List<String> metricColumns, java.time.Instant scoredFrom) throws IOException {
        if (decisions != null) throw new IllegalStateException("decisions.csv is already started");
        decisionsOut = stream(DECISIONS);
        decisions = DecisionsCsv.start(decisionsOut, metricColumns, scoredFrom);
        return decisions;
    }

    /** As {@link #commit(SimulationRun, SimulationRun, List, ReportView)} for runs that kept their rows. */
    public Written commit(SimulationRun run, SimulationRun compare, List<String> traces) throws IOException {
        return commit(run, compare, traces, ReportView.of(run, compare, traces));
    }

    /**
     * Writes summary.json and report.html (drawing {@code view}), closes decisions.csv, then moves
     * all three into place.
     */
    public Written commit(SimulationRun run, SimulationRun compare, List<String> traces, ReportView view) throws IOException {
        if (decisions == null) throw new IllegalStateException("decisions.csv was not started");
        decisions.finish();
        decisionsOut.close();
        try (Writer w = writer(SUMMARY)) {
            SummaryJson.write(run, compare, traces, w);
        }
        try (Writer w = writer(REPORT)) {
            HtmlReport.write(view, w);
        }
        synchronized (temporary) {
            // Under the lock, so the shutdown hook deletes either all three temporary files or none.
            if (stopping) throw new IOException("the run was stopped");
            for (Map.Entry<String, Path> e : temporary.entrySet()) {
                Path target = outDir.resolve(e.getKey());
                try {
                    Files.move(e.getValue(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException unsupported) {
                    Files.move(e.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            committed = true;
            temporary.clear();
        }
        return new Written(outDir.resolve(DECISIONS), outDir.resolve(SUMMARY), outDir.resolve(REPORT));
    }

    /** Removes the temporary files, and the directories it created, unless the run committed. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it deletes the temporary files
        }
        if (committed) return;
        if (decisionsOut != null) {
            try {
                decisionsOut.close();
            } catch (IOException | RuntimeException ignored) {
                // the file is deleted below; a failing close changes nothing
            }
        }
        deleteTemporaryFiles();
        for (Path d : created) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException notEmptyOrGone) {
                break;
            }
        }
    }

    /**
     * Deletes the temporary files of a run that has not committed, and keeps new ones from being
     * started; what the shutdown hook runs. Safe from any thread, and more than once.
     */
    void deleteTemporaryFiles() {
        stopping = true;
        List<Path> files;
        synchronized (temporary) {
            files = new ArrayList<>(temporary.values());
            temporary.clear();
        }
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a leftover dot-file is harmless, a second error would hide the first
            }
        }
    }

    /** The hook {@link #open} registered, for tests. */
    Thread shutdownHook() {
        return shutdownHook;
    }

    private Writer writer(String name) throws IOException {
        return new OutputStreamWriter(stream(name), StandardCharsets.UTF_8);
    }

    /**
     * A new empty file beside {@code name} in {@code dir}, to be moved onto it when complete. Not
     * Files.createTempFile: its owner-only permissions would stay on the output once moved into place
     * (forecast's files were 0600 while simulate's were 0644).
     */
    public static Path temporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            try {
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) throw e;
            }
        }
    }

    private OutputStream stream(String name) throws IOException {
        Path tmp = temporary(outDir, name);
        OutputStream stream = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        temporary.put(name, tmp);
        if (stopping) {
            deleteTemporaryFiles();
            throw new IOException("the run was stopped");
        }
        return wrap.apply(new BufferedOutputStream(stream, 1 << 16));
    }


    /** Writes a run whose results kept their rows, all at once. */
    public static Written write(Path outDir, SimulationRun run, SimulationRun compare, List<String> traces) throws IOException {
        try (ReportWriter w = open(outDir)) {
            List<List<String>> columns = new ArrayList<>();
            for (TargetResult t : run.result().targets()) columns.add(t.metrics());
            if (compare != null) for (TargetResult t : compare.result().targets()) columns.add(t.metrics());
            DecisionsCsv csv = w.decisions(DecisionsCsv.metricColumns(columns), run.result().scoredFrom());
            try {
                csv.writeKept(run.label(), run.result());
                if (compare != null) csv.writeKept(compare.label(), compare.result());
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            return w.commit(run, compare, traces);
        }
    }
}
