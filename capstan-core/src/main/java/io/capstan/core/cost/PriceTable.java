package io.capstan.core.cost;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instance sizes and what they cost: on-demand per hour per size, other purchase options by a discount off on-demand
 * (or a size's explicit price), and the mix bought.
 *
 * @param sizes         by name, in the order written
 * @param discounts     fraction off on-demand per option (reserved 0.4 is 40 % off), for sizes without an explicit price
 * @param mix           the shares bought each way
 * @param hoursPerMonth hours a month is billed for (730: 365 days x 24 h / 12, the clouds' convention)
 */
public record PriceTable(Map<String, InstanceSize> sizes, Map<PurchaseOption, Double> discounts, Mix mix, double hoursPerMonth) {
    public static final double HOURS_PER_MONTH = 730;

    public PriceTable {
        if (sizes.isEmpty()) throw new IllegalArgumentException("a price table needs at least one instance size");
        sizes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        EnumMap<PurchaseOption, Double> d = new EnumMap<>(PurchaseOption.class);
        d.putAll(discounts);
        for (Map.Entry<PurchaseOption, Double> e : d.entrySet()) {
            if (!(e.getValue() >= 0 && e.getValue() <= 1)) {
                throw new IllegalArgumentException("the " + e.getKey().text() + " discount must be a percent in [0, 100], found " + e.getValue() * 100);
            }
        }
        discounts = Map.copyOf(d);
        if (!(hoursPerMonth > 0 && hoursPerMonth <= 744)) throw new IllegalArgumentException("hoursPerMonth must be in (0, 744], found " + hoursPerMonth);
    }

    public static PriceTable of(List<InstanceSize> sizes, Map<PurchaseOption, Double> discounts, Mix mix) {
        Map<String, InstanceSize> byName = new LinkedHashMap<>();
        for (InstanceSize s : sizes) {
            if (byName.putIfAbsent(s.name(), s) != null) throw new IllegalArgumentException("instance size " + s.name() + " is listed twice");
        }
        return new PriceTable(byName, discounts, mix, HOURS_PER_MONTH);
    }

    public InstanceSize size(String name) {
        InstanceSize s = sizes.get(name);
        if (s == null) throw new IllegalArgumentException("no instance size " + name + " in the price table; sizes: " + String.join(", ", sizes.keySet()));
        return s;
    }

    /** Per hour of one instance of {@code size} bought as {@code option}: its explicit price, else on-demand less the option's discount. */
    public double hourly(InstanceSize size, PurchaseOption option) {
        Double explicit = size.prices().get(option);
        if (explicit != null) return explicit;
        return size.onDemandPerHour() * (1 - discounts.getOrDefault(option, 0.0));
    }

    /** Per hour of one instance of {@code size} bought as the mix says. */
    public double hourly(InstanceSize size, Mix bought) {
        double sum = 0;
        for (Map.Entry<PurchaseOption, Double> e : bought.shares().entrySet()) sum += e.getValue() * hourly(size, e.getKey());
        return sum;
    }

    /**
     * The load one replica on {@code size} serves: the size's own capacity when written, else {@code current}'s
     * capacity scaled by the ratio of vCPUs (twice the vCPUs serve twice the load: an assumption the report states).
     */
    public double capacity(InstanceSize size, InstanceSize current, double currentCapacity) {
        if (size.hasCapacity()) return size.capacity();
        if (size.name().equals(current.name())) return currentCapacity;
        return currentCapacity * size.vcpu() / current.vcpu();
    }
}
