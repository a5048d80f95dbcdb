package io.capstan.core.hpa;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaulting of behavior as pkg/apis/autoscaling/v2/defaults.go does it (TestGenerateScaleUpRules, TestGenerateScaleDownRules). */
class HpaBehaviorDefaultsTest {

    @Test
    void TestGenerateScaleUpRules_nilGivesTheDefaults() {
        HpaScalingRules r = HpaBehavior.generateScaleUpRules(null);
        assertThat(r.stabilizationWindowSeconds()).isZero();
        assertThat(r.selectPolicy()).isEqualTo(SelectPolicy.MAX);
        assertThat(r.policies()).containsExactly(HpaRatePolicy.pods(4, 15), HpaRatePolicy.percent(100, 15));
        assertThat(r.tolerance()).isNull();
    }

    @Test
    void TestGenerateScaleDownRules_nilGivesTheDefaultsAndLeavesTheWindowToTheController() {
        HpaScalingRules r = HpaBehavior.generateScaleDownRules(null);
        assertThat(r.stabilizationWindowSeconds()).isNull();
        assertThat(r.selectPolicy()).isEqualTo(SelectPolicy.MAX);
        assertThat(r.policies()).containsExactly(HpaRatePolicy.percent(100, 15));
    }

    @Test
    void TestGenerateScaleUpRules_setFieldsOverrideEachDefaultOnItsOwn() {
        HpaScalingRules r = HpaBehavior.generateScaleUpRules(new HpaScalingRules(null, SelectPolicy.MIN, null, 0.05));
        assertThat(r.stabilizationWindowSeconds()).isZero();
        assertThat(r.selectPolicy()).isEqualTo(SelectPolicy.MIN);
        assertThat(r.policies()).hasSize(2);
        assertThat(r.tolerance()).isEqualTo(0.05);

        HpaScalingRules p = HpaBehavior.generateScaleUpRules(new HpaScalingRules(120, null, List.of(HpaRatePolicy.pods(1, 60)), null));
        assertThat(p.stabilizationWindowSeconds()).isEqualTo(120);
        assertThat(p.selectPolicy()).isEqualTo(SelectPolicy.MAX);
        assertThat(p.policies()).containsExactly(HpaRatePolicy.pods(1, 60));
    }

    @Test
    void TestGenerateScaleDownRules_setFieldsOverrideEachDefaultOnItsOwn() {
        HpaScalingRules r = HpaBehavior.generateScaleDownRules(new HpaScalingRules(60, SelectPolicy.DISABLED, null, null));
        assertThat(r.stabilizationWindowSeconds()).isEqualTo(60);
        assertThat(r.selectPolicy()).isEqualTo(SelectPolicy.DISABLED);
        assertThat(r.policies()).containsExactly(HpaRatePolicy.percent(100, 15));
    }

    @Test
    void perDirectionToleranceOverridesTheControllerTolerance() {
        HpaSpec spec = new HpaSpec(1, 10, List.of(new HpaMetric.Resource("cpu", HpaTarget.utilization(80))),
                new HpaBehavior(new HpaScalingRules(null, null, null, 0.01), null));
        assertThat(spec.tolerances(0.1)).isEqualTo(new Tolerances(0.1, 0.01));
        HpaSpec legacy = new HpaSpec(1, 10, spec.metrics(), null);
        assertThat(legacy.tolerances(0.2)).isEqualTo(Tolerances.symmetric(0.2));
    }

    @Test
    void toleranceBandIsInclusiveAtBothEnds() {
        Tolerances t = new Tolerances(0.25, 0.5);
        assertThat(t.isWithin(0.75)).isTrue();
        assertThat(t.isWithin(1.5)).isTrue();
        assertThat(t.isWithin(0.7499)).isFalse();
        assertThat(t.isWithin(1.5001)).isFalse();
        assertThat(t).hasToString("[down:25.0%, up:50.0%]");
    }

    @Test
    void recordsRejectWhatTheApiServerRejects() {
        assertThatThrownBy(() -> new HpaSpec(5, 2, List.of(), null)).hasMessageContaining("maxReplicas 2 is below minReplicas 5");
        assertThatThrownBy(() -> new HpaScalingRules(3601, null, null, null)).hasMessageContaining("3601");
        assertThatThrownBy(() -> new HpaRatePolicy(HpaRatePolicy.PolicyType.PODS, 0, Duration.ofSeconds(15))).hasMessageContaining("value 0");
        assertThatThrownBy(() -> HpaRatePolicy.pods(1, 1801)).hasMessageContaining("period");
    }
}
