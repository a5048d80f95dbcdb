package io.capstan.core.hpa;

import java.util.List;

/**
 * What the controller knows of one target between syncs: the scale subresource and its in-memory history.
 *
 * @param specReplicas    scale.spec.replicas, the controller's "current replicas"
 * @param statusReplicas  scale.status.replicas, which AverageValue targets of Object and External metrics divide by
 * @param recommendations recommendation history; empty means a first sync
 */
public record HpaState(int specReplicas, int statusReplicas, List<TimedRecommendation> recommendations,
                       List<ScaleEvent> scaleUpEvents, List<ScaleEvent> scaleDownEvents) {
    public HpaState {
        if (specReplicas < 0 || statusReplicas < 0) throw new IllegalArgumentException("replica counts must not be negative");
        recommendations = List.copyOf(recommendations);
        scaleUpEvents = List.copyOf(scaleUpEvents);
        scaleDownEvents = List.copyOf(scaleDownEvents);
    }
}
