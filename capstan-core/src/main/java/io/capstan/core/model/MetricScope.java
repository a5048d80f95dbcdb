package io.capstan.core.model;

/**
 * Whether a metric is measured per replica (CPU %, memory %: adding replicas dilutes it) or for
 * the whole target (queue depth, request rate, error rate: the same however many replicas serve
 * it). The flapping guard and demand replay only rescale per-replica metrics.
 */
public enum MetricScope {
    REPLICA, TARGET
}
