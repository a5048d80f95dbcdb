package io.capstan.core.hpa;

import java.time.Duration;
import java.time.Instant;

/** One pod's sample from the metrics API (metricsclient.PodMetric): value in milli-units, taken at, over window. */
public record PodSample(long milliValue, Instant timestamp, Duration window) {
    public PodSample {
        if (timestamp == null || window == null) throw new IllegalArgumentException("sample time and window must be given");
    }
}
