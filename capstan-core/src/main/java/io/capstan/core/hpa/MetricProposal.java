package io.capstan.core.hpa;

import io.capstan.core.explain.Reason;

import java.time.Instant;
import java.util.OptionalInt;

/** One metric's outcome: a replica proposal, or the error the controller would report for it. */
public sealed interface MetricProposal {

    String metric();

    /**
     * A usable proposal.
     *
     * @param usageMilli  current usage as the controller reports it in status (average or total, milli-units)
     * @param utilization current utilization percent, for Utilization targets
     */
    record Computed(String metric, int replicas, long usageMilli, OptionalInt utilization, Instant timestamp)
            implements MetricProposal {
    }

    /** The metric could not be used; {@code reason} is the condition reason (FailedGetResourceMetric, ...). */
    record Failed(String metric, Reason reason, String message) implements MetricProposal {
    }
}
