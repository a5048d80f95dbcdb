package io.capstan.core.spi;

import java.util.List;
import java.util.Map;

/**
 * What one {@link MetricSource#poll} found: the samples read, and for each request that could not be answered, why
 * (a timeout, an HTTP status, an empty or stale result). A request in neither is simply without a new sample.
 */
public record Poll(List<Sample> samples, Map<SeriesRequest, String> failures) {
    public Poll {
        samples = List.copyOf(samples);
        failures = Map.copyOf(failures);
    }

    /** Every request failed for the same reason (the source itself is unreachable). */
    public static Poll failed(List<SeriesRequest> requests, String why) {
        Map<SeriesRequest, String> failures = new java.util.HashMap<>();
        for (SeriesRequest r : requests) failures.put(r, why);
        return new Poll(List.of(), failures);
    }
}
