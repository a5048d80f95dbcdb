package io.capstan.app.forecast;

import io.capstan.app.input.Problem;
import io.capstan.app.report.ForecastChart;
import io.capstan.app.report.ReportWriter;
import io.capstan.app.trace.Dedupe;
import io.capstan.app.trace.LoadedTrace;
import io.capstan.app.trace.TraceCsv;
import io.capstan.app.trace.TraceSource;
import io.capstan.core.forecast.Forecast;
import io.capstan.core.forecast.Forecaster;
import io.capstan.core.forecast.Model;
import io.capstan.core.forecast.RegularSeries;
import io.capstan.core.model.Durations;
import io.capstan.core.model.Numbers;
import io.capstan.core.simulate.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code capstan forecast}: forecasts one series of a trace and writes forecast.csv and forecast.html, all or
 * nothing. Exit codes: 0 done, 1 bad input (trace, series, output directory), 2 usage (bad option values).
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecast one series of a trace: the median (p50) and an 80 %% interval (p10 to p90) for each step of the horizon.",
                "The series is resampled to --step (the mean per step; steps without a sample are filled across the gap and not scored),"
                        + " models are scored by a rolling-origin backtest on the series' own recent history, and the best one forecasts."},
        footer = {"", "Models: auto (default: the best backtest, or the mean of the best three), seasonal-naive, seasonal-naive-weekly, seasonal-mean-weekly,"
                + " holt-winters (= holt-winters-additive), holt-winters-multiplicative, holt-winters-double, holt-winters-double-multiplicative,"
                + " robust-trend.",
                "Docs: docs/forecast.md (models, resampling, intervals, accuracy on real traces)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:bad input (trace, series, output directory)", "2:usage error (bad option values)",
                "70:internal error (a bug in Capstan: please report it)"})
public final class ForecastCommand extends io.capstan.app.ReportingCommand {
    static final int BAD_INPUT = 1;
    static final int USAGE = 2;
    static final String CSV = "forecast.csv";
    static final String HTML = "forecast.html";
    /** The most steps a horizon may hold. */
    static final int MAX_HORIZON_STEPS = 1_000_000;

    @Option(names = "--trace", required = true, paramLabel = "[NAME=]FILE",
            description = {"CSV trace: NAME=FILE for a timestamp,value file (or the column NAME of a wider one);",
                    "FILE alone needs a header: timestamp,<series>,..."})
    String trace;

    @Option(names = "--horizon", required = true, paramLabel = "DURATION", description = "How far ahead to forecast, e.g. 24h, 90m, 7d.")
    String horizon;

    @Option(names = "--step", paramLabel = "DURATION", description = "Resample to this step (default: the series' median spacing); not finer than that.")
    String step;

    @Option(names = "--metric", paramLabel = "NAME", description = "The series to forecast when the trace has several (default: its only one).")
    String metric;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "auto", description = "Model (default: ${DEFAULT-VALUE}); see below.")
    String model;

    @Option(names = "--history", paramLabel = "DURATION", defaultValue = "56d",
            description = "Fit only this much of the most recent history (default: ${DEFAULT-VALUE}); older samples are not used.")
    String history;

    @Option(names = "--dedupe", paramLabel = "last|error", defaultValue = "last",
            description = "Rows with the same timestamp: keep the last value (default: local-time traces repeat the daylight-saving fall-back hour) or error.")
    String dedupe;

    @Option(names = "--out", required = true, paramLabel = "DIR", converter = io.capstan.app.input.OutputDirConverter.class, description = "Directory for forecast.csv and forecast.html.")
    Path out;


    @Override
    protected int run(PrintWriter stdout, PrintWriter err) {
        List<String> usage = new ArrayList<>();
        Duration horizonLength = duration("--horizon", horizon, usage);
        Duration stepLength = step == null ? null : duration("--step", step, usage);
        Duration historyLength = duration("--history", history, usage);
        Model chosen = null;
        if (!model.strip().equalsIgnoreCase("auto")) {
            chosen = Model.parse(model).orElse(null);
            if (chosen == null) usage.add("--model " + model + ": expected auto, holt-winters or one of " + String.join(", ", Model.names()));
        }
        Dedupe duplicates = io.capstan.app.input.OptionValue.read("--dedupe", dedupe,
                io.capstan.app.input.Types.choice(io.capstan.app.input.Types.options("last", Dedupe.LAST, "error", Dedupe.ERROR)), usage);
        if (metric != null && metric.isBlank()) usage.add("--metric must name a series");
        if (!usage.isEmpty()) return usage(err, usage);

        List<String> problems = new ArrayList<>();
        String unusable = ReportWriter.unusable(out);
        if (unusable != null) problems.add(unusable);
        TraceSource source = TraceSource.parse(trace);
        String overwritten = unusable == null ? ForecastFiles.overwrites(out, source.file()) : null;
        if (overwritten != null) problems.add(overwritten);
        TraceCsv.Result read = TraceCsv.read(List.of(source), duplicates);
        read.problems().forEach(p -> problems.add(p.format()));
        Trace.Series series = null;
        LoadedTrace.Column column = null;
        if (read.ok()) {
            LoadedTrace loaded = read.trace();
            String name = metric != null ? metric : loaded.trace().names().size() == 1 ? loaded.trace().names().iterator().next() : null;
            LoadedTrace.Column any = loaded.columns().values().iterator().next();
            if (name == null) {
                problems.add(any.file() + ":" + any.line() + ": the trace has " + loaded.trace().names().size() + " series (" + String.join(", ",
                        loaded.trace().names()) + "): choose one with --metric");
            } else if (loaded.trace().series(name) == null) {
                problems.add(any.file() + ":" + any.line() + ": no series " + name + " in the trace; it has " + String.join(", ", loaded.trace().names()));
            } else {
                series = loaded.trace().series(name);
                column = loaded.columns().get(name);
            }
        }
        if (!problems.isEmpty()) return bad(err, problems);

        String where = column.file() + ":" + column.line() + ": series " + column.series();
        long resolution = series.medianSpacing();
        if (series.size() < 2 || resolution <= 0) {
            return bad(err, List.of(where + ": has " + series.size() + " sample" + (series.size() == 1 ? "" : "s") + "; a forecast needs a history"));
        }
        if (resolution > Durations.MAX.toMillis()) {
            // every step a message could suggest would be longer than a step may be
            return bad(err, List.of(where + ": its samples are " + Durations.format(Duration.ofMillis(resolution)) + " apart (median), further than "
                    + "the longest step a forecast takes (" + Durations.format(Durations.MAX) + "): too sparse to forecast"));
        }
        Duration stepUsed = stepLength != null ? stepLength : Duration.ofMillis(resolution);
        if (stepLength != null && stepLength.toMillis() < resolution) {
            usage.add("--step " + step + " is finer than the series' resolution of " + Durations.format(Duration.ofMillis(resolution))
                    + ": every step but one in " + (resolution / stepLength.toMillis()) + " would be filled, not observed; use --step "
                    + Durations.format(Duration.ofMillis(resolution)) + " or coarser");
        }
        long steps = horizonLength.toMillis() / stepUsed.toMillis();
        if (horizonLength.toMillis() % stepUsed.toMillis() != 0) {
            usage.add("--horizon " + horizon + " is not a whole number of " + Durations.format(stepUsed) + " steps");
        } else if (steps < 1 || steps > MAX_HORIZON_STEPS) {
            usage.add("--horizon " + horizon + " is " + steps + " steps of " + Durations.format(stepUsed) + "; between 1 and " + MAX_HORIZON_STEPS + " are allowed");
        }
        if (!usage.isEmpty()) return usage(err, usage);

        RegularSeries regular;
        Forecast forecast;
        try {
            regular = History.of(series, stepUsed);
            Forecaster.Options options = new Forecaster.Options(chosen, historyLength);
            String tooShort = tooShort(regular, options, (int) steps, stepUsed);
            if (tooShort != null) return bad(err, List.of(where + ": " + tooShort));
            String unbacked = unbacked(regular, options, (int) steps, stepUsed);
            if (unbacked != null) return usage(err, List.of(unbacked));
            forecast = Forecaster.forecast(regular, (int) steps, options);
        } catch (IllegalArgumentException e) {
            return bad(err, List.of(where + ": " + e.getMessage()));
        } finally {
            read.trace().close();
        }

        List<String> facts = facts(regular, historyLength, forecast, stepUsed, horizonLength);
        int shown = (int) Math.min(regular.size(), Math.max(4 * steps, Duration.ofDays(7).toMillis() / stepUsed.toMillis()));
        String title = source.file().getFileName() + " (" + column.series() + ")";
        try {
            ForecastFiles.write(out, csv(forecast), ForecastChart.page(title, regular.last(shown), forecast, facts));
        } catch (IOException | RuntimeException e) {
            err.println(Problem.escape("error: cannot write the forecast to " + out + ": " + describe(e)));
            return BAD_INPUT;
        }
        facts.forEach(f -> stdout.println(f));
        stdout.println("Forecast: " + out.resolve(HTML) + " (also " + CSV + ")");
        return 0;
    }

    /**
     * Why no model can fit this history at all, in durations (how much there is, how much the shortest fit and this
     * horizon need), or null; a model named with --model says so itself, in the forecaster's words.
     */
    private String tooShort(RegularSeries regular, Forecaster.Options options, int steps, Duration step) {
        long fitted = fittedSteps(regular, options.maxHistory(), step);
        long shortestFit = Forecaster.historyNeeded(regular, options, steps) - steps;
        if (options.model() != null || fitted >= shortestFit || shortestFit >= Integer.MAX_VALUE / 2) return null;
        boolean windowLimits = fitted < regular.size();
        return "has " + Durations.format(step.multipliedBy(fitted)) + " of history (" + fitted + " step" + (fitted == 1 ? "" : "s") + " of "
                + Durations.format(step) + (windowLimits ? ", the --history " + history : "") + "); the shortest any model fits is "
                + Durations.format(step.multipliedBy(shortestFit)) + ", and a " + horizon + " horizon needs at least "
                + Durations.format(step.multipliedBy(shortestFit + steps)) + " of history" + (windowLimits ? " (raise --history)" : "");
    }

    /**
     * Why the horizon is longer than the backtest can test on this history (in durations, with what would
     * do), or null: a forecast past that would report a score and intervals that were never measured.
     */
    private String unbacked(RegularSeries regular, Forecaster.Options options, int steps, Duration step) {
        int longest = Forecaster.longestBackedHorizon(regular, options);
        if (steps <= longest) return null;
        long fitted = fittedSteps(regular, options.maxHistory(), step);
        long shortestFit = Forecaster.historyNeeded(regular, options, steps) - steps;
        if (fitted < shortestFit) return null; // no model fits this history at all: the forecaster says which needs what
        Duration needed = step.multipliedBy(shortestFit + steps);
        boolean windowLimits = fitted < regular.size();
        return "--horizon " + horizon + " is longer than the backtest can test on " + Durations.format(step.multipliedBy(fitted))
                + " of history" + (windowLimits ? " (--history " + history + ")" : "") + ", so its score and intervals would not be measured: "
                + (longest == 0 ? "this history backs no horizon" : "the longest this history backs is "
                + Durations.format(step.multipliedBy(longest)) + " (--horizon " + Durations.format(step.multipliedBy(longest)) + ")")
                + "; a " + horizon + " horizon needs at least " + Durations.format(needed) + " of history"
                + (windowLimits ? " (raise --history)" : "");
    }

    /** How many of the series' last steps the models are fitted on: the whole series, or the last --history of it. */
    private static long fittedSteps(RegularSeries s, Duration maxHistory, Duration step) {
        return Math.min(s.size(), Math.max(1, maxHistory.toMillis() / step.toMillis()));
    }

    private static List<String> facts(RegularSeries s, Duration maxHistory, Forecast f, Duration step, Duration horizon) {
        List<String> facts = new ArrayList<>();
        facts.add("Forecast " + f.horizon() + " steps of " + Durations.format(step) + " (" + Durations.format(horizon) + ") from " + f.time(0) + " with "
                + f.model() + (f.scores().isEmpty() ? "" : " (backtest MAE " + Numbers.format(round(f.scores().stream()
                .filter(x -> x.model().equals(f.model())).findFirst().map(Forecast.Score::mae).orElse(0.0))) + ")"));
        // the models are fitted on the last --history of it: say that, not the whole trace
        long fitted = fittedSteps(s, maxHistory, step);
        String used = fitted < s.size() ? fitted + " steps from " + Instant.ofEpochMilli(s.start().toEpochMilli() + (s.size() - fitted) * step.toMillis())
                + " (the last " + Durations.format(step.multipliedBy(fitted)) + ", --history; the trace has " + s.size() + " steps from " + s.start() + ")"
                : s.size() + " steps from " + s.start();
        facts.add("History: " + used + (s.merged() > 0 ? ", " + s.merged() + " samples averaged into a step that had one" : "")
                + (s.filled() > 0 ? ", " + s.filled() + " steps without a sample filled across gaps (not scored)" : ""));
        f.notes().forEach(n -> facts.add("Note: " + n));
        return facts;
    }

    /** forecast.csv: one row per step. */
    static String csv(Forecast f) {
        StringBuilder sb = new StringBuilder(f.horizon() * 64);
        sb.append("time,p10,p50,p90,model\n");
        for (int k = 0; k < f.horizon(); k++) {
            sb.append(f.time(k)).append(',').append(number(f.p10()[k])).append(',').append(number(f.p50()[k])).append(',')
                    .append(number(f.p90()[k])).append(',').append(f.model()).append('\n');
        }
        return sb.toString();
    }

    /** Six significant digits, plain: enough for any load figure, short enough to read. */
    static String number(double v) {
        if (v == 0) return "0";
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static double round(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }

    private static Duration duration(String option, String text, List<String> usage) {
        return io.capstan.app.CommandErrors.positiveDuration(option, text, usage);
    }

    private static int usage(PrintWriter err, List<String> usage) {
        return io.capstan.app.CommandErrors.usage(err, "forecast", usage);
    }

    private static int bad(PrintWriter err, List<String> problems) {
        return io.capstan.app.CommandErrors.bad(err, problems);
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String what = f.getReason() != null ? f.getReason() : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : "file system error";
            return (f.getFile() != null ? f.getFile() + ": " : "") + what;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
