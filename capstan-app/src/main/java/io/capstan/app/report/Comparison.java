package io.capstan.app.report;

import io.capstan.core.simulate.Scorecard;
import io.capstan.core.simulate.TargetResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Two policy files side by side on the same trace, per target present in both: replica-hours,
 * under-provisioned minutes (demand replay), scale events (out + in) and cost (when both give a
 * price). Lower is better on every line. Values are compared as they are displayed
 * ({@link SummaryJson#round}: replica-hours and minutes to 0.1, cost to cents), so two values a
 * reader sees as equal are a tie, never a win.
 */
public record Comparison(String policyLabel, String compareLabel, List<TargetLines> targets, List<String> unmatched) {
    public static final String POLICY = "policy";
    public static final String COMPARE = "compare";
    public static final String TIE = "tie";

    public Comparison {
        targets = List.copyOf(targets);
        unmatched = List.copyOf(unmatched);
    }

    public record TargetLines(String target, List<Line> lines) {
        public TargetLines {
            lines = List.copyOf(lines);
        }
    }

    /**
     * @param better {@link #POLICY}, {@link #COMPARE}, {@link #TIE}, or null when a side has no value
     */
    public record Line(String metric, Double policy, Double compare, String better) {}

    public static Comparison of(SimulationRun policy, SimulationRun compare) {
        List<TargetLines> out = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (TargetResult a : policy.result().targets()) {
            TargetResult b = compare.result().targets().stream().filter(t -> t.target().equals(a.target())).findFirst().orElse(null);
            if (b == null) {
                unmatched.add(a.target() + " (only in " + policy.label() + ")");
                continue;
            }
            out.add(new TargetLines(a.target(), lines(a.scorecard(), b.scorecard())));
        }
        for (TargetResult b : compare.result().targets()) {
            if (policy.result().targets().stream().noneMatch(t -> t.target().equals(b.target()))) {
                unmatched.add(b.target() + " (only in " + compare.label() + ")");
            }
        }
        return new Comparison(policy.label(), compare.label(), out, unmatched);
    }

    /** The compared lines of two scorecards of one target. */
    static List<Line> lines(Scorecard x, Scorecard y) {
        List<Line> lines = new ArrayList<>();
        lines.add(line("replicaHours", x.replicaHours(), y.replicaHours()));
        lines.add(line("underProvisionedMinutes", x.underProvisionedMinutes(), y.underProvisionedMinutes()));
        lines.add(line("scaleEvents", (double) (x.scaleOutEvents() + x.scaleInEvents()), (double) (y.scaleOutEvents() + y.scaleInEvents())));
        lines.add(line("cost", x.cost(), y.cost()));
        return lines;
    }

    private static Line line(String metric, Double a, Double b) {
        Double x = SummaryJson.round(metric, a);
        Double y = SummaryJson.round(metric, b);
        String better = x == null || y == null ? null : x.equals(y) ? TIE : x < y ? POLICY : COMPARE;
        return new Line(metric, a, b, better);
    }
}
