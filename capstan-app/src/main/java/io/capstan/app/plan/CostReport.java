package io.capstan.app.plan;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.cost.CostPlan;
import io.capstan.core.cost.Demand;
import io.capstan.core.cost.InstanceSize;
import io.capstan.core.cost.PurchaseOption;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's cost section, from the plan file's {@code cost:} ({@link CostSection}): what the forecast load costs
 * bought each way on the current size, and on each size (scale up against scale out), with the cost per million
 * units of the load.
 *
 * <p>The load: the p90 forecast peak over the lookahead (a fleet sized for it, all month: what a fixed fleet costs)
 * and the mean of the p50 forecast (a fleet that follows the load: what autoscaling costs at best). Replicas on the
 * current size are the plan's own (the capacity per replica and spike reserve of the Replicas needed section; the
 * size's own {@code capacity} only when the plan has no capacity per replica); other sizes carry their own
 * {@code capacity}, or the current size's scaled by vCPUs.
 */
final class CostReport implements SectionReader {
    static final String KEY = "cost";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String doc() {
        return "a price table {currentSize, sizes, discounts, mix, hoursPerMonth, minReplicas, currency}: cost per option, scale-up against "
                + "scale-out, cost per request";
    }

    @Override
    public PlanSection read(Node node, Problems problems, PlanContext c) {
        CostSection.CostConfig cost = CostSection.read(node, problems);
        if (cost == null) return null;
        PlanConfig plan = c.plan();
        double keep = 1 - plan.spikeReserve() / 100;
        // the load one replica of the current size carries before the reserve, such that load / (capacity x keep) gives
        // the plan's own replicas: with {baseline, peak} the replica is held to the baseline as well
        double capacity = plan.capacity() instanceof CapacityModel.PerReplica p ? Math.min(p.peak(), p.baseline() / keep) : Double.NaN;
        InstanceSize current = cost.table().size(cost.currentSize());
        if (Double.isNaN(capacity) && !current.hasCapacity()) {
            problems.add(node, "cost: the current size " + current.name() + " needs a capacity (the load one replica on it carries): the plan's "
                    + "capacity model " + (plan.capacity() == null ? "is not given" : "is not a capacity per replica") + "; give the size a capacity"
                    + " or the plan a capacityPerReplica");
            return null;
        }
        double peak = c.analysis().forecastPeak90.value();
        double average = mean(c.analysis().forecast.p50());
        CostPlan costs;
        try {
            costs = CostPlan.of(cost.table(), cost.currentSize(), capacity, new Demand(peak, Math.min(average, peak), plan.spikeReserve() / 100,
                    cost.minReplicas()));
        } catch (IllegalArgumentException e) {
            problems.add(node, "cost: " + e.getMessage());
            return null;
        }
        return section(costs, cost, c, peak, average);
    }

    /** The cost section with the costs it shows, so a plan of several targets can sum their months in its summary. */
    record Priced(List<PlanSection.Block> blocks, CostPlan costs, String currency) implements PlanSection {
        Priced {
            blocks = List.copyOf(blocks);
        }

        @Override
        public String title() {
            return "Cost";
        }
    }

    static Priced section(CostPlan costs, CostSection.CostConfig cost, PlanContext c, double peak, double average) {
        PlanConfig plan = c.plan();
        String u = plan.spacedUnit();
        String cur = cost.currency();
        double hours = cost.table().hoursPerMonth();
        CostPlan.SizeCost now = costs.currentSize();
        List<PlanSection.Block> blocks = new ArrayList<>();
        blocks.add(new PlanSection.Block.Text("A month is " + PlanText.number(hours) + " hours. At peak: a fleet sized for the p90 forecast peak, "
                + PlanText.number(peak) + u + ", all month (what a fixed fleet costs). At average: a fleet sized for the mean p50 forecast, "
                + PlanText.number(average) + u + " (what a fleet that follows the load costs, at best). Replicas keep " + PlanText.percent(c.plan().spikeReserve())
                + " of capacity free and never drop below " + cost.minReplicas() + "; on " + now.size().name() + " a replica carries "
                + PlanText.number(now.capacity()) + u + baselineNote(plan, u) + ", so " + now.replicasAtPeak() + " replicas at peak and " + now.replicasAtAverage()
                + " at average. Cost per million is the month at average over a month of the load at its mean rate (per million requests when the "
                + "load is requests per second)."));
        List<List<String>> options = new ArrayList<>();
        for (CostPlan.OptionCost o : costs.options()) {
            options.add(List.of(o.option(), money(cur, o.hourlyPerReplica()), money(cur, o.monthlyAtPeak()), money(cur, o.monthlyAtAverage()),
                    Double.isNaN(o.perMillion()) ? "-" : money(cur, o.perMillion())));
        }
        blocks.add(new PlanSection.Block.Text("Cost per purchase option on the current size, " + now.size().name() + " (" + discounts(cost) + "):"));
        blocks.add(new PlanSection.Block.Table(List.of("bought", "per replica-hour", "month at peak", "month at average", "per million"), options));

        List<List<String>> sizes = new ArrayList<>();
        for (CostPlan.SizeCost s : costs.sizes()) {
            sizes.add(List.of(s.size().name(), s.shape().text(), PlanText.number(s.size().vcpu()), PlanText.number(s.size().memoryGiB()) + " GiB",
                    PlanText.number(s.capacity()) + u + capacitySource(s, plan), Integer.toString(s.replicasAtPeak()),
                    Integer.toString(s.replicasAtAverage()), money(cur, s.hourlyPerReplica()), money(cur, s.monthlyAtPeak()),
                    money(cur, s.monthlyAtAverage()), Double.isNaN(s.perMillion()) ? "-" : money(cur, s.perMillion())));
        }
        blocks.add(new PlanSection.Block.Text("Scale up (fewer, bigger replicas) against scale out (more, smaller ones), every size bought as the "
                + costs.options().get(costs.options().size() - 1).option() + ":"));
        blocks.add(new PlanSection.Block.Table(List.of("size", "against now", "vCPU", "memory", "per replica", "replicas at peak", "at average",
                "per replica-hour", "month at peak", "month at average", "per million"), sizes));
        CostPlan.SizeCost best = costs.cheapestAtPeak();
        if (best == now) {
            blocks.add(new PlanSection.Block.Text("The current size, " + now.size().name() + ", is the cheapest at peak: " + money(cur, now.monthlyAtPeak())
                    + " a month."));
        } else {
            double saved = now.monthlyAtPeak() - best.monthlyAtPeak();
            blocks.add(new PlanSection.Block.Text("Cheapest at peak: " + best.size().name() + " (" + best.shape().text() + "), " + best.replicasAtPeak()
                    + " replicas for " + money(cur, best.monthlyAtPeak()) + " a month against " + money(cur, now.monthlyAtPeak()) + " on " + now.size().name()
                    + ": " + money(cur, saved) + " (" + PlanText.percent(saved / now.monthlyAtPeak() * 100) + ") less."));
        }
        List<String> names = new ArrayList<>();
        double[] atPeak = new double[costs.sizes().size()];
        double[] atAverage = new double[atPeak.length];
        for (int i = 0; i < atPeak.length; i++) {
            CostPlan.SizeCost s = costs.sizes().get(i);
            names.add(s.size().name() + " × " + s.replicasAtPeak());
            atPeak[i] = s.monthlyAtPeak();
            atAverage[i] = s.monthlyAtAverage();
        }
        blocks.add(new PlanSection.Block.Chart(BarChart.svg(names, List.of(new BarChart.Series("month at peak", "#d9822b", atPeak),
                new BarChart.Series("month at average", "#2b6cb0", atAverage)), v -> money(cur, v)), "Monthly cost per size on the mix"));
        return new Priced(blocks, costs, cur);
    }

    /** Why a replica with {baseline, peak} counts for less than its peak: it is held to its baseline too. */
    private static String baselineNote(PlanConfig plan, String u) {
        if (!(plan.capacity() instanceof CapacityModel.PerReplica p) || p.baseline() / (1 - plan.spikeReserve() / 100) >= p.peak()) return "";
        return " before the reserve (its baseline " + PlanText.number(p.baseline()) + u + " over 1 − " + PlanText.percent(plan.spikeReserve())
                + ", as the replicas needed are counted)";
    }

    /** Where a size's capacity came from, when not from its own {@code capacity}. */
    private static String capacitySource(CostPlan.SizeCost s, PlanConfig plan) {
        boolean planHasIt = plan.capacity() instanceof CapacityModel.PerReplica;
        if (s.shape() == CostPlan.Shape.CURRENT) return planHasIt || !s.size().hasCapacity() ? " (the plan's)" : "";
        return s.size().hasCapacity() ? "" : " (by vCPUs)";
    }

    private static String discounts(CostSection.CostConfig cost) {
        List<String> parts = new ArrayList<>();
        for (PurchaseOption o : List.of(PurchaseOption.RESERVED, PurchaseOption.SPOT)) {
            Double d = cost.table().discounts().get(o);
            parts.add(o.text() + " " + (d == null ? "at on-demand price" : PlanText.percent(d * 100) + " off on-demand"));
        }
        return String.join(", ", parts) + ", unless a size gives its own price";
    }

    /** Whole cents from 1 up, four significant digits below (0.0275 per hour). */
    static String money(String currency, double v) {
        if (!Double.isFinite(v)) return "-";
        String amount = Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%,.2f", v) : PlanText.number(v);
        return currency.length() == 1 ? currency + amount : amount + " " + currency;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return values.length == 0 ? 0 : sum / values.length;
    }
}
