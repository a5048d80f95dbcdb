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
                String expr = "ceil(" + PlanText.number(load) + " / (" + PlanText.number(p.peak()) + " × (1 − " + reserve + ")))";
                double quotient = load / (p.peak() * keep);
                if (uncountable(quotient)) yield tooMany(expr, "the capacity per replica is too small for this load");
                int withReserve = up(quotient);
                String working = expr + " = " + withReserve + atLeastOne(quotient);
                if (p.baseline() == p.peak()) yield new Sizing(withReserve, working);
                String baseExpr = "ceil(" + PlanText.number(load) + " / " + PlanText.number(p.baseline()) + ")";
                if (uncountable(load / p.baseline())) yield tooMany(baseExpr, "the baseline per replica is too small for this load");
                int atBaseline = up(load / p.baseline());
                yield new Sizing(Math.max(withReserve, atBaseline), working + " at peak capacity with the reserve; " + baseExpr + " = " + atBaseline
                        + atLeastOne(load / p.baseline()) + " at baseline; the larger: " + Math.max(withReserve, atBaseline));
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
                String expr = "table(" + PlanText.number(load) + " / (1 − " + reserve + ") = " + PlanText.number(inflated) + unit + ") = " + PlanText.number(r);
                if (uncountable(r)) yield tooMany(expr, "the capacity table's replicas for this load are beyond counting");
                // a table row of 0 replicas still leaves a positive load needing one
                int needed = load > 0 ? Math.max(1, up(r)) : up(r);
                yield new Sizing(needed, expr + below + ", rounded up: " + needed + (needed > up(r) ? " (a positive load needs at least 1 replica)" : ""));
            }
            case CapacityModel.Utilization u -> {
                if (current == null) yield new Sizing(-1, "not computed: a utilization needs plan.replicas (the replicas it was measured on)");
                String expr = "ceil(" + current + " × " + PlanText.number(load) + " % / (100 % − " + reserve + "))";
                double quotient = current * load / (100 * keep);
                if (uncountable(quotient)) yield tooMany(expr, "the utilization is too high for a replica count");
                int r = up(quotient);
                yield new Sizing(r, expr + " = " + r + atLeastOne(quotient));
            }
        };
    }

    /** The most replicas a sizing counts: an int's range, so a count is never a saturated cast shown as if real. */
    static final String MAX_REPLICAS = "2,147,483,647";

    /**
     * Rounded up, but a quotient a rounding error above a whole number stays that number (105 / (150 × 0.7) is 1, not 2);
     * a positive quotient, however small, is at least 1: a positive load needs a replica (1440 / 7e12 is 1, not 0).
     * Callers check {@link #uncountable} first.
     */
    static int up(double x) {
        if (!(x > 0)) return 0;
        double r = Math.rint(x);
        if (Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x))) return (int) Math.max(1, r);
        return (int) Math.max(1, Math.ceil(x));
    }

    /** Whether a replica quotient is past what an int counts (or not a number): it gets {@link #tooMany}, not a saturated count. */
    static boolean uncountable(double x) {
        return !(x <= Integer.MAX_VALUE);
    }

    private static Sizing tooMany(String expr, String why) {
        return new Sizing(-1, "not computed: " + expr + " is more than " + MAX_REPLICAS + " replicas (" + why + ")");
    }

    /** Why a count is 1 where the quotient is far below: it was raised, not rounded. */
    private static String atLeastOne(double quotient) {
        return quotient > 0 && quotient <= 1e-9 ? " (at least 1 replica for a positive load)" : "";
    }
}
