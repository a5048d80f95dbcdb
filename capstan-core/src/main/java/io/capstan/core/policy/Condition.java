package io.capstan.core.policy;

import io.capstan.core.signal.Aggregation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A condition on windowed metrics. Each comparison may carry its own sustain duration
 * ({@code for}): it counts as true only once it has held continuously that long, so
 * "CPU < 30% for 10m AND memory < 50% for 10m" is an {@link AllOf} of two sustained comparisons.
 */
public sealed interface Condition {

    /**
     * @param window  the aggregation window, e.g. 5m
     * @param sustain how long the comparison must hold continuously; zero means at once
     * @param text    the comparison as {@link #describe()} renders it, derived from the others (any value given is
     *                replaced): made once here, because it names the comparison's sustain clock at every evaluation
     *                it holds (see {@link StateKeys})
     */
    record Compare(String metric, Aggregation aggregation, Duration window, Comparator op, double value, Duration sustain, String text)
            implements Condition {
        public Compare(String metric, Aggregation aggregation, Duration window, Comparator op, double value, Duration sustain) {
            this(metric, aggregation, window, op, value, sustain, null);
        }

        public Compare {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(aggregation, "aggregation");
            Objects.requireNonNull(op, "comparator");
            if (window == null || window.isNegative() || window.isZero())
                throw new IllegalArgumentException("window of " + metric + " must be positive, got " + window);
            if (!Double.isFinite(value)) throw new IllegalArgumentException("threshold of " + metric + " must be a finite number");
            sustain = sustain == null ? Duration.ZERO : sustain;
            if (sustain.isNegative()) throw new IllegalArgumentException("for of " + metric + " must not be negative, got " + sustain);
            text = Truth.label(aggregation, metric, window) + " " + op.symbol() + " " + io.capstan.core.model.Numbers.format(value)
                    + (sustain.isZero() ? "" : " for " + io.capstan.core.model.Durations.format(sustain));
        }

        /** The windowed read alone, as explanations name it: "avg(cpu, 5m)". */
        public String read() {
            return Truth.label(aggregation, metric, window);
        }

        public String describe() {
            return text;
        }
    }

    record AllOf(List<Condition> all) implements Condition {
        public AllOf {
            all = List.copyOf(all);
            if (all.isEmpty()) throw new IllegalArgumentException("allOf needs at least one condition");
        }
    }

    record AnyOf(List<Condition> any) implements Condition {
        public AnyOf {
            any = List.copyOf(any);
            if (any.isEmpty()) throw new IllegalArgumentException("anyOf needs at least one condition");
        }
    }

    /** Every comparison in this condition, depth first. */
    default List<Compare> comparisons() {
        return switch (this) {
            case Compare c -> List.of(c);
            case AllOf a -> a.all().stream().flatMap(c -> c.comparisons().stream()).toList();
            case AnyOf a -> a.any().stream().flatMap(c -> c.comparisons().stream()).toList();
        };
    }

    default String describe() {
        return switch (this) {
            case Compare c -> c.describe();
            case AllOf a -> String.join(" AND ", a.all().stream().map(Condition::describeNested).toList());
            case AnyOf a -> String.join(" OR ", a.any().stream().map(Condition::describeNested).toList());
        };
    }

    private String describeNested() {
        return this instanceof Compare ? describe() : "(" + describe() + ")";
    }
}
