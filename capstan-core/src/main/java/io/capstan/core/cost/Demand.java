package io.capstan.core.cost;

/**
 * The load to pay for and how replicas are sized for it.
 *
 * @param peakLoad        the forecast peak of the load metric (a rate per second, such as requests/s)
 * @param averageLoad     its forecast average
 * @param spikeReserve    fraction of each replica's capacity kept free for spikes (runbook 004: 0.3)
 * @param minReplicas     the fewest replicas run whatever the load (004: 2, for high availability)
 */
public record Demand(double peakLoad, double averageLoad, double spikeReserve, int minReplicas) {
    public Demand {
        if (!(peakLoad >= 0) || Double.isInfinite(peakLoad)) throw new IllegalArgumentException("peak load must be finite and >= 0, found " + peakLoad);
        if (!(averageLoad >= 0) || averageLoad > peakLoad) {
            throw new IllegalArgumentException("average load must be in [0, peak " + peakLoad + "], found " + averageLoad);
        }
        if (!(spikeReserve >= 0 && spikeReserve < 1)) throw new IllegalArgumentException("spike reserve must be a percent in [0, 100), found " + spikeReserve * 100);
        if (minReplicas < 0) throw new IllegalArgumentException("minReplicas must be >= 0, found " + minReplicas);
    }

    /** Replicas of {@code capacity} each that serve {@code load} with the reserve kept free: ceil(load / (capacity x (1 - reserve))), at least minReplicas. */
    public int replicas(double load, double capacity) {
        double usable = capacity * (1 - spikeReserve);
        double x = load / usable;
        // a quotient that is whole in decimals stays whole (112 / (80 x 0.7) is 2, not 3), as the plan's Sizing counts
        double needed = Math.abs(x - Math.rint(x)) <= 1e-9 * Math.max(1, Math.abs(x)) ? Math.rint(x) : Math.ceil(x);
        if (!(needed <= Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("load " + load + " needs more than 2,147,483,647 replicas of " + capacity
                    + " (the capacity per replica is too small for this load)");
        }
        return Math.max(minReplicas, (int) Math.max(0, needed));
    }
}
