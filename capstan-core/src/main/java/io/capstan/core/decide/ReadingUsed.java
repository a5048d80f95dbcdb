package io.capstan.core.decide;

import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;

import java.time.Duration;
import java.util.Objects;

/**
 * One windowed read a decision rested on, as the policies (and the flapping guard, and the HPA port) saw it:
 * enough to replay the decision from its audit record ({@link Decider#replay}).
 *
 * @param reading   the value read, or the absence and its cause
 * @param onMissing null for live data; otherwise what stood in for it: the metric's onMissing rule for a
 *                  {@link Reading.Missing} ("hold", "upOnly", ...), or for a {@link Reading.Present} substituted
 *                  by lastKnown the substitution as the explanation names it
 */
public record ReadingUsed(String metric, Aggregation aggregation, Duration window, Reading reading, String onMissing) {
    public ReadingUsed {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(reading, "reading");
    }

    /** True when a lastKnown value stood in for missing data. */
    public boolean substituted() {
        return reading instanceof Reading.Present && onMissing != null;
    }
}
