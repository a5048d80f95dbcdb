package io.capstan.app.simulate;

import io.capstan.app.input.InputLimits;
import io.capstan.app.input.InputPathConverter;
import io.capstan.app.input.Problem;
import io.capstan.app.input.InputSizeConverter;
import io.capstan.app.input.OptionValue;
import io.capstan.app.input.Types;
import io.capstan.app.report.DecisionsCsv;
import io.capstan.app.report.ReportWriter;
import io.capstan.app.report.Comparison;
import io.capstan.app.report.ReportView;
import io.capstan.app.report.SimulationRun;
import io.capstan.app.trace.Dedupe;
import io.capstan.app.trace.LoadedTrace;
import io.capstan.app.trace.SpillException;
import io.capstan.app.trace.TraceCheck;
import io.capstan.app.trace.TraceCsv;
import io.capstan.app.trace.TraceProblem;
import io.capstan.app.trace.TraceSource;
import io.capstan.core.model.Durations;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.simulate.ProgressListener;
import io.capstan.core.simulate.RowSink;
import io.capstan.core.simulate.Scorecard;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.TargetResult;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * {@code capstan simulate}: replays a trace through a policy file (and optionally a second one)
 * and writes decisions.csv, summary.json and report.html. Exit codes: 0 done, 1 bad input (policy,
 * trace, output directory), 2 usage (bad option values; picocli's own usage errors also give 2).
 * Problems are printed one per line on stderr, never as a stack trace.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a recorded trace through a policy file on a virtual clock and report what it would have done.",
                "Observed replay feeds trace values as the metrics; a target with a service model and a demand series is replayed "
                        + "closed-loop (per-replica metrics derived from demand and the simulated replicas)."},
        footer = {"", "Docs: docs/policy.md, 'Simulating a policy' (replay modes, service models, the scorecard);"
                + " docs/hpa.md (HPA manifests as --policy or --compare)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:bad input (policy, trace, output directory)", "2:usage error (bad option values, an empty range)",
                "70:internal error (a bug in Capstan: please report it)"})
public final class SimulateCommand extends io.capstan.app.ReportingCommand {
    static final int BAD_INPUT = 1;
    static final int USAGE = 2;
    /** Target-steps above which a terminal gets a progress bar. */
    static final long PROGRESS_BAR_THRESHOLD = 200_000;

    @Option(names = "--policy", required = true, paramLabel = "FILE", converter = InputPathConverter.class, description = "Policy file (YAML).")
    Path policy;

    @Option(names = "--trace", required = true, paramLabel = "[NAME=]FILE",
            description = {"CSV trace; repeatable. NAME=FILE for a two-column timestamp,value file of metric NAME;",
                    "FILE alone needs a header: timestamp,<metric>|<target>.<metric>,..."})
    List<String> traces;

    @Option(names = "--out", required = true, paramLabel = "DIR", converter = io.capstan.app.input.OutputDirConverter.class, description = "Directory for decisions.csv, summary.json and report.html.")
    Path out;

    @Option(names = "--from", paramLabel = "TIME", description = "First step (ISO-8601 or epoch seconds; default: trace start).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Last step, inclusive (default: trace end).")
    String to;

    @Option(names = "--step", paramLabel = "DURATION", defaultValue = "1m", description = "Virtual clock step (default: ${DEFAULT-VALUE}).")
    String step;

    @Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "0s",
            description = {"Replay the first DURATION after the start (--from, else the trace's) as usual, but leave it out of every score,"
                    + " for --compare too (default: ${DEFAULT-VALUE}; shorter than the range).",
                    "A live run warm-starts its forecasts from stored history, a replay starts with none: a warm-up such as 2d lets a"
                    + " predictive policy be scored as it would run. decisions.csv marks the warm-up's rows (column warmUp)."})
    String warmUp;

    @Option(names = "--compare", paramLabel = "FILE", converter = InputPathConverter.class, description = "Second policy file to replay on the same trace, side by side.")
    Path compare;

    @Option(names = "--demand", paramLabel = "METRIC", description = "Trace metric that is demand (default: demand).")
    String demand;

    @Option(names = "--dedupe", paramLabel = "error|last", defaultValue = "error",
            description = "Rows with the same timestamp: error (default) or keep the last value.")
    String dedupe;

    /** The most virtual clock steps a run takes unless --max-steps says otherwise: 19 years at 1m. */
    static final String DEFAULT_MAX_STEPS = "20000000";

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = DEFAULT_MAX_STEPS, converter = StepCount.class,
            description = {"Refuse a run of more virtual clock steps than this (default: ${DEFAULT-VALUE}: 19 years at 1m).",
                    "A finer --step over a long range is millions of decisions; the message says how many."})
    long maxSteps;

    @Option(names = "--allow-coarse-step",
            description = {"Replay with a --step coarser than the trace's resolution or the policies' shortest window",
                    "(refused by default: each step would stand for time the trace or the policy does not resolve)."})
    boolean coarseStep;

    @Option(names = "--allow-fine-step",
            description = {"Replay with a --step more than 1000 times finer than the trace's resolution",
                    "(refused by default: each sample would be decided on again and again, for a long time)."})
    boolean fineStep;

    @Option(names = "--max-trace-bytes", paramLabel = "SIZE", defaultValue = "512m",
            description = {"Refuse traces larger than this, all files together (default: ${DEFAULT-VALUE}).",
                    "Memory does not grow with the trace: a long one is kept in a temporary file (16 bytes a sample) and read back as the replay advances."})
    String maxTraceBytes;

    @Option(names = "--max-input-size", paramLabel = "SIZE", converter = InputSizeConverter.class,
            description = "The largest policy file read (default: 4MiB); e.g. 16MiB.")
    InputLimits inputLimits = InputLimits.DEFAULT;


    /** Wraps each report file's stream: the seam tests use to make a write fail midway. */
    java.util.function.UnaryOperator<java.io.OutputStream> outputWrapper = w -> w;

    /** The policy loader, or null for the YAML loader within {@code --max-input-size}. */
    private final PolicyLoader loader;
    private final Simulator simulator;

    /** The CLI's command: policies come from the YAML loader. */
    public SimulateCommand() {
        this.loader = null;
        this.simulator = new Simulator();
    }

    public SimulateCommand(PolicyLoader loader) {
        this(loader, new Simulator());
    }

    public SimulateCommand(PolicyLoader loader, Simulator simulator) {
        this.loader = Objects.requireNonNull(loader, "policy loader");
        this.simulator = Objects.requireNonNull(simulator, "simulator");
    }

    @Override
    protected int run(PrintWriter stdout, PrintWriter err) {
        // 1. options
        List<String> usage = new ArrayList<>();
        Duration stepDuration = OptionValue.read("--step", step, Types.duration(Duration.ofMillis(1)), usage);
        Duration warmUpDuration = OptionValue.read("--warm-up", warmUp, Types.duration(Duration.ZERO), usage);
        Instant fromAt = time("--from", from, usage);
        Instant toAt = time("--to", to, usage);
        if (fromAt != null && toAt != null && toAt.isBefore(fromAt)) usage.add("--to " + to + " is before --from " + from);
        Dedupe dedupeMode = OptionValue.read("--dedupe", dedupe, Types.choice(Types.options("error", Dedupe.ERROR, "last", Dedupe.LAST)), usage);
        if (demand != null && demand.isBlank()) usage.add("--demand must name a metric");
        Long traceBytes = OptionValue.read("--max-trace-bytes", maxTraceBytes, Types.size(Long.MAX_VALUE, "the largest size there is"), usage);
        if (!usage.isEmpty()) return usage(err, usage);

        // 2. inputs
        List<String> problems = new ArrayList<>();
        String unusable = ReportWriter.unusable(out);
        if (unusable != null) problems.add(unusable);
        List<TraceSource> sources = traces.stream().map(TraceSource::parse).toList();
        List<Path> inputs = new ArrayList<>();
        inputs.add(policy);
        if (compare != null) inputs.add(compare);
        sources.forEach(t -> inputs.add(t.file()));
        String overwritten = unusable == null ? ReportWriter.overwrites(out, inputs) : null;
        if (overwritten != null) problems.add(overwritten);
        // The trace is read on a second thread while the policy files load (both independent; in a
        // cold JVM each takes 0.05-0.2 s of a 30-day run); problems are still listed policy first.
        FutureTask<TraceCsv.Result> reading = new FutureTask<>(() -> TraceCsv.read(sources, dedupeMode, new TraceCsv.Limits(traceBytes)));
        Thread.ofPlatform().daemon().name("trace reader").start(reading);
        List<TargetSpec> loaded = load(policy, problems, err);
        List<TargetSpec> compareLoaded = compare == null ? null : load(compare, problems, err);
        List<TargetSpec> targets = loaded;
        List<TargetSpec> compareTargets = compareLoaded;
        if (loaded != null && compareLoaded != null) {
            problems.addAll(serviceConflicts(loaded, compareLoaded));
            targets = withServiceOf(compareLoaded, loaded);
            compareTargets = withServiceOf(loaded, compareLoaded);
            if (loaded.stream().noneMatch(t -> compareLoaded.stream().anyMatch(c -> c.name().equals(t.name())))) {
                problems.add(compare + ": no target in common with " + policy + " (" + names(loaded) + " vs " + names(compareLoaded)
                        + "): --compare replays targets of the same name side by side");
            }
        }
        List<String> labels = compare == null ? List.of(SimulationRun.label(policy)) : SimulationRun.labels(policy, compare);
        TraceCsv.Result read = joined(reading);
        read.problems().forEach(p -> problems.add(p.format()));
        List<String> notes = new ArrayList<>();
        if (read.ok() && targets != null) {
            TraceCheck.against(read.trace(), targets, demand).forEach(p -> problems.add(p.format()));
            notes.addAll(TraceCheck.notes(read.trace(), targets, demand));
            if (compareTargets != null) {
                for (TraceProblem p : TraceCheck.against(read.trace(), compareTargets, demand)) {
                    String line = p.format() + " (in " + compare + ")";
                    if (!problems.contains(p.format())) problems.add(line);
                }
            }
        }
        if (!problems.isEmpty()) {
            if (read.trace() != null) read.trace().close();
            problems.forEach(p -> err.println("error: " + Problem.escape(p)));
            return BAD_INPUT;
        }
        LoadedTrace trace = read.trace();
        Instant start = fromAt != null ? fromAt : trace.trace().start();
        Instant end = toAt != null ? toAt : trace.trace().end();
        if (end.isBefore(start)) {
            err.println("error: the simulated range is empty: " + (fromAt != null ? "--from " + from : "trace start " + start) + " is after "
                    + (toAt != null ? "--to " + to : "trace end " + end));
            trace.close();
            return USAGE;
        }
        String warmUpTooLong = warmUpTooLong(warmUp, warmUpDuration, start, end, stepDuration);
        if (warmUpTooLong != null) usage.add(warmUpTooLong);
        List<TargetSpec> all = new ArrayList<>(targets);
        if (compareTargets != null) all.addAll(compareTargets);
        usage.addAll(RangeCheck.of(trace.trace(), all, start, end, stepDuration, fromAt != null, toAt != null, coarseStep, fineStep,
                maxSteps, demand));
        if (!usage.isEmpty()) {
            trace.close();
            return usage(err, usage);
        }
        SimulationOptions options = new SimulationOptions(start, end, stepDuration, demand, 0).withWarmUp(warmUpDuration);

        // 3. simulate, streaming decisions.csv; 4. report
        long t0 = System.nanoTime();
        ReportWriter.Written written;
        SimulationRun run;
        SimulationRun compareRun = null;
        try (ReportWriter report = ReportWriter.open(out, outputWrapper)) {
            Map<String, Simulator.Layout> layouts = Simulator.layouts(targets, trace.trace(), options);
            Map<String, Simulator.Layout> compareLayouts = compareTargets == null ? Map.of() : Simulator.layouts(compareTargets, trace.trace(), options);
            List<List<String>> columns = new ArrayList<>();
            layouts.values().forEach(l -> columns.add(l.metrics()));
            compareLayouts.values().forEach(l -> columns.add(l.metrics()));
            DecisionsCsv csv = report.decisions(DecisionsCsv.metricColumns(columns), options.scoredFrom(start));
            long steps = (end.toEpochMilli() - start.toEpochMilli()) / stepDuration.toMillis() + 1;
            List<String> files = compare == null ? List.of(policy.toString()) : List.of(policy.toString(), compare.toString());
            ReportView.Builder view = ReportView.builder(files, traces, start, end, stepDuration, steps).warmUp(warmUpDuration, options.scoredFrom(start));
            Map<String, ReportView.TrackBuilder> mainTracks = new HashMap<>();
            Map<String, ReportView.TrackBuilder> compareTracks = new HashMap<>();
            for (TargetSpec t : targets) {
                Simulator.Layout layout = layouts.get(t.name());
                Simulator.Layout other = compareLayouts.get(t.name());
                ReportView.TargetBuilder tb = view.target(layout.spec(), layout.mode(), layout.demandMetric(), layout.metrics(),
                        other == null ? null : other.spec());
                mainTracks.put(t.name(), tb.track(labels.get(0), layout.spec()));
                if (other != null) compareTracks.put(t.name(), tb.track(labels.get(1), other.spec()));
            }
            run = simulate(policy, labels.get(0), targets, trace, options, "simulate", csv, mainTracks);
            if (compareTargets != null) {
                compareRun = simulate(compare, labels.get(1), compareTargets, trace, options, "compare", csv, compareTracks);
                view.unmatched(Comparison.of(run, compareRun).unmatched());
            }
            written = report.commit(run, compareRun, traces, view.build());
        } catch (IllegalArgumentException e) {
            err.println("error: " + Problem.escape(String.valueOf(e.getMessage())));
            return BAD_INPUT;
        } catch (SpillException e) {
            err.println("error: " + Problem.escape(e.getMessage()));
            return BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println(Problem.escape("error: cannot write the report to " + out + ": " + describe(e.getCause())));
            return BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            err.println(Problem.escape("error: cannot write the report to " + out + ": " + describe(e)));
            return BAD_INPUT;
        } finally {
            trace.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        notes.forEach(n -> stdout.println("note: " + n));
        summary(stdout, run, compareRun, seconds, written);
        return 0;
    }

    /**
     * Why the warm-up leaves nothing to score, or null: it must be shorter than the range, and the first step after it
     * (the first at or after start + warm-up) must be in the range.
     */
    static String warmUpTooLong(String text, Duration warmUp, Instant start, Instant end, Duration step) {
        if (!warmUp.isPositive()) return null; // no warm-up: every step is scored, a one-step range too
        Duration range = Duration.between(start, end);
        String where = "the replayed range, " + start + " to " + end + " (" + Durations.format(range) + ")";
        if (warmUp.compareTo(range) >= 0) return "--warm-up " + text + ": must be shorter than " + where + ", so that some of it is scored";
        Instant last = start.plusMillis((end.toEpochMilli() - start.toEpochMilli()) / step.toMillis() * step.toMillis());
        Instant scoredFrom = new SimulationOptions(start, end, step, null, 0).withWarmUp(warmUp).scoredFrom(start);
        if (!scoredFrom.isAfter(last)) return null;
        return "--warm-up " + text + ": leaves no step of " + where + " to score: the first step after it would be " + scoredFrom
                + ", after the last, " + last;
    }

    private static int usage(PrintWriter err, List<String> usage) {
        usage.forEach(u -> err.println("error: " + Problem.escape(u)));
        err.println("Try 'capstan simulate --help' for the options.");
        return USAGE;
    }

    /** {@code --max-steps}: a whole number of 1 or more, read as a policy file's whole numbers are (20000000, 2e7, 20_000_000). */
    static final class StepCount implements picocli.CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return OptionValue.read("--max-steps", value, Types.wholeNumber(1, Long.MAX_VALUE));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Replays one policy file, streaming its rows into decisions.csv and into the report's tracks (by target name). */
    private SimulationRun simulate(Path file, String label, List<TargetSpec> targets, LoadedTrace trace, SimulationOptions options, String task,
                                   DecisionsCsv csv, Map<String, ReportView.TrackBuilder> tracks) {
        long steps = (options.to().toEpochMilli() - options.from().toEpochMilli()) / options.step().toMillis() + 1;
        SimulationResult result;
        try (OffloadedRows rows = new OffloadedRows(csv.rows(label))) {
            RowSink both = (target, row, decision) -> {
                // The view first: it may read the row's summary, which renders it, and handing the row
                // over may publish it to the decisions.csv thread at once (the last row of a batch);
                // two threads must not render one summary at the same time.
                ReportView.TrackBuilder track = tracks.get(target);
                if (track != null) track.accept(row);
                rows.row(target, row, decision);
            };
            if (!interactive() || steps * targets.size() < PROGRESS_BAR_THRESHOLD) {
                result = simulator.stream(targets, trace.trace(), options, ProgressListener.NONE, both);
            } else {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(steps).setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" steps", 1).build()) {
                    result = simulator.stream(targets, trace.trace(), options, (done, total) -> bar.stepTo(done), both);
                }
            }
            rows.finish();
        }
        for (TargetResult t : result.targets()) {
            ReportView.TrackBuilder track = tracks.get(t.target());
            if (track != null) track.finish(t.scorecard(), t.notes());
        }
        return new SimulationRun(file, result, label);
    }

    /** A terminal a person watches: a console that is a terminal, outside CI. */
    static boolean interactive() {
        if (System.getenv("CI") != null) return false;
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            // Java 22+: System.console() may exist without a terminal; isTerminal() tells.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private List<TargetSpec> load(Path file, List<String> problems, PrintWriter err) {
        try {
            // Warnings (a deprecated apiVersion, minReplicas 0 under a feature gate) are said, not dropped.
            List<TargetSpec> targets = (loader != null ? loader : PolicyLoader.yaml(inputLimits)).load(file,
                    w -> err.println(Problem.escape(w.toString())));
            if (targets == null || targets.isEmpty()) {
                problems.add(file + ": declares no targets");
                return null;
            }
            return targets;
        } catch (io.capstan.app.input.InputException e) {
            e.problems().forEach(p -> problems.add(p.toString()));
            return null;
        } catch (RuntimeException e) {
            problems.add(file + ": " + describe(e));
            return null;
        }
    }

    private static Instant time(String option, String text, List<String> usage) {
        if (text == null) return null;
        try {
            return TraceCsv.parseTimestamp(text);
        } catch (DateTimeException e) {
            usage.add(option + " " + text + ": " + e.getMessage());
            return null;
        }
    }

    /** What went wrong, in words: a file-system error's message is often just the path, so its kind is said too. */
    static String describe(Exception e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String what = switch (f) {
                case java.nio.file.NoSuchFileException n -> "no such file or directory";
                case java.nio.file.AccessDeniedException a -> "permission denied";
                case java.nio.file.FileAlreadyExistsException x -> "already exists";
                case java.nio.file.NotDirectoryException d -> "not a directory";
                case java.nio.file.DirectoryNotEmptyException d -> "directory not empty";
                default -> f.getReason() != null ? f.getReason() : "file system error";
            };
            String where = f.getFile() != null ? f.getFile() : "";
            String other = f.getOtherFile() != null ? " -> " + f.getOtherFile() : "";
            return where.isEmpty() ? what : where + other + ": " + what;
        }
        return e.getMessage() != null ? e.getMessage() : "an error without a message (" + e.getClass().getSimpleName() + ")";
    }

    private static String describe(io.capstan.core.model.ServiceModel s) {
        return String.format(Locale.ROOT, "capacityPerReplica %s, startup %s, costPerReplicaHour %s", s.capacityPerReplica(),
                Durations.format(s.startup()), s.costPerReplicaHour());
    }

    private static String names(List<TargetSpec> targets) {
        return String.join(", ", targets.stream().map(TargetSpec::name).toList());
    }

    /** Targets of the same name whose two files give different service models: which one would the replay use? */
    static List<String> serviceConflicts(List<TargetSpec> main, List<TargetSpec> compared) {
        List<String> out = new ArrayList<>();
        for (TargetSpec c : compared) {
            for (TargetSpec m : main) {
                if (m.name().equals(c.name()) && m.service() != null && c.service() != null && !m.service().equals(c.service())) {
                    out.add("target " + c.name() + ": --policy and --compare give different service models (" + describe(m.service()) + " vs "
                            + describe(c.service()) + "): the model describes the service, so give it in one file or the same in both");
                }
            }
        }
        return out;
    }

    /**
     * The service model describes the service, not the policy: a target without one (an HPA
     * manifest, say) is replayed on the same model as the other file's target of the same name
     * (either file may give it), so both sides of the comparison see the same demand, capacity and
     * startup time.
     */
    static List<TargetSpec> withServiceOf(List<TargetSpec> main, List<TargetSpec> compared) {
        if (main == null || compared == null) return compared;
        List<TargetSpec> out = new ArrayList<>(compared.size());
        for (TargetSpec c : compared) {
            TargetSpec m = main.stream().filter(t -> t.name().equals(c.name())).findFirst().orElse(null);
            out.add(c.service() != null || m == null || m.service() == null ? c
                    : c.withService(m.service()));
        }
        return out;
    }

    private static void summary(PrintWriter out, SimulationRun run, SimulationRun compare, double seconds, ReportWriter.Written written) {
        SimulationResult r = run.result();
        out.printf(Locale.ROOT, "Simulated %d steps of %s (%s to %s) in %.2fs%s%n", r.steps(), Durations.format(r.step()), r.from(), r.to(), seconds,
                r.warmUp().isPositive() ? ", scored from " + r.scoredFrom() + " (warm-up " + Durations.format(r.warmUp()) + ")" : "");
        for (TargetResult t : r.targets()) {
            out.println(line(t, run.label(), r.warmUp().isPositive()));
            TargetResult other = null;
            if (compare != null) {
                for (TargetResult o : compare.result().targets()) if (o.target().equals(t.target())) other = o;
                if (other != null) out.println(line(other, compare.label(), r.warmUp().isPositive()));
            }
            for (String n : t.notes()) out.println("  note: " + n);
            // the compared file's own notes (a forecast still warming up is usually the --compare file's), as the report lists them
            if (other != null) for (String n : other.notes()) if (!t.notes().contains(n)) out.println("  note (" + compare.label() + "): " + n);
        }
        if (compare != null) {
            for (String u : Comparison.of(run, compare).unmatched()) out.println("note: target " + u + " is replayed but not compared: the other file has no target of that name"
                    + " (its own scores are in summary.json's " + (u.endsWith("(only in " + compare.label() + ")") ? "comparison.compareTargets" : "targets")
                    + ", listed in comparison.unmatchedTargets)");
        }
        out.println("Report: " + written.report() + " (also " + written.decisions().getFileName() + ", " + written.summary().getFileName() + ")");
    }

    /** Unscored time as a duration: 60m, 1d2h. */
    static String unscored(double minutes) {
        return Durations.format(Duration.ofMillis(Math.round(minutes * 60_000)));
    }

    static String line(TargetResult t, String label) {
        return line(t, label, false);
    }

    /** @param warmedUp whether the run had a warm-up: the scores, replica range included, begin after it, not at the start */
    static String line(TargetResult t, String label, boolean warmedUp) {
        Scorecard s = t.scorecard();
        StringBuilder sb = new StringBuilder();
        sb.append("  ").append(t.target()).append(" [").append(label).append(", ").append(t.mode().name().toLowerCase(Locale.ROOT)).append(" replay]: ")
                .append(String.format(Locale.ROOT, "%.1f replica-hours", s.replicaHours()));
        if (s.oracleReplicaHours() != null) sb.append(String.format(Locale.ROOT, " (oracle %.1f)", s.oracleReplicaHours()));
        if (s.underProvisionedMinutes() != null) sb.append(String.format(Locale.ROOT, ", %.0f under-provisioned minutes", s.underProvisionedMinutes()));
        sb.append(", ").append(s.scaleOutEvents()).append(" scale-outs, ").append(s.scaleInEvents()).append(" scale-ins");
        if (!s.actions().isEmpty()) sb.append(", actions ").append(s.actions());
        sb.append(", replicas ").append(s.minReplicas()).append("-").append(s.maxReplicas());
        // the range is of the decided counts; a run that left its starting count at once says where it started
        int start = t.spec().initialReplicas();
        if (!warmedUp && (start < s.minReplicas() || start > s.maxReplicas())) sb.append(" (starting at ").append(start).append(')');
        // A saturated cost (an extreme price) reads as 1.797...E308, not as 309 digits.
        if (s.cost() != null) sb.append(", cost ").append(s.cost() < 1e15 ? String.format(Locale.ROOT, "%.2f", s.cost()) : s.cost().toString());
        if (s.unscoredMinutes() > 0) sb.append(", ").append(unscored(s.unscoredMinutes())).append(t.mode() == TargetResult.Mode.DEMAND ? " without demand data not scored" : " without data not scored");
        return sb.toString();
    }

    /** The task's result once done; what it threw is thrown here as it was. */
    private static <T> T joined(FutureTask<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
