package io.capstan.core.hpa;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the metrics APIs returned for one metric of the spec, or that they failed. The controller fetches these;
 * here they are inputs, so the maths stays pure.
 */
public sealed interface MetricObservation {

    /** Resource, ContainerResource and Pods metrics: samples by pod name (may name pods outside the pod list). */
    record PodMetrics(Map<String, PodSample> samples, Instant timestamp) implements MetricObservation {
        public PodMetrics {
            samples = Map.copyOf(samples);
        }
    }

    /** Object metrics: the object's value in milli-units. */
    record ObjectValue(long milliValue, Instant timestamp) implements MetricObservation {
    }

    /** External metrics: every matching series' value in milli-units; the controller sums them. */
    record ExternalValues(List<Long> milliValues, Instant timestamp) implements MetricObservation {
        public ExternalValues {
            milliValues = List.copyOf(milliValues);
        }
    }

    /** The fetch failed; the cause becomes the metric's error. */
    record Unavailable(String cause) implements MetricObservation {
    }
}
