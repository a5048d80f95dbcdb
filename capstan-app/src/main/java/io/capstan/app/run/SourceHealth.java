package io.capstan.app.run;

import io.capstan.core.model.Durations;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which polled source types are failing, said on each change and not on each tick: WARN when a source starts failing
 * (with its reason and how many of its series), INFO when it reads again. A failure is already "no data" for the
 * metrics it feeds; this makes it visible in the log and in {@code /health}. Used by the tick thread only, read by any.
 */
final class SourceHealth {
    private record Failing(String reason, Instant since) {}

    private final Logger log;
    private final Map<String, Failing> failing = new TreeMap<>();

    SourceHealth(Logger log) {
        this.log = log;
    }

    synchronized void polled(String type, Collection<String> failures, int series, Instant now) {
        Failing was = failing.get(type);
        if (failures.isEmpty()) {
            if (was != null) {
                failing.remove(type);
                log.info("source {} reads again (it failed for {})", type, Durations.format(Duration.between(was.since(), now).truncatedTo(ChronoUnit.SECONDS)));
            }
            return;
        }
        if (was == null) {
            String reason = failures.iterator().next();
            failing.put(type, new Failing(reason, now));
            log.warn("source {} is failing ({} of {} series): {}; their metrics have no data until it reads again", type, failures.size(), series, reason);
        }
    }

    /** A source type a reload closed (removed, or reopened with other settings): its failure was the old one's. */
    synchronized void forget(Collection<String> types) {
        failing.keySet().removeAll(types);
    }

    synchronized Map<String, String> failing() {
        Map<String, String> m = new TreeMap<>();
        failing.forEach((type, f) -> m.put(type, f.reason() + " (since " + f.since().truncatedTo(ChronoUnit.SECONDS) + ")"));
        return m;
    }
}
