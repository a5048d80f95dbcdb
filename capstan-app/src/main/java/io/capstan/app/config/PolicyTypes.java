package io.capstan.app.config;

import io.capstan.app.input.Type;
import io.capstan.app.input.Types;

import java.time.Duration;

/** The value types of the policy language, with the messages docs/policy.md shows. */
final class PolicyTypes {
    private PolicyTypes() {}

    static final Type<String> TEXT = Types.text();
    static final Type<Integer> WHOLE = Types.integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
    static final Type<Integer> NON_NEGATIVE_WHOLE = WHOLE.where(n -> n < 0 ? "expected zero or more, found " + n : null);
    static final Type<Double> NUMBER = Types.number(-Double.MAX_VALUE, Double.MAX_VALUE);
    static final Type<Double> POSITIVE_NUMBER = NUMBER.where(d -> d > 0 ? null : "expected a positive number, found " + ConditionText.number(d));
    /** Below this a ratio value / target overflows to Infinity for ordinary values (1e-320 is subnormal). */
    static final double MIN_TARGET = 1e-9;
    static final Type<Double> TARGET = NUMBER.where(d -> d >= MIN_TARGET ? null
            : "expected a positive number of at least 1e-9 (a smaller target makes value / target overflow), found " + ConditionText.number(d));
    static final Type<Boolean> BOOL = Types.bool();
    static final Type<Duration> DURATION = Types.duration(Duration.ZERO);
    static final Type<Duration> POSITIVE_DURATION = Types.duration(Duration.ofMillis(1));

    /** A number that must be zero or more, named in the message as docs/policy.md names it. */
    static Type<Double> nonNegative(String name) {
        return NUMBER.where(d -> d < 0 ? name + " must be zero or more, found " + ConditionText.number(d) : null);
    }

    /** A tolerance: a fraction in [0, 1). */
    static final Type<Double> TOLERANCE = NUMBER.where(t -> t < 0 || t >= ReaderBase.MAX_TOLERANCE
            ? "tolerance must be at least 0 and below 1 (a fraction: 0.1 is 10 %), found " + ConditionText.number(t) : null);
}
