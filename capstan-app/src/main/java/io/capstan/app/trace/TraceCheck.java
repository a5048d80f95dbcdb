package io.capstan.app.trace;

import io.capstan.core.target.TargetSpec;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.SimulationOptions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a trace's columns against the targets they are meant for, so a typo in a column name is
 * an error rather than a metric that silently never arrives. A column {@code <target>.<metric>}
 * (the longest target name that prefixes it wins) must name a metric that target declares or its
 * policies read; a plain {@code <metric>} must be one at least one target declares. The demand
 * metric counts as declared by every target with a service model.
 */
public final class TraceCheck {
    private TraceCheck() {}

    /** @param demandOption the {@code --demand} metric as given, or null for the default {@code demand} */
    public static List<TraceProblem> against(LoadedTrace trace, List<TargetSpec> targets, String demandOption) {
        String demand = demandOption == null ? SimulationOptions.DEFAULT_DEMAND_METRIC : demandOption;
        List<TraceProblem> problems = new ArrayList<>();
        List<TargetSpec> byLongestName = new ArrayList<>(targets);
        byLongestName.sort(Comparator.comparingInt((TargetSpec t) -> t.name().length()).reversed());
        Set<String> allDeclared = new TreeSet<>();
        for (TargetSpec t : targets) allDeclared.addAll(declared(t, demand));
        for (String series : trace.trace().names()) {
            LoadedTrace.Column origin = trace.columns().get(series);
            TargetSpec owner = null;
            for (TargetSpec t : byLongestName) {
                if (series.startsWith(t.name() + ".") && series.length() > t.name().length() + 1) {
                    owner = t;
                    break;
                }
            }
            if (owner != null) {
                String metric = series.substring(owner.name().length() + 1);
                Set<String> own = declared(owner, demand);
                if (!own.contains(metric)) {
                    problems.add(new TraceProblem(origin.file(), origin.line(), "column " + series + " names metric " + metric
                            + ", which target " + owner.name() + " does not declare; it declares " + String.join(", ", new TreeSet<>(own))
                            + hintDemand(metric, owner, demand)));
                }
            } else if (!allDeclared.contains(series)) {
                problems.add(new TraceProblem(origin.file(), origin.line(), "column " + series + " names a metric no target declares; declared metrics: "
                        + String.join(", ", allDeclared) + (series.equals(demand) ? " (demand needs a target with a service model)" : "")));
            }
        }
        if (demandOption != null && targets.stream().noneMatch(t -> trace.trace().seriesFor(t.name(), demandOption) != null)) {
            problems.add(new TraceProblem(trace.sources().get(0).file(), 0, "--demand " + demandOption + ": no trace column " + demandOption
                    + " or <target>." + demandOption + "; columns: " + String.join(", ", trace.trace().names())));
        }
        return problems;
    }

    /** The metrics a target takes from a trace. */
    static Set<String> declared(TargetSpec t, String demand) {
        Set<String> out = new LinkedHashSet<>(Simulator.metricsOf(t));
        if (t.service() != null) out.add(demand);
        return out;
    }

    private static String hintDemand(String metric, TargetSpec owner, String demand) {
        return metric.equals(demand) && owner.service() == null ? " (demand needs a service model on " + owner.name() + ")" : "";
    }
}
