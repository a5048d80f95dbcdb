package io.capstan.core.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A whole replay: the virtual clock's range and step, and one result per target in the order given. */
public record SimulationResult(Instant from, Instant to, Duration step, long steps, List<TargetResult> targets) {
    public SimulationResult {
        targets = List.copyOf(targets);
    }

    public TargetResult target(String name) {
        for (TargetResult t : targets) if (t.target().equals(name)) return t;
        throw new IllegalArgumentException("no target " + name + " in this simulation");
    }
}
