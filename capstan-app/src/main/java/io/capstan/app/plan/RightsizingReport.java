package io.capstan.app.plan;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.model.Durations;
import io.capstan.core.rightsize.ContainerUsage;
import io.capstan.core.rightsize.Recommendation;
import io.capstan.core.rightsize.Recommender;
import io.capstan.core.rightsize.RightsizingSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's right-sizing section, from the plan file's {@code rightsizing:} ({@link RightsizingSection}): each
 * container's CPU and memory requests as the VPA recommender would set them from its usage over the lookback, beside
 * the requests now, with what moving to them frees.
 */
final class RightsizingReport implements SectionReader {
    static final String KEY = "rightsizing";
    static final double GIB = 1024 * RightsizingSettings.MIB;

    @Override
    public String key() {
        return KEY;
    }

    /** Containers belong to one target: under {@code targets:} each target lists its own. */
    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public String doc() {
        return "per-container request recommendations {containers, targetPercentile, safetyMargin, halfLife, minAllowed, maxAllowed, ...} "
                + "in the manner of the Kubernetes VPA recommender";
    }

    @Override
    public PlanSection read(Node node, Problems problems, PlanContext c) {
        RightsizingSection.RightsizingConfig config = RightsizingSection.read(node, problems);
        if (config == null) return null;
        List<ContainerUsage> usage = UsageHistory.of(config, new UsageHistory.Source(c.history().names(), c.history()::series), c.lookback(), problems);
        if (usage == null) return null;
        return section(config, Recommender.recommend(usage, config.settings()), c);
    }

    static PlanSection section(RightsizingSection.RightsizingConfig config, List<Recommendation> recs, PlanContext c) {
        RightsizingSettings s = config.settings();
        List<PlanSection.Block> blocks = new ArrayList<>();
        blocks.add(new PlanSection.Block.Text("Requests from usage over the last " + PlanText.span(c.lookback()) + ", as the Kubernetes VPA recommender "
                + "sets them: usage in histograms where a sample " + Durations.format(s.halfLife()) + " older counts half, memory as one peak per "
                + Durations.format(s.memoryPeakInterval()) + "; the target is the p" + pct(s.targetPercentile()) + ", the bounds the p"
                + pct(s.lowerBoundPercentile()) + " and the p" + pct(s.upperBoundPercentile()) + ", each plus " + PlanText.percent(s.safetyMargin() * 100)
                + "; a short history widens the bounds (the upper by 1 + 1/days); an OOM kill raises memory to at least " + PlanText.number(s.oomBumpRatio())
                + "× what was in use, and by " + mib(s.oomMinBumpBytes()) + "."));
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double cpuFreed = 0;
        double memoryFreed = 0;
        for (Recommendation r : recs) {
            rows.add(row(r.container(), "cpu", r.cpu(), RightsizingReport::cpu, config.replicas()));
            rows.add(row(r.container(), "memory", r.memory(), RightsizingReport::mib, config.replicas()));
            cpuFreed += r.cpu().savings() * config.replicas();
            memoryFreed += r.memory().savings() * config.replicas();
            notes.add(r.container() + ": " + (r.noData() ? "no usage in the history: only the minimums" : String.format(Locale.ROOT,
                    "%.1f days of confidence (%d CPU samples, %d memory samples, %d OOM kill%s)", r.confidenceDays(), r.cpuSamples(), r.memorySamples(),
                    r.oomKills(), r.oomKills() == 1 ? "" : "s")));
        }
        blocks.add(new PlanSection.Block.Table(List.of("container", "resource", "request now", "target", "lower bound", "upper bound", "now is",
                "freed per pod", "freed × " + config.replicas() + " pods"), rows));
        blocks.add(new PlanSection.Block.Items(notes));
        String total = "Moving every request to its target frees " + cpu(cpuFreed) + " of CPU and " + mib(memoryFreed) + " of memory over "
                + config.replicas() + " pod" + (config.replicas() == 1 ? "" : "s") + " (negative: more is needed)";
        if (config.prices() != null) {
            double month = (cpuFreed * config.prices().cpuCoreHour() + memoryFreed / GIB * config.prices().memoryGiBHour()) * 730;
            String cur = config.prices().currency();
            total += ": " + CostReport.money(cur, month) + " a month at " + CostReport.money(cur, config.prices().cpuCoreHour())
                    + " per core-hour and " + CostReport.money(cur, config.prices().memoryGiBHour()) + " per GiB-hour (730 hours)";
        }
        blocks.add(new PlanSection.Block.Text(total + "."));
        List<String> names = recs.stream().map(Recommendation::container).toList();
        blocks.add(new PlanSection.Block.Chart(BarChart.svg(names, List.of(
                new BarChart.Series("CPU now", "#a0aec0", recs.stream().mapToDouble(r -> r.cpu().current()).toArray()),
                new BarChart.Series("CPU target", "#2b6cb0", recs.stream().mapToDouble(r -> r.cpu().target()).toArray()),
                new BarChart.Series("CPU upper bound", "#90cdf4", recs.stream().mapToDouble(r -> r.cpu().upperBound()).toArray())), RightsizingReport::cpu),
                "CPU requests: now, recommended, and the upper bound"));
        blocks.add(new PlanSection.Block.Chart(BarChart.svg(names, List.of(
                new BarChart.Series("memory now", "#a0aec0", recs.stream().mapToDouble(r -> r.memory().current()).toArray()),
                new BarChart.Series("memory target", "#2f855a", recs.stream().mapToDouble(r -> r.memory().target()).toArray()),
                new BarChart.Series("memory upper bound", "#9ae6b4", recs.stream().mapToDouble(r -> r.memory().upperBound()).toArray())),
                RightsizingReport::mib), "Memory requests: now, recommended, and the upper bound"));
        return PlanSection.of("Right-sizing", blocks);
    }

    private static List<String> row(String container, String resource, Recommendation.Resource r, java.util.function.DoubleFunction<String> format,
                                    int replicas) {
        return List.of(container, resource, format.apply(r.current()), format.apply(r.target()), format.apply(r.lowerBound()),
                Double.isInfinite(r.upperBound()) ? "unbounded (no history)" : format.apply(r.upperBound()), r.verdict().text(),
                format.apply(r.savings()), format.apply(r.savings() * replicas));
    }

    /** Millicores: 241m. */
    static String cpu(double cores) {
        if (!Double.isFinite(cores)) return "-";
        return Math.round(cores * 1000) + "m";
    }

    /** MiB: 488.1 MiB. */
    static String mib(double bytes) {
        if (!Double.isFinite(bytes)) return "-";
        return PlanText.number(bytes / RightsizingSettings.MIB) + " MiB";
    }

    private static String pct(double fraction) {
        return PlanText.number(fraction * 100);
    }
}
