package io.capstan.core.decide;

import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Policy;
import io.capstan.core.engine.TargetRuntime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives one target through its {@link TargetRuntime} (the engine every driver runs) on a virtual
 * clock, applying each decision at once (ready = desired): the smallest closed loop a decider test needs.
 */
final class Harness {
    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    final TargetSpec spec;
    final TargetRuntime runtime;
    Instant now = T0;
    int replicas;
    final List<Decision> decisions = new ArrayList<>();

    Harness(TargetSpec spec) {
        this.spec = spec;
        this.runtime = new TargetRuntime(spec, new Decider());
        this.replicas = spec.initialReplicas();
    }

    static TargetSpec target(int min, int max, int initial, Cooldowns cooldowns, List<Policy> policies, MetricSpec... metrics) {
        Map<String, MetricSpec> ms = new LinkedHashMap<>();
        for (MetricSpec m : metrics) ms.put(m.name(), m);
        return new TargetSpec("t", new Bounds(min, max), initial, ms, policies, null, cooldowns, null, null);
    }

    Harness sample(String metric, double value) {
        runtime.add(metric, now.toEpochMilli(), value);
        return this;
    }

    /** Samples the given metrics once a minute for {@code minutes}, deciding after each minute. */
    Decision run(int minutes, Map<String, Double> values) {
        Decision last = null;
        for (int i = 0; i < minutes; i++) {
            now = now.plus(Duration.ofMinutes(1));
            values.forEach(this::sample);
            last = decide();
        }
        return last;
    }

    Decision decide() {
        Decision d = runtime.tick(new Decider.Observation(replicas, replicas), now);
        replicas = d.to();
        decisions.add(d);
        return d;
    }

    Harness advance(Duration d) {
        now = now.plus(d);
        return this;
    }
}
