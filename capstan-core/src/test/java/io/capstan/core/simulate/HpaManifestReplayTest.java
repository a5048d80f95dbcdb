package io.capstan.core.simulate;

import io.capstan.core.explain.Reason;
import io.capstan.core.hpa.HpaBehavior;
import io.capstan.core.hpa.HpaMetric;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.hpa.HpaSpec;
import io.capstan.core.hpa.HpaTarget;
import io.capstan.core.target.HpaTargets;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.capstan.core.simulate.Specs.perMinute;
import static io.capstan.core.simulate.Specs.repeat;
import static org.assertj.core.api.Assertions.assertThat;

/** A manifest replayed by the simulator is decided by the controller port, as explain decides it. */
class HpaManifestReplayTest {
    private final Simulator simulator = new Simulator();

    private static HpaSpec cpu100(HpaBehavior behavior) {
        return new HpaSpec(1, 10, List.of(new HpaMetric.Resource("cpu", HpaTarget.utilization(100))), behavior);
    }

    /** The example: 3 replicas at 65% of a 100% target keep 3 with scaleDown.tolerance 0.5, scale to 2 without. */
    @Test
    void perDirectionToleranceKeepsTheCountAsExplainDoes() {
        HpaBehavior wide = new HpaBehavior(null, new HpaScalingRules(0, null, null, 0.5));
        Trace trace = perMinute(Trace.builder(), "cpu", repeat(65, 5)).build();
        TargetResult kept = simulator.run(List.of(HpaTargets.toTarget("web", cpu100(wide), 3)), trace, SimulationOptions.DEFAULTS).target("web");
        assertThat(kept.rows()).extracting(Row::desiredReplicas).containsOnly(3);

        HpaBehavior narrow = new HpaBehavior(null, new HpaScalingRules(0, null, null, null));
        TargetResult scaled = simulator.run(List.of(HpaTargets.toTarget("web", cpu100(narrow), 3)), trace, SimulationOptions.DEFAULTS).target("web");
        assertThat(scaled.rows().get(0).desiredReplicas()).isEqualTo(2);
    }

    /**
     * horizontal_test.go TestScaleUpFromZeroCMObject: with minReplicas 0, an Object metric scales a target up from zero.
     * Target tracking (the manifest's old simulate path) holds a target at zero.
     */
    @Test
    void anObjectMetricScalesUpFromZero() {
        HpaSpec qps = new HpaSpec(0, 6, List.of(new HpaMetric.ObjectMetric("qps", "Deployment", "some", HpaTarget.value(10_000))), null);
        Trace trace = perMinute(Trace.builder(), "qps", repeat(20, 3)).build();
        TargetResult r = simulator.run(List.of(HpaTargets.toTarget("web", qps, 0)), trace, SimulationOptions.DEFAULTS).target("web");
        assertThat(r.rows().get(0).desiredReplicas()).isEqualTo(2);
    }

    /**
     * The controller reads a whole percent: 110.9% of a 100% target is 110%, inside the 0.1 band (1.1 inclusive), so the
     * count is kept; a real-valued ratio of 1.109 would leave the band and scale out.
     */
    @Test
    void utilizationIsAWholePercentAsTheControllerReadsIt() {
        Trace trace = perMinute(Trace.builder(), "cpu", repeat(110.9, 3)).build();
        TargetResult r = simulator.run(List.of(HpaTargets.toTarget("web", cpu100(null), 4)), trace, SimulationOptions.DEFAULTS).target("web");
        assertThat(r.rows()).extracting(Row::desiredReplicas).containsOnly(4);
    }

    @Test
    void withoutABehaviorTheLegacyPathLimitsAScaleUp() {
        TargetSpec spec = HpaTargets.toTarget("web", cpu100(null), 2);
        Trace trace = perMinute(Trace.builder(), "cpu", repeat(300, 2)).build();
        TargetResult r = simulator.run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("web");
        assertThat(r.rows().get(0).desiredReplicas()).as("legacy limit max(2 x 2, 4)").isEqualTo(4);
        assertThat(r.rows().get(0).reason()).isEqualTo(Reason.ScaleUpLimit);
    }
}
