package io.capstan.core.policy;

import io.capstan.core.explain.Explanation;
import io.capstan.core.explain.Reason;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.Durations;
import io.capstan.core.model.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The runbooks' basic rule: when a condition on windowed metrics has held for a sustain duration,
 * do something ("CPU > 70 % for 15 m: add 2", "queue depth > 1000: add 5 workers").
 *
 * @param sustain   how long the whole condition must hold continuously (on top of any per-comparison {@code for})
 * @param cooldowns this rule's own cooldowns, or null to use the target's
 */
public record ThresholdPolicy(String name, Condition when, Duration sustain, Severity severity, Action action, Cooldowns cooldowns)
        implements Policy {

    /** How long a decided named action is not decided again, unless the rule's scale-out cooldown says otherwise. */
    public static final Duration NAMED_ACTION_REARM = Duration.ofMinutes(30);

    public ThresholdPolicy {
        Objects.requireNonNull(name, "policy name");
        Objects.requireNonNull(when, "condition of " + name);
        Objects.requireNonNull(action, "action of " + name);
        sustain = sustain == null ? Duration.ZERO : sustain;
        severity = severity == null ? Severity.WARNING : severity;
        if (sustain.isNegative()) throw new IllegalArgumentException("for of " + name + " must not be negative");
    }

    @Override
    public String kind() {
        return "threshold";
    }

    @Override
    public Proposal propose(PolicyInput in) {
        Truth t = Truth.evaluate(when, name, in);
        if (t.value() == Truth.Value.UNKNOWN) {
            return new Proposal.NoData(name, t.missingMetric(), t.detail());
        }
        if (!t.isTrue()) {
            return new Proposal.Hold(name, t.pending() ? Reason.ThresholdPending : Reason.ThresholdClear, t.detail());
        }
        // without a policy-level for there is no clock to keep: the condition is sustained as soon as it holds
        Instant since = sustain.isZero() ? in.now() : in.memory().heldSince(StateKeys.thresholdFor(name, when));
        Duration held = Duration.between(since, in.now());
        if (held.compareTo(sustain) < 0) {
            return new Proposal.Hold(name, Reason.ThresholdPending, Explanation.of(() ->
                    t.detail() + " for " + Durations.format(held) + " of " + Durations.format(sustain)));
        }
        if (action instanceof Action.Named n) {
            Instant decided = in.memory().actionDecidedAt(n.name());
            Duration rearm = cooldowns != null && !cooldowns.scaleOut().isZero() ? cooldowns.scaleOut() : NAMED_ACTION_REARM;
            if (decided != null && in.now().isBefore(decided.plus(rearm))) {
                return new Proposal.Hold(name, Reason.CooldownActive, Explanation.of(() -> why(t, since, in.now()) + ": " + n.name() + " already decided "
                        + Durations.format(Duration.between(decided, in.now())) + " ago (re-arms after " + Durations.format(rearm) + ")"));
            }
            return new Proposal.Act(name, n.name(), n.params(), Reason.ThresholdSustained,
                    Explanation.of(() -> why(t, since, in.now()) + ": " + action.describe()), severity);
        }
        int replicas = action.replicasFrom(in.currentReplicas(), in.bounds());
        Reason reason = action instanceof Action.ToMax && severity == Severity.CRITICAL ? Reason.EmergencyToMax : Reason.ThresholdSustained;
        return new Proposal.Scale(name, replicas, reason,
                Explanation.of(() -> why(t, since, in.now()) + ": " + action.describe() + " -> " + replicas), severity, cooldowns);
    }

    private String why(Truth t, Instant since, Instant now) {
        return t.detail() + (sustain.isZero() ? "" : " " + Memory.heldFor(since, now)) + " [" + severity.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
