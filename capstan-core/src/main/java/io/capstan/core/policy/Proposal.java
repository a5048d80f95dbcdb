package io.capstan.core.policy;

import io.capstan.core.explain.Explanation;
import io.capstan.core.explain.Reason;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.Severity;

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
            params = params == null ? Map.of() : Map.copyOf(params);
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
     * and holds at least {@code desired} replicas while the period lasts.
     */
    record Bound(String policy, Integer min, Integer max, Integer desired, Explanation explanation) implements Proposal {
        @Override
        public Reason reason() {
            return Reason.ScheduleActive;
        }
    }
}
