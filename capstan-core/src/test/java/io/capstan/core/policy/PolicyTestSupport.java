package io.capstan.core.policy;

import io.capstan.core.model.Bounds;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;
import io.capstan.core.signal.Readings;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Policy inputs with fixed values per metric and a memory that remembers like the decider's. */
final class PolicyTestSupport {
    private PolicyTestSupport() {}

    static final class TestMemory implements Memory {
        final Map<String, Instant> since = new HashMap<>();
        final Map<String, Instant> actions = new HashMap<>();
        Instant now;
        private Map<String, Instant> next = new HashMap<>();

        @Override
        public Instant heldSince(String key) {
            Instant s = since.getOrDefault(key, now);
            next.put(key, s);
            return s;
        }

        @Override
        public Instant actionDecidedAt(String action) {
            return actions.get(action);
        }

        /** Ends an evaluation: only conditions reported as holding carry forward. */
        void commit() {
            since.clear();
            since.putAll(next);
            next = new HashMap<>();
        }
    }

    /** Readings where every window of a metric reads the given value; absent metrics are missing. */
    static Readings values(Map<String, Double> values) {
        return (String metric, Aggregation agg, Duration window) -> {
            Double v = values.get(metric);
            return v == null ? new Reading.Missing("no samples") : new Reading.Present(v, 1, 1.0);
        };
    }

    static PolicyInput input(Instant now, int current, int ready, int min, int max, Map<String, Double> values, TestMemory memory) {
        memory.now = now;
        return new PolicyInput(now, current, ready, new Bounds(min, max), values(values), memory);
    }
}
