package io.capstan.app.plan;

import io.capstan.app.CommandErrors;
import io.capstan.app.config.PolicyFile;
import io.capstan.app.forecast.History;
import io.capstan.app.history.HistorySource;
import io.capstan.app.input.InputException;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.InputPathConverter;
import io.capstan.app.input.InputSizeConverter;
import io.capstan.app.input.OptionValue;
import io.capstan.app.input.OutputDirConverter;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Types;
import io.capstan.app.report.OutputFiles;
import io.capstan.app.report.ReportWriter;
import io.capstan.app.source.Sources;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.app.trace.Dedupe;
import io.capstan.core.forecast.RegularSeries;
import io.capstan.core.model.Durations;
import io.capstan.core.simulate.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code capstan plan}: a capacity plan from a series' history: growth, seasonality, when each threshold is
 * crossed at the forecast peak, the month of each phase, and the replicas the peak needs; or, for a plan file with
 * {@code targets:}, the same for each target on its own series, after a summary across them. Writes plan.md and
 * plan.html, all or nothing. Exit codes: 0 done, 1 bad input (plan file, history, output directory), 2 usage.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Capacity plan from history: growth per day, week and month, the peak hour and day, when the forecast peak (p50 and p90)"
                + " crosses each threshold (plan at 70 %%, act before 85 %% by default), the projected month of each phase, and the replicas the"
                + " forecast peak needs with a spike reserve.",
                "The trend is robust (Theil-Sen over whole days, a median daily profile), fitted on the --lookback; the forecast extends it over"
                        + " the --lookahead, its p10-p90 band widening with the slope's own uncertainty.",
                "A plan file with 'targets' plans each target on its own series, with a summary table across them."},
        footer = {"", "History: [csv:][NAME=]FILE.csv, a CSV trace as simulate and forecast read; store[:DIR|:jdbc:URL], the history capstan run keeps;"
                + " prometheus[:URL], range queries. From the store and Prometheus, plan.metric names <target>.<metric>.",
                "Docs: docs/plan.md (the plan file, the model, every number in the report)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:bad input (plan file, history, output directory)", "2:usage error (bad option values)",
                "70:internal error (a bug in Capstan: please report it)"})
public final class PlanCommand extends io.capstan.app.ReportingCommand {
    static final int BAD_INPUT = CommandErrors.BAD_INPUT;
    static final String MARKDOWN = "plan.md";
    static final String HTML = "plan.html";
    /** The finest step a plan resamples to: runbook 000's "use 5-minute averages for decisions". */
    static final Duration FINEST_STEP = Duration.ofMinutes(5);

    @Option(names = "--config", required = true, paramLabel = "FILE", converter = InputPathConverter.class,
            description = "Plan file (YAML or JSON) with a 'plan' section, or 'targets' (several in one report); see docs/plan.md.")
    Path config;

    @Option(names = "--history", required = true, paramLabel = "SOURCE",
            description = {"The history: [csv:][NAME=]FILE.csv, a CSV trace (NAME=FILE for a timestamp,value file; FILE alone needs a header);",
                    "store (the --run-config's store), store:DIR (capstan run --data DIR, while no capstan run holds it), store:jdbc:URL;",
                    "prometheus (the --run-config's sources.prometheus, auth included) or prometheus:URL.",
                    "The series planned is plan.metric, or the trace's only one; from the store or Prometheus, <target>.<metric>;",
                    "with targets, each target's own (docs/plan.md, Several targets)."})
    String history;

    @Option(names = "--run-config", paramLabel = "FILE", converter = InputPathConverter.class,
            description = {"The config capstan run runs: --history store reads its store, --history prometheus its sources.prometheus,",
                    "and each metric's PromQL is its source: {prometheus: ...} there (plan.query overrides it)."})
    Path runConfig;

    @Option(names = "--data", paramLabel = "DIR", description = "With --run-config: capstan run's --data, where its embedded store is (default: ./capstan-data).")
    Path data = PolicyFile.DEFAULT_DATA;

    /** "Now" for kept history: the lookback is the span before it. */
    private final Clock clock;

    public PlanCommand() {
        this(Clock.systemUTC());
    }

    PlanCommand(Clock clock) {
        this.clock = clock;
    }

    @Option(names = "--lookahead", required = true, paramLabel = "DURATION", description = "How far ahead to plan, e.g. 30d (at most 366d).")
    String lookahead;

    @Option(names = "--lookback", paramLabel = "DURATION", defaultValue = "28d",
            description = "Fit on this much of the most recent history (default: ${DEFAULT-VALUE}; runbook 002 uses 7d).")
    String lookback;

    @Option(names = "--step", paramLabel = "DURATION",
            description = "Resample to this step (default: the series' median spacing, and at least 5m); not finer than that spacing.")
    String step;

    @Option(names = "--dedupe", paramLabel = "last|error", defaultValue = "last",
            description = "Rows with the same timestamp: keep the last value (default) or error.")
    String dedupe;

    @Option(names = "--out", required = true, paramLabel = "DIR", converter = OutputDirConverter.class, description = "Directory for plan.md and plan.html.")
    Path out;

    @Option(names = "--max-input-size", paramLabel = "SIZE", converter = InputSizeConverter.class, description = "The largest plan file read (default: 4MiB).")
    InputLimits inputLimits = InputLimits.DEFAULT;

    @Override
    protected int run(PrintWriter stdout, PrintWriter err) {
        List<String> usage = new ArrayList<>();
        Duration ahead = duration("--lookahead", lookahead, usage);
        Duration back = duration("--lookback", lookback, usage);
        Duration stepLength = step == null ? null : duration("--step", step, usage);
        Dedupe duplicates = OptionValue.read("--dedupe", dedupe, Types.choice(Types.options("last", Dedupe.LAST, "error", Dedupe.ERROR)), usage);
        String unsupported = HistorySources.unsupported(history);
        if (unsupported != null) usage.add(unsupported);
        if (!usage.isEmpty()) return usage(err, usage);

        List<String> problems = new ArrayList<>();
        String unusable = ReportWriter.unusable(out);
        if (unusable != null) problems.add(unusable);
        else {
            List<Path> inputs = new ArrayList<>(HistorySources.files(history));
            inputs.add(config);
            if (runConfig != null) inputs.add(runConfig);
            String overwrites = OutputFiles.overwrites(out, List.of(MARKDOWN, HTML), inputs);
            if (overwrites != null) problems.add(overwrites);
        }
        PlanFile.Read file = null;
        try {
            file = PlanFile.read(config, inputLimits);
        } catch (InputException e) {
            e.problems().forEach(p -> problems.add(p.toString()));
        }
        PlanHistory source = !HistorySources.kept(history) ? HistorySources.open(history, duplicates, problems)
                : problems.isEmpty() ? openKept(file, back, stepLength, problems) : null;
        if (!problems.isEmpty()) {
            if (source != null) source.close();
            return bad(err, problems);
        }
        try (source) {
            return plan(stdout, err, file, source, ahead, back, stepLength);
        } catch (PlanHistory.Unreadable e) {
            return bad(err, List.of(e.getMessage()));
        }
    }

    /** The store or Prometheus, read over the lookback before now at the plan's step (--step, else the finest a plan takes). */
    private PlanHistory openKept(PlanFile.Read file, Duration back, Duration stepLength, List<String> problems) {
        StoreConfig store = null;
        Sources.Config sources = null;
        List<String> runTargets = null;
        if (runConfig != null) {
            PolicyFile.Live live = PolicyFile.loadLive(runConfig, data, inputLimits);
            List<Problem> errors = live.policy().problems().stream().filter(Problem::isError).toList();
            if (!errors.isEmpty() || live.live() == null) {
                errors.forEach(p -> problems.add(p.toString()));
                if (errors.isEmpty()) problems.add(runConfig + ": --run-config: expected the policy file capstan run runs (with its live sections)");
                return null;
            }
            store = live.live().store();
            sources = live.live().sources();
            runTargets = live.policy().targets().stream().map(io.capstan.core.target.TargetSpec::name).toList();
        }
        if (runConfig == null && !history.contains(":")) {
            problems.add("--history " + history + ": give --run-config FILE (the config capstan run runs) to read its " + history
                    + (history.equalsIgnoreCase("store") ? "; or write store:DIR or store:jdbc:URL" : "; or write prometheus:URL (with plan.query)"));
            return null;
        }
        Map<String, String> queries = new LinkedHashMap<>();
        if (!file.multi()) {
            if (file.plan().metric() == null) {
                problems.add(config + ": plan.metric: with --history " + history + ", name the series to plan: <target>.<metric>, as capstan run keeps it");
                return null;
            }
            queries.put(file.plan().metric(), file.plan().query());
        } else {
            Problems located = new Problems(config);
            for (PlanFile.Target t : file.targets()) {
                if (runTargets != null && !runTargets.contains(t.name())) {
                    located.add(t.nameAt(), "unknown target '" + t.name() + "': " + runConfig + " runs " + (runTargets.isEmpty() ? "no target"
                            : String.join(", ", runTargets)) + io.capstan.app.input.NearMiss.suggestion(t.name(), runTargets));
                } else if (t.plan().metric() == null) {
                    located.add(t.nameAt(), "target '" + t.name() + "' names no metric: with --history " + history + " its series is <target>.<metric>"
                            + " (" + t.name() + ".request_rate, say): give it metric: (or plan.metric for every target)");
                } else {
                    queries.put(series(t, null), t.plan().query());
                }
            }
            located.list().forEach(p -> problems.add(p.toString()));
            if (!problems.isEmpty()) return null;
        }
        try {
            return HistorySources.openKept(history, store, sources, queries, clock.instant(), back, stepLength != null ? stepLength : FINEST_STEP);
        } catch (HistorySource.Unreadable e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * The series a target of a plan with {@code targets:} reads: from kept history {@code <name>.<metric>} (a metric
     * naming its target already, {@code api.request_rate}, as is); from a CSV trace ({@code csv} its series, null for
     * kept history) its {@code metric} column, or {@code <name>.<metric>} when the trace has that and not the other
     * (a trace exported from the store), and without a metric the column of its name.
     */
    static String series(PlanFile.Target t, List<String> csv) {
        String metric = t.plan().metric();
        if (metric == null) return t.name();
        String qualified = metric.startsWith(t.name() + ".") ? metric : t.name() + "." + metric;
        if (csv == null) return qualified;
        return !csv.contains(metric) && csv.contains(qualified) ? qualified : metric;
    }

    /**
     * Why a target's series is not in a CSV history: the names tried (its own metric first when it names one, else
     * {@code <name>.<metric>}), the nearest name the history has to either, and what it has.
     */
    private static String noSeries(PlanFile.Target t, String name, PlanHistory source) {
        String metric = t.plan().metric();
        String qualified = metric == null || name.startsWith(t.name() + ".") ? name : t.name() + "." + metric;
        boolean own = t.metricAt() != t.nameAt();
        String first = own ? name : qualified;
        String second = own ? qualified : name;
        String near = io.capstan.app.input.NearMiss.suggestion(first, source.names());
        if (near.isEmpty()) near = io.capstan.app.input.NearMiss.suggestion(second, source.names());
        return "no series '" + first + "'" + (first.equals(second) ? "" : " nor '" + second + "'") + " in " + source.where(null) + near
                + " (the history has: " + String.join(", ", source.names()) + ")";
    }

    /** What one target's plan came to: its context and sections, or the exit code and messages that stopped it. */
    record Planned(PlanContext context, List<PlanSection> sections, int exit, List<String> messages) {
        static Planned failed(int exit, List<String> messages) {
            return new Planned(null, List.of(), exit, messages);
        }
    }

    private int plan(PrintWriter stdout, PrintWriter err, PlanFile.Read file, PlanHistory source, Duration ahead, Duration back, Duration stepLength) {
        if (file.multi()) return planTargets(stdout, err, file, source, ahead, back, stepLength);
        PlanConfig plan = file.plan();
        String metric = plan.metric();
        if (metric == null) {
            if (source.names().size() != 1) {
                return bad(err, List.of(source.where(null) + ": the history has " + source.names().size() + " series ("
                        + String.join(", ", source.names()) + "): name one with plan.metric in " + config));
            }
            metric = source.names().get(0);
        }
        Trace.Series series = source.series(metric);
        if (series == null) return bad(err, List.of(source.missing(metric, config)));
        Planned planned = planOne(plan, file.extra(), metric, series, source, ahead, back, stepLength);
        if (planned.context() == null) return failed(err, planned);

        String title = "Capacity plan: " + metric + " (" + source.describe() + "), " + PlanText.span(ahead) + " ahead";
        Map<String, String> files = new LinkedHashMap<>();
        files.put(MARKDOWN, PlanReport.markdown(title, planned.sections()));
        files.put(HTML, PlanReport.html(title, planned.sections()));
        if (!write(err, files)) return BAD_INPUT;
        planned.context().analysis().warnings.forEach(w -> err.println(Problem.escape("warning: " + w)));
        summary(planned.context()).forEach(stdout::println);
        stdout.println("Plan: " + out.resolve(HTML) + " (also " + MARKDOWN + ")");
        return 0;
    }

    /** A plan with {@code targets:}: each target planned on its own series, one report with a summary table and a part per target. */
    private int planTargets(PrintWriter stdout, PrintWriter err, PlanFile.Read file, PlanHistory source, Duration ahead, Duration back,
                            Duration stepLength) {
        boolean kept = HistorySources.kept(history);
        List<String> csv = kept ? null : source.names();
        Problems missing = new Problems(config);
        Map<PlanFile.Target, Trace.Series> found = new LinkedHashMap<>();
        for (PlanFile.Target t : file.targets()) {
            String name = series(t, csv);
            Trace.Series s = source.series(name);
            if (s == null) {
                missing.add(t.metricAt(), "target '" + t.name() + "': " + (kept ? source.missing(name, config) : noSeries(t, name, source)));
            } else {
                found.put(t, s);
            }
        }
        if (missing.hasErrors()) return bad(err, missing.list().stream().map(Problem::toString).toList());
        List<PlanSummary.Part> parts = new ArrayList<>();
        java.util.Set<String> usage = new java.util.LinkedHashSet<>();
        java.util.Set<String> problems = new java.util.LinkedHashSet<>();
        for (Map.Entry<PlanFile.Target, Trace.Series> e : found.entrySet()) {
            PlanFile.Target t = e.getKey();
            Planned planned = planOne(t.plan(), t.extra(), series(t, csv), e.getValue(), source, ahead, back, stepLength);
            if (planned.context() == null) (planned.exit() == CommandErrors.USAGE ? usage : problems).addAll(planned.messages());
            else parts.add(new PlanSummary.Part(t.name(), planned.context(), planned.sections()));
        }
        if (!usage.isEmpty()) return usage(err, List.copyOf(usage));
        if (!problems.isEmpty()) return bad(err, List.copyOf(problems));

        String title = "Capacity plan: " + parts.size() + " targets (" + source.describe() + "), " + PlanText.span(ahead) + " ahead";
        List<PlanSection> top = List.of(PlanSummary.section(parts));
        Map<String, String> files = new LinkedHashMap<>();
        files.put(MARKDOWN, PlanReport.markdown(title, top, PlanSummary.reportParts(parts)));
        files.put(HTML, PlanReport.html(title, top, PlanSummary.reportParts(parts)));
        if (!write(err, files)) return BAD_INPUT;
        for (PlanSummary.Part p : parts) p.context().analysis().warnings.forEach(w -> err.println(Problem.escape("warning: " + p.name() + ": " + w)));
        for (PlanSummary.Part p : parts) summary(p.context()).forEach(line -> stdout.println(p.name() + ": " + line));
        stdout.println("Plan: " + out.resolve(HTML) + " (also " + MARKDOWN + ")");
        return 0;
    }

    /** One series planned: the checks on its history, the analysis, the sizing and every section, extra ones included. */
    private Planned planOne(PlanConfig plan, Map<String, io.capstan.app.input.Node> extra, String metric, Trace.Series series, PlanHistory source,
                            Duration ahead, Duration back, Duration stepLength) {
        String where = source.where(metric);
        long resolution = series.medianSpacing();
        if (series.size() < 2 || resolution <= 0) {
            return Planned.failed(BAD_INPUT, List.of(where + ": has " + series.size() + " sample" + (series.size() == 1 ? "" : "s") + "; a plan needs a history"));
        }
        if (resolution > Durations.MAX.toMillis()) {
            return Planned.failed(BAD_INPUT, List.of(where + ": its samples are " + Durations.format(Duration.ofMillis(resolution))
                    + " apart (median): too sparse to plan on"));
        }
        Duration stepUsed = stepLength != null ? stepLength : Duration.ofMillis(Math.max(resolution, FINEST_STEP.toMillis()));
        List<String> usage = new ArrayList<>();
        if (stepLength != null && stepLength.toMillis() < resolution) {
            usage.add("--step " + step + " is finer than the series' resolution of " + Durations.format(Duration.ofMillis(resolution))
                    + ": use --step " + Durations.format(Duration.ofMillis(resolution)) + " or coarser");
        }
        long horizon = ahead.toMillis() / stepUsed.toMillis();
        if (horizon < 1) {
            usage.add("--lookahead " + lookahead + " is shorter than one step of " + Durations.format(stepUsed) + " (the history's step): plan further ahead");
        }
        if (back.toMillis() < stepUsed.toMillis()) {
            usage.add("--lookback " + lookback + " is shorter than one step of " + Durations.format(stepUsed) + " (the history's step)");
        }
        if (!usage.isEmpty()) return Planned.failed(CommandErrors.USAGE, usage);

        PlanAnalysis analysis;
        try {
            RegularSeries regular = History.of(series, stepUsed);
            int keep = (int) Math.min(regular.size(), Math.max(1, back.toMillis() / stepUsed.toMillis()));
            analysis = new PlanAnalysis(regular.last(keep), (int) horizon, plan.zone());
        } catch (IllegalArgumentException e) {
            return Planned.failed(BAD_INPUT, List.of(where + ": " + e.getMessage()));
        }
        List<PlanContext.PlannedSize> sizing = new ArrayList<>();
        if (plan.capacity() != null) {
            sizing.add(new PlanContext.PlannedSize("p50", analysis.forecastPeak50,
                    Sizing.of(plan.capacity(), analysis.forecastPeak50.value(), plan.spikeReserve(), plan.replicas(), plan.spacedUnit())));
            sizing.add(new PlanContext.PlannedSize("p90", analysis.forecastPeak90,
                    Sizing.of(plan.capacity(), analysis.forecastPeak90.value(), plan.spikeReserve(), plan.replicas(), plan.spacedUnit())));
        }
        PlanContext context = new PlanContext(config, plan, source, metric, analysis.lookback(), ahead, analysis, sizing);
        List<PlanSection> sections = new ArrayList<>(PlanSections.builtIn(context));
        Problems extraProblems = new Problems(config);
        for (SectionReader r : PlanSections.EXTRA) {
            var node = extra.get(r.key());
            if (node == null) continue;
            PlanSection s = r.read(node, extraProblems, context);
            if (s != null) sections.add(s);
        }
        if (extraProblems.hasErrors()) return Planned.failed(BAD_INPUT, extraProblems.list().stream().map(Problem::toString).toList());
        return new Planned(context, sections, 0, List.of());
    }

    private int failed(PrintWriter err, Planned planned) {
        return planned.exit() == CommandErrors.USAGE ? usage(err, planned.messages()) : bad(err, planned.messages());
    }

    /** Writes the report, all or nothing; false after saying why it could not. */
    private boolean write(PrintWriter err, Map<String, String> files) {
        try {
            OutputFiles.write(out, files);
            return true;
        } catch (IOException | RuntimeException e) {
            err.println(Problem.escape("error: cannot write the plan to " + out + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())));
            return false;
        }
    }

    /** What the terminal shows: growth, the first threshold's runway and the replicas needed; the report has the rest. */
    static List<String> summary(PlanContext c) {
        PlanAnalysis a = c.analysis();
        String u = c.plan().spacedUnit();
        List<String> lines = new ArrayList<>();
        double month = a.growthPerDay() * PlanAnalysis.DAYS_PER_MONTH;
        double pct = a.growthPercent(month);
        lines.add("Growth: " + PlanText.signed(month) + u + " per month" + (Double.isNaN(pct) ? "" : " (" + PlanText.signed(pct) + " % of the level)")
                + " on a level of " + PlanText.number(a.levelNow()) + u);
        lines.add("Forecast peak: p50 " + PlanText.number(a.forecastPeak50.value()) + u + ", p90 " + PlanText.number(a.forecastPeak90.value()) + u);
        Double base = PlanSections.thresholdBase(c);
        if (base != null) {
            for (PlanConfig.Level t : c.plan().thresholds()) {
                lines.add(t.name() + " (" + PlanText.percent(t.at()) + "): p90 " + PlanSections.crossingText(c, a.crossing(base * t.at() / 100, true)));
            }
        }
        for (PlanConfig.Level ph : c.plan().phases()) {
            lines.add(ph.name() + " (" + PlanText.number(ph.at()) + u + "): " + PlanSections.monthText(c, a.crossing(ph.at(), true)) + " at p90");
        }
        for (PlanContext.PlannedSize s : c.sizing()) {
            lines.add("Replicas for the " + s.band() + " peak: " + (s.sizing().replicas() < 0 ? s.sizing().working() : s.sizing().replicas()));
        }
        return lines;
    }

    private static Duration duration(String option, String text, List<String> usage) {
        return CommandErrors.positiveDuration(option, text, usage);
    }

    private static int usage(PrintWriter err, List<String> usage) {
        return CommandErrors.usage(err, "plan", usage);
    }

    private static int bad(PrintWriter err, List<String> problems) {
        return CommandErrors.bad(err, problems);
    }
}
