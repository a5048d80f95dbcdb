package io.capstan.app.plan;

import io.capstan.app.report.ForecastChart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's sections, in order: current state, growth, seasonality, forecast (the chart), runway to each
 * threshold, phases, replicas needed; then one per {@link #EXTRA} reader whose key the plan file has.
 */
final class PlanSections {
    /**
     * Readers of further top-level sections of the plan file, in report order. The planned ones: {@code prices}
     * (cost per option from a price table, scale-up against scale-out, cost per request) and {@code rightsizing}
     * (per-container CPU and memory requests from usage percentiles); add a reader here and its key is accepted.
     */
    static final List<SectionReader> EXTRA = List.of(new CostReport(), new RightsizingReport());

    private PlanSections() {}

    static List<PlanSection> builtIn(PlanContext c) {
        List<PlanSection> sections = new ArrayList<>();
        if (!c.analysis().warnings.isEmpty()) {
            sections.add(PlanSection.of("Warnings", List.of(new PlanSection.Block.Items(c.analysis().warnings))));
        }
        sections.add(current(c));
        sections.add(growth(c));
        sections.add(seasonality(c));
        sections.add(forecast(c));
        sections.add(runway(c));
        if (!c.plan().phases().isEmpty()) sections.add(phases(c));
        sections.add(replicas(c));
        return sections;
    }

    private static String u(PlanContext c) {
        return c.plan().spacedUnit();
    }

    static PlanSection current(PlanContext c) {
        PlanAnalysis a = c.analysis();
        PlanConfig p = c.plan();
        List<String> items = new ArrayList<>();
        items.add("History: " + c.history().describe() + ", series " + c.metric() + ", " + PlanText.span(a.lookback()) + " of lookback in steps of "
                + io.capstan.core.model.Durations.format(a.history.step()) + " (" + a.n + " steps), ending " + PlanText.time(a.end(), p.zone())
                + (a.history.filled() > 0 ? "; " + a.history.filled() + " steps without a sample filled across gaps" : ""));
        items.add("Trend level now: " + PlanText.number(a.levelNow()) + u(c) + " (the robust trend at the end of the history, without the daily shape)");
        items.add("Peak of the last day: " + PlanText.number(a.recentPeak.value()) + u(c) + " at " + PlanText.time(a.recentPeak.at(), p.zone()));
        Double capacity = capacityLoad(c);
        if (capacity != null) {
            items.add("Capacity now: " + capacityText(c, capacity) + "; the last day's peak is " + PlanText.percent(a.recentPeak.value() / capacity * 100)
                    + " of it");
        } else if (p.capacity() instanceof CapacityModel.Utilization) {
            items.add("The metric is a utilization: the last day's peak is " + PlanText.percent(a.recentPeak.value()));
        }
        return PlanSection.of("Current state", List.of(new PlanSection.Block.Items(items)));
    }

    static PlanSection growth(PlanContext c) {
        PlanAnalysis a = c.analysis();
        double day = a.growthPerDay();
        List<List<String>> rows = new ArrayList<>();
        for (Object[] period : new Object[][] {{"per day", 1.0}, {"per week", 7.0}, {"per month (30 days)", PlanAnalysis.DAYS_PER_MONTH}}) {
            double v = day * (double) period[1];
            double pct = a.growthPercent(v);
            rows.add(List.of((String) period[0], PlanText.signed(v) + u(c), Double.isNaN(pct) ? "-" : PlanText.signed(pct) + " %"));
        }
        String trend = a.flat() ? "flat" : day > 0 ? "rising" : "falling";
        List<PlanSection.Block> blocks = new ArrayList<>();
        blocks.add(new PlanSection.Block.Text("Trend: " + trend + ". Growth is the slope of a robust trend (Theil-Sen: the median of slopes between "
                + "samples " + (a.daily ? "whole days" : "half the lookback") + " apart, so the daily cycle cancels and a spike or an outage barely "
                + "moves it), linear, in percent of the current level " + PlanText.number(a.levelNow()) + u(c) + "."));
        blocks.add(new PlanSection.Block.Table(List.of("growth", "absolute", "of the level"), rows));
        return PlanSection.of("Growth", blocks);
    }

    static PlanSection seasonality(PlanContext c) {
        PlanAnalysis a = c.analysis();
        List<String> items = new ArrayList<>();
        String zone = c.plan().zone().getId();
        if (a.peakHour != null) items.add(peakText(c, "hour of the day", a.peakHour, " " + zone));
        if (a.peakDay != null) items.add(peakText(c, "day of the week", a.peakDay, ""));
        items.addAll(a.notes);
        List<PlanSection.Block> blocks = new ArrayList<>();
        blocks.add(new PlanSection.Block.Text("Means per hour and per day of the week at the current level (each sample with the trend since it "
                + "added back, so growth does not make the latest days look busiest)."));
        blocks.add(new PlanSection.Block.Items(items));
        return PlanSection.of("Seasonality", blocks);
    }

    /** A peak, or that none stands out when the busiest is within 1 % of the mean (a series without that cycle). */
    private static String peakText(PlanContext c, String what, PlanAnalysis.Peak p, String zone) {
        if (!(p.percentAbove() >= 1)) {
            return "No " + what + " stands out: the busiest, " + p.label() + zone + ", is within 1 % of the mean " + PlanText.number(p.overall()) + u(c);
        }
        return "Peak " + what + ": " + p.label() + zone + ", mean " + PlanText.number(p.level()) + u(c) + ", " + PlanText.signed(p.percentAbove())
                + " % over the mean " + PlanText.number(p.overall()) + u(c);
    }

    static PlanSection forecast(PlanContext c) {
        PlanAnalysis a = c.analysis();
        List<ForecastChart.Line> lines = new ArrayList<>();
        for (Level l : levels(c)) lines.add(new ForecastChart.Line(l.label(), l.value()));
        String svg = ForecastChart.svg(a.history, envelope(a.forecast, CHART_POINTS), lines);
        List<PlanSection.Block> blocks = new ArrayList<>();
        SlopeInterval si = a.slopeInterval;
        double perDay = a.stepsPerDay();
        blocks.add(new PlanSection.Block.Text("Forecast over " + PlanText.span(c.lookahead()) + " (" + a.forecast.model() + "): p50 "
                + "is the trend" + (a.daily ? " and the daily profile" : "") + " plus the median residual. The p10-p90 band widens with the horizon: "
                + "at each step it combines, as independent errors (root of the sum of squares), the spread of the fit's residuals over the lookback "
                + "(p90 " + PlanText.signed(a.q90 - a.q50) + u(c) + ", p10 " + PlanText.signed(a.q10 - a.q50) + u(c) + " around p50) with the trend's own "
                + "uncertainty: its slope is " + PlanText.signed(a.growthPerDay()) + u(c) + " a day, between " + PlanText.signed(si.low() * perDay) + " and "
                + PlanText.signed(si.high() * perDay) + u(c) + " a day at 80 % confidence (" + si.slopes() + " slopes, "
                + PlanText.number(si.effective()) + " independent after their autocorrelation), carried from the middle of the lookback to each step."));
        blocks.add(new PlanSection.Block.Table(List.of("ahead", "p10", "p50", "p90", "p90 − p10"), bandRows(c)));
        blocks.add(new PlanSection.Block.Items(List.of(
                "Forecast peak p50: " + PlanText.number(a.forecastPeak50.value()) + u(c) + " at " + PlanText.time(a.forecastPeak50.at(), c.plan().zone()),
                "Forecast peak p90: " + PlanText.number(a.forecastPeak90.value()) + u(c) + " at " + PlanText.time(a.forecastPeak90.at(), c.plan().zone()))));
        blocks.add(new PlanSection.Block.Chart(svg, "History, forecast p50 and the p10-p90 band" + (lines.isEmpty() ? "" : ", with the thresholds")));
        return PlanSection.of("Forecast", blocks);
    }

    /** The band's width at a few distances (the first step, a day, a week, the end), to show how it widens. */
    static List<List<String>> bandRows(PlanContext c) {
        io.capstan.core.forecast.Forecast f = c.analysis().forecast;
        long step = f.stepMillis();
        java.util.SortedSet<Integer> at = new java.util.TreeSet<>();
        at.add(0);
        for (long d : new long[] {Duration.ofDays(1).toMillis(), Duration.ofDays(7).toMillis()}) {
            if (d / step - 1 < f.horizon() - 1 && d / step >= 1) at.add((int) (d / step - 1));
        }
        at.add(f.horizon() - 1);
        List<List<String>> rows = new ArrayList<>();
        for (int k : at) {
            rows.add(List.of(PlanText.span(Duration.ofMillis((k + 1) * step)), PlanText.number(f.p10()[k]) + u(c), PlanText.number(f.p50()[k]) + u(c),
                    PlanText.number(f.p90()[k]) + u(c), PlanText.number(f.p90()[k] - f.p10()[k]) + u(c)));
        }
        return rows;
    }

    /** Forecast points drawn at most: about two per pixel column of the chart. */
    static final int CHART_POINTS = 2400;

    /**
     * The forecast with at most {@code points} steps for drawing: each run of steps becomes one, holding the
     * highest p50 and p90 and the lowest p10 of the run, so the daily peaks a plan is about stay on the chart
     * (a mean would shave them off) and a year ahead does not write a million points into the page.
     */
    static io.capstan.core.forecast.Forecast envelope(io.capstan.core.forecast.Forecast f, int points) {
        int per = (f.horizon() + points - 1) / points;
        if (per <= 1) return f;
        int n = (f.horizon() + per - 1) / per;
        double[] p10 = new double[n], p50 = new double[n], p90 = new double[n];
        for (int j = 0; j < n; j++) {
            p10[j] = Double.POSITIVE_INFINITY;
            p50[j] = Double.NEGATIVE_INFINITY;
            p90[j] = Double.NEGATIVE_INFINITY;
            for (int k = j * per; k < Math.min(f.horizon(), (j + 1) * per); k++) {
                p10[j] = Math.min(p10[j], f.p10()[k]);
                p50[j] = Math.max(p50[j], f.p50()[k]);
                p90[j] = Math.max(p90[j], f.p90()[k]);
            }
        }
        return new io.capstan.core.forecast.Forecast(f.model(), f.startMillis(), f.stepMillis() * per, p10, p50, p90, f.scores(), f.skipped(), f.notes());
    }

    /** A level drawn on the chart: a threshold or a phase, in the metric's units. */
    record Level(String label, double value) {}

    static List<Level> levels(PlanContext c) {
        List<Level> levels = new ArrayList<>();
        Double capacity = thresholdBase(c);
        if (capacity != null) {
            for (PlanConfig.Level t : c.plan().thresholds()) {
                levels.add(new Level(t.name() + " " + PlanText.percent(t.at()), capacity * t.at() / 100));
            }
        }
        for (PlanConfig.Level ph : c.plan().phases()) levels.add(new Level(ph.name(), ph.at()));
        return levels;
    }

    /** What 100 % is in the metric's units: the capacity of the current replicas, or 100 for a utilization; null when unknown. */
    static Double thresholdBase(PlanContext c) {
        if (c.plan().capacity() instanceof CapacityModel.Utilization) return 100.0;
        return capacityLoad(c);
    }

    /** The load the current replicas carry at 100 %, or null when there is no capacity model, no replicas or the table does not say. */
    static Double capacityLoad(PlanContext c) {
        Integer r = c.plan().replicas();
        if (r == null) return null;
        return switch (c.plan().capacity()) {
            case null -> null;
            case CapacityModel.PerReplica p -> r * p.peak();
            case CapacityModel.Table t -> {
                double cap = t.table().capacity(r);
                yield Double.isNaN(cap) ? null : cap;
            }
            case CapacityModel.Utilization u -> null;
        };
    }

    private static String capacityText(PlanContext c, double capacity) {
        PlanConfig p = c.plan();
        return PlanText.number(capacity) + u(c) + " (" + p.replicas() + " replicas, " + p.capacity().describe(p.replicas(), u(c))
                + (p.capacity() instanceof CapacityModel.Table ? ": the most load the table gives " + p.replicas() + " replicas" : "") + ")";
    }

    /** Why thresholds cannot be placed in the metric's units, or null when they can. */
    private static String noBase(PlanContext c) {
        PlanConfig p = c.plan();
        if (p.capacity() == null) return "no capacity model (plan.capacityPerReplica, plan.capacityTable or plan.utilization: true)";
        if (p.capacity() instanceof CapacityModel.Utilization) return null;
        if (p.replicas() == null) return "plan.replicas (the replicas running now) is not given";
        if (p.capacity() instanceof CapacityModel.Table t) {
            return "the capacity table does not say what " + p.replicas() + " replicas carry (its rows run from " + PlanText.number(t.table().first().replicas())
                    + " to " + PlanText.number(t.table().last().replicas()) + " replicas)";
        }
        return null;
    }

    static PlanSection runway(PlanContext c) {
        Double base = thresholdBase(c);
        List<PlanSection.Block> blocks = new ArrayList<>();
        if (base == null) {
            blocks.add(new PlanSection.Block.Text("Runway not computed: " + noBase(c) + "."));
            return PlanSection.of("Runway", blocks);
        }
        boolean utilization = c.plan().capacity() instanceof CapacityModel.Utilization;
        blocks.add(new PlanSection.Block.Text("When the forecast peak first reaches each threshold, " + (utilization ? "on the metric itself (a utilization)"
                : "in percent of the capacity now, " + capacityText(c, base)) + ". p50 is the median forecast; p90 the level exceeded one time in ten, "
                + "the date to plan by."));
        List<List<String>> rows = new ArrayList<>();
        for (PlanConfig.Level t : c.plan().thresholds()) {
            double level = base * t.at() / 100;
            rows.add(List.of(t.name(), PlanText.percent(t.at()) + (utilization ? "" : " = " + PlanText.number(level) + u(c)),
                    crossingText(c, c.analysis().crossing(level, false)), crossingText(c, c.analysis().crossing(level, true))));
        }
        blocks.add(new PlanSection.Block.Table(List.of("threshold", "level", "p50 reaches it", "p90 reaches it"), rows));
        return PlanSection.of("Runway", blocks);
    }

    static PlanSection phases(PlanContext c) {
        List<List<String>> rows = new ArrayList<>();
        for (PlanConfig.Level ph : c.plan().phases()) {
            PlanAnalysis.Crossing p50 = c.analysis().crossing(ph.at(), false);
            PlanAnalysis.Crossing p90 = c.analysis().crossing(ph.at(), true);
            rows.add(List.of(ph.name(), PlanText.number(ph.at()) + u(c), monthText(c, p50), monthText(c, p90), crossingText(c, p90)));
        }
        List<PlanSection.Block> blocks = new ArrayList<>();
        blocks.add(new PlanSection.Block.Text("The projected month each phase starts: when the forecast peak reaches its level (runbook 000's "
                + "worksheet, \"projected months until\" each step). Past the " + PlanText.span(c.lookahead()) + " lookahead the trend is extrapolated, "
                + "and the month is marked so."));
        blocks.add(new PlanSection.Block.Table(List.of("phase", "starts at", "month (p50)", "month (p90)", "p90 in detail"), rows));
        return PlanSection.of("Phases", blocks);
    }

    static PlanSection replicas(PlanContext c) {
        List<PlanSection.Block> blocks = new ArrayList<>();
        if (c.sizing().isEmpty()) {
            blocks.add(new PlanSection.Block.Text("Replicas not computed: no capacity model (plan.capacityPerReplica, plan.capacityTable or "
                    + "plan.utilization: true)."));
            return PlanSection.of("Replicas needed", blocks);
        }
        PlanConfig p = c.plan();
        blocks.add(new PlanSection.Block.Text("Replicas needed at the forecast peak over the lookahead, keeping " + PlanText.percent(p.spikeReserve())
                + " of capacity free for spikes (the load is divided by " + PlanText.number(1 - p.spikeReserve() / 100) + "); capacity model: "
                + p.capacity().describe(p.replicas(), u(c)) + "."));
        List<List<String>> rows = new ArrayList<>();
        for (PlanContext.PlannedSize s : c.sizing()) {
            String change = s.sizing().replicas() < 0 || p.replicas() == null ? "-"
                    : PlanText.signed(s.sizing().replicas() - p.replicas()) + " on " + p.replicas();
            rows.add(List.of(s.band(), PlanText.number(s.peak().value()) + u(c), PlanText.time(s.peak().at(), p.zone()),
                    s.sizing().replicas() < 0 ? "-" : Integer.toString(s.sizing().replicas()), change, s.sizing().working()));
        }
        blocks.add(new PlanSection.Block.Table(List.of("forecast peak", "load", "at", "replicas", "change", "working"), rows));
        return PlanSection.of("Replicas needed", blocks);
    }

    static String crossingText(PlanContext c, PlanAnalysis.Crossing x) {
        return switch (x) {
            case PlanAnalysis.Crossing.Already a -> "already crossed: the last day's peak was " + PlanText.number(a.peak().value()) + u(c) + " at "
                    + PlanText.time(a.peak().at(), c.plan().zone());
            case PlanAnalysis.Crossing.At at -> PlanText.time(at.first().at(), c.plan().zone()) + ", in " + PlanText.span(between(c.analysis().end(),
                    at.first().at()));
            case PlanAnalysis.Crossing.Beyond b -> "not within the " + PlanText.span(c.lookahead()) + " lookahead" + (b.extrapolated() == null
                    ? " (" + b.why() + ")" : " (the trend reaches it around " + PlanText.month(b.extrapolated(), c.plan().zone()) + ", in "
                    + PlanText.span(between(c.analysis().end(), b.extrapolated())) + ", extrapolated)");
        };
    }

    static String monthText(PlanContext c, PlanAnalysis.Crossing x) {
        return switch (x) {
            case PlanAnalysis.Crossing.Already a -> "already";
            case PlanAnalysis.Crossing.At at -> PlanText.month(at.first().at(), c.plan().zone());
            case PlanAnalysis.Crossing.Beyond b -> b.extrapolated() == null ? "never (" + b.why() + ")"
                    : PlanText.month(b.extrapolated(), c.plan().zone()) + " (extrapolated)";
        };
    }

    private static Duration between(Instant from, Instant to) {
        return Duration.between(from, to).isNegative() ? Duration.ZERO : Duration.between(from, to);
    }
}
