package io.capstan.app.plan;

import java.util.List;

/**
 * A load-to-replicas table read as a monotone piecewise-linear function: between two rows the replicas a load
 * needs are interpolated linearly; below the first row the first row's replicas hold (a smaller load never needs
 * more); above the last row nothing is known, so {@link #replicas} gives NaN and the report says the table ends
 * there, rather than extrapolate a line the table never measured.
 *
 * @param rows loads strictly rising, replicas never falling (the reader reports rows that are not)
 */
record CapacityTable(List<CapacityModel.Row> rows) {
    CapacityTable {
        rows = List.copyOf(rows);
        if (rows.isEmpty()) throw new IllegalArgumentException("a capacity table needs a row");
        for (int i = 1; i < rows.size(); i++) {
            if (!(rows.get(i).load() > rows.get(i - 1).load())) throw new IllegalArgumentException("loads must rise");
            if (rows.get(i).replicas() < rows.get(i - 1).replicas()) throw new IllegalArgumentException("replicas must not fall");
        }
    }

    CapacityModel.Row first() {
        return rows.get(0);
    }

    CapacityModel.Row last() {
        return rows.get(rows.size() - 1);
    }

    /** The replicas {@code load} needs, unrounded; NaN above the last row. */
    double replicas(double load) {
        if (load <= first().load()) return first().replicas();
        for (int i = 1; i < rows.size(); i++) {
            CapacityModel.Row a = rows.get(i - 1), b = rows.get(i);
            if (load <= b.load()) return a.replicas() + (load - a.load()) / (b.load() - a.load()) * (b.replicas() - a.replicas());
        }
        return Double.NaN;
    }

    /**
     * The most load {@code replicas} carry: the largest load the table maps to at most that many; NaN when they are
     * more than the last row's (the table does not say how far they go) or fewer than the first row's.
     */
    double capacity(double replicas) {
        if (replicas > last().replicas() || replicas < first().replicas()) return Double.NaN;
        if (replicas == last().replicas()) return last().load();
        for (int i = rows.size() - 1; i >= 1; i--) {
            CapacityModel.Row a = rows.get(i - 1), b = rows.get(i);
            if (replicas >= a.replicas() && replicas < b.replicas()) {
                return a.load() + (replicas - a.replicas()) / (b.replicas() - a.replicas()) * (b.load() - a.load());
            }
        }
        return Double.NaN;
    }
}
