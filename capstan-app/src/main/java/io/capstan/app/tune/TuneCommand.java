package io.capstan.app.tune;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.InputPathConverter;
import io.capstan.app.input.InputSizeConverter;
import io.capstan.app.input.Node;
import io.capstan.app.input.OptionValue;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
import io.capstan.app.input.Types;
import io.capstan.app.trace.Dedupe;
import io.capstan.app.trace.LoadedTrace;
import io.capstan.app.trace.TraceCheck;
import io.capstan.app.trace.TraceCsv;
import io.capstan.app.trace.TraceSource;
import io.capstan.core.model.Durations;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.target.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code capstan tune}: searches the knobs given by {@code --knob} over their ranges, scoring each setting by
 * replaying the trace's first part (fit) and its held-back last part (holdout), and writes the best policy file
 * (the original text, only the tuned numbers replaced), candidates.csv and tune.html. Exit codes as simulate's.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search a policy's numeric knobs on recorded history: fit on the first part of the trace, report on the held-back last part.",
                "Each candidate is a demand replay (the target needs a service model and a demand series), run in parallel in this JVM."},
        footer = {"", "Example: capstan tune --policy examples/aws-target-tracking.yaml --trace examples/traces/mongodb-app-rps.csv --demand rps \\",
                "  --knob 'targets[0].policies[0].targetTracking.target=50..90:5' --objective 'replicaHours subject to underProvisionedMinutes <= 60' --out tuned",
                "Docs: docs/tune.md (knobs, search, objective, holdout, outputs)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:bad input (policy, knob path or range, trace, output directory)",
                "2:usage error (bad option values: objective, holdout, budget)", "70:internal error (a bug in Capstan: please report it)"})
public final class TuneCommand extends io.capstan.app.ReportingCommand {
    static final int BAD_INPUT = 1;
    static final int USAGE = 2;
    static final String CSV = "candidates.csv";
    static final String HTML = "tune.html";

    @Option(names = "--policy", required = true, paramLabel = "FILE", converter = InputPathConverter.class, description = "Policy file (YAML) to tune.")
    Path policy;

    @Option(names = "--trace", required = true, paramLabel = "[NAME=]FILE", description = "CSV trace, as for simulate; repeatable.")
    List<String> traces;

    @Option(names = "--knob", required = true, paramLabel = "PATH=MIN..MAX[:STEP]",
            description = {"A number or duration of the policy file to tune, by its path, e.g.",
                    "targets[0].policies[0].targetTracking.target=50..90:5 or targets[0].policies[0].targetTracking.cooldown.scaleIn=60s..600s:60s;",
                    "repeatable. Without STEP: ten steps from MIN to MAX."})
    List<String> knobs;

    @Option(names = "--objective", required = true, paramLabel = "TEXT",
            description = {"'replicaHours subject to underProvisionedMinutes <= N' or 'underProvisionedMinutes subject to replicaHours <= N'",
                    "(totals over all targets, on the fit part)."})
    String objective;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the tuned policy file, " + CSV + " and " + HTML + ".")
    Path out;

    @Option(names = "--holdout", paramLabel = "PERCENT", defaultValue = "25%", description = "The trace's last part held back for scoring (default: ${DEFAULT-VALUE}).")
    String holdout;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the random search (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-candidates", paramLabel = "N", defaultValue = "200",
            description = "At most this many settings are replayed; a larger grid is sampled (default: ${DEFAULT-VALUE}).")
    int maxCandidates;

    @Option(names = "--step", paramLabel = "DURATION", defaultValue = "1m", description = "Virtual clock step (default: ${DEFAULT-VALUE}).")
    String step;

    @Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "0s",
            description = {"Leave the first DURATION of each part out of its scores, as simulate --warm-up does (default: ${DEFAULT-VALUE}):",
                    "the fit part is scored from its start + DURATION, the holdout is replayed from DURATION before the split (on fit data)"
                            + " and scored from the split. Gives a predictive policy the history a live run would warm-start from."})
    String warmUp;

    @Option(names = "--demand", paramLabel = "METRIC", description = "Trace metric that is demand (default: demand).")
    String demand;

    @Option(names = "--threads", paramLabel = "N", description = "Replays at a time (default: the number of processors).")
    Integer threads;

    @Option(names = "--max-input-size", paramLabel = "SIZE", converter = InputSizeConverter.class,
            description = "The largest policy file read (default: 4MiB).")
    InputLimits inputLimits = InputLimits.DEFAULT;


    private final Simulator simulator = new Simulator();

    @Override
    protected int run(PrintWriter stdout, PrintWriter err) {
        // 1. options
        List<String> usage = new ArrayList<>();
        Objective goal = Objective.parse(objective, usage);
        Double held = holdoutShare(holdout, usage);
        Duration stepDuration = null;
        try {
            stepDuration = Durations.parse(step);
            if (stepDuration.isZero() || stepDuration.isNegative()) usage.add("--step " + step + ": must be more than 0");
        } catch (IllegalArgumentException e) {
            usage.add("--step " + step + ": " + e.getMessage());
        }
        Duration warm = OptionValue.read("--warm-up", warmUp, Types.duration(Duration.ZERO), usage);
        if (maxCandidates < 1) usage.add("--max-candidates " + maxCandidates + ": must be 1 or more");
        if (threads != null && threads < 1) usage.add("--threads " + threads + ": must be 1 or more");
        if (demand != null && demand.isBlank()) usage.add("--demand must name a metric");
        if (!usage.isEmpty()) {
            usage.forEach(u -> err.println("error: " + Problem.escape(u)));
            err.println("Try 'capstan tune --help' for the options.");
            return USAGE;
        }

        // 2. inputs: the policy, its knobs, the trace
        List<String> problems = new ArrayList<>();
        String unwritable = TuneFiles.unusable(out, policy, traces.stream().map(t -> TraceSource.parse(t).file()).toList(), outputName());
        if (unwritable != null) problems.add(unwritable);
        InputFile.Read read = InputFile.read(policy, inputLimits);
        List<Knob> parsed = new ArrayList<>();
        PolicyText text = null;
        List<TargetSpec> baseline = null;
        if (!read.ok()) {
            problems.add(read.problem().toString());
        } else {
            PolicyFile.Result loaded = PolicyFile.parse(read.text(), policy, inputLimits);
            if (!loaded.isValid()) {
                loaded.problems().stream().filter(Problem::isError).forEach(p -> problems.add(p.toString()));
            } else {
                // Warnings (a short time-zone id, a deprecated apiVersion) are said, as simulate says them, not dropped.
                loaded.problems().stream().filter(p -> !p.isError()).forEach(w -> err.println(Problem.escape(w.toString())));
                baseline = loaded.targets();
                Problems located = new Problems(policy);
                Tree.Format format = Tree.Format.of(policy);
                Node root = Tree.single(Tree.read(read.text(), format, inputLimits, located), format, "a policy file", located);
                Map<String, String> seen = new HashMap<>();
                for (String k : knobs) {
                    Knob knob = root == null ? null : Knob.parse(k, root, located);
                    if (knob == null) continue;
                    String before = seen.putIfAbsent(knob.path(), k);
                    if (before != null) located.add(knob.at(), "--knob " + k + ": the same value as --knob " + before + "; give each path once");
                    else parsed.add(knob);
                }
                located.list().forEach(p -> problems.add(p.toString()));
                if (!located.hasErrors()) {
                    text = PolicyText.of(read.text(), parsed);
                    if (text == null) problems.add(policy + ": cannot find a knob's value in the text where the file's tree puts it (a bug in Capstan: please report it)");
                }
            }
        }
        List<TraceSource> sources = traces.stream().map(TraceSource::parse).toList();
        TraceCsv.Result traceRead = TraceCsv.read(sources, Dedupe.ERROR);
        traceRead.problems().forEach(p -> problems.add(p.format()));
        if (traceRead.ok() && baseline != null) TraceCheck.against(traceRead.trace(), baseline, demand).forEach(p -> problems.add(p.format()));
        List<String> range = problems.isEmpty() ? io.capstan.app.simulate.RangeCheck.ofWholeTrace(traceRead.trace().trace(), baseline, stepDuration,
                demand == null ? io.capstan.core.simulate.SimulationOptions.DEFAULT_DEMAND_METRIC : demand) : List.of();
        if (!range.isEmpty()) {
            // a step the trace or the policies do not resolve: the same refusal as simulate's, a usage error
            traceRead.trace().close();
            // tune has no --allow-*-step: the way out it can offer is the step
            range.forEach(u -> err.println("error: " + Problem.escape(u.replaceAll(", or --allow-(coarse|fine)-step to replay anyway", ""))));
            err.println("Try 'capstan tune --help' for the options.");
            return USAGE;
        }
        if (!problems.isEmpty()) {
            if (traceRead.trace() != null) traceRead.trace().close();
            problems.forEach(p -> err.println("error: " + Problem.escape(p)));
            return BAD_INPUT;
        }
        try (LoadedTrace trace = traceRead.trace()) {
            return tune(stdout, err, goal, held, stepDuration, warm, parsed, text, baseline, trace, read.text());
        }
    }

    private int tune(PrintWriter stdout, PrintWriter err, Objective goal, double held, Duration stepDuration, Duration warm, List<Knob> knobList,
                     PolicyText text, List<TargetSpec> baseline, LoadedTrace trace, String original) {
        Instant start = trace.trace().start();
        Instant end = trace.trace().end();
        long steps = (end.toEpochMilli() - start.toEpochMilli()) / stepDuration.toMillis() + 1;
        long fitSteps = (long) Math.floor(steps * (1 - held));
        if (fitSteps < 1 || fitSteps >= steps) {
            err.println("error: " + Problem.escape("the trace (" + steps + " steps of " + Durations.format(stepDuration)
                    + ") is too short to hold back " + holdout + " of it and fit on the rest"));
            return BAD_INPUT;
        }
        Instant split = start.plus(stepDuration.multipliedBy(fitSteps));
        // Whole steps, so that the holdout's warm-up ends at the split itself.
        Duration warmSteps = stepDuration.multipliedBy(-Math.floorDiv(-warm.toMillis(), stepDuration.toMillis()));
        if (warmSteps.compareTo(Duration.between(start, split)) >= 0) {
            err.println("error: " + Problem.escape("--warm-up " + warmUp + ": must be shorter than the fit part, " + start + " to " + split + " ("
                    + Durations.format(Duration.between(start, split)) + "), so that some of it is scored"));
            err.println("Try 'capstan tune --help' for the options.");
            return USAGE;
        }
        Duration scoredFit = Duration.between(start, split).minus(warmSteps);
        Duration holdoutSpan = Duration.between(split, end).plus(stepDuration);
        if (warmSteps.isPositive() && scoredFit.compareTo(holdoutSpan) < 0) {
            err.println(Problem.escape("warning: after the " + Durations.format(warmSteps) + " warm-up the fit part scores only "
                    + Durations.format(scoredFit) + ", less than the holdout's " + Durations.format(holdoutSpan) + ": the choice rests on little"
                    + " of the history; a shorter --warm-up scores more of it"));
        }
        SimulationOptions fit = new SimulationOptions(start, split.minus(stepDuration), stepDuration, demand, 0).withWarmUp(warmSteps);
        // The holdout's warm-up replays fit data only: the state it builds is what a live run would have at the split.
        SimulationOptions heldBack = new SimulationOptions(split.minus(warmSteps), end, stepDuration, demand, 0).withWarmUp(warmSteps);
        Score baseFit;
        Score baseHoldout;
        try {
            baseFit = score(baseline, trace, fit);
            baseHoldout = score(baseline, trace, heldBack);
        } catch (IllegalArgumentException e) {
            err.println("error: " + Problem.escape(policy + ": " + e.getMessage()));
            return BAD_INPUT;
        }
        if (baseFit == null) {
            err.println("error: " + Problem.escape(policy + ": tune scores under-provisioned minutes, which need a demand replay: give each target a service model"
                    + " (service: {capacityPerReplica: C}) and the trace a demand series (--demand METRIC)"));
            return BAD_INPUT;
        }
        List<Integer> sizes = knobList.stream().map(k -> k.values().size()).toList();
        List<Candidate> tried = new ArrayList<>();
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> Thread.ofPlatform().daemon().name("tune").unstarted(r));
        try {
            Search.run(sizes, maxCandidates, seed, batch -> {
                List<Future<Candidate>> futures = new ArrayList<>();
                int next = tried.size() + 1;
                for (List<Integer> levels : batch) {
                    int id = next++;
                    futures.add(pool.submit(() -> evaluate(id, levels, knobList, text, trace, fit, heldBack)));
                }
                for (Future<Candidate> f : futures) tried.add(joined(f));
                List<List<Integer>> ranked = new ArrayList<>(tried.stream().filter(c -> c.invalid() == null).sorted(fitOrder(goal)).map(Candidate::levels).toList());
                tried.stream().filter(c -> c.invalid() != null).forEach(c -> ranked.add(c.levels()));
                return ranked;
            });
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Candidate> valid = tried.stream().filter(c -> c.invalid() == null).toList();
        if (valid.isEmpty()) {
            err.println("error: " + Problem.escape("no candidate loads: " + tried.get(0).invalid()));
            return BAD_INPUT;
        }
        Candidate best = valid.stream().min(fitOrder(goal)).orElseThrow();
        Candidate bestHoldout = valid.stream().min(Comparator.comparing(Candidate::holdout, scoreOrder(goal)).thenComparingInt(Candidate::id)).orElseThrow();
        TuneReport report = new TuneReport(policy, traces, goal, knobList, tried, best, bestHoldout, baseFit, baseHoldout, start, split, end,
                stepDuration, warmSteps, held, Search.isGrid(sizes, maxCandidates), seed, seconds);
        try {
            TuneFiles.write(out, outputName(), text.with(best.values()), report.csv(), report.html());
        } catch (IOException | RuntimeException e) {
            err.println("error: " + Problem.escape("cannot write to " + out + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            return BAD_INPUT;
        }
        report.summary().forEach(stdout::println);
        stdout.println("Wrote " + out.resolve(outputName()) + ", " + out.resolve(CSV) + ", " + out.resolve(HTML));
        return 0;
    }

    private String outputName() {
        Path name = policy.getFileName();
        return name == null ? "policy.yaml" : name.toString();
    }

    private Candidate evaluate(int id, List<Integer> levels, List<Knob> knobList, PolicyText text, LoadedTrace trace,
                               SimulationOptions fit, SimulationOptions heldBack) {
        List<String> values = new ArrayList<>();
        for (int k = 0; k < knobList.size(); k++) values.add(knobList.get(k).text(knobList.get(k).values().get(levels.get(k))));
        PolicyFile.Result r = PolicyFile.parse(text.with(values), policy, inputLimits);
        if (!r.isValid()) {
            Problem p = r.problems().stream().filter(Problem::isError).findFirst().orElseThrow();
            return new Candidate(id, levels, values, null, null, p.path() + ": " + p.message());
        }
        try {
            return new Candidate(id, levels, values, score(r.targets(), trace, fit), score(r.targets(), trace, heldBack), null);
        } catch (IllegalArgumentException e) {
            return new Candidate(id, levels, values, null, null, String.valueOf(e.getMessage()));
        }
    }

    /** Totals over the targets; null when a target has no under-provisioned minutes (not a demand replay). */
    private Score score(List<TargetSpec> targets, LoadedTrace trace, SimulationOptions options) {
        SimulationResult result = simulator.run(targets, trace.trace(), options);
        double hours = 0;
        double under = 0;
        for (TargetResult t : result.targets()) {
            if (t.scorecard().underProvisionedMinutes() == null) return null;
            hours += t.scorecard().replicaHours();
            under += t.scorecard().underProvisionedMinutes();
        }
        return new Score(hours, under);
    }

    /** Feasible settings first, by the minimised measure; infeasible ones by how far over the bound; ties by the order tried. */
    static Comparator<Candidate> fitOrder(Objective goal) {
        return Comparator.comparing(Candidate::fit, scoreOrder(goal)).thenComparingInt(Candidate::id);
    }

    static Comparator<Score> scoreOrder(Objective goal) {
        return Comparator.<Score, Boolean>comparing(s -> !goal.feasible(s))
                .thenComparingDouble(s -> goal.feasible(s) ? goal.minimise().of(s) : goal.bounded().of(s))
                .thenComparingDouble(s -> goal.feasible(s) ? goal.bounded().of(s) : goal.minimise().of(s));
    }

    private static Double holdoutShare(String text, List<String> usage) {
        String t = text.strip();
        String number = t.endsWith("%") ? t.substring(0, t.length() - 1).strip() : t;
        try {
            double p = Double.parseDouble(number);
            if (p > 0 && p < 100) return p / 100;
        } catch (NumberFormatException e) {
            // below
        }
        usage.add("--holdout " + text + ": expected a percentage above 0 and below 100, e.g. 25%");
        return null;
    }

    private static Candidate joined(Future<Candidate> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error x) throw x;
            throw new IllegalStateException(e.getCause());
        }
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
