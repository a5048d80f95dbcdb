package io.capstan.core.policy;

/**
 * The HPA's target types. UTILIZATION and VALUE compare one value with the target and scale the
 * replica count by the ratio; AVERAGE_VALUE divides a target-wide total by the per-replica target.
 */
public enum TrackingType {
    UTILIZATION, AVERAGE_VALUE, VALUE
}
