package io.capstan.core.hpa;

import io.capstan.core.explain.Reason;
import io.capstan.core.model.Replicas;
import io.capstan.core.explain.Step;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;

/**
 * Port of the HPA controller's normalization (horizontal.go): stabilization, then rate limits and bounds, for both
 * the behavior path (normalizeDesiredReplicasWithBehaviors) and the legacy path without {@code behavior}
 * (normalizeDesiredReplicas).
 *
 * <p>The Go code keeps recommendations and scale events in controller maps and reads {@code time.Now()}; here both
 * are parameters and the updated history is returned, so a caller can persist it. Window comparisons mirror the
 * Go operators exactly: {@code After(cutoff)} counts a time inside the window only when it is strictly younger than
 * the window, while the legacy stabilization's {@code Before(cutoff)} keeps a time exactly one window old.
 */
public final class HpaNormalizer {

    /** calculateScaleUpLimit's factor and floor for the legacy path. */
    static final double SCALE_UP_LIMIT_FACTOR = 2.0;
    static final double SCALE_UP_LIMIT_MINIMUM = 4.0;

    private HpaNormalizer() {
    }

    /**
     * Everything normalization reads (horizontal.go NormalizationArg plus the controller state it looks up).
     *
     * @param currentReplicas              the target's spec.replicas
     * @param desiredReplicas              the proposal from the metrics
     * @param behavior                     spec.behavior, or null for the legacy path
     * @param downscaleStabilizationWindow the controller flag: the legacy window, and the behavior path's scale-down
     *                                     window when the manifest leaves it unset
     */
    public record NormalizationArg(int currentReplicas, int desiredReplicas, int minReplicas, int maxReplicas,
                                   HpaBehavior behavior, Duration downscaleStabilizationWindow,
                                   List<TimedRecommendation> recommendations,
                                   List<ScaleEvent> scaleUpEvents, List<ScaleEvent> scaleDownEvents, Instant now) {
        public NormalizationArg {
            if (now == null) throw new IllegalArgumentException("now must be given");
            if (downscaleStabilizationWindow == null) throw new IllegalArgumentException("downscaleStabilizationWindow must be given");
            recommendations = List.copyOf(recommendations);
            scaleUpEvents = List.copyOf(scaleUpEvents);
            scaleDownEvents = List.copyOf(scaleDownEvents);
        }
    }

    /** The normalized count, the two steps that produced it, and the recommendation history to keep. */
    public record Normalized(int replicas, List<Step> steps, List<TimedRecommendation> recommendations) {
        public Normalized {
            steps = List.copyOf(steps);
            recommendations = List.copyOf(recommendations);
        }
    }

    /** Scale events per direction after a rescale was stored. */
    public record ScaleEvents(List<ScaleEvent> scaleUp, List<ScaleEvent> scaleDown) {
        public ScaleEvents {
            scaleUp = List.copyOf(scaleUp);
            scaleDown = List.copyOf(scaleDown);
        }
    }

    /** Normalizes with plain values; see {@link NormalizationArg} for the parameters. */
    public static Normalized normalize(int currentReplicas, int desiredReplicas, int minReplicas, int maxReplicas,
                                       HpaBehavior behavior, Duration downscaleStabilizationWindow,
                                       List<TimedRecommendation> recommendations, List<ScaleEvent> scaleUpEvents,
                                       List<ScaleEvent> scaleDownEvents, Instant now) {
        return normalize(new NormalizationArg(currentReplicas, desiredReplicas, minReplicas, maxReplicas, behavior,
                downscaleStabilizationWindow, recommendations, scaleUpEvents, scaleDownEvents, now));
    }

    /** Dispatches as reconcileAutoscaler does: behavior present or not. */
    public static Normalized normalize(NormalizationArg arg) {
        return arg.behavior() == null ? normalizeLegacy(arg) : normalizeWithBehaviors(arg);
    }

    /** The longest recommendation history kept whole by {@link #compactRecommendations}. */
    public static final int KEPT_WHOLE = 64;

    /**
     * The recommendation history with what can no longer change any stabilization left out, for keeping between
     * decisions: Kubernetes keeps one entry per evaluation in the windows (every 15 s: a few dozen), but a pushed
     * metric may be evaluated hundreds of times a second, and a history kept whole grows with every evaluation and
     * is written whole with every decision. What is left out, with time moving forward: an entry no window will count
     * again (at or before both cutoffs; before the cutoff on the legacy path), and an entry a newer one matches or
     * exceeds for the scale-down window's highest and a newer one matches or undercuts for the scale-up window's lowest
     * (the newer one stays in each window at least as long). The newest entry is always kept, so the history never
     * empties and the first-sync entry is never added again. What stabilization takes from the history is then the
     * same as from the whole one (tested step by step against it), and the history holds at most one entry per replica
     * count. A history of up to {@value #KEPT_WHOLE} entries (Kubernetes' own: one per 15-second sync over 5 minutes is 20)
     * is kept whole, exactly as the controller keeps it and explain shows it. O(n log n).
     */
    public static List<TimedRecommendation> compactRecommendations(List<TimedRecommendation> history, HpaBehavior behavior,
                                                                   Duration downscaleStabilizationWindow, Instant now) {
        if (history.size() <= KEPT_WHOLE) return history;
        Instant upCutoff;
        Instant downCutoff;
        boolean legacy = behavior == null;
        if (legacy) {
            upCutoff = now;
            downCutoff = now.minus(downscaleStabilizationWindow);
        } else {
            HpaBehavior b = effectiveBehavior(behavior, downscaleStabilizationWindow);
            upCutoff = now.minusSeconds(b.scaleUp().stabilizationWindowSeconds());
            downCutoff = now.minusSeconds(b.scaleDown().stabilizationWindowSeconds());
        }
        List<TimedRecommendation> newestFirst = new ArrayList<>(history);
        newestFirst.sort(java.util.Comparator.comparing(TimedRecommendation::at).reversed());
        List<TimedRecommendation> kept = new ArrayList<>();
        kept.add(newestFirst.get(0));
        int highestNewer = newestFirst.get(0).replicas();
        int lowestNewer = highestNewer;
        for (int i = 1; i < newestFirst.size(); i++) {
            TimedRecommendation r = newestFirst.get(i);
            boolean counted = legacy ? !r.at().isBefore(downCutoff) : r.at().isAfter(upCutoff) || r.at().isAfter(downCutoff);
            // legacy: only the scale-down side reads the history
            boolean shadowed = r.replicas() <= highestNewer && (legacy || r.replicas() >= lowestNewer);
            if (counted && !shadowed) kept.add(r);
            highestNewer = Math.max(highestNewer, r.replicas());
            lowestNewer = Math.min(lowestNewer, r.replicas());
        }
        if (kept.size() == history.size()) return history;
        java.util.Collections.reverse(kept);
        return List.copyOf(kept);
    }

    /** The behavior with API defaults filled in and the scale-down window taken from the controller when unset. */
    static HpaBehavior effectiveBehavior(HpaBehavior behavior, Duration downscaleStabilizationWindow) {
        HpaBehavior b = behavior.withDefaults();
        HpaScalingRules down = b.scaleDown();
        if (down.stabilizationWindowSeconds() == null) { // ports maybeInitScaleDownStabilizationWindow
            down = new HpaScalingRules((int) downscaleStabilizationWindow.toSeconds(), down.selectPolicy(),
                    down.policies(), down.tolerance());
        }
        return new HpaBehavior(b.scaleUp(), down);
    }

    // ---- behavior path ----

    /** Ports normalizeDesiredReplicasWithBehaviors. */
    static Normalized normalizeWithBehaviors(NormalizationArg arg) {
        HpaBehavior behavior = effectiveBehavior(arg.behavior(), arg.downscaleStabilizationWindow());
        List<TimedRecommendation> history = new ArrayList<>(arg.recommendations());
        List<Step> steps = new ArrayList<>();

        int prenormalized = arg.desiredReplicas();
        Limited stabilized = stabilizeRecommendationWithBehaviors(arg.currentReplicas(), prenormalized, behavior, history, arg.now());
        if (stabilized.replicas != prenormalized) {
            steps.add(new Step("stabilize", stabilized.reason, prenormalized, stabilized.replicas, stabilized.message));
        } else {
            steps.add(new Step("stabilize", Reason.ReadyForNewScale, prenormalized, prenormalized,
                    "recommended size matches current size"));
        }

        Limited rated = convertDesiredReplicasWithBehaviorRate(arg.currentReplicas(), stabilized.replicas,
                arg.minReplicas(), arg.maxReplicas(), behavior, arg.scaleUpEvents(), arg.scaleDownEvents(), arg.now());
        steps.add(new Step("limit", rated.reason, stabilized.replicas, rated.replicas, rated.message));
        return new Normalized(rated.replicas, steps, history);
    }

    /** A limiter's (value, reason, message), as the Go limiters return it. */
    record Limited(int replicas, Reason reason, String message) {
    }

    /**
     * Ports stabilizeRecommendationWithBehaviors: the recommendation is held between the lowest recommendation of the
     * scale-up window and the highest of the scale-down window; the unstabilized proposal is recorded, replacing a
     * sample older than both windows when there is one. Mutates {@code history}.
     */
    static Limited stabilizeRecommendationWithBehaviors(int currentReplicas, int desiredReplicas, HpaBehavior behavior,
                                                        List<TimedRecommendation> history, Instant now) {
        boolean foundOldSample = false;
        int oldSampleIndex = 0;

        int upRecommendation = desiredReplicas;
        int upDelaySeconds = behavior.scaleUp().stabilizationWindowSeconds();
        Instant upCutoff = now.minusSeconds(upDelaySeconds);

        int downRecommendation = desiredReplicas;
        int downDelaySeconds = behavior.scaleDown().stabilizationWindowSeconds();
        Instant downCutoff = now.minusSeconds(downDelaySeconds);

        for (int i = 0; i < history.size(); i++) {
            TimedRecommendation rec = history.get(i);
            if (rec.at().isAfter(upCutoff)) upRecommendation = Math.min(rec.replicas(), upRecommendation);
            if (rec.at().isAfter(downCutoff)) downRecommendation = Math.max(rec.replicas(), downRecommendation);
            if (rec.at().isBefore(upCutoff) && rec.at().isBefore(downCutoff)) {
                foundOldSample = true;
                oldSampleIndex = i;
            }
        }

        int recommendation = currentReplicas;
        if (recommendation < upRecommendation) recommendation = upRecommendation;
        if (recommendation > downRecommendation) recommendation = downRecommendation;

        TimedRecommendation fresh = new TimedRecommendation(now, desiredReplicas);
        if (foundOldSample) history.set(oldSampleIndex, fresh);
        else history.add(fresh);

        if (desiredReplicas >= currentReplicas) {
            return new Limited(recommendation, Reason.ScaleUpStabilized,
                    "recent recommendations were lower than current one, applying the lowest recent recommendation"
                            + " (scale-up window " + upDelaySeconds + "s)");
        }
        return new Limited(recommendation, Reason.ScaleDownStabilized,
                "recent recommendations were higher than current one, applying the highest recent recommendation"
                        + " (scale-down window " + downDelaySeconds + "s)");
    }

    /** Ports convertDesiredReplicasWithBehaviorRate: rate policies, then min/max. */
    static Limited convertDesiredReplicasWithBehaviorRate(int currentReplicas, int desiredReplicas, int minReplicas,
                                                          int maxReplicas, HpaBehavior behavior,
                                                          List<ScaleEvent> scaleUpEvents, List<ScaleEvent> scaleDownEvents,
                                                          Instant now) {
        if (desiredReplicas > currentReplicas) {
            HpaScalingRules rules = behavior.scaleUp();
            int scaleUpLimit = calculateScaleUpLimitWithScalingRules(currentReplicas, scaleUpEvents, scaleDownEvents, rules, now);
            if (scaleUpLimit < currentReplicas) {
                // no further scale-up until the scale-up events leave their periods
                scaleUpLimit = currentReplicas;
            }
            int maximumAllowed = maxReplicas;
            Reason reason;
            String message;
            if (maximumAllowed > scaleUpLimit) {
                maximumAllowed = scaleUpLimit;
                if (rules.selectPolicy() == SelectPolicy.DISABLED) {
                    reason = Reason.ScalingDisabled;
                    message = "scaleUp selectPolicy is Disabled (Kubernetes reports ScaleUpLimit)";
                } else {
                    reason = Reason.ScaleUpLimit;
                    message = "the desired replica count is increasing faster than the maximum scale rate";
                }
            } else {
                reason = Reason.TooManyReplicas;
                message = "the desired replica count is more than the maximum replica count";
            }
            if (desiredReplicas > maximumAllowed) {
                return new Limited(maximumAllowed, reason, message + " (" + desiredReplicas + " > " + maximumAllowed + ")");
            }
        } else if (desiredReplicas < currentReplicas) {
            HpaScalingRules rules = behavior.scaleDown();
            int scaleDownLimit = calculateScaleDownLimitWithBehaviors(currentReplicas, scaleUpEvents, scaleDownEvents, rules, now);
            if (scaleDownLimit > currentReplicas) {
                // no further scale-down until the scale-down events leave their periods
                scaleDownLimit = currentReplicas;
            }
            int minimumAllowed = minReplicas;
            Reason reason;
            String message;
            if (minimumAllowed < scaleDownLimit) {
                minimumAllowed = scaleDownLimit;
                if (rules.selectPolicy() == SelectPolicy.DISABLED) {
                    reason = Reason.ScalingDisabled;
                    message = "scaleDown selectPolicy is Disabled (Kubernetes reports ScaleDownLimit)";
                } else {
                    reason = Reason.ScaleDownLimit;
                    message = "the desired replica count is decreasing faster than the maximum scale rate";
                }
            } else {
                reason = Reason.TooFewReplicas;
                message = "the desired replica count is less than the minimum replica count";
            }
            if (desiredReplicas < minimumAllowed) {
                return new Limited(minimumAllowed, reason, message + " (" + desiredReplicas + " < " + minimumAllowed + ")");
            }
        }
        return new Limited(desiredReplicas, Reason.DesiredWithinRange, "the desired count is within the acceptable range");
    }

    /** Ports getReplicasChangePerPeriod: the change of the events strictly younger than the period. */
    static int getReplicasChangePerPeriod(int periodSeconds, List<ScaleEvent> scaleEvents, Instant now) {
        Instant cutoff = now.minusSeconds(periodSeconds);
        int replicas = 0;
        for (ScaleEvent e : scaleEvents) {
            if (e.at().isAfter(cutoff)) replicas += e.replicaChange();
        }
        return replicas;
    }

    /** Ports calculateScaleUpLimitWithScalingRules. */
    static int calculateScaleUpLimitWithScalingRules(int currentReplicas, List<ScaleEvent> scaleUpEvents,
                                                     List<ScaleEvent> scaleDownEvents, HpaScalingRules rules, Instant now) {
        int result;
        IntBinaryOperator select;
        if (rules.selectPolicy() == SelectPolicy.DISABLED) return currentReplicas;
        if (rules.selectPolicy() == SelectPolicy.MIN) {
            result = Integer.MAX_VALUE;
            select = Math::min;
        } else {
            result = Integer.MIN_VALUE;
            select = Math::max;
        }
        for (HpaRatePolicy policy : rules.policies()) {
            int added = getReplicasChangePerPeriod(policy.periodSeconds(), scaleUpEvents, now);
            int deleted = getReplicasChangePerPeriod(policy.periodSeconds(), scaleDownEvents, now);
            int periodStartReplicas = currentReplicas - added + deleted;
            int proposed = policy.type() == HpaRatePolicy.PolicyType.PODS
                    ? Replicas.plus(periodStartReplicas, policy.value())
                    // rounded up, or a small percentage of a small count would never scale up
                    : (int) Math.ceil((double) periodStartReplicas * (1 + (double) policy.value() / 100));
            result = select.applyAsInt(result, proposed);
        }
        return result;
    }

    /** Ports calculateScaleDownLimitWithBehaviors. */
    static int calculateScaleDownLimitWithBehaviors(int currentReplicas, List<ScaleEvent> scaleUpEvents,
                                                    List<ScaleEvent> scaleDownEvents, HpaScalingRules rules, Instant now) {
        int result;
        IntBinaryOperator select;
        if (rules.selectPolicy() == SelectPolicy.DISABLED) return currentReplicas;
        if (rules.selectPolicy() == SelectPolicy.MIN) {
            result = Integer.MIN_VALUE;
            select = Math::max;
        } else {
            result = Integer.MAX_VALUE;
            select = Math::min;
        }
        for (HpaRatePolicy policy : rules.policies()) {
            int added = getReplicasChangePerPeriod(policy.periodSeconds(), scaleUpEvents, now);
            int deleted = getReplicasChangePerPeriod(policy.periodSeconds(), scaleDownEvents, now);
            int periodStartReplicas = currentReplicas - added + deleted;
            int proposed = policy.type() == HpaRatePolicy.PolicyType.PODS
                    ? periodStartReplicas - policy.value()
                    : (int) ((double) periodStartReplicas * (1 - (double) policy.value() / 100));
            result = select.applyAsInt(result, proposed);
        }
        return result;
    }

    // ---- legacy path ----

    /** Ports normalizeDesiredReplicas: downscale stabilization over the controller window, then convertDesiredReplicasWithRules. */
    static Normalized normalizeLegacy(NormalizationArg arg) {
        List<TimedRecommendation> history = new ArrayList<>(arg.recommendations());
        List<Step> steps = new ArrayList<>();
        int prenormalized = arg.desiredReplicas();
        int stabilized = stabilizeRecommendation(prenormalized, arg.downscaleStabilizationWindow(), history, arg.now());
        if (stabilized != prenormalized) {
            steps.add(new Step("stabilize", Reason.ScaleDownStabilized, prenormalized, stabilized,
                    "recent recommendations were higher than current one, applying the highest recent recommendation"
                            + " (downscale stabilization " + arg.downscaleStabilizationWindow().toSeconds() + "s)"));
        } else {
            steps.add(new Step("stabilize", Reason.ReadyForNewScale, prenormalized, prenormalized,
                    "recommended size matches current size"));
        }
        Limited limited = convertDesiredReplicasWithRules(arg.currentReplicas(), stabilized, arg.minReplicas(), arg.maxReplicas());
        steps.add(new Step("limit", limited.reason, stabilized, limited.replicas, limited.message));
        return new Normalized(limited.replicas, steps, history);
    }

    /**
     * Ports stabilizeRecommendation: the highest recommendation not older than the window (a time exactly one window
     * old still counts, as {@code Before(cutoff)} is false for it); the proposal replaces the last older sample.
     */
    static int stabilizeRecommendation(int prenormalizedDesiredReplicas, Duration window,
                                       List<TimedRecommendation> history, Instant now) {
        int maxRecommendation = prenormalizedDesiredReplicas;
        boolean foundOldSample = false;
        int oldSampleIndex = 0;
        Instant cutoff = now.minus(window);
        for (int i = 0; i < history.size(); i++) {
            TimedRecommendation rec = history.get(i);
            if (rec.at().isBefore(cutoff)) {
                foundOldSample = true;
                oldSampleIndex = i;
            } else if (rec.replicas() > maxRecommendation) {
                maxRecommendation = rec.replicas();
            }
        }
        TimedRecommendation fresh = new TimedRecommendation(now, prenormalizedDesiredReplicas);
        if (foundOldSample) history.set(oldSampleIndex, fresh);
        else history.add(fresh);
        return maxRecommendation;
    }

    /** Ports convertDesiredReplicasWithRules: min, then the legacy scale-up cap max(2 x current, 4) or max. */
    static Limited convertDesiredReplicasWithRules(int currentReplicas, int desiredReplicas, int hpaMinReplicas, int hpaMaxReplicas) {
        int minimumAllowed = hpaMinReplicas;
        int maximumAllowed;
        Reason reason;
        String message;
        // do not upscale too much, against bogus usage reports (kubernetes#32304)
        int scaleUpLimit = calculateScaleUpLimit(currentReplicas);
        if (hpaMaxReplicas > scaleUpLimit) {
            maximumAllowed = scaleUpLimit;
            reason = Reason.ScaleUpLimit;
            message = "the desired replica count is increasing faster than the maximum scale rate";
        } else {
            maximumAllowed = hpaMaxReplicas;
            reason = Reason.TooManyReplicas;
            message = "the desired replica count is more than the maximum replica count";
        }
        if (desiredReplicas < minimumAllowed) {
            return new Limited(minimumAllowed, Reason.TooFewReplicas,
                    "the desired replica count is less than the minimum replica count (" + desiredReplicas + " < " + minimumAllowed + ")");
        } else if (desiredReplicas > maximumAllowed) {
            return new Limited(maximumAllowed, reason, message + " (" + desiredReplicas + " > " + maximumAllowed + ")");
        }
        return new Limited(desiredReplicas, Reason.DesiredWithinRange, "the desired count is within the acceptable range");
    }

    /** Ports calculateScaleUpLimit. */
    static int calculateScaleUpLimit(int currentReplicas) {
        return (int) Math.max(SCALE_UP_LIMIT_FACTOR * currentReplicas, SCALE_UP_LIMIT_MINIMUM);
    }

    // ---- scale events ----

    /**
     * Ports storeScaleEvent: after a rescale from {@code prevReplicas} to {@code newReplicas}, marks the events older
     * than the direction's longest policy period as outdated and records the new event in the last outdated slot, or
     * appends it. Without a behavior nothing is stored, as the legacy path never reads events.
     */
    public static ScaleEvents storeScaleEvent(HpaBehavior behavior, Duration downscaleStabilizationWindow,
                                              List<ScaleEvent> scaleUpEvents, List<ScaleEvent> scaleDownEvents,
                                              int prevReplicas, int newReplicas, Instant now) {
        if (behavior == null) return new ScaleEvents(scaleUpEvents, scaleDownEvents);
        HpaBehavior b = effectiveBehavior(behavior, downscaleStabilizationWindow);
        if (newReplicas > prevReplicas) {
            return new ScaleEvents(store(scaleUpEvents, b.scaleUp(), newReplicas - prevReplicas, now), scaleDownEvents);
        }
        return new ScaleEvents(scaleUpEvents, store(scaleDownEvents, b.scaleDown(), prevReplicas - newReplicas, now));
    }

    private static List<ScaleEvent> store(List<ScaleEvent> events, HpaScalingRules rules, int replicaChange, Instant now) {
        List<ScaleEvent> marked = markScaleEventsOutdated(events, rules.longestPolicyPeriodSeconds(), now);
        int oldSampleIndex = -1;
        for (int i = 0; i < marked.size(); i++) {
            if (marked.get(i).outdated()) oldSampleIndex = i;
        }
        ScaleEvent fresh = ScaleEvent.of(now, replicaChange);
        if (oldSampleIndex >= 0) marked.set(oldSampleIndex, fresh);
        else marked.add(fresh);
        return marked;
    }

    /** Ports markScaleEventsOutdated: events older than the longest policy period may be reused. */
    static List<ScaleEvent> markScaleEventsOutdated(List<ScaleEvent> events, int longestPolicyPeriodSeconds, Instant now) {
        Instant cutoff = now.minusSeconds(longestPolicyPeriodSeconds);
        List<ScaleEvent> marked = new ArrayList<>(events.size());
        for (ScaleEvent e : events) {
            marked.add(e.at().isBefore(cutoff) ? new ScaleEvent(e.at(), e.replicaChange(), true) : e);
        }
        return marked;
    }
}
