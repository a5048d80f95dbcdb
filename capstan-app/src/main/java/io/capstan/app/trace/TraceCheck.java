package io.capstan.app.trace;

import io.capstan.app.input.NearMiss;
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
 * metric counts as declared by every target with a service model. A plain column that every target
 * reading it overrides with its own {@code <target>.<metric>} column would be read by no one: that
 * is an error too ({@link #notes} names the partial overrides, which are legitimate).
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
                            + hintDemand(metric, owner, demand) + NearMiss.suggestion(metric, own)));
                }
            } else if (!allDeclared.contains(series)) {
                // the demand column is not a declared metric: named apart, so that --demand's name is not listed as one
                Set<String> metrics = new TreeSet<>();
                for (TargetSpec t : targets) metrics.addAll(Simulator.metricsOf(t));
                boolean demandRead = allDeclared.contains(demand) && !metrics.contains(demand);
                String demandHint = series.equals(demand) ? " (demand needs a target with a service model)"
                        : demandRead && series.equals(SimulationOptions.DEFAULT_DEMAND_METRIC)
                        ? " (--demand " + demand + " names the demand column; leave it out to read this column as demand)" : "";
                problems.add(new TraceProblem(origin.file(), origin.line(), "column " + series + " names a metric no target declares; declared metrics: "
                        + String.join(", ", metrics) + (demandRead ? "; the demand column is " + demand + (demandOption != null && demandHint.isEmpty() ? " (--demand)" : "") : "")
                        + demandHint + NearMiss.suggestion(series, allDeclared)));
            }
        }
        for (String series : trace.trace().names()) {
            List<String> overriding = overriding(trace, targets, demand, series);
            List<String> readers = readers(targets, demand, series);
            if (!readers.isEmpty() && overriding.size() == readers.size()) {
                LoadedTrace.Column origin = trace.columns().get(series);
                problems.add(new TraceProblem(origin.file(), origin.line(), "column " + series + " feeds no target: "
                        + (readers.size() == 1 ? "target " + readers.get(0) + " reads its own column " + overriding.get(0) + "." + series
                        : "targets " + String.join(", ", readers) + " read their own columns " + String.join(", ", overriding.stream()
                        .map(t -> t + "." + series).toList()))
                        + " instead (a <target>.<metric> column wins); give one of the two"));
            }
        }
        if (demandOption != null && targets.stream().noneMatch(t -> trace.trace().seriesFor(t.name(), demandOption) != null)) {
            problems.add(new TraceProblem(trace.sources().get(0).file(), 0, "--demand " + demandOption + ": no trace column " + demandOption
                    + " or <target>." + demandOption + "; columns: " + String.join(", ", trace.trace().names())));
        }
        return problems;
    }

    /**
     * Plain columns some targets read while others read their own {@code <target>.<metric>} column
     * instead, one line each, so that neither reading is silent.
     */
    public static List<String> notes(LoadedTrace trace, List<TargetSpec> targets, String demandOption) {
        String demand = demandOption == null ? SimulationOptions.DEFAULT_DEMAND_METRIC : demandOption;
        List<String> notes = new ArrayList<>();
        for (String series : trace.trace().names()) {
            List<String> overriding = overriding(trace, targets, demand, series);
            if (!overriding.isEmpty() && overriding.size() < readers(targets, demand, series).size()) {
                for (String t : overriding) notes.add("target " + t + " reads column " + t + "." + series + ", not " + series);
            }
        }
        return notes;
    }

    private static List<String> readers(List<TargetSpec> targets, String demand, String metric) {
        return targets.stream().filter(t -> declared(t, demand).contains(metric)).map(TargetSpec::name).toList();
    }

    /** Targets reading {@code metric} that have their own column for it. */
    private static List<String> overriding(LoadedTrace trace, List<TargetSpec> targets, String demand, String metric) {
        if (metric.contains(".") && trace.trace().series(metric) != null && targets.stream().anyMatch(t -> metric.startsWith(t.name() + "."))) {
            return List.of();
        }
        return targets.stream().filter(t -> declared(t, demand).contains(metric) && trace.trace().series(t.name() + "." + metric) != null)
                .map(TargetSpec::name).toList();
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
