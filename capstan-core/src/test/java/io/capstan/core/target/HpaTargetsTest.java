package io.capstan.core.target;

import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.hpa.HpaMetric;
import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.hpa.HpaSpec;
import io.capstan.core.hpa.HpaTarget;
import io.capstan.core.hpa.SelectPolicy;

import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.explain.Reason;
import io.capstan.core.model.RateLimiting;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.state.ScalingState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** HPA manifests as Capstan targets: the simulator's view of an HPA. */
class HpaTargetsTest {
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    @Test
    void metricsBecomeTargetTrackingWithTheHpaFormula() {
        HpaSpec hpa = new HpaSpec(3, 20, List.of(
                new HpaMetric.Resource("cpu", HpaTarget.utilization(70)),
                new HpaMetric.Pods("http_requests_per_second", HpaTarget.averageValue(1_000_000)),
                new HpaMetric.External("queue_messages", HpaTarget.averageValue(30_000))), null);
        TargetSpec t = HpaTargets.toTarget("api-server", hpa, 3);
        assertThat(t.rateLimiting()).isEqualTo(RateLimiting.KUBERNETES_LEGACY);
        assertThat(t.policies()).extracting(p -> ((TargetTrackingPolicy) p).type())
                .containsExactly(TrackingType.UTILIZATION, TrackingType.AVERAGE_VALUE, TrackingType.AVERAGE_VALUE);
        assertThat(t.metric("http_requests_per_second").scope()).as("a Pods series is the total over pods")
                .isEqualTo(io.capstan.core.model.MetricScope.TARGET);
        assertThat(((TargetTrackingPolicy) t.policies().get(1)).target()).isEqualTo(1000);
        assertThat(((TargetTrackingPolicy) t.policies().get(2)).target()).isEqualTo(30);
    }

    /** Without behavior the legacy path limits a scale-up to max(2 x current, 4) (calculateScaleUpLimit). */
    @Test
    void legacyPathLimitsScaleUp() {
        HpaSpec hpa = new HpaSpec(1, 50, List.of(new HpaMetric.Resource("cpu", HpaTarget.utilization(10))), null);
        TargetSpec t = HpaTargets.toTarget("web", hpa, 3);
        Signals signals = Signals.of(t);
        Instant now = T0.plusSeconds(60);
        signals.add("cpu", now.toEpochMilli(), 100);
        Decision d = new Decider().decide(t, ScalingState.EMPTY, new Decider.Observation(3, 3), signals.at(now), now).decision();
        assertThat(d.to()).isEqualTo(6);
        assertThat(d.reason()).isEqualTo(Reason.ScaleUpLimit);
    }

    @Test
    void behaviorCarriesOver() {
        HpaBehavior b = new HpaBehavior(new HpaScalingRules(60, SelectPolicy.MAX, List.of(HpaRatePolicy.pods(5, 30)), null),
                new HpaScalingRules(300, null, null, 0.05));
        TargetSpec t = HpaTargets.toTarget("api", new HpaSpec(1, 10, List.of(new HpaMetric.Resource("cpu", HpaTarget.utilization(70))), b), 1);
        assertThat(t.rateLimiting()).isEqualTo(RateLimiting.BEHAVIOR);
        assertThat(t.behavior().scaleUp().policies()).containsExactly(HpaRatePolicy.pods(5, 30));
        assertThat(t.behavior().scaleDown().tolerance()).isEqualTo(0.05);
    }
}
