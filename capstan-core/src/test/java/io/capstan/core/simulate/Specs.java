package io.capstan.core.simulate;

import io.capstan.core.model.Bounds;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.FlappingGuard;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.model.Severity;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built specs and traces for simulator tests. */
final class Specs {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private Specs() {}

    static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    static ThresholdPolicy above(String name, String metric, double value, Duration sustain, Action action) {
        return new ThresholdPolicy(name, new Condition.Compare(metric, Aggregation.AVG, Duration.ofMinutes(1), Comparator.GT, value, Duration.ZERO),
                sustain, Severity.WARNING, action, null);
    }

    static ThresholdPolicy below(String name, String metric, double value, Duration sustain, Action action) {
        return new ThresholdPolicy(name, new Condition.Compare(metric, Aggregation.AVG, Duration.ofMinutes(1), Comparator.LT, value, Duration.ZERO),
                sustain, Severity.WARNING, action, null);
    }

    static TargetTrackingPolicy tracking(String metric, double target) {
        return new TargetTrackingPolicy("track-" + metric, metric, Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION,
                target, TargetTrackingPolicy.DEFAULT_TOLERANCE, null, null);
    }

    static TargetSpec target(String name, int min, int max, int initial, List<Policy> policies, Cooldowns cooldowns, ServiceModel service,
                             String... metrics) {
        Map<String, MetricSpec> ms = new LinkedHashMap<>();
        for (String m : metrics) ms.put(m, MetricSpec.of(m));
        return new TargetSpec(name, new Bounds(min, max), initial, ms, policies, null, cooldowns, service, FlappingGuard.OFF);
    }

    /** One sample a minute from T0 for each value. */
    static Trace.Builder perMinute(Trace.Builder b, String series, double... values) {
        for (int i = 0; i < values.length; i++) b.add(series, minute(i), values[i]);
        return b;
    }

    static double[] repeat(double v, int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) n += p.length;
        double[] out = new double[n];
        int i = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }
}
