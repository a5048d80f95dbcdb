package io.capstan.app.tune;

import io.capstan.app.report.ParetoChart;
import io.capstan.core.model.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What a tune run found, as the summary printed, candidates.csv and tune.html. */
record TuneReport(Path policy, List<String> traces, Objective goal, List<Knob> knobs, List<Candidate> tried, Candidate best,
                  Candidate bestHoldout, Score baseFit, Score baseHoldout, Instant start, Instant split, Instant end, Duration step,
                  Duration warmUp, double held, boolean grid, long seed, double seconds) {

    /** Lines for the terminal: the chosen values, both scores, and what the holdout says about them. */
    List<String> summary() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "Tried %d candidates (%s) in %.2fs: %.1f candidates/s", tried.size(),
                grid ? "the whole grid" : "Latin hypercube, seed " + seed + ", then local refinement", seconds, tried.size() / Math.max(seconds, 1e-9)));
        out.add("Fit " + start + " to " + split + ", holdout " + split + " to " + end + " (" + percent() + " held back)");
        if (warmUp.isPositive()) {
            out.add("Warm-up " + Durations.format(warmUp) + ": fit scored from " + start.plus(warmUp) + "; holdout replayed from " + split.minus(warmUp)
                    + ", scored from " + split);
        }
        out.add("Objective: " + goal);
        out.add("Best on fit: candidate " + best.id() + ": " + settings(best));
        out.add("  fit:     " + scores(best.fit()) + (goal.feasible(best.fit()) ? "" : " (no candidate meets the bound on fit; this one comes closest)"));
        out.add("  holdout: " + scores(best.holdout()));
        out.add("  as written: fit " + scores(baseFit) + "; holdout " + scores(baseHoldout));
        out.addAll(warnings());
        return out;
    }

    /** What the holdout says that the fit does not: the chosen setting breaks the bound, or another setting does better. */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (!goal.feasible(best.holdout())) {
            out.add(String.format(Locale.ROOT, "warning: the best fit candidate is infeasible on the holdout: %s %s > %s",
                    goal.bounded().word, TuneCommand.f(goal.bounded().of(best.holdout())), io.capstan.core.model.Numbers.format(goal.bound())));
        }
        if (bestHoldout.id() != best.id() && !bestHoldout.values().equals(best.values())) {
            out.add("note: on the holdout candidate " + bestHoldout.id() + " (" + settings(bestHoldout) + ") does better: " + scores(bestHoldout.holdout())
                    + "; the chosen values are fitted on the first part only");
        }
        return out;
    }

    private String percent() {
        return io.capstan.core.model.Numbers.format(Math.round(held * 1000) / 10.0) + " %";
    }

    String settings(Candidate c) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < knobs.size(); k++) parts.add(knobs.get(k).path() + " = " + c.values().get(k));
        return String.join(", ", parts);
    }

    private static String scores(Score s) {
        return TuneCommand.f(s.replicaHours()) + " replica-hours, " + TuneCommand.f(s.underProvisionedMinutes()) + " under-provisioned minutes";
    }

    /** One row a candidate: its values, fit and holdout scores, feasibility, whether on the fit Pareto front, whether chosen. */
    String csv() {
        StringBuilder sb = new StringBuilder("candidate");
        for (Knob k : knobs) sb.append(',').append(csvCell(k.path()));
        sb.append(",fit_replica_hours,fit_under_provisioned_minutes,fit_feasible,holdout_replica_hours,holdout_under_provisioned_minutes,")
                .append("holdout_feasible,pareto,chosen,invalid\n");
        List<Candidate> front = front();
        for (Candidate c : tried) {
            sb.append(c.id());
            for (String v : c.values()) sb.append(',').append(csvCell(v));
            if (c.invalid() == null) {
                sb.append(',').append(n(c.fit().replicaHours())).append(',').append(n(c.fit().underProvisionedMinutes())).append(',').append(goal.feasible(c.fit()))
                        .append(',').append(n(c.holdout().replicaHours())).append(',').append(n(c.holdout().underProvisionedMinutes())).append(',')
                        .append(goal.feasible(c.holdout())).append(',').append(front.contains(c)).append(',').append(c == best).append(",\n");
            } else {
                sb.append(",,,,,,,false,false,").append(csvCell(c.invalid())).append('\n');
            }
        }
        return sb.toString();
    }

    /** The fit scores no other candidate beats on both measures, by replica-hours. */
    List<Candidate> front() {
        List<Candidate> valid = tried.stream().filter(c -> c.invalid() == null)
                .sorted(Comparator.comparingDouble((Candidate c) -> c.fit().replicaHours()).thenComparingDouble(c -> c.fit().underProvisionedMinutes())
                        .thenComparingInt(Candidate::id)).toList();
        List<Candidate> out = new ArrayList<>();
        double lowest = Double.POSITIVE_INFINITY;
        for (Candidate c : valid) {
            if (c.fit().underProvisionedMinutes() < lowest) {
                out.add(c);
                lowest = c.fit().underProvisionedMinutes();
            }
        }
        return out;
    }

    String html() {
        List<ParetoChart.Point> points = new ArrayList<>();
        for (Candidate c : tried) {
            if (c.invalid() != null) continue;
            points.add(point(c, c.fit(), "fit", goal.feasible(c.fit()) ? "#9ca3af" : "#fca5a5"));
            points.add(point(c, c.holdout(), "holdout", "#f59e0b"));
        }
        List<ParetoChart.Point> front = front().stream().map(c -> point(c, c.fit(), "fit", "#2563eb")).toList();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tune: ").append(e(policy.toString()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:24px}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;"
                        + "text-align:right}tr.chosen{background:#fee2e2}</style></head><body>\n");
        sb.append("<h1>Tune: ").append(e(policy.toString())).append("</h1>\n<ul>\n");
        for (String line : summary()) sb.append("<li>").append(e(line)).append("</li>\n");
        sb.append("<li>Traces: ").append(e(String.join(", ", traces))).append("; step ").append(e(Durations.format(step))).append("</li>\n</ul>\n");
        sb.append("<h2>Replica-hours against under-provisioned minutes</h2>\n<p>Grey: candidates on the fit part (red: over the bound); blue line:"
                + " the Pareto front on fit; orange: the same candidates on the holdout; ringed: the chosen candidate on fit.</p>\n");
        sb.append(ParetoChart.svg("replica-hours", "under-provisioned minutes", points, front, point(best, best.fit(), "chosen, fit", "#dc2626")));
        sb.append("<h2>Candidates</h2>\n<table><tr><th>#</th>");
        for (Knob k : knobs) sb.append("<th>").append(e(k.path())).append("</th>");
        sb.append("<th>fit replica-hours</th><th>fit under-provisioned min</th><th>holdout replica-hours</th><th>holdout under-provisioned min</th></tr>\n");
        for (Candidate c : tried) {
            sb.append(c == best ? "<tr class=\"chosen\">" : "<tr>").append("<td>").append(c.id()).append("</td>");
            for (String v : c.values()) sb.append("<td>").append(e(v)).append("</td>");
            if (c.invalid() != null) {
                sb.append("<td colspan=\"4\">does not load: ").append(e(c.invalid())).append("</td></tr>\n");
                continue;
            }
            sb.append("<td>").append(TuneCommand.f(c.fit().replicaHours())).append("</td><td>").append(TuneCommand.f(c.fit().underProvisionedMinutes()))
                    .append("</td><td>").append(TuneCommand.f(c.holdout().replicaHours())).append("</td><td>")
                    .append(TuneCommand.f(c.holdout().underProvisionedMinutes())).append("</td></tr>\n");
        }
        return sb.append("</table>\n</body></html>\n").toString();
    }

    private ParetoChart.Point point(Candidate c, Score s, String part, String css) {
        return new ParetoChart.Point(s.replicaHours(), s.underProvisionedMinutes(),
                "candidate " + c.id() + " (" + part + "): " + settings(c) + ": " + scores(s), css);
    }

    private static String e(String text) {
        return ParetoChart.escape(text);
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
