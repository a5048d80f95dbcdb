package io.capstan.core.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A whole replay: the virtual clock's range and step, and one result per target in the order given.
 *
 * @param warmUp     the time after {@code from} that was replayed but not scored ({@link SimulationOptions#warmUp()})
 * @param scoredFrom the first scored step: {@code from} without a warm-up
 */
public record SimulationResult(Instant from, Instant to, Duration step, long steps, List<TargetResult> targets, Duration warmUp,
                               Instant scoredFrom) {
    public SimulationResult {
        targets = List.copyOf(targets);
        warmUp = warmUp == null ? Duration.ZERO : warmUp;
        scoredFrom = scoredFrom == null ? from : scoredFrom;
    }

    /** A replay scored from its first step. */
    public SimulationResult(Instant from, Instant to, Duration step, long steps, List<TargetResult> targets) {
        this(from, to, step, steps, targets, Duration.ZERO, from);
    }

    public TargetResult target(String name) {
        for (TargetResult t : targets) if (t.target().equals(name)) return t;
        throw new IllegalArgumentException("no target " + name + " in this simulation");
    }
}
