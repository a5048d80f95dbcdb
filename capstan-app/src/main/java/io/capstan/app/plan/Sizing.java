package io.capstan.app.plan;

/**
 * The replicas a load needs under a capacity model with a spike reserve, with the arithmetic that gave them, so the
 * report shows its working. The reserve is a share of capacity kept free (004: "reserve 30 % capacity for traffic
 * spikes"): a load P needs the capacity P / (1 - reserve).
 *
 * @param replicas the replicas needed, or -1 when the model cannot say ({@code working} says why)
 * @param working  how the number was found, or why there is none
 */
record Sizing(int replicas, String working) {

    static Sizing of(CapacityModel model, double load, double reservePercent, Integer current, String unit) {
        double keep = 1 - reservePercent / 100;
        String reserve = PlanText.number(reservePercent) + " %";
        return switch (model) {
            case CapacityModel.PerReplica p -> {
                int withReserve = up(load / (p.peak() * keep));
                String working = "ceil(" + PlanText.number(load) + " / (" + PlanText.number(p.peak()) + " × (1 − " + reserve + "))) = " + withReserve;
                if (p.baseline() == p.peak()) yield new Sizing(withReserve, working);
                int atBaseline = up(load / p.baseline());
                yield new Sizing(Math.max(withReserve, atBaseline), working + " at peak capacity with the reserve; ceil(" + PlanText.number(load)
                        + " / " + PlanText.number(p.baseline()) + ") = " + atBaseline + " at baseline; the larger: " + Math.max(withReserve, atBaseline));
            }
            case CapacityModel.Table t -> {
                double inflated = load / keep;
                double r = t.table().replicas(inflated);
                if (Double.isNaN(r)) {
                    CapacityModel.Row last = t.table().last();
                    yield new Sizing(-1, "not computed: " + PlanText.number(load) + " / (1 − " + reserve + ") = " + PlanText.number(inflated) + unit
                            + " is beyond the capacity table's last row (" + PlanText.number(last.load()) + unit + " → " + PlanText.number(last.replicas())
                            + " replicas); the table is not extrapolated: add a row that covers it");
                }
                String below = inflated <= t.table().first().load() ? " (at or below the table's first row)" : "";
                yield new Sizing(up(r), "table(" + PlanText.number(load) + " / (1 − " + reserve + ") = " + PlanText.number(inflated) + unit + ") = "
                        + PlanText.number(r) + below + ", rounded up: " + up(r));
            }
            case CapacityModel.Utilization u -> {
                if (current == null) yield new Sizing(-1, "not computed: a utilization needs plan.replicas (the replicas it was measured on)");
                int r = up(current * load / (100 * keep));
                yield new Sizing(r, "ceil(" + current + " × " + PlanText.number(load) + " % / (100 % − " + reserve + ")) = " + r);
            }
        };
    }

    /** Rounded up, but a quotient a rounding error above a whole number stays that number (105 / (150 × 0.7) is 1, not 2). */
    static int up(double x) {
        double r = Math.rint(x);
        if (Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x))) return (int) Math.max(0, r);
        return (int) Math.max(0, Math.ceil(x));
    }
}
