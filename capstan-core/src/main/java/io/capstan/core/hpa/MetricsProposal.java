package io.capstan.core.hpa;

import io.capstan.core.explain.Step;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The combined proposal of all metrics (computeReplicasForMetrics): the largest usable proposal, or none when every
 * metric failed or when some failed and the others would scale down.
 *
 * @param replicas     empty when the controller would not scale
 * @param invalid      the first failed metric, if any failed (a scale-up may still go ahead without it)
 * @param steps        one step per metric and a final "combine" step, chained from the current count
 */
public record MetricsProposal(OptionalInt replicas, String metric, List<MetricProposal> proposals,
                              Optional<MetricProposal.Failed> invalid, int invalidCount, List<Step> steps) {
    public MetricsProposal {
        proposals = List.copyOf(proposals);
        steps = List.copyOf(steps);
    }
}
