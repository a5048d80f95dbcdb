package io.capstan.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One step of a metric's downsampled history: the samples of one target's metric whose time fell in
 * [{@code start}, {@code start + step}), kept as their count, sum, least and greatest value. Sum and count rather than
 * a mean, so two parts of one step (a late sample flushed after its step was, a restart inside a step) merge exactly;
 * the greatest value, so a capacity plan sees the peak a mean hides.
 */
public record HistoryStep(String target, String metric, Instant start, Duration step, long count, double sum, double min, double max) {
    public HistoryStep {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(step, "step");
        if (step.isNegative() || step.isZero()) throw new IllegalArgumentException("step must be positive, got " + step);
        if (count < 1) throw new IllegalArgumentException("a history step holds at least one sample, got " + count);
        if (!Double.isFinite(sum) || !Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("history step of " + target + "/" + metric + " at " + start + ": sum " + sum
                    + ", min " + min + ", max " + max + " must be finite with min <= max");
        }
    }

    /** The mean of the step's samples. */
    public double mean() {
        return sum / count;
    }

    /** The two parts of one step as one: counts and sums added, the lesser min and the greater max. */
    public HistoryStep merge(HistoryStep other) {
        if (!start.equals(other.start) || !step.equals(other.step)) {
            throw new IllegalArgumentException("cannot merge the step at " + other.start + " into the one at " + start);
        }
        return new HistoryStep(target, metric, start, step, count + other.count, sum + other.sum, Math.min(min, other.min), Math.max(max, other.max));
    }
}
