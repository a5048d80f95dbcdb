package io.capstan.core.policy;

import io.capstan.core.explain.Explanation;
import io.capstan.core.explain.Reason;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.Severity;

import java.time.Instant;
import java.util.Map;

/**
 * What one policy says about a target at one instant. {@link Scale} is an opinion on the replica
 * count; {@link Hold} is no opinion; {@link NoData} means the policy could not judge, and the
 * metric's onMissing rule says what follows (it may block a scale-in, never cause one);
 * {@link Act} asks for a named non-replica action.
 */
public sealed interface Proposal {
    String policy();

    Reason reason();

    /** Why, rendered on first read. */
    Explanation explanation();

    default String message() {
        return explanation().toString();
    }

    /**
     * @param cooldowns the proposing policy's own cooldowns, or null for the target's
     */
    record Scale(String policy, int replicas, Reason reason, Explanation explanation, Severity severity, Cooldowns cooldowns)
            implements Proposal {}

    record Act(String policy, String action, Map<String, String> params, Reason reason, Explanation explanation, Severity severity)
            implements Proposal {
        public Act {
            params = Params.copyOf(params);
        }
    }

    record Hold(String policy, Reason reason, Explanation explanation) implements Proposal {}

    /** @param metric the metric without data; its onMissing rule (in the target spec) decides what follows */
    record NoData(String policy, String metric, Explanation explanation) implements Proposal {
        @Override
        public Reason reason() {
            return Reason.NoData;
        }
    }

    /**
     * A schedule's bounds for the period it is in: replaces the target's min and max (either may be null)
     * and holds at least {@code desired} replicas while the period lasts; {@code set}, when not null, is
     * the schedule's latest set-then-hand-back firing.
     */
    record Bound(String policy, Integer min, Integer max, Integer desired, ScheduledSet set, Explanation explanation) implements Proposal {
        public Bound(String policy, Integer min, Integer max, Integer desired, Explanation explanation) {
            this(policy, min, max, desired, null, explanation);
        }

        @Override
        public Reason reason() {
            return Reason.ScheduleActive;
        }
    }

    /**
     * A forecast's floor: hold at least {@code replicas} (after cooldowns, within the bounds, whose max may be
     * raised to {@code ceiling} for it). A floor raises the count, never lowers it, so a forecast never scales in.
     *
     * @param ceiling the most this floor may reach, above the target's max when a maximum-capacity buffer allows
     * @param reason  {@link Reason#PredictiveFloor} for a forecast's floor; a fallback floor held while there is no forecast
     *                to trust says why there is none ({@link Reason#ForecastWarmingUp}, {@link Reason#ForecastGuard})
     */
    record Floor(String policy, int replicas, int ceiling, Explanation explanation, Reason reason) implements Proposal {
        public Floor(String policy, int replicas, int ceiling, Explanation explanation) {
            this(policy, replicas, ceiling, explanation, Reason.PredictiveFloor);
        }
    }

    /**
     * The latest firing of a schedule's {@code set} entries. It is {@code due} when it happened after the
     * last firing the target's state recorded under {@code key}: the decider then sets the count to
     * {@code replicas} (within bounds) once, and records {@code firedAt} either way, so a firing acts once
     * and the first evaluation after a start only records what already fired.
     */
    record ScheduledSet(String key, String entry, Instant firedAt, int replicas, boolean due) {}
}
