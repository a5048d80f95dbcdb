package io.capstan.core.hpa;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the pods and samples of replica_calculator_test.go's fake clients: every pod has two containers with the
 * same request, samples carry the Go zero time unless given, and start times are the zero time, "hot" (now) or
 * "cool" (three minutes ago), as hotCPUCreationTime and coolCPUCreationTime make them.
 */
final class GoFixture {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /** Go's time.Time{}: what the fake clients leave in unset timestamps. */
    static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant HOT = NOW;
    static final Instant COOL = NOW.minus(Duration.ofMinutes(3));
    static final int CONTAINERS = 2;

    /** The calculator as the Go tests build it: 2 minute CPU initialization period, 10 second readiness delay. */
    static ReplicaCalculator calculator() {
        return new ReplicaCalculator(Duration.ofMinutes(2), Duration.ofSeconds(10));
    }

    static final Tolerances DEFAULT_TOLERANCES = Tolerances.symmetric(0.1);

    int currentReplicas;
    String container = "";
    List<HpaPod.ReadyCondition> readiness = List.of();
    List<Instant> startTimes = List.of();
    List<HpaPod.Phase> phases = List.of();
    List<Boolean> deleting = List.of();
    /** Per-container request in milli-units, one per pod; fewer than pods means the rest have none. */
    List<Long> requests = List.of();
    /** levels.get(i).get(j): usage of container j of pod i; a short row leaves a container without a sample. */
    List<List<Long>> levels = List.of();
    List<String> podNames = List.of();
    Instant sampleTime = GO_ZERO;

    static GoFixture current(int replicas) {
        GoFixture f = new GoFixture();
        f.currentReplicas = replicas;
        return f;
    }

    GoFixture container(String c) { container = c; return this; }
    GoFixture readiness(HpaPod.ReadyCondition... r) { readiness = List.of(r); return this; }
    GoFixture startTimes(Instant... s) { startTimes = List.of(s); return this; }
    GoFixture phases(HpaPod.Phase... p) { phases = List.of(p); return this; }
    GoFixture deleting(Boolean... d) { deleting = List.of(d); return this; }
    GoFixture podNames(String... n) { podNames = List.of(n); return this; }

    GoFixture requests(int n, long milli) {
        List<Long> r = new ArrayList<>();
        for (int i = 0; i < n; i++) r.add(milli);
        requests = r;
        return this;
    }

    GoFixture requests(Long... milli) { requests = List.of(milli); return this; }

    /** makePodMetricLevels: every container of pod i reports level i. */
    GoFixture podLevels(long... perContainer) {
        List<List<Long>> l = new ArrayList<>();
        for (long v : perContainer) l.add(List.of(v, v));
        levels = l;
        return this;
    }

    GoFixture containerLevels(long[]... rows) {
        List<List<Long>> l = new ArrayList<>();
        for (long[] row : rows) {
            List<Long> r = new ArrayList<>();
            for (long v : row) r.add(v);
            l.add(r);
        }
        levels = l;
        return this;
    }

    /** Custom-metric levels: one value per pod (Pods metrics) or per object. */
    GoFixture metricLevels(long... values) {
        List<List<Long>> l = new ArrayList<>();
        for (long v : values) l.add(List.of(v));
        levels = l;
        return this;
    }

    int podCount() {
        return Math.max(currentReplicas, phases.size());
    }

    List<HpaPod> pods() {
        List<HpaPod> pods = new ArrayList<>();
        for (int i = 0; i < podCount(); i++) {
            HpaPod.ReadyCondition ready = i < readiness.size() ? readiness.get(i) : HpaPod.ReadyCondition.TRUE;
            Instant start = startTimes.isEmpty() ? GO_ZERO : startTimes.get(i);
            HpaPod.Phase phase = phases.isEmpty() ? HpaPod.Phase.RUNNING : phases.get(i);
            boolean del = !deleting.isEmpty() && deleting.get(i);
            Long request = null;
            if (i < requests.size()) request = container.isEmpty() ? requests.get(i) * CONTAINERS : requests.get(i);
            pods.add(new HpaPod("test-pod-" + i, phase, ready, GO_ZERO, start, del, request));
        }
        return pods;
    }

    /** Resource samples: the pod's containers summed, or the named container's only (absent when it has none). */
    Map<String, PodSample> resourceSamples() {
        Map<String, PodSample> samples = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            String name = i < podNames.size() ? podNames.get(i) : "test-pod-" + i;
            List<Long> row = levels.get(i);
            long value;
            if (container.isEmpty()) {
                value = row.stream().mapToLong(Long::longValue).sum();
            } else {
                int idx = Integer.parseInt(container.substring("container".length())) - 1;
                if (idx >= row.size()) continue;
                value = row.get(idx);
            }
            samples.put(name, new PodSample(value, sampleTime, Duration.ofMinutes(1)));
        }
        return samples;
    }

    /** Custom pod-metric samples: one value per pod, by index. */
    Map<String, PodSample> podMetricSamples() {
        Map<String, PodSample> samples = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            samples.put("test-pod-" + i, new PodSample(levels.get(i).get(0), sampleTime, Duration.ofMinutes(1)));
        }
        return samples;
    }

    List<Long> externalValues() {
        return levels.stream().map(r -> r.get(0)).toList();
    }
}
