package io.capstan.core.hpa;

/**
 * spec.behavior. Its presence alone switches the controller from the legacy normalization to the behavior one.
 */
public record HpaBehavior(HpaScalingRules scaleUp, HpaScalingRules scaleDown) {

    /** Ports SetDefaults_HorizontalPodAutoscalerBehavior (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules). */
    public HpaBehavior withDefaults() {
        return new HpaBehavior(generateScaleUpRules(scaleUp), generateScaleDownRules(scaleDown));
    }

    /** Ports GenerateHPAScaleUpRules. */
    public static HpaScalingRules generateScaleUpRules(HpaScalingRules rules) {
        return rules == null ? HpaScalingRules.scaleUpDefaults() : rules.over(HpaScalingRules.scaleUpDefaults());
    }

    /** Ports GenerateHPAScaleDownRules. */
    public static HpaScalingRules generateScaleDownRules(HpaScalingRules rules) {
        return rules == null ? HpaScalingRules.scaleDownDefaults() : rules.over(HpaScalingRules.scaleDownDefaults());
    }
}
