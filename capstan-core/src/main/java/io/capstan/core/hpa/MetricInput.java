package io.capstan.core.hpa;

import java.util.List;

/**
 * Everything one metric's calculation reads: the observation and the pods the target's selector matches
 * (for Object and External metrics only their readiness counts, and only for Value targets).
 */
public record MetricInput(MetricObservation observation, List<HpaPod> pods) {
    public MetricInput {
        if (observation == null) throw new IllegalArgumentException("observation must be given");
        pods = List.copyOf(pods);
    }
}
