package io.capstan.core.hpa;

import io.capstan.core.explain.Reason;
import io.capstan.core.explain.Step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Port of horizontal.go's decision path: computeReplicasForMetric(s) and the replica logic of reconcileAutoscaler,
 * without the API calls. One instance holds the controller flags; every method is pure.
 */
public final class HorizontalAutoscaler {

    private final ControllerSettings settings;
    private final ReplicaCalculator calculator;

    public HorizontalAutoscaler(ControllerSettings settings) {
        this.settings = settings;
        this.calculator = new ReplicaCalculator(settings.cpuInitializationPeriod(), settings.initialReadinessDelay());
    }

    public ControllerSettings settings() {
        return settings;
    }

    /**
     * The replica logic of reconcileAutoscaler for one sync: record the first recommendation, handle a target at
     * zero or outside [min, max], otherwise compute the metrics' proposal and normalize it; store a scale event
     * when the count changes.
     */
    public HpaDecision reconcile(HpaSpec spec, HpaState state, List<MetricInput> inputs, Instant now) {
        int current = state.specReplicas();
        List<TimedRecommendation> history = new ArrayList<>(state.recommendations());
        if (history.isEmpty()) history.add(new TimedRecommendation(now, current)); // recordInitialRecommendation

        List<Step> steps = new ArrayList<>();
        List<MetricProposal> proposals = List.of();
        int desired;
        if (current == 0 && spec.minReplicas() != 0) {
            desired = 0;
            steps.add(new Step("bounds", Reason.ScalingDisabled, 0, 0,
                    "scaling is disabled since the replica count of the target is zero"));
        } else if (current > spec.maxReplicas()) {
            desired = spec.maxReplicas();
            steps.add(new Step("bounds", Reason.TooManyReplicas, current, desired,
                    "Current number of replicas above Spec.MaxReplicas"));
        } else if (current < spec.minReplicas()) {
            desired = spec.minReplicas();
            steps.add(new Step("bounds", Reason.TooFewReplicas, current, desired,
                    "Current number of replicas below Spec.MinReplicas"));
        } else {
            MetricsProposal combined = computeReplicasForMetrics(spec, state, inputs, now);
            proposals = combined.proposals();
            steps.addAll(combined.steps());
            if (combined.replicas().isEmpty()) {
                desired = current;
            } else {
                HpaNormalizer.Normalized normalized = HpaNormalizer.normalize(new HpaNormalizer.NormalizationArg(
                        current, combined.replicas().getAsInt(), spec.minReplicas(), spec.maxReplicas(), spec.behavior(),
                        settings.downscaleStabilizationWindow(), history, state.scaleUpEvents(), state.scaleDownEvents(), now));
                steps.addAll(normalized.steps());
                history = new ArrayList<>(normalized.recommendations());
                desired = normalized.replicas();
            }
        }

        List<ScaleEvent> ups = state.scaleUpEvents();
        List<ScaleEvent> downs = state.scaleDownEvents();
        if (desired != current) {
            HpaNormalizer.ScaleEvents events = HpaNormalizer.storeScaleEvent(spec.behavior(),
                    settings.downscaleStabilizationWindow(), ups, downs, current, desired, now);
            ups = events.scaleUp();
            downs = events.scaleDown();
        }
        return new HpaDecision(desired, steps, proposals, history, ups, downs);
    }

    /**
     * Ports computeReplicasForMetrics: the largest proposal of the usable metrics. A failed metric does not stop a
     * scale-up, but it does stop a scale-down (and everything, when all metrics fail).
     */
    public MetricsProposal computeReplicasForMetrics(HpaSpec spec, HpaState state, List<MetricInput> inputs, Instant now) {
        if (inputs.size() != spec.metrics().size()) {
            throw new IllegalArgumentException(inputs.size() + " metric inputs for " + spec.metrics().size() + " metrics");
        }
        int specReplicas = state.specReplicas();
        int statusReplicas = state.statusReplicas();
        Tolerances tolerances = spec.tolerances(settings.tolerance());

        List<MetricProposal> proposals = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        Integer best = null; // Go starts at 0 and lets any proposal replace a 0
        String bestMetric = "";
        int invalidCount = 0;
        MetricProposal.Failed firstInvalid = null;
        for (int i = 0; i < spec.metrics().size(); i++) {
            HpaMetric metric = spec.metrics().get(i);
            MetricProposal p = computeReplicasForMetric(metric, inputs.get(i), specReplicas, statusReplicas, tolerances, now);
            proposals.add(p);
            int before = best == null ? specReplicas : best;
            String stage = "metric:" + metric.describe();
            switch (p) {
                case MetricProposal.Failed f -> {
                    if (invalidCount <= 0) firstInvalid = f;
                    invalidCount++;
                    steps.add(new Step(stage, f.reason(), before, before, f.message()));
                }
                case MetricProposal.Computed c -> {
                    if (best == null || best == 0 || c.replicas() > best) {
                        best = c.replicas();
                        bestMetric = c.metric();
                    }
                    steps.add(new Step(stage, Reason.ValidMetricFound, before, best, describe(metric, c, tolerances)));
                }
            }
        }
        int proposal = best == null ? 0 : best;
        int last = best == null ? specReplicas : best;
        if (invalidCount >= spec.metrics().size() || (invalidCount > 0 && proposal < specReplicas)) {
            String why = invalidCount >= spec.metrics().size() ? "" : "; some metrics are invalid and the others ask to scale down";
            steps.add(new Step("combine", firstInvalid.reason(), last, specReplicas,
                    "invalid metrics (" + invalidCount + " invalid out of " + spec.metrics().size()
                            + "), first error is: " + firstInvalid.message() + why + "; not scaling"));
            return new MetricsProposal(OptionalInt.empty(), "", proposals, Optional.of(firstInvalid), invalidCount, steps);
        }
        String note = invalidCount > 0 ? " (" + invalidCount + " invalid metric(s) ignored for a scale-up)" : "";
        steps.add(new Step("combine", Reason.ValidMetricFound, last, proposal,
                "the HPA was able to successfully calculate a replica count from " + bestMetric + note));
        return new MetricsProposal(OptionalInt.of(proposal), bestMetric, proposals, Optional.ofNullable(firstInvalid),
                invalidCount, steps);
    }

    /** Ports computeReplicasForMetric with the computeStatusFor*Metric functions it dispatches to. */
    public MetricProposal computeReplicasForMetric(HpaMetric metric, MetricInput input, int specReplicas, int statusReplicas,
                                                   Tolerances tolerances, Instant now) {
        String name = metric.describe();
        Reason failure = failureReason(metric);
        MetricObservation obs = input.observation();
        if (obs instanceof MetricObservation.Unavailable u) {
            return new MetricProposal.Failed(name, failure, "unable to get " + name + ": " + u.cause());
        }
        HpaTarget target = metric.target();
        ReplicaCalculator.Outcome outcome;
        switch (metric) {
            case HpaMetric.Resource r -> {
                if (!(obs instanceof MetricObservation.PodMetrics pm)) return mismatch(name, failure, obs);
                outcome = resourceOutcome(r.name(), "", target, specReplicas, tolerances, input, pm, now);
            }
            case HpaMetric.ContainerResource r -> {
                if (!(obs instanceof MetricObservation.PodMetrics pm)) return mismatch(name, failure, obs);
                outcome = resourceOutcome(r.name(), r.container(), target, specReplicas, tolerances, input, pm, now);
            }
            case HpaMetric.Pods p -> {
                if (!(obs instanceof MetricObservation.PodMetrics pm)) return mismatch(name, failure, obs);
                if (target.type() != HpaTarget.Type.AVERAGE_VALUE) {
                    return new MetricProposal.Failed(name, failure, "invalid pods metric source: only an average value target is supported");
                }
                outcome = calculator.plainMetricReplicas(specReplicas, target.milliValue(), "", tolerances,
                        input.pods(), pm.samples(), now);
            }
            case HpaMetric.ObjectMetric o -> {
                if (!(obs instanceof MetricObservation.ObjectValue ov)) return mismatch(name, failure, obs);
                if (target.type() == HpaTarget.Type.VALUE) {
                    outcome = calculator.objectMetricReplicas(specReplicas, target.milliValue(), ov.milliValue(), tolerances, input.pods());
                } else if (target.type() == HpaTarget.Type.AVERAGE_VALUE) {
                    outcome = calculator.objectPerPodMetricReplicas(statusReplicas, target.milliValue(), ov.milliValue(), tolerances);
                } else {
                    return new MetricProposal.Failed(name, failure,
                            "invalid object metric source: neither a value target nor an average value target was set");
                }
            }
            case HpaMetric.External e -> {
                if (!(obs instanceof MetricObservation.ExternalValues ev)) return mismatch(name, failure, obs);
                if (ev.milliValues().isEmpty()) {
                    return new MetricProposal.Failed(name, failure, "unable to get " + name + ": no metrics returned from external metrics API");
                }
                if (target.type() == HpaTarget.Type.AVERAGE_VALUE) {
                    outcome = calculator.externalPerPodMetricReplicas(statusReplicas, target.milliValue(), ev.milliValues(), tolerances);
                } else if (target.type() == HpaTarget.Type.VALUE) {
                    outcome = calculator.externalMetricReplicas(specReplicas, target.milliValue(), ev.milliValues(), tolerances, input.pods());
                } else {
                    return new MetricProposal.Failed(name, failure,
                            "invalid external metric source: neither a value target nor an average value target was set");
                }
            }
        }
        if (!outcome.ok()) return new MetricProposal.Failed(name, failure, "failed to get " + name + ": " + outcome.error());
        return new MetricProposal.Computed(name, outcome.replicas(), outcome.usage(), outcome.utilization(), timestamp(obs));
    }

    private ReplicaCalculator.Outcome resourceOutcome(String resource, String container, HpaTarget target, int specReplicas,
                                                      Tolerances tolerances, MetricInput input,
                                                      MetricObservation.PodMetrics pm, Instant now) {
        return switch (target.type()) {
            case AVERAGE_VALUE -> calculator.plainMetricReplicas(specReplicas, target.milliValue(), resource, tolerances,
                    input.pods(), pm.samples(), now);
            case UTILIZATION -> calculator.resourceReplicas(specReplicas, target.averageUtilization(), resource, container,
                    tolerances, input.pods(), pm.samples(), now);
            case VALUE -> ReplicaCalculator.Outcome.failed("invalid resource metric source: neither an average utilization"
                    + " target nor an average value (usage) target was set");
        };
    }

    private static Reason failureReason(HpaMetric metric) {
        return switch (metric) {
            case HpaMetric.Resource r -> Reason.FailedGetResourceMetric;
            case HpaMetric.ContainerResource r -> Reason.FailedGetContainerResourceMetric;
            case HpaMetric.Pods p -> Reason.FailedGetPodsMetric;
            case HpaMetric.ObjectMetric o -> Reason.FailedGetObjectMetric;
            case HpaMetric.External e -> Reason.FailedGetExternalMetric;
        };
    }

    private static MetricProposal mismatch(String name, Reason reason, MetricObservation obs) {
        return new MetricProposal.Failed(name, reason, "the observation (" + obs.getClass().getSimpleName()
                + ") does not fit the metric's source type");
    }

    private static Instant timestamp(MetricObservation obs) {
        return switch (obs) {
            case MetricObservation.PodMetrics pm -> pm.timestamp();
            case MetricObservation.ObjectValue ov -> ov.timestamp();
            case MetricObservation.ExternalValues ev -> ev.timestamp();
            case MetricObservation.Unavailable u -> null;
        };
    }

    private static String describe(HpaMetric metric, MetricProposal.Computed c, Tolerances tolerances) {
        HpaTarget t = metric.target();
        String current = c.utilization().isPresent()
                ? "current " + c.utilization().getAsInt() + "% of request, target " + t.averageUtilization() + "%"
                : switch (t.type()) {
                    case VALUE -> "current value " + milli(c.usageMilli()) + ", target value " + milli(t.milliValue());
                    case AVERAGE_VALUE -> "current average " + milli(c.usageMilli()) + ", target average " + milli(t.milliValue());
                    case UTILIZATION -> "";
                };
        return "proposes " + c.replicas() + " replicas (" + current + ", tolerance " + tolerances + ")";
    }

    private static String milli(long milli) {
        if (milli % 1000 == 0) return Long.toString(milli / 1000);
        return String.format(Locale.ROOT, "%dm", milli);
    }
}
