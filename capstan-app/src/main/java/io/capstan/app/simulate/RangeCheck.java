package io.capstan.app.simulate;

import io.capstan.core.model.Durations;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.model.MetricScope;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.simulate.Trace;
import io.capstan.core.target.Signals;
import io.capstan.core.target.TargetSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;

/**
 * What keeps a replay honest about the time it scores: steps without data are not scored as if
 * they were real. Refused (each a usage error that says how to proceed):
 * <ul>
 *   <li>a {@code --from} before the trace's first sample or a {@code --to} after its last (the
 *       range is not clipped silently, and not clipped at all: the user chose it, so the message
 *       gives the trace's range to choose again);</li>
 *   <li>a {@code --step} coarser than the trace's resolution (the finest median spacing of its
 *       series) or the shortest window a policy reads, unless {@code --allow-coarse-step}: each
 *       step stands for time the trace or the policy does not resolve;</li>
 *   <li>a policy window shorter than the spacing of the series it reads, at a step finer than that
 *       spacing ({@link #windowsShorterThanSpacing});</li>
 *   <li>a {@code --step} more than {@value #FINEST_RATIO} times finer than the trace's resolution,
 *       unless {@code --allow-fine-step} (the same samples decided on again and again, for a long time);</li>
 *   <li>more steps than {@code --max-steps}.</li>
 * </ul>
 */
public final class RangeCheck {
    private RangeCheck() {}

    static List<String> of(Trace trace, List<TargetSpec> targets, Instant start, Instant end, Duration step, boolean fromGiven, boolean toGiven,
                           boolean allowCoarse, long maxSteps) {
        return of(trace, targets, start, end, step, fromGiven, toGiven, allowCoarse, maxSteps, SimulationOptions.DEFAULT_DEMAND_METRIC);
    }

    static List<String> of(Trace trace, List<TargetSpec> targets, Instant start, Instant end, Duration step, boolean fromGiven, boolean toGiven,
                           boolean allowCoarse, long maxSteps, String demandMetric) {
        return of(trace, targets, start, end, step, fromGiven, toGiven, allowCoarse, false, maxSteps, demandMetric);
    }

    /** How much finer than the trace's resolution a step may be without {@code --allow-fine-step}. */
    static final long FINEST_RATIO = 1000;

    /** The steps simulate refuses, for another command that replays a whole trace (tune): no --from, --to or allow options. */
    public static List<String> ofWholeTrace(Trace trace, List<TargetSpec> targets, Duration step, String demandMetric) {
        return of(trace, targets, trace.start(), trace.end(), step, false, false, false, false, Long.parseLong(SimulateCommand.DEFAULT_MAX_STEPS),
                demandMetric);
    }

    static List<String> of(Trace trace, List<TargetSpec> targets, Instant start, Instant end, Duration step, boolean fromGiven, boolean toGiven,
                           boolean allowCoarse, boolean allowFine, long maxSteps, String demandMetric) {
        List<String> out = new ArrayList<>();
        Trace.Series finestSeries = trace.finest();
        long span = end.toEpochMilli() - start.toEpochMilli();
        long steps = span / step.toMillis() + 1;
        // (a trace sparser than the longest step has no valid step to suggest: the window check says it is too sparse)
        if (!allowFine && finestSeries != null && finestSeries.medianSpacing() / step.toMillis() > FINEST_RATIO
                && finestSeries.medianSpacing() <= Durations.MAX.toMillis()) {
            // a step this fine decides again and again on the same samples: millions of steps that show nothing the
            // trace's own resolution (or a controller's sync period) would not, and minutes of run time with no output
            Duration resolution = Duration.ofMillis(finestSeries.medianSpacing());
            out.add(String.format(Locale.ROOT, "--step %s is %,d times finer than the trace's resolution (%s every %s): %,d steps that "
                            + "decide again and again on the same samples; use --step %s (or a controller's sync period, e.g. 15s), "
                            + "or --allow-fine-step to replay anyway", Durations.format(step), finestSeries.medianSpacing() / step.toMillis(),
                    finestSeries.name(), Durations.format(resolution), steps, Durations.format(resolution)));
        }
        String range = "the trace runs from " + trace.start() + " to " + trace.end();
        if (fromGiven && start.isBefore(trace.start())) {
            out.add("--from " + start + " is before the trace's first sample: " + range + "; steps without data would be scored as if they were real");
        }
        if (toGiven && end.isAfter(trace.end())) {
            out.add("--to " + end + " is after the trace's last sample: " + range + "; steps without data would be scored as if they were real");
        }
        if (!allowCoarse) {
            String finest = finestSeries == null ? null : finestSeries.name();
            long resolution = finestSeries == null ? Long.MAX_VALUE : finestSeries.medianSpacing();
            if (finest != null && step.toMillis() > resolution) {
                out.add("--step " + Durations.format(step) + " is coarser than the trace's resolution (" + finest + " every "
                        + Durations.format(Duration.ofMillis(resolution)) + "): use --step " + Durations.format(Duration.ofMillis(resolution))
                        + " or finer, or --allow-coarse-step to replay anyway");
            }
            Condition.Compare shortest = null;
            String owner = null;
            for (TargetSpec t : targets) {
                for (Policy p : t.policies()) {
                    for (Condition.Compare c : Signals.reads(p)) {
                        if (shortest == null || c.window().compareTo(shortest.window()) < 0) {
                            shortest = c;
                            owner = t.name() + "/" + p.name();
                        }
                    }
                }
            }
            if (shortest != null && step.compareTo(shortest.window()) > 0) {
                // the window as read, not as a threshold: a target-tracking policy has no comparison
                out.add("--step " + Durations.format(step) + " is coarser than the shortest policy window (" + shortest.read() + " in "
                        + owner + "): use --step " + Durations.format(shortest.window()) + " or finer, or --allow-coarse-step to replay anyway");
            }
        }
        out.addAll(windowsShorterThanSpacing(trace, targets, step, demandMetric));
        if (steps > maxSteps) {
            long perMinute = span / 60_000 + 1;
            long fits = fitting(span, maxSteps);
            // a suggestion must itself be a valid option: no step is longer than Durations.MAX
            String coarser = perMinute <= maxSteps ? String.format(Locale.ROOT, "a coarser --step (1m gives %,d), ", perMinute)
                    : fits <= Durations.MAX.toMillis() ? "a coarser --step (at least " + Durations.format(Duration.ofMillis(fits)) + "), " : "";
            out.add(String.format(Locale.ROOT, "--step %s from %s to %s is %,d steps, more than --max-steps %,d: use "
                    + "%sa shorter --from/--to range, or raise --max-steps", Durations.format(step), start, end, steps, maxSteps, coarser));
        }
        return out;
    }

    /**
     * A window shorter than the spacing of the trace series it reads, replayed at a step finer than
     * that spacing, holds no sample at most steps: the policy would see "no data" there (onMissing
     * decides; under upOnly no scale-in ever passes) where the service had data all along. One message
     * per series, naming the shortest such window. A metric derived from demand (demand replay) is fed
     * at every step and is not concerned; {@code --allow-coarse-step} does not lift this (the fix it
     * goes with, a step as coarse as the spacing, already does).
     */
    static List<String> windowsShorterThanSpacing(Trace trace, List<TargetSpec> targets, Duration step, String demandMetric) {
        Map<String, String> bySeries = new LinkedHashMap<>();
        Map<String, Duration> shortest = new LinkedHashMap<>();
        for (TargetSpec t : targets) {
            String demand = demandMetric == null ? SimulationOptions.DEFAULT_DEMAND_METRIC : demandMetric;
            boolean demandMode = Simulator.modeOf(t, trace, demand) == TargetResult.Mode.DEMAND;
            for (Policy p : t.policies()) {
                for (Condition.Compare c : Signals.reads(p)) {
                    if (demandMode && (c.metric().equals(demand) || t.metric(c.metric()).scope() == MetricScope.REPLICA)) continue;
                    Trace.Series s = trace.seriesFor(t.name(), c.metric());
                    if (s == null) continue;
                    long spacing = s.medianSpacing();
                    if (spacing <= 0 || step.toMillis() >= spacing || c.window().toMillis() >= spacing || c.window().isZero()) continue;
                    Duration known = shortest.get(s.name());
                    if (known == null || c.window().compareTo(known) < 0) {
                        shortest.put(s.name(), c.window());
                        String every = Durations.format(Duration.ofMillis(spacing));
                        String read = c.read();
                        bySeries.put(s.name(), "the window " + read + " in " + t.name() + "/" + p.name() + " is shorter than the spacing of "
                                + s.name() + " (a sample every " + every + "): at --step " + Durations.format(step) + " most windows would hold no sample "
                                + "and count as missing data; " + (spacing <= Durations.MAX.toMillis()
                                ? "use --step " + every + " --allow-coarse-step, or windows of at least " + every
                                : "its samples are further apart than any step or window may be (" + Durations.format(Durations.MAX)
                                + "), so it is too sparse to replay: give a trace with samples at most " + Durations.format(Durations.MAX) + " apart"));
                    }
                }
            }
        }
        return new ArrayList<>(bySeries.values());
    }

    /** The finest step, in millis, rounded up to whole seconds, that gives at most {@code maxSteps} steps over {@code span}. */
    static long fitting(long span, long maxSteps) {
        long millis = maxSteps == 1 ? span + 1 : span / (maxSteps - 1) + 1;
        return millis < 1000 ? millis : (millis + 999) / 1000 * 1000;
    }
}
