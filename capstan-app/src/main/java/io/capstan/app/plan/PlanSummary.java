package io.capstan.app.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The opening section of a plan of several targets ({@code targets:}): one row per target with the numbers a reader
 * compares across them (the p90 runway to each threshold, the replicas at the p90 peak, the month at that peak), each
 * target's own part following with the single-target report's sections.
 */
final class PlanSummary {
    private PlanSummary() {}

    /** One target planned: its name, what its sections were built on, and the sections. */
    record Part(String name, PlanContext context, List<PlanSection> sections) {
        Part {
            sections = List.copyOf(sections);
        }
    }

    static List<PlanReport.Part> reportParts(List<Part> parts) {
        Set<String> used = new java.util.HashSet<>();
        List<PlanReport.Part> out = new ArrayList<>();
        for (Part p : parts) {
            String id = anchor(p.name());
            for (int i = 2; !used.add(id); i++) id = anchor(p.name()) + "-" + i; // api.x and api-x would share one
            out.add(new PlanReport.Part("Target " + p.name(), id, p.sections()));
        }
        return out;
    }

    /** The HTML id of a target's part: its name with anything but letters, digits, '-' and '_' as '-'. */
    static String anchor(String name) {
        return "target-" + name.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    static PlanSection section(List<Part> parts) {
        Set<PlanConfig.Level> thresholds = new LinkedHashSet<>();
        for (Part p : parts) thresholds.addAll(p.context().plan().thresholds());
        List<String> header = new ArrayList<>(List.of("target", "series", "trend level now", "growth per month"));
        for (PlanConfig.Level t : thresholds) header.add(t.name() + " " + PlanText.percent(t.at()) + " (p90 reaches it)");
        header.add("replicas at the p90 peak");
        header.add("month at the p90 peak");
        List<List<String>> rows = new ArrayList<>();
        double total = 0;
        String currency = null;
        boolean summable = true;
        List<String> priced = new ArrayList<>();
        for (Part p : parts) {
            PlanContext c = p.context();
            PlanAnalysis a = c.analysis();
            String u = c.plan().spacedUnit();
            List<String> row = new ArrayList<>(List.of(p.name(), c.metric(), PlanText.number(a.levelNow()) + u,
                    PlanText.signed(a.growthPerDay() * PlanAnalysis.DAYS_PER_MONTH) + u));
            Double base = PlanSections.thresholdBase(c);
            for (PlanConfig.Level t : thresholds) {
                if (!c.plan().thresholds().contains(t)) row.add("-");
                else if (base == null) row.add("not computed");
                else row.add(PlanSections.crossingText(c, a.crossing(base * t.at() / 100, true)));
            }
            row.add(c.sizing().isEmpty() ? "- (no capacity model)" : replicas(c.sizing().get(c.sizing().size() - 1), c.plan()));
            CostReport.Priced cost = priced(p.sections());
            if (cost == null) {
                row.add("- (no cost section)");
            } else {
                CostPlanView now = new CostPlanView(cost);
                row.add(CostReport.money(cost.currency(), now.month()) + " (" + now.replicas() + " × " + now.size() + ")");
                total += now.month();
                priced.add(p.name());
                if (currency == null) currency = cost.currency();
                else if (!currency.equals(cost.currency())) summable = false;
            }
            rows.add(row);
        }
        List<PlanSection.Block> blocks = new ArrayList<>();
        blocks.add(new PlanSection.Block.Text(parts.size() + " targets, each planned on its own series with its own plan keys (a part per target "
                + "follows). Runway: when the p90 forecast peak first reaches each threshold, in percent of that target's capacity now. Replicas: at "
                + "the p90 forecast peak with that target's spike reserve and capacity model. Month: a fleet sized for the p90 peak on the current "
                + "size, bought on the cost section's mix, all month (its \"month at peak\")."));
        blocks.add(new PlanSection.Block.Table(header, rows));
        if (summable && currency != null) {
            blocks.add(new PlanSection.Block.Text((priced.size() == parts.size() ? "All targets" : "The targets with a cost section ("
                    + String.join(", ", priced) + ")") + " at their p90 peak: " + CostReport.money(currency, total) + " a month."));
        }
        return PlanSection.of("Summary", blocks);
    }

    private static String replicas(PlanContext.PlannedSize p90, PlanConfig plan) {
        int r = p90.sizing().replicas();
        if (r < 0) return "not computed";
        return r + (plan.replicas() == null ? "" : " (" + PlanText.signed(r - plan.replicas()) + " on " + plan.replicas() + ")");
    }

    /** The current size's numbers of a cost section: what its fleet for the p90 peak costs a month on the mix. */
    private record CostPlanView(double month, int replicas, String size) {
        CostPlanView(CostReport.Priced p) {
            this(p.costs().currentSize().monthlyAtPeak(), p.costs().currentSize().replicasAtPeak(), p.costs().currentSize().size().name());
        }
    }

    private static CostReport.Priced priced(List<PlanSection> sections) {
        for (PlanSection s : sections) if (s instanceof CostReport.Priced p) return p;
        return null;
    }
}
