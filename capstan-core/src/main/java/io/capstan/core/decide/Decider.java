package io.capstan.core.decide;

import io.capstan.core.explain.Step;
import io.capstan.core.explain.Reason;
import io.capstan.core.explain.Explanation;
import io.capstan.core.hpa.MetricInput;
import io.capstan.core.hpa.ScaleEvent;
import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.Durations;
import io.capstan.core.model.FlappingGuard;
import io.capstan.core.model.MetricScope;
import io.capstan.core.model.MissingRule;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Forecasts;
import io.capstan.core.policy.Memory;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.PolicyInput;
import io.capstan.core.policy.PredictivePolicy;
import io.capstan.core.policy.Proposal;
import io.capstan.core.signal.Reading;
import io.capstan.core.signal.Readings;
import io.capstan.core.state.ScalingState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a target's proposals into one explained decision. A pure function of (spec, state,
 * observation, readings, now): the simulator and the controller call the same code.
 *
 * <p>The order is fixed and documented in docs/policy.md: proposals, combination (the highest
 * opinion wins, so scale-in needs every opinion below the current count), missing-data rules,
 * flapping guard, behavior (HPA stabilization and rate limits), cooldowns, bounds. Each stage
 * appends a {@link Step}; the steps chain from the current count to the decided one.
 */
public final class Decider {

    /**
     * What the actuator reports about the target right now.
     *
     * @param currentReplicas the count asked for last (a scale target's spec.replicas)
     * @param readyReplicas   replicas serving
     * @param statusReplicas  replicas that exist, ready or not (scale.status.replicas, which the HPA divides
     *                        AverageValue targets of Object and External metrics by)
     * @param hpaInputs       for a target declared as an HPA, what the metrics APIs returned, one entry per HPA
     *                        metric (pods, samples, readiness), as explain's scenarios give it; empty to derive
     *                        them from the readings (see {@link HpaDecider})
     */
    public record Observation(int currentReplicas, int readyReplicas, int statusReplicas, List<MetricInput> hpaInputs) {
        public Observation {
            if (currentReplicas < 0 || readyReplicas < 0 || statusReplicas < 0) {
                throw new IllegalArgumentException("replica counts must not be negative");
            }
            hpaInputs = List.copyOf(hpaInputs);
        }

        /** Every replica asked for exists ({@code statusReplicas = currentReplicas}); HPA inputs come from the readings. */
        public Observation(int currentReplicas, int readyReplicas) {
            this(currentReplicas, readyReplicas, currentReplicas, List.of());
        }
    }

    public record Result(Decision decision, ScalingState next) {}

    private static final Explanation NOTHING_ASKED = Explanation.text("no policy asked for a replica count");

    private final BehaviorStage behaviorStage;

    /** A decider that applies behaviors with the exact Kubernetes port. */
    public Decider() {
        this(io.capstan.core.decide.HpaBehaviorStage.INSTANCE);
    }

    /** @param behaviorStage applies a target's {@code behavior}; see {@link BehaviorStage} */
    public Decider(BehaviorStage behaviorStage) {
        this.behaviorStage = behaviorStage;
    }

    /**
     * The HPA's stabilization and rate-limit stage, applied to targets that declare a behavior.
     * Pluggable so that the exact Kubernetes port lives in one place (io.capstan.core.hpa).
     */
    public interface BehaviorStage {
        /** @return the limited count and the state with the recommendation history updated */
        Limited apply(TargetSpec spec, ScalingState state, int current, int desired, Bounds bounds, Instant now);

        /** Records a rescale in the scale-event histories the rate policies read. */
        Events record(TargetSpec spec, List<ScaleEvent> scaleUp, List<ScaleEvent> scaleDown, int from, int to, Instant now);

        record Limited(int replicas, List<Step> steps, ScalingState next) {}

        record Events(List<ScaleEvent> scaleUp, List<ScaleEvent> scaleDown) {}
    }

    public Result decide(TargetSpec spec, ScalingState state, Observation observed, Readings readings, Instant now) {
        return decide(spec, state, observed, readings, now, 0);
    }

    /**
     * The decision for {@code spec} at {@code now}, and the state to keep for the next one. A target declared as
     * an HPA ({@link TargetSpec#hpa()}) is decided by the exact controller port, as {@code capstan explain} does;
     * every other by the stages below.
     *
     * @param sequence which evaluation of the target at {@code now} this is (0 for the first); see {@link DecisionId}
     */
    public Result decide(TargetSpec spec, ScalingState state, Observation observed, Readings readings, Instant now, int sequence) {
        return decide(spec, state, observed, readings, Forecasts.NONE, now, sequence);
    }

    /** As {@link #decide(TargetSpec, ScalingState, Observation, Readings, Instant, int)}, with the predictive policies' forecast tracks. */
    public Result decide(TargetSpec spec, ScalingState state, Observation observed, Readings readings, Forecasts forecasts, Instant now,
                         int sequence) {
        RecordingReadings recorded = new RecordingReadings(readings, spec);
        if (sequence < 0) throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
        if (spec.hpa() != null) return HpaDecider.decide(sequence, spec, state, observed, recorded, now);
        return decideCapstan(sequence, spec, state, observed, recorded, forecasts, null, now);
    }

    /**
     * Decides again from a decision's record: the same spec, the state and observation it was made from, and
     * the readings it recorded in place of live signals. A decision that replays to itself is what its audit
     * record says it was.
     */
    public Result replay(TargetSpec spec, ScalingState state, Observation observed, Decision recorded) {
        RecordingReadings readings = new RecordingReadings(RecordingReadings.replaying(recorded.readings()), spec);
        if (spec.hpa() != null) return HpaDecider.decide(recorded.sequence(), spec, state, observed, readings, recorded.at());
        // a forecast rests on the history, not on the recorded readings: its recorded proposal stands for it
        Map<String, Proposal> forecasts = new HashMap<>();
        for (Proposal p : recorded.proposals()) forecasts.put(p.policy(), p);
        return decideCapstan(recorded.sequence(), spec, state, observed, readings, Forecasts.NONE, forecasts, recorded.at());
    }

    private Result decideCapstan(int sequence, TargetSpec spec, ScalingState state, Observation observed, RecordingReadings readings,
                                 Forecasts forecasts, Map<String, Proposal> recordedForecasts, Instant now) {
        int current = observed.currentReplicas();
        StateMemory memory = new StateMemory(state, now);
        PolicyInput in = new PolicyInput(now, current, observed.readyReplicas(), spec.bounds(), readings, memory, spec.behavior(), forecasts);
        List<Proposal> proposals = new ArrayList<>(spec.policies().size());
        for (Policy p : spec.policies()) {
            Proposal recorded = p instanceof PredictivePolicy && recordedForecasts != null ? recordedForecasts.get(p.name()) : null;
            proposals.add(recorded != null ? recorded : p.propose(in));
        }

        List<Step> steps = new ArrayList<>(8);
        Bounds bounds = spec.bounds();
        Integer scheduleMin = null;
        Integer scheduleMax = null;
        Integer scheduleFloor = null;
        String scheduleName = null;
        Proposal.Scale winner = null;
        boolean freeze = false;
        boolean upOnly = false;
        int fallbackFloor = -1;
        Explanation missingNote = null;
        List<Explanation> missingNotes = new ArrayList<>(0);
        Reason missingReason = null;
        List<NamedAction> actions = new ArrayList<>(0);
        List<Proposal.ScheduledSet> firings = new ArrayList<>(0);
        Proposal.ScheduledSet dueSet = null;
        Proposal.Hold disabled = null;
        Proposal.Floor forecastFloor = null;
        List<Proposal.Hold> forecastNotes = new ArrayList<>(0);
        List<Proposal.Hold> settling = new ArrayList<>(0);

        for (Proposal p : proposals) {
            switch (p) {
                case Proposal.Scale s -> {
                    if (winner == null || s.replicas() > winner.replicas()) winner = s;
                }
                case Proposal.Bound b -> {
                    if (b.set() != null) {
                        firings.add(b.set());
                        if (b.set().due() && (dueSet == null || b.set().firedAt().isAfter(dueSet.firedAt()))) dueSet = b.set();
                    }
                    // a schedule that only reports a set firing has no period to name in the bounds stage
                    if (b.min() != null || b.max() != null || b.desired() != null) scheduleName = b.policy();
                    if (b.min() != null) scheduleMin = scheduleMin == null ? b.min() : Math.max(scheduleMin, b.min());
                    if (b.max() != null) scheduleMax = scheduleMax == null ? b.max() : Math.min(scheduleMax, b.max());
                    if (b.desired() != null) scheduleFloor = scheduleFloor == null ? b.desired() : Math.max(scheduleFloor, b.desired());
                }
                case Proposal.NoData n -> {
                    MissingRule rule = n.metric() == null ? MissingRule.defaultRule() : spec.metric(n.metric()).onMissing();
                    switch (rule) {
                        case MissingRule.Hold h -> freeze = true;
                        case MissingRule.Fallback f -> fallbackFloor = Math.max(fallbackFloor, f.replicas());
                        case MissingRule.UpOnly u -> upOnly = true;
                        case MissingRule.LastKnown l -> upOnly = true;
                    }
                    Explanation note = Explanation.of(() -> n.policy() + ": " + n.message() + " (onMissing " + rule.describe() + ")");
                    if (missingNote == null) missingNote = note;
                    missingNotes.add(note);
                    missingReason = strongest(missingReason, rule);
                }
                case Proposal.Act a -> actions.add(new NamedAction(a.action(), a.params(), a.policy(), a.severity(), a.message()));
                case Proposal.Hold h -> {
                    if (h.reason() == Reason.ScalingDisabled && disabled == null) disabled = h;
                    if (h.reason() == Reason.ForecastGuard || h.reason() == Reason.ForecastOnly) forecastNotes.add(h);
                    if (h.reason() == Reason.OutcomeSettling) settling.add(h);
                }
                case Proposal.Floor f -> {
                    if (forecastFloor == null || f.replicas() > forecastFloor.replicas()) forecastFloor = f;
                }
            }
        }

        // 1. combine
        int desired = winner == null ? current : winner.replicas();
        Reason decidedBy = winner == null ? Reason.NoChange : winner.reason();
        Proposal.Scale top = winner;
        steps.add(new Step("combine", decidedBy, current, desired, top == null ? NOTHING_ASKED
                : Explanation.of(() -> "highest opinion " + top.replicas() + " from " + top.policy() + ": " + top.message())));
        // a predictive policy that stood aside (its error guard, or forecastOnly) says so, and what it would have done
        for (Proposal.Hold h : forecastNotes) {
            steps.add(new Step("predictive", h.reason(), desired, desired, Explanation.of(() -> h.policy() + ": " + h.message())));
        }

        // 2. missing data
        List<String> substituted = readings.substitutions();
        if (!substituted.isEmpty()) {
            // a last-known value is old data standing in for missing data, and missing data never scales in
            String text = String.join("; ", substituted);
            if (desired < current) {
                steps.add(new Step("missing-data", Reason.MissingLastKnown, desired, current, "no scale-in on a last-known value: " + text));
                desired = current;
                decidedBy = Reason.MissingLastKnown;
            } else {
                steps.add(new Step("missing-data", Reason.MissingLastKnown, desired, desired, text));
            }
        }
        if (freeze && desired != current) {
            Explanation note = missingNote;
            steps.add(new Step("missing-data", Reason.MissingHold, desired, current, Explanation.of(() -> "frozen at " + current + ": " + note)));
            desired = current;
            decidedBy = Reason.MissingHold;
        }
        if ((upOnly || fallbackFloor >= 0) && desired < current) {
            Explanation note = missingNote;
            steps.add(new Step("missing-data", Reason.MissingUpOnly, desired, current, Explanation.of(() -> "no scale-in while data is missing: " + note)));
            desired = current;
            decidedBy = Reason.MissingUpOnly;
        }
        if (fallbackFloor >= 0 && fallbackFloor > desired && !freeze) {
            Explanation note = missingNote;
            int floor = fallbackFloor;
            steps.add(new Step("missing-data", Reason.MissingFallback, desired, fallbackFloor, Explanation.of(() -> "fallback to " + floor + ": " + note)));
            desired = fallbackFloor;
            decidedBy = Reason.MissingFallback;
        }

        if (winner == null && !missingNotes.isEmpty() && desired == current) {
            // No policy gave an opinion and some could not judge: the count is kept by the onMissing
            // rules, not because nothing needed doing, and the explanation must say which.
            steps.add(new Step("missing-data", missingReason, current, current, Explanation.of(() ->
                    "no opinion, and " + String.join("; ", missingNotes) + ": keep " + current)));
            decidedBy = missingReason;
        }

        if (winner == null && missingNotes.isEmpty() && !settling.isEmpty() && desired == current) {
            // Kept because an outcome already decided is being given time to work, not because nothing needed doing.
            steps.add(new Step("combine", Reason.OutcomeSettling, current, current, Explanation.of(() -> settling.stream()
                    .map(h -> h.policy() + ": " + h.message()).collect(java.util.stream.Collectors.joining("; ")) + ": keep " + current)));
            decidedBy = Reason.OutcomeSettling;
        }

        if (winner == null && missingNotes.isEmpty() && disabled != null && desired == current) {
            // Kept because a policy cannot act from here (a target at zero replicas has no ratio), not
            // because nothing needed doing: the decision says so and names the policy.
            Proposal.Hold held = disabled;
            steps.add(new Step("combine", Reason.ScalingDisabled, current, current, Explanation.of(() -> held.policy() + ": "
                    + held.message() + ": a target at 0 replicas is not scaled from a ratio (as Kubernetes' HPA);"
                    + " a threshold, step or schedule can raise it")));
            decidedBy = Reason.ScalingDisabled;
        }

        // A set-then-hand-back schedule entry fired: like the CronJob it replaces, it sets the count
        // whatever the policies say, past the guards and limits that hold the autoscaler back; only
        // the bounds below apply. The next evaluation continues from the count it set.
        boolean scheduledSet = dueSet != null;
        if (scheduledSet) {
            Proposal.ScheduledSet fired = dueSet;
            steps.add(new Step("schedule", Reason.ScheduleSet, desired, fired.replicas(), Explanation.of(() -> "schedule " + fired.key()
                    + " entry " + fired.entry() + " fired at " + fired.firedAt() + " (evaluated at " + now + "): set " + fired.replicas())));
            desired = fired.replicas();
            decidedBy = Reason.ScheduleSet;
        }

        // 3. flapping guard
        // Project onto where the scale-in would really land: bounds and schedule floors apply later anyway.
        Bounds landingBounds = effectiveBounds(bounds, scheduleMin, scheduleMax);
        int landing = Math.max(desired, Math.max(landingBounds.min(), scheduleFloor == null ? 0 : Math.min(scheduleFloor, landingBounds.max())));
        if (forecastFloor != null) landing = Math.max(landing, Math.min(forecastFloor.replicas(), Math.max(landingBounds.max(), forecastFloor.ceiling())));
        if (!scheduledSet && desired < current && landing < current && spec.flappingGuard() == FlappingGuard.ON) {
            String flap = projectedScaleOut(spec, in, current, landing);
            if (flap != null) {
                steps.add(new Step("flapping-guard", Reason.FlappingGuard, desired, current, flap));
                desired = current;
                decidedBy = Reason.FlappingGuard;
            }
        }

        // 4. behavior
        ScalingState afterBehavior = state;
        if (!scheduledSet && spec.stabilizes()) {
            BehaviorStage.Limited limited = behaviorStage.apply(spec, state, current, desired, effectiveBounds(bounds, scheduleMin, scheduleMax), now);
            steps.addAll(limited.steps());
            if (limited.replicas() != desired) decidedBy = lastReason(limited.steps(), decidedBy);
            desired = limited.replicas();
            afterBehavior = limited.next();
        }

        // 5. cooldowns
        Cooldowns cd = scheduledSet ? Cooldowns.NONE : winner != null && winner.cooldowns() != null ? winner.cooldowns() : spec.cooldowns();
        // a critical toMax is an emergency: no cooldown holds it back
        boolean outBlocked = desired > current && decidedBy != Reason.EmergencyToMax && blocksScaleOut(cd, state, now);
        Proposal.Scale allowed = outBlocked ? highestAllowedScaleOut(proposals, winner, spec, state, current, now) : null;
        if (allowed != null) {
            // Each policy's cooldown is its own (as AWS evaluates each scaling policy's): the highest opinion
            // held back by its cooldown must not hide a lower scale-out whose cooldown has passed, or more load
            // would mean less scaling.
            int to = Math.min(allowed.replicas(), desired);
            Proposal.Scale held = winner;
            steps.add(new Step("cooldown-yield", allowed.reason(), desired, to, Explanation.of(() -> held.policy() + " is held by its cooldown ("
                    + cooldownText(cd, state, now, true) + "); " + allowed.policy() + " wanted " + allowed.replicas() + " and its cooldown has passed: "
                    + allowed.message())));
            desired = to;
            decidedBy = allowed.reason();
        } else if (outBlocked || desired < current && (blocksScaleIn(cd, state, now) || blocksAnyEvent(cd, state, now))) {
            boolean out = outBlocked;
            steps.add(new Step("cooldown", Reason.CooldownActive, desired, current, Explanation.of(() -> cooldownText(cd, state, now, out))));
            desired = current;
            decidedBy = Reason.CooldownActive;
        }

        // 6. bounds
        Bounds effective = effectiveBounds(bounds, scheduleMin, scheduleMax);
        boolean scheduled = scheduleMin != null || scheduleMax != null;
        // a schedule's bounds depend on the time, so their explanation says when it was evaluated
        String bySchedule = scheduleName;
        if (desired < effective.min()) {
            Reason r = scheduleMin != null && scheduleMin > bounds.min() ? Reason.ScheduleFloor : Reason.TooFewReplicas;
            int min = effective.min();
            steps.add(new Step("bounds", r, desired, min, !scheduled ? Explanation.text("below min " + min)
                    : Explanation.of(() -> "below min " + min + " (schedule " + bySchedule + " at " + now + ")")));
            desired = effective.min();
            decidedBy = r;
        } else if (desired > effective.max()) {
            Reason r = scheduleMax != null && scheduleMax < bounds.max() ? Reason.ScheduleCeiling : Reason.TooManyReplicas;
            int max = effective.max();
            steps.add(new Step("bounds", r, desired, max, !scheduled ? Explanation.text("above max " + max)
                    : Explanation.of(() -> "above max " + max + " (schedule " + bySchedule + " at " + now + ")")));
            desired = effective.max();
            decidedBy = r;
        }
        if (scheduleFloor != null && desired < Math.min(scheduleFloor, effective.max())) {
            int floor = Math.min(scheduleFloor, effective.max());
            int atLeast = scheduleFloor;
            steps.add(new Step("bounds", Reason.ScheduleFloor, desired, floor, Explanation.of(() -> "schedule " + bySchedule
                    + " holds at least " + atLeast + " at " + now)));
            desired = floor;
            decidedBy = Reason.ScheduleFloor;
        }

        // 7. forecast floor: after cooldowns (capacity planned ahead is not held back by a reactive policy's cooldown),
        // above the bounds' min; it raises, never lowers, so a forecast alone never scales in
        if (forecastFloor != null && !scheduledSet) {
            int reach = Math.min(forecastFloor.replicas(), Math.max(effective.max(), forecastFloor.ceiling()));
            if (desired < reach) {
                Proposal.Floor f = forecastFloor;
                steps.add(new Step("predictive", f.reason(), desired, reach, Explanation.of(() -> f.policy() + " holds at least "
                        + reach + ": " + f.message())));
                desired = reach;
                decidedBy = f.reason();
            }
        }

        ScalingState next = nextState(spec, afterBehavior, memory, actions, firings, current, desired, now);
        int from = current;
        int to = desired;
        Reason why = decidedBy;
        // the proposal a limit shaped; a scheduled set overrides the policies, so it has none
        Proposal.Scale shaped = winner == null || scheduledSet || decidedBy == winner.reason() ? null : winner;
        // a scheduled set that the bounds then moved: the summary names the set before the bound that moved it
        String setFirst = scheduledSet && decidedBy != Reason.ScheduleSet ? "schedule " + dueSet.key() + " entry " + dueSet.entry()
                + " set " + dueSet.replicas() : null;
        Explanation summary = Explanation.of(() -> summary(from, to, why, shaped, setFirst, substituted, steps, actions));
        return new Result(new Decision(spec.name(), now, sequence, current, observed.readyReplicas(), desired, decidedBy, summary, proposals, steps,
                actions, readings.used()), next);
    }

    /** Whether these cooldowns hold back a scale-out now: the scale-out cooldown, or the one between any two events. */
    private static boolean blocksScaleOut(Cooldowns c, ScalingState state, Instant now) {
        return state.lastScaleOut() != null && !c.scaleOut().isZero() && now.isBefore(state.lastScaleOut().plus(c.scaleOut()))
                || blocksAnyEvent(c, state, now);
    }

    /** The scale-in cooldown runs after any scaling event (AWS semantics). */
    private static boolean blocksScaleIn(Cooldowns c, ScalingState state, Instant now) {
        return state.lastScale() != null && !c.scaleIn().isZero() && now.isBefore(state.lastScale().plus(c.scaleIn()));
    }

    private static boolean blocksAnyEvent(Cooldowns c, ScalingState state, Instant now) {
        return state.lastScale() != null && !c.betweenEvents().isZero() && now.isBefore(state.lastScale().plus(c.betweenEvents()));
    }

    /** The cooldown that holds a change in this direction, named with its clock: its own direction's first, then between-events. */
    private static String cooldownText(Cooldowns c, ScalingState state, Instant now, boolean out) {
        if (out && state.lastScaleOut() != null && !c.scaleOut().isZero() && now.isBefore(state.lastScaleOut().plus(c.scaleOut()))) {
            return "scale-out cooldown " + Durations.format(c.scaleOut()) + ": last scale-out "
                    + Durations.format(Duration.between(state.lastScaleOut(), now)) + " ago";
        }
        String which = !out && blocksScaleIn(c, state, now) ? "scale-in cooldown " + Durations.format(c.scaleIn())
                : "between-events cooldown " + Durations.format(c.betweenEvents());
        return which + ": last scaling " + Durations.format(Duration.between(state.lastScale(), now)) + " ago";
    }

    /** The highest scale-out other than {@code held} whose own cooldowns let it act now, or null. */
    private static Proposal.Scale highestAllowedScaleOut(List<Proposal> proposals, Proposal.Scale held, TargetSpec spec, ScalingState state,
                                                         int current, Instant now) {
        Proposal.Scale best = null;
        for (Proposal p : proposals) {
            if (!(p instanceof Proposal.Scale s) || s == held || s.replicas() <= current) continue;
            Cooldowns own = s.cooldowns() != null ? s.cooldowns() : spec.cooldowns();
            if (blocksScaleOut(own, state, now)) continue;
            if (best == null || s.replicas() > best.replicas()) best = s;
        }
        return best;
    }

    /** The reason of the most restrictive onMissing rule seen: hold, then fallback, then upOnly (lastKnown past its maxAge). */
    private static Reason strongest(Reason sofar, MissingRule rule) {
        Reason r = switch (rule) {
            case MissingRule.Hold h -> Reason.MissingHold;
            case MissingRule.Fallback f -> Reason.MissingFallback;
            case MissingRule.UpOnly u -> Reason.MissingUpOnly;
            case MissingRule.LastKnown l -> Reason.MissingUpOnly;
        };
        return sofar == null || rank(r) < rank(sofar) ? r : sofar;
    }

    private static int rank(Reason missing) {
        return missing == Reason.MissingHold ? 0 : missing == Reason.MissingFallback ? 1 : 2;
    }

    private static Bounds effectiveBounds(Bounds bounds, Integer scheduleMin, Integer scheduleMax) {
        int min = scheduleMin == null ? bounds.min() : scheduleMin;
        int max = scheduleMax == null ? bounds.max() : scheduleMax;
        return new Bounds(min, Math.max(min, max));
    }

    /** The reason of the last step that changed the count. */
    private static Reason lastReason(List<Step> steps, Reason fallback) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).before() != steps.get(i).after()) return steps.get(i).reason();
        }
        return fallback;
    }

    /**
     * Re-runs the policies as if the target were already at {@code smaller} replicas, with each
     * per-replica metric scaled by current/smaller and every condition counted as sustained.
     * Returns why a scale-in would flap, or null.
     */
    private static String projectedScaleOut(TargetSpec spec, PolicyInput in, int current, int smaller) {
        if (smaller <= 0) return null;
        double factor = (double) current / smaller;
        Readings projected = (metric, agg, window) -> {
            Reading r = in.readings().read(metric, agg, window);
            if (r instanceof Reading.Present p && spec.metric(metric).scope() == MetricScope.REPLICA) {
                // a projection past the largest double is still "higher than any threshold", not infinite
                double scaled = Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, p.value() * factor));
                return new Reading.Present(scaled, p.samples(), p.coverage());
            }
            return r;
        };
        Memory sustained = new Memory() {
            @Override
            public Instant heldSince(String key) {
                return Memory.COUNTED_AS_SUSTAINED;
            }

            @Override
            public Instant actionDecidedAt(String action) {
                return in.memory().actionDecidedAt(action);
            }

            @Override
            public Instant scheduleFired(String key) {
                return in.memory().scheduleFired(key);
            }
        };
        PolicyInput at = new PolicyInput(in.now(), smaller, smaller, in.bounds(), projected, sustained, in.behavior());
        for (Policy p : spec.policies()) {
            if (p.propose(at) instanceof Proposal.Scale s && s.replicas() > smaller) {
                return "projected onto " + smaller + " replicas, " + s.policy() + " would scale out again (" + s.message() + ")";
            }
        }
        return null;
    }

    private ScalingState nextState(TargetSpec spec, ScalingState base, StateMemory memory, List<NamedAction> actions,
                                   List<Proposal.ScheduledSet> firings, int current, int desired, Instant now) {
        Map<String, Instant> actionTimes = base.actions();
        if (!actions.isEmpty() || !memory.decided().isEmpty()) {
            actionTimes = new HashMap<>(base.actions());
            for (NamedAction a : actions) actionTimes.put(a.name(), now);
            // outcomes that change the count settle like named actions: their clock is the same
            for (String outcome : memory.decided()) actionTimes.put(outcome, now);
        }
        Map<String, Instant> scheduled = base.scheduled();
        for (Proposal.ScheduledSet f : firings) {
            Instant seen = scheduled.get(f.key());
            // only forward: a firing older than the one seen must not make the seen one due again
            if (seen != null && !f.firedAt().isAfter(seen)) continue;
            if (scheduled == base.scheduled()) scheduled = new HashMap<>(base.scheduled());
            scheduled.put(f.key(), f.firedAt());
        }
        List<ScaleEvent> ups = base.scaleUpEvents();
        List<ScaleEvent> downs = base.scaleDownEvents();
        Instant lastOut = base.lastScaleOut();
        Instant lastIn = base.lastScaleIn();
        if (desired != current) {
            if (desired > current) lastOut = now;
            else lastIn = now;
            if (spec.stabilizes()) {
                BehaviorStage.Events events = behaviorStage.record(spec, ups, downs, current, desired, now);
                ups = events.scaleUp();
                downs = events.scaleDown();
            }
        }
        return new ScalingState(ScalingState.CURRENT_VERSION, base.recommendations(), ups, downs, lastOut, lastIn,
                memory.updated(), actionTimes, scheduled);
    }

    /**
     * One line: what was decided, the proposal a limit shaped (which policy, what it read, what it wanted), the
     * message of the stage that decided, and any last-known value the decision rests on.
     */
    private static String summary(int from, int to, Reason reason, Proposal.Scale shaped, String setFirst, List<String> substituted,
                                  List<Step> steps, List<NamedAction> actions) {
        // the message of the stage that decided: the last one carrying the deciding reason
        String last = "";
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).reason() == reason) { last = steps.get(i).message(); break; }
        }
        if (last.isEmpty() && !steps.isEmpty()) last = steps.get(steps.size() - 1).message();
        StringBuilder sb = new StringBuilder();
        if (from == to) sb.append("keep ").append(from).append(" (").append(reason).append(')');
        else sb.append(to > from ? "scale out " : "scale in ").append(from).append(" -> ").append(to).append(" (").append(reason).append(')');
        String sep = ": ";
        if (setFirst != null) {
            sb.append(sep).append(setFirst);
            sep = "; ";
        }
        if (shaped != null) {
            sb.append(sep).append(shaped.policy()).append(" wanted ").append(shaped.replicas()).append(" (").append(shaped.message()).append(')');
            sep = "; ";
        }
        if (reason != Reason.NoChange || shaped != null) {
            sb.append(sep).append(last);
            sep = "; ";
        }
        if (reason != Reason.MissingLastKnown && !substituted.isEmpty()) sb.append(sep).append(String.join("; ", substituted));
        for (Step st : steps) {
            // a predictive policy that stood aside says so in the one line too: what it would have done and why not
            if ((st.reason() == Reason.ForecastGuard || st.reason() == Reason.ForecastOnly) && !st.message().equals(last)) sb.append("; ").append(st.message());
        }
        for (NamedAction a : actions) {
            sb.append("; decided ").append(a.name()).append(" [").append(a.severity().name().toLowerCase(java.util.Locale.ROOT)).append("] (")
                    .append(a.policy()).append(": ").append(a.reason()).append(')');
        }
        return sb.toString();
    }

    /** Sustain clocks from the previous state; only conditions that hold are carried forward. */
    private static final class StateMemory implements Memory {
        private final ScalingState state;
        private final Instant now;
        private Map<String, Instant> updated;
        private List<String> decided;

        StateMemory(ScalingState state, Instant now) {
            this.state = state;
            this.now = now;
        }

        @Override
        public Instant heldSince(String key) {
            Instant since = state.sustain().get(key);
            if (since == null) since = now;
            if (updated == null) updated = new HashMap<>();
            updated.put(key, since);
            return since;
        }

        @Override
        public Instant actionDecidedAt(String action) {
            return state.actions().get(action);
        }

        @Override
        public Instant scheduleFired(String key) {
            return state.scheduled().get(key);
        }

        @Override
        public void decided(String name) {
            if (decided == null) decided = new ArrayList<>(1);
            decided.add(name);
        }

        Map<String, Instant> updated() {
            return updated == null ? Map.of() : updated;
        }

        List<String> decided() {
            return decided == null ? List.of() : decided;
        }
    }
}
