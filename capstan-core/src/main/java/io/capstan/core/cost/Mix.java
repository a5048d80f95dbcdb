package io.capstan.core.cost;

import java.util.EnumMap;
import java.util.Map;

/**
 * The shares of instance-hours bought each way (runbook 004: 60 % reserved, 30 % spot, 10 % on-demand), as fractions
 * that sum to 1. Its price is the share-weighted mean of the options' prices.
 */
public record Mix(Map<PurchaseOption, Double> shares) {
    /** Within this of 1, shares written as percents with decimals still sum to 100 %. */
    static final double TOLERANCE = 1e-9;
    public static final Mix ON_DEMAND_ONLY = new Mix(Map.of(PurchaseOption.ON_DEMAND, 1.0));

    public Mix {
        EnumMap<PurchaseOption, Double> copy = new EnumMap<>(PurchaseOption.class);
        double sum = 0;
        for (Map.Entry<PurchaseOption, Double> e : shares.entrySet()) {
            if (!(e.getValue() >= 0 && e.getValue() <= 1)) {
                throw new IllegalArgumentException("the " + e.getKey().text() + " share must be a percent in [0, 100], found " + e.getValue() * 100);
            }
            copy.put(e.getKey(), e.getValue());
            sum += e.getValue();
        }
        if (Math.abs(sum - 1) > TOLERANCE) {
            throw new IllegalArgumentException("the mix's shares must sum to 100 %, found " + format(sum * 100) + " %");
        }
        shares = Map.copyOf(copy);
    }

    public double share(PurchaseOption option) {
        return shares.getOrDefault(option, 0.0);
    }

    /** Percents sum with binary rounding (60 + 30 + 20 is 110.00000000000001): six decimals at most, none when whole. */
    private static String format(double v) {
        double r = Math.round(v * 1e6) / 1e6;
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }
}
