package io.capstan.core.spi;

import java.util.Objects;

/**
 * One series a polled {@link MetricSource} is asked for: the target and metric the samples feed, and the source's own
 * spelling of what to read ({@code query}: a PromQL template in which the source itself puts the target, a host
 * metric name such as {@code cpu}). Requests are values, so a source can group equal queries and answer each request
 * once: the Prometheus source asks one query for all targets whose requests carry the same grouped template.
 */
public record SeriesRequest(String target, String metric, String query) {
    public SeriesRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(query, "query");
    }
}
