package io.capstan.core.policy;

import io.capstan.core.explain.Explanation;
import io.capstan.core.explain.Reason;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.Durations;
import io.capstan.core.model.Numbers;
import io.capstan.core.model.Replicas;
import io.capstan.core.model.Severity;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * AWS step scaling: when the metric breaches a threshold (for a sustain duration), the size of the
 * breach picks a step adjustment. Step bounds are relative to the threshold, as in AWS: for an
 * alarm above the threshold the lower bound is inclusive and the upper exclusive; below it, the
 * other way round.
 */
public record StepPolicy(String name, String metric, Aggregation aggregation, Duration window, Comparator op, double threshold,
                         Duration sustain, AdjustmentType adjustmentType, List<StepAdjustment> steps, int minAdjustmentMagnitude,
                         Cooldowns cooldowns) implements Policy {

    public enum AdjustmentType { CHANGE_IN_CAPACITY, PERCENT_CHANGE_IN_CAPACITY, EXACT_CAPACITY }

    /** @param lower null is minus infinity; @param upper null is plus infinity */
    public record StepAdjustment(Double lower, Double upper, double adjustment) {
        public StepAdjustment {
            if (lower == null && upper == null) {
                // a single open step is allowed: it matches every breach
            } else if (lower != null && upper != null && !(lower < upper)) {
                throw new IllegalArgumentException("step lower bound " + lower + " must be below its upper bound " + upper);
            }
        }

        boolean contains(double breach, boolean above) {
            boolean lowOk = lower == null || (above ? breach >= lower : breach > lower);
            boolean highOk = upper == null || (above ? breach < upper : breach <= upper);
            return lowOk && highOk;
        }

        /** The interval {@link #contains} tests, as written in mathematics: [0, 15) above the threshold, (-inf, 0] below. */
        String interval(boolean above) {
            String lo = lower == null ? "(-inf" : (above ? "[" : "(") + Numbers.format(lower);
            String hi = upper == null ? "inf)" : Numbers.format(upper) + (above ? ")" : "]");
            return lo + ", " + hi;
        }
    }

    public StepPolicy {
        Objects.requireNonNull(name, "policy name");
        Objects.requireNonNull(metric, "metric of " + name);
        Objects.requireNonNull(op, "comparator of " + name);
        aggregation = aggregation == null ? Aggregation.AVG : aggregation;
        window = window == null ? Duration.ofMinutes(1) : window;
        sustain = sustain == null ? Duration.ZERO : sustain;
        adjustmentType = adjustmentType == null ? AdjustmentType.CHANGE_IN_CAPACITY : adjustmentType;
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("step policy " + name + " needs at least one step adjustment");
        if (minAdjustmentMagnitude < 0) throw new IllegalArgumentException("minAdjustmentMagnitude of " + name + " must not be negative");
    }

    @Override
    public String kind() {
        return "step";
    }

    @Override
    public Proposal propose(PolicyInput in) {
        Reading r = in.readings().read(metric, aggregation, window);
        if (r instanceof Reading.Missing m) {
            return new Proposal.NoData(name, metric, Explanation.of(() -> label() + ": no data (" + m.cause() + ")"));
        }
        double value = ((Reading.Present) r).value();
        boolean breached = op.test(value, threshold);
        Instant since = breached ? in.memory().heldSince(StateKeys.step(this)) : null;
        if (!breached) return new Proposal.Hold(name, Reason.ThresholdClear, Explanation.of(() -> seen(value, false)));
        Duration held = Duration.between(since, in.now());
        if (held.compareTo(sustain) < 0) {
            return new Proposal.Hold(name, Reason.ThresholdPending, Explanation.of(() -> seen(value, true) + " for "
                    + Durations.format(held) + " of " + Durations.format(sustain)));
        }
        double breach = value - threshold;
        StepAdjustment found = null;
        for (StepAdjustment s : steps) {
            if (s.contains(breach, op.firesHigh())) { found = s; break; }
        }
        if (found == null) {
            return new Proposal.Hold(name, Reason.ThresholdClear, Explanation.of(() -> seen(value, true) + "; breach "
                    + Numbers.format(breach) + " matches no step"));
        }
        StepAdjustment step = found;
        int current = in.currentReplicas();
        int desired = switch (adjustmentType) {
            case CHANGE_IN_CAPACITY -> Replicas.plus(current, (long) step.adjustment());
            case EXACT_CAPACITY -> Replicas.saturate(step.adjustment());
            case PERCENT_CHANGE_IN_CAPACITY -> Replicas.plus(current, percentChange(current, step.adjustment(), minAdjustmentMagnitude));
        };
        return new Proposal.Scale(name, desired, Reason.StepAdjustment, Explanation.of(() -> seen(value, true)
                + (sustain.isZero() ? "" : " " + Memory.heldFor(since, in.now())) + "; breach " + Numbers.format(breach)
                + " in step " + step.interval(op.firesHigh()) + ": " + describe(step) + " -> " + desired),
                Severity.WARNING, cooldowns);
    }

    private String label() {
        return Truth.label(aggregation, metric, window);
    }

    private String seen(double value, boolean breached) {
        return label() + " = " + Numbers.format(value) + (breached ? " " : " not ") + op.symbol() + " " + Numbers.format(threshold);
    }

    private String describe(StepAdjustment step) {
        return switch (adjustmentType) {
            case CHANGE_IN_CAPACITY -> (step.adjustment() >= 0 ? "+" : "") + Numbers.format(step.adjustment());
            case EXACT_CAPACITY -> "exactly " + Numbers.format(step.adjustment());
            case PERCENT_CHANGE_IN_CAPACITY -> (step.adjustment() >= 0 ? "+" : "") + Numbers.format(step.adjustment()) + "%"
                    + (minAdjustmentMagnitude > 0 ? " (at least " + minAdjustmentMagnitude + ")" : "");
        };
    }

    /**
     * AWS rounding for PercentChangeInCapacity: above 1 rounds down, between 0 and 1 becomes 1,
     * between -1 and 0 becomes -1, below -1 rounds up; then minAdjustmentMagnitude applies.
     */
    static long percentChange(int current, double percent, int minMagnitude) {
        double raw = current * percent / 100.0;
        long change;
        // (long) saturates at Long.MAX_VALUE for a huge percentage; Replicas.plus then saturates the count
        if (raw >= 1) change = (long) Math.floor(raw);
        else if (raw > 0) change = 1;
        else if (raw == 0) change = 0;
        else if (raw > -1) change = -1;
        else change = (long) Math.ceil(raw);
        if (change != 0 && Math.abs(change) < minMagnitude) change = Long.signum(change) * (long) minMagnitude;
        return change;
    }
}
