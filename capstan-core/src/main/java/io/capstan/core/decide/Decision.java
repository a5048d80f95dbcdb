package io.capstan.core.decide;

import io.capstan.core.explain.Step;
import io.capstan.core.explain.Reason;
import io.capstan.core.explain.Explanation;
import io.capstan.core.policy.Proposal;

import java.time.Instant;
import java.util.List;

/**
 * One explained decision: the target should be at {@code to} replicas. {@code proposals} says
 * what each policy asked; {@code steps} chain from {@code from} to {@code to} through combination,
 * guards, stabilization, rate limits, cooldowns and bounds; {@code reason} is the code of the
 * stage that decided; {@code readings} are the inputs read, so that the decision can be replayed.
 *
 * <p>Immutable, and everything reachable from it is (lists are copies, explanations render once and
 * publish their text safely), so a decision made on one thread can be read on another.
 *
 * @param sequence  which evaluation of the target at {@code at} this is, 0 for the first (see {@link DecisionId})
 * @param ready     the ready replicas observed with {@code from}
 * @param readings  each distinct windowed read, in the order first read
 */
public record Decision(String target, Instant at, int sequence, int from, int ready, int to, Reason reason, Explanation explanation,
                       List<Proposal> proposals, List<Step> steps, List<NamedAction> actions, List<ReadingUsed> readings) {
    public Decision {
        if (sequence < 0) throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
        proposals = List.copyOf(proposals);
        steps = List.copyOf(steps);
        actions = List.copyOf(actions);
        readings = List.copyOf(readings);
    }

    /** Names this decision: target, instant and sequence (see {@link DecisionId}); made when asked, as most decisions are never named. */
    public DecisionId id() {
        return new DecisionId(target, at, sequence);
    }

    /** One line: what was decided and the last stage's reason ("scale out 3 -> 5 (ThresholdSustained): ..."). */
    public String summary() {
        return explanation.toString();
    }
}
