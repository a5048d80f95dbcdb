package io.capstan.core.decide;

import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Policy;
import io.capstan.core.target.Signals;
import io.capstan.core.state.ScalingState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives one target through real windows and the real decider on a virtual clock, applying
 * each decision at once (ready = desired): the smallest closed loop a decider test needs.
 */
final class Harness {
    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    final TargetSpec spec;
    final Signals signals;
    final Decider decider = new Decider();
    ScalingState state = ScalingState.EMPTY;
    Instant now = T0;
    int replicas;
    final List<Decision> decisions = new ArrayList<>();

    Harness(TargetSpec spec) {
        this.spec = spec;
        this.signals = Signals.of(spec);
        this.replicas = spec.initialReplicas();
    }

    static TargetSpec target(int min, int max, int initial, Cooldowns cooldowns, List<Policy> policies, MetricSpec... metrics) {
        Map<String, MetricSpec> ms = new LinkedHashMap<>();
        for (MetricSpec m : metrics) ms.put(m.name(), m);
        return new TargetSpec("t", new Bounds(min, max), initial, ms, policies, null, cooldowns, null, null);
    }

    Harness sample(String metric, double value) {
        signals.add(metric, now.toEpochMilli(), value);
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
        Decider.Result r = decider.decide(spec, state, new Decider.Observation(replicas, replicas), signals.at(now), now);
        state = r.next();
        replicas = r.decision().to();
        decisions.add(r.decision());
        return r.decision();
    }

    Harness advance(Duration d) {
        now = now.plus(d);
        return this;
    }
}
