package io.capstan.core.spi;

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

    @Override
    void close();
}
