package io.capstan.core.policy;

import io.capstan.core.explain.Explanation;
import io.capstan.core.explain.Reason;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.Durations;
import io.capstan.core.hpa.Tolerances;
import io.capstan.core.model.Numbers;
import io.capstan.core.model.Replicas;
import io.capstan.core.model.Severity;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;

import java.time.Duration;
import java.util.Objects;

/**
 * Keep a metric at a target, with the Kubernetes HPA formula: {@code desired = ceil(ratio x ready)}
 * with ratio = value / target, no change while the ratio is within the tolerance band
 * [1 - scaleDown, 1 + scaleUp] (the target's behavior may set each side, as in Kubernetes), and while
 * replicas are still starting a scale-up counts them as idle (the HPA's unready-pod rule), so the
 * policy does not pile replicas onto a load that the starting ones will absorb. The AWS flavour
 * adds {@link ScaleIn#DISABLED} and per-direction cooldowns.
 */
public record TargetTrackingPolicy(String name, String metric, Aggregation aggregation, Duration window, TrackingType type,
                                   double target, double tolerance, ScaleIn scaleIn, Cooldowns cooldowns) implements Policy {

    public static final double DEFAULT_TOLERANCE = 0.1;

    public enum ScaleIn { ENABLED, DISABLED }

    public TargetTrackingPolicy {
        Objects.requireNonNull(name, "policy name");
        Objects.requireNonNull(metric, "metric of " + name);
        aggregation = aggregation == null ? Aggregation.AVG : aggregation;
        window = window == null ? Duration.ofMinutes(1) : window;
        type = type == null ? TrackingType.UTILIZATION : type;
        scaleIn = scaleIn == null ? ScaleIn.ENABLED : scaleIn;
        if (!(target > 0) || !Double.isFinite(target)) throw new IllegalArgumentException("target of " + name + " must be positive, got " + target);
        if (tolerance < 0 || !Double.isFinite(tolerance)) throw new IllegalArgumentException("tolerance of " + name + " must not be negative");
    }

    @Override
    public String kind() {
        return "targetTracking";
    }

    @Override
    public Proposal propose(PolicyInput in) {
        Reading r = in.readings().read(metric, aggregation, window);
        if (r instanceof Reading.Missing m) {
            return new Proposal.NoData(name, metric, Explanation.of(() -> label() + ": no data (" + m.cause() + ")"));
        }
        double value = ((Reading.Present) r).value();
        int current = in.currentReplicas();
        int ready = Math.min(in.readyReplicas(), current);
        if (current == 0) {
            // Like the HPA: a target scaled to zero is not autoscaled from a ratio.
            return new Proposal.Hold(name, Reason.ScalingDisabled, Explanation.of(() -> seen(value) + "; current replicas 0"));
        }
        // behavior.scaleUp/scaleDown.tolerance replace this policy's tolerance for their direction,
        // as they replace the controller-wide tolerance in Kubernetes
        Tolerances band = Tolerances.of(in.behavior(), tolerance);
        double ratio;
        int base;
        boolean startingAsIdle = false;
        if (type == TrackingType.AVERAGE_VALUE) {
            ratio = value / (target * current);
            base = current;
        } else if (value / target > 1.0 && ready < current && ready > 0) {
            // Starting replicas count as idle for a scale-up (replica_calculator.go, unready pods).
            ratio = value / target * ready / current;
            base = current;
            startingAsIdle = true;
        } else {
            ratio = value / target;
            base = ready > 0 ? ready : current;
        }
        double shownRatio = ratio;
        // Every message names the ratio it acted on; while replicas start, that ratio is not value / target,
        // and a message that printed both without saying why would contradict itself.
        String basis = startingAsIdle ? idle(value, ready, current) : "";
        if (band.isWithin(ratio)) {
            return new Proposal.Scale(name, current, Reason.WithinTolerance, Explanation.of(() -> seen(value) + "; " + basis + "ratio "
                    + Numbers.format(shownRatio) + " within " + describe(band, shownRatio) + ": keep " + current), Severity.INFO, cooldowns);
        }
        if (startingAsIdle && ratio < 1.0) {
            return new Proposal.Scale(name, current, Reason.TargetTracking, Explanation.of(() -> seen(value) + "; " + basis + "ratio "
                    + Numbers.format(shownRatio) + " asks for no more: keep " + current), Severity.INFO, cooldowns);
        }
        int desired = type == TrackingType.AVERAGE_VALUE ? Replicas.ceil(value / target) : Replicas.ceil(ratio * base);
        if (desired == current) {
            return new Proposal.Scale(name, current, Reason.TargetTracking, Explanation.of(() -> seen(value) + "; " + basis + "ratio "
                    + Numbers.format(shownRatio) + " is outside " + describe(band, shownRatio) + " but rounds up to the current count ("
                    + formula(value, shownRatio, base) + " = " + current + "): keep " + current), Severity.INFO, cooldowns);
        }
        if (desired < current && scaleIn == ScaleIn.DISABLED) {
            int wanted = desired;
            return new Proposal.Scale(name, current, Reason.ScaleInDisabled, Explanation.of(() -> seen(value) + "; would scale in to "
                    + wanted + " but scale-in is disabled"), Severity.INFO, cooldowns);
        }
        int result = desired;
        return new Proposal.Scale(name, desired, Reason.TargetTracking, Explanation.of(() -> seen(value) + "; " + basis + "ratio "
                + Numbers.format(shownRatio) + " -> " + result + " replicas"), Severity.INFO, cooldowns);
    }

    /** How a scale-up ratio counts starting replicas as idle: the value spread over all of them. */
    private String idle(double value, int ready, int current) {
        int starting = current - ready;
        return "counting " + starting + " starting replica" + (starting == 1 ? "" : "s") + " as idle (" + Numbers.format(value) + " x "
                + ready + " ready / " + current + " = " + Numbers.format(value * ready / current) + " against " + Numbers.format(target) + "), ";
    }

    /** "tolerance 0.1", or the direction's own when the band is asymmetric. */
    private static String describe(Tolerances band, double ratio) {
        if (band.scaleDown() == band.scaleUp()) return "tolerance " + Numbers.format(band.scaleUp());
        return ratio < 1.0 ? "scale-down tolerance " + Numbers.format(band.scaleDown()) : "scale-up tolerance " + Numbers.format(band.scaleUp());
    }

    private String formula(double value, double ratio, int base) {
        return type == TrackingType.AVERAGE_VALUE ? "ceil(" + Numbers.format(value) + " / " + Numbers.format(target) + ")"
                : "ceil(" + Numbers.format(ratio) + " x " + base + ")";
    }

    private String label() {
        return Truth.label(aggregation, metric, window);
    }

    private String seen(double value) {
        return label() + " = " + Numbers.format(value) + ", target " + Numbers.format(target)
                + (type == TrackingType.AVERAGE_VALUE ? " per replica" : "");
    }
}
