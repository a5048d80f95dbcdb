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
 * stage that decided.
 */
public record Decision(String target, Instant at, int from, int to, Reason reason, Explanation explanation,
                       List<Proposal> proposals, List<Step> steps, List<NamedAction> actions) {
    public Decision {
        proposals = List.copyOf(proposals);
        steps = List.copyOf(steps);
        actions = List.copyOf(actions);
    }

    /** One line: what was decided and the last stage's reason ("scale out 3 -> 5 (ThresholdSustained): ..."). */
    public String summary() {
        return explanation.toString();
    }
}
