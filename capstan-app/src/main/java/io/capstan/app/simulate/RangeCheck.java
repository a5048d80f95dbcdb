package io.capstan.app.simulate;

import io.capstan.core.model.Durations;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.simulate.Trace;
import io.capstan.core.target.Signals;
import io.capstan.core.target.TargetSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 *   <li>more steps than {@code --max-steps}.</li>
 * </ul>
 */
final class RangeCheck {
    private RangeCheck() {}

    static List<String> of(Trace trace, List<TargetSpec> targets, Instant start, Instant end, Duration step, boolean fromGiven, boolean toGiven,
                           boolean allowCoarse, long maxSteps) {
        List<String> out = new ArrayList<>();
        String range = "the trace runs from " + trace.start() + " to " + trace.end();
        if (fromGiven && start.isBefore(trace.start())) {
            out.add("--from " + start + " is before the trace's first sample: " + range + "; steps without data would be scored as if they were real");
        }
        if (toGiven && end.isAfter(trace.end())) {
            out.add("--to " + end + " is after the trace's last sample: " + range + "; steps without data would be scored as if they were real");
        }
        if (!allowCoarse) {
            long resolution = Long.MAX_VALUE;
            String finest = null;
            for (String name : trace.names()) {
                long spacing = trace.series(name).medianSpacing();
                if (spacing > 0 && spacing < resolution) {
                    resolution = spacing;
                    finest = name;
                }
            }
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
                out.add("--step " + Durations.format(step) + " is coarser than the shortest policy window (" + shortest.describe() + " in "
                        + owner + "): use --step " + Durations.format(shortest.window()) + " or finer, or --allow-coarse-step to replay anyway");
            }
        }
        long span = end.toEpochMilli() - start.toEpochMilli();
        long steps = span / step.toMillis() + 1;
        if (steps > maxSteps) {
            long perMinute = span / 60_000 + 1;
            String coarser = perMinute <= maxSteps ? String.format(Locale.ROOT, "(1m gives %,d)", perMinute)
                    : "(at least " + Durations.format(Duration.ofMillis(fitting(span, maxSteps))) + ")";
            out.add(String.format(Locale.ROOT, "--step %s from %s to %s is %,d steps, more than --max-steps %,d: use a coarser --step "
                    + "%s, a shorter --from/--to range, or raise --max-steps", Durations.format(step), start, end, steps, maxSteps, coarser));
        }
        return out;
    }

    /** The finest step, in millis, rounded up to whole seconds, that gives at most {@code maxSteps} steps over {@code span}. */
    static long fitting(long span, long maxSteps) {
        long millis = maxSteps == 1 ? span + 1 : span / (maxSteps - 1) + 1;
        return millis < 1000 ? millis : (millis + 999) / 1000 * 1000;
    }
}
