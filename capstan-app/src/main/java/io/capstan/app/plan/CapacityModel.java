package io.capstan.app.plan;

import java.util.List;

/**
 * How load turns into replicas: what one replica carries ({@link PerReplica}), a table of load to replicas read
 * between its rows ({@link Table}), or nothing to convert because the metric is itself a utilization in percent
 * ({@link Utilization}).
 */
sealed interface CapacityModel {

    /**
     * 004's figures: a replica runs comfortably at {@code baseline} and at most at {@code peak} (100 % utilization).
     * A bare {@code capacityPerReplica: C} is both.
     */
    record PerReplica(double baseline, double peak) implements CapacityModel {}

    /** 001's "monitors to workers" table: loads strictly rising, replicas never falling. */
    record Table(CapacityTable table) implements CapacityModel {}

    /** The metric is a utilization in percent of the current replicas (CPU %): thresholds compare with it directly. */
    record Utilization() implements CapacityModel {}

    /** What a threshold in percent means, for the report. */
    default String describe(Integer replicas, String unit) {
        return switch (this) {
            case PerReplica p -> p.baseline() == p.peak() ? PlanText.number(p.peak()) + unit + " per replica"
                    : PlanText.number(p.baseline()) + unit + " per replica baseline, " + PlanText.number(p.peak()) + unit + " peak";
            case Table t -> "a capacity table of " + t.table().rows().size() + " rows (load to replicas, read linearly between rows)";
            case Utilization u -> "the metric is a utilization in percent" + (replicas == null ? "" : " of " + replicas + " replicas");
        };
    }

    /** A row of a capacity table. */
    record Row(double load, double replicas) {}

    static Table table(List<Row> rows) {
        return new Table(new CapacityTable(rows));
    }
}
