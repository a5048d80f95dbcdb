package io.capstan.core.hpa;

import io.capstan.core.explain.Step;

import java.util.List;

/**
 * One sync's outcome: the replica count the controller would set, every step that led there (they chain from the
 * current count), each metric's proposal, and the history to keep for the next sync.
 */
public record HpaDecision(int desiredReplicas, List<Step> steps, List<MetricProposal> proposals,
                          List<TimedRecommendation> recommendations,
                          List<ScaleEvent> scaleUpEvents, List<ScaleEvent> scaleDownEvents) {
    public HpaDecision {
        steps = List.copyOf(steps);
        proposals = List.copyOf(proposals);
        recommendations = List.copyOf(recommendations);
        scaleUpEvents = List.copyOf(scaleUpEvents);
        scaleDownEvents = List.copyOf(scaleDownEvents);
    }
}
