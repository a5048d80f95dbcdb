package io.capstan.app.plan;

import java.time.ZoneId;
import java.util.List;

/**
 * The {@code plan:} section of a plan file: which series to plan for, the capacity it runs on, and the levels that
 * matter. See docs/plan.md.
 *
 * @param metric       the history's series to plan for, or null for its only one
 * @param query        the PromQL of the metric for {@code --history prometheus[:URL]}, or null for the run config's
 * @param unit         the metric's unit, for the report ("" for none)
 * @param zone         the zone peak hours and days are read in
 * @param replicas     the replicas running now, or null when not given (no utilization, no runway on capacity)
 * @param capacity     how load turns into replicas, or null (no sizing)
 * @param spikeReserve the share of capacity kept free for spikes, in percent
 * @param thresholds   utilization levels in percent, rising (plan at 70 %, act before 85 %)
 * @param phases       levels of the metric itself, rising (000's phases by agent count)
 */
record PlanConfig(String metric, String query, String unit, ZoneId zone, Integer replicas, CapacityModel capacity, double spikeReserve,
                  List<Level> thresholds, List<Level> phases) {
    PlanConfig {
        thresholds = List.copyOf(thresholds);
        phases = List.copyOf(phases);
    }

    /** A named level: a threshold's percent or a phase's metric value. */
    record Level(String name, double at) {}

    /** The runbooks' rule: "plan scaling at 70 % capacity, execute before 85 %". */
    static final List<Level> DEFAULT_THRESHOLDS = List.of(new Level("plan", 70), new Level("act", 85));

    /** 004: "reserve 30 % capacity for traffic spikes". */
    static final double DEFAULT_SPIKE_RESERVE = 30;

    /** The unit with a leading space, or "" for none. */
    String spacedUnit() {
        return unit.isEmpty() ? "" : " " + unit;
    }
}
