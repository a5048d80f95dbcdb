package io.capstan.core.cost;

import java.util.EnumMap;
import java.util.Map;

/**
 * One instance size a replica can run on; one replica per instance.
 *
 * @param name            the size's name (t3.medium)
 * @param vcpu            its vCPUs
 * @param memoryGiB       its memory
 * @param onDemandPerHour its on-demand price per hour
 * @param prices          explicit per-hour prices for other purchase options, which then ignore the table's discount
 * @param capacity        load one replica on it serves at full utilization; NaN: derived from the current size's
 *                        capacity in proportion to vCPUs (see {@link PriceTable#capacity})
 */
public record InstanceSize(String name, double vcpu, double memoryGiB, double onDemandPerHour, Map<PurchaseOption, Double> prices, double capacity) {
    public InstanceSize {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("an instance size needs a name");
        if (!(vcpu > 0) || Double.isInfinite(vcpu)) throw new IllegalArgumentException("size " + name + ": vcpu must be positive, found " + vcpu);
        if (!(memoryGiB >= 0) || Double.isInfinite(memoryGiB)) throw new IllegalArgumentException("size " + name + ": memory must be >= 0, found " + memoryGiB);
        if (!(onDemandPerHour >= 0) || Double.isInfinite(onDemandPerHour)) {
            throw new IllegalArgumentException("size " + name + ": the on-demand price must be >= 0, found " + onDemandPerHour);
        }
        EnumMap<PurchaseOption, Double> copy = new EnumMap<>(PurchaseOption.class);
        copy.putAll(prices);
        for (Map.Entry<PurchaseOption, Double> e : copy.entrySet()) {
            if (!(e.getValue() >= 0) || e.getValue().isInfinite()) {
                throw new IllegalArgumentException("size " + name + ": the " + e.getKey().text() + " price must be >= 0, found " + e.getValue());
            }
        }
        copy.put(PurchaseOption.ON_DEMAND, onDemandPerHour);
        prices = Map.copyOf(copy);
        if (!Double.isNaN(capacity) && !(capacity > 0 && !Double.isInfinite(capacity))) {
            throw new IllegalArgumentException("size " + name + ": capacity must be positive, found " + capacity);
        }
    }

    public static InstanceSize of(String name, double vcpu, double memoryGiB, double onDemandPerHour) {
        return new InstanceSize(name, vcpu, memoryGiB, onDemandPerHour, Map.of(), Double.NaN);
    }

    public boolean hasCapacity() {
        return !Double.isNaN(capacity);
    }
}
