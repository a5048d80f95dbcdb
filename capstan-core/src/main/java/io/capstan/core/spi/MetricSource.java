package io.capstan.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where live samples come from when Capstan asks for them: Prometheus, the host it runs on, Kubernetes metrics. Sources
 * that deliver on their own (pushed samples, remote-write) hand samples to a {@link SampleSink} instead.
 *
 * <p>The contract every implementation keeps:
 * <ul>
 *   <li><b>Failure is absence, never zero.</b> {@link #poll} does not throw for a failure of the world; a series it
 *       could not read is listed in {@link Poll#failures()} with the reason, and the controller applies the metric's
 *       {@code onMissing} rule. Stale or empty answers are failures too.</li>
 *   <li><b>Bounded.</b> A poll returns within the source's configured timeout.</li>
 *   <li><b>Batched.</b> One poll receives every request of a tick, so a source can answer many targets with one query
 *       (a PromQL {@code sum by (deployment) (...)}) instead of one round trip per target.</li>
 * </ul>
 */
public interface MetricSource extends AutoCloseable {

    /** Reads the latest value of each requested series as of {@code now}. */
    Poll poll(List<SeriesRequest> requests, Instant now);

    /** True when {@link #range} can read the past: the source keeps history (Prometheus), not only the present (a host). */
    default boolean keepsHistory() {
        return false;
    }

    /**
     * Reads each requested series over [{@code from}, {@code to}], one value per {@code step} on the grid of
     * {@code step} multiples (a warm start of a forecast). Same contract as {@link #poll}: never throws for a failure of
     * the world, a series it could not read is in the failures; a series with no value in the range has no samples.
     * Not bounded by the poll timeout per se: a range may take one query per chunk the server allows.
     */
    default Poll range(List<SeriesRequest> requests, Instant from, Instant to, Duration step) {
        return Poll.failed(requests, "this source keeps no history");
    }

    @Override
    void close();
}
