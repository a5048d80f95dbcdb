package io.capstan.core.decide;

import io.capstan.core.explain.Explanation;
import io.capstan.core.explain.Reason;
import io.capstan.core.explain.Step;
import io.capstan.core.hpa.HorizontalAutoscaler;
import io.capstan.core.hpa.HpaDecision;
import io.capstan.core.hpa.HpaMetric;
import io.capstan.core.hpa.HpaPod;
import io.capstan.core.hpa.HpaState;
import io.capstan.core.hpa.HpaTarget;
import io.capstan.core.hpa.MetricInput;
import io.capstan.core.hpa.MetricObservation;
import io.capstan.core.hpa.MetricProposal;
import io.capstan.core.hpa.PodSample;
import io.capstan.core.model.Severity;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.Proposal;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;
import io.capstan.core.signal.Readings;
import io.capstan.core.state.ScalingState;
import io.capstan.core.target.HpaDeclaration;
import io.capstan.core.target.HpaTargets;
import io.capstan.core.target.TargetSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a target declared as a Kubernetes HPA with the exact controller port,
 * {@link HorizontalAutoscaler#reconcile}: the one code path behind {@code capstan explain} on a manifest,
 * the simulator and the controller.
 *
 * <p>With the metrics APIs' answers given ({@link Decider.Observation#hpaInputs()}) they are used as given.
 * Otherwise each HPA metric's series is read through its 1m average (as {@link HpaTargets} declares it)
 * and becomes what the metrics APIs would have answered: the ready replicas as running, ready pods that
 * each report the series' value (for a Pods metric, whose series is the total, an even share of it), the
 * replicas still starting as pending pods (which the controller counts as idle for a scale-up and leaves
 * out of a scale-down, as a real rollout's are), the value itself for an Object metric and the sum for an
 * External one. A utilization is reported against a request of one core, so the controller's integer
 * percent is the series' value truncated, as it would be in the cluster. A missing series is an
 * unavailable metric: the controller's invalid-metric rules (no scale-down, scale-up on the others) apply.
 */
final class HpaDecider {
    private HpaDecider() {}

    /** Go's zero time: pods that started long ago, outside any CPU initialization period. */
    private static final Instant LONG_AGO = Instant.parse("0001-01-01T00:00:00Z");
    private static final long REQUEST_MILLI = 1000;

    static Decider.Result decide(int sequence, TargetSpec spec, ScalingState state, Decider.Observation observed,
                                 RecordingReadings readings, Instant now) {
        HpaDeclaration hpa = spec.hpa();
        int current = observed.currentReplicas();
        List<MetricInput> inputs = observed.hpaInputs().isEmpty() ? inputs(spec, observed, readings, now) : observed.hpaInputs();
        HpaState hpaState = new HpaState(current, observed.statusReplicas(), state.recommendations(), state.scaleUpEvents(),
                state.scaleDownEvents());
        HpaDecision d = new HorizontalAutoscaler(hpa.controller()).reconcile(hpa.spec(), hpaState, inputs, now);
        int desired = d.desiredReplicas();

        List<Proposal> proposals = new ArrayList<>(d.proposals().size());
        for (int i = 0; i < d.proposals().size(); i++) proposals.add(proposal(policyName(spec, i), d.proposals().get(i)));
        Reason reason = reason(d.steps());
        List<Step> steps = d.steps();
        Explanation summary = Explanation.of(() -> summary(current, desired, reason, steps));
        Instant lastOut = desired > current ? now : state.lastScaleOut();
        Instant lastIn = desired < current ? now : state.lastScaleIn();
        // kept between syncs without what can no longer change a stabilization: the same decisions, a bounded state
        List<io.capstan.core.hpa.TimedRecommendation> kept = io.capstan.core.hpa.HpaNormalizer.compactRecommendations(d.recommendations(),
                hpa.spec().behavior(), hpa.controller().downscaleStabilizationWindow(), now);
        ScalingState next = new ScalingState(ScalingState.CURRENT_VERSION, kept, d.scaleUpEvents(), d.scaleDownEvents(),
                lastOut, lastIn, Map.of(), state.actions(), state.scheduled());
        Decision decision = new Decision(spec.name(), now, sequence, current, observed.readyReplicas(), desired, reason, summary, proposals, steps,
                List.of(), readings.used());
        return new Decider.Result(decision, next);
    }

    /** What the metrics APIs would answer, one input per HPA metric, from the series' readings. */
    static List<MetricInput> inputs(TargetSpec spec, Decider.Observation observed, Readings readings, Instant now) {
        List<HpaMetric> metrics = spec.hpa().spec().metrics();
        int current = observed.currentReplicas();
        int ready = Math.min(observed.readyReplicas(), current);
        List<HpaPod> pods = pods(current, ready);
        List<MetricInput> out = new ArrayList<>(metrics.size());
        for (HpaMetric m : metrics) {
            Reading r = readings.read(HpaTargets.seriesName(m), Aggregation.AVG, HpaTargets.WINDOW);
            if (r instanceof Reading.Missing missing) {
                out.add(new MetricInput(new MetricObservation.Unavailable(missing.cause()), pods));
                continue;
            }
            double value = ((Reading.Present) r).value();
            MetricObservation obs = switch (m) {
                case HpaMetric.Resource res -> podMetrics(perPod(res.target(), value), ready, pods.size(), now);
                case HpaMetric.ContainerResource res -> podMetrics(perPod(res.target(), value), ready, pods.size(), now);
                case HpaMetric.Pods p -> podMetrics(ready == 0 ? 0 : milli(value / ready, pods.size()), ready, pods.size(), now);
                case HpaMetric.ObjectMetric o -> new MetricObservation.ObjectValue(milli(value, 1), now);
                case HpaMetric.External e -> new MetricObservation.ExternalValues(List.of(milli(value, 1)), now);
            };
            out.add(new MetricInput(obs, pods));
        }
        return out;
    }

    /** A utilization is a percent of the one-core request; an average value is the value itself. */
    private static long perPod(HpaTarget target, double value) {
        return target.type() == HpaTarget.Type.UTILIZATION ? milli(value / 100.0 * REQUEST_MILLI / 1000.0, 1) : milli(value, 1);
    }

    /**
     * Milli-units, capped so that the controller's sums over {@code pods} pods (times 100 for a percent) cannot
     * overflow: a value past the cap is still higher than any target.
     */
    private static long milli(double units, int pods) {
        double cap = (double) (Long.MAX_VALUE / 1000 / Math.max(1, pods));
        double m = Math.rint(units * 1000);
        return (long) Math.max(-cap, Math.min(cap, m));
    }

    private static MetricObservation podMetrics(long perPod, int ready, int pods, Instant now) {
        Map<String, PodSample> samples = new HashMap<>(ready * 2);
        PodSample sample = new PodSample(perPod, now, HpaTargets.WINDOW);
        for (int i = 0; i < ready; i++) samples.put(podName(i), sample);
        return new MetricObservation.PodMetrics(samples, now);
    }

    private static List<HpaPod> pods(int current, int ready) {
        List<HpaPod> pods = new ArrayList<>(current);
        for (int i = 0; i < current; i++) {
            pods.add(i < ready
                    ? new HpaPod(podName(i), HpaPod.Phase.RUNNING, HpaPod.ReadyCondition.TRUE, LONG_AGO, LONG_AGO, false, REQUEST_MILLI)
                    : new HpaPod(podName(i), HpaPod.Phase.PENDING, HpaPod.ReadyCondition.FALSE, LONG_AGO, LONG_AGO, false, REQUEST_MILLI));
        }
        return pods;
    }

    private static String podName(int i) {
        return "replica-" + i;
    }

    private static String policyName(TargetSpec spec, int metric) {
        List<Policy> policies = spec.policies();
        return metric < policies.size() ? policies.get(metric).name() : spec.hpa().spec().metrics().get(metric).describe();
    }

    private static Proposal proposal(String policy, MetricProposal p) {
        return switch (p) {
            case MetricProposal.Computed c -> new Proposal.Scale(policy, c.replicas(), Reason.ValidMetricFound,
                    Explanation.text(c.metric() + " proposes " + c.replicas()), Severity.INFO, null);
            case MetricProposal.Failed f -> new Proposal.Hold(policy, f.reason(), Explanation.text(f.message()));
        };
    }

    /** The reason of the last step that changed the count; for a kept count, a failure that kept it, else NoChange. */
    private static Reason reason(List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).before() != steps.get(i).after()) return steps.get(i).reason();
        }
        for (int i = steps.size() - 1; i >= 0; i--) {
            Reason r = steps.get(i).reason();
            if (r != Reason.ValidMetricFound && r != Reason.ReadyForNewScale && r != Reason.DesiredWithinRange) return r;
        }
        return Reason.NoChange;
    }

    private static String summary(int from, int to, Reason reason, List<Step> steps) {
        StringBuilder sb = new StringBuilder();
        if (from == to) sb.append("keep ").append(from).append(" (").append(reason).append(')');
        else sb.append(to > from ? "scale out " : "scale in ").append(from).append(" -> ").append(to).append(" (").append(reason).append(')');
        String sep = ": ";
        for (Step s : steps) {
            // the metrics' proposals, then the stage that decided
            if (s.stage().startsWith("metric:") || s.reason() == reason && s.before() != s.after()) {
                sb.append(sep).append(s.stage()).append(' ').append(s.message());
                sep = "; ";
            }
        }
        return sb.toString();
    }
}
