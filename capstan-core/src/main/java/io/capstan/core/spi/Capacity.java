package io.capstan.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an actuator sees of its capacity at one instant.
 *
 * @param desired    the count it was last brought to (what it works towards: crashed members are restarted towards it)
 * @param current    units that exist and run now, whether ready or still starting
 * @param ready      units of {@code current} that pass their readiness check (all of them when there is none)
 * @param observedAt when this was seen
 * @param notes      what a person should know about it now, one line each ("member 2 is crash-looping: ..."); a
 *                   problem is reported here, never hidden
 */
public record Capacity(int desired, int current, int ready, Instant observedAt, List<String> notes) {
    public Capacity {
        Objects.requireNonNull(observedAt, "observedAt");
        notes = List.copyOf(notes);
        if (desired < 0 || current < 0) throw new IllegalArgumentException("counts are zero or more, found desired " + desired + ", current " + current);
        if (ready < 0 || ready > current) throw new IllegalArgumentException("ready " + ready + " must be within 0 and current " + current);
    }

    /** Units that run but are not ready yet. */
    public int starting() {
        return current - ready;
    }
}
