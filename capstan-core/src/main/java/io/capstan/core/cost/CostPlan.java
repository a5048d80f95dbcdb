package io.capstan.core.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * What a demand costs under a price table: each purchase option (and the mix) on the current size, and each size on
 * the mix, so scaling up (fewer, bigger replicas) can be set against scaling out (more, smaller ones).
 *
 * <p>A month at peak is the fleet sized for the forecast peak running all month (what a fixed fleet costs); a month at
 * average is the fleet sized for the average load (what an autoscaled fleet costs, at best: one that follows the load
 * exactly). Cost per million is the month at average over the month's load at the average rate.
 *
 * @param current  the size replicas run on now
 * @param options  on the current size: on-demand, reserved, spot, then the mix
 * @param sizes    every size on the mix, in the table's order
 */
public record CostPlan(String current, List<OptionCost> options, List<SizeCost> sizes) {
    public static final double PER = 1_000_000;

    public CostPlan {
        options = List.copyOf(options);
        sizes = List.copyOf(sizes);
    }

    /**
     * @param currentCapacity load one replica on the current size serves (the plan's capacity per replica); NaN to use
     *                        the size's own {@code capacity}
     */
    public static CostPlan of(PriceTable table, String currentSize, double currentCapacity, Demand demand) {
        InstanceSize current = table.size(currentSize);
        double capacity = Double.isNaN(currentCapacity) ? current.capacity() : currentCapacity;
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("size " + currentSize + " has no capacity: give it one, or give the plan a capacity per replica");
        }
        double hours = table.hoursPerMonth();
        int atPeak = demand.replicas(demand.peakLoad(), capacity);
        int atAverage = demand.replicas(demand.averageLoad(), capacity);
        List<OptionCost> options = new ArrayList<>();
        for (PurchaseOption o : PurchaseOption.values()) {
            double hourly = table.hourly(current, o);
            options.add(new OptionCost(o.text(), hourly, atPeak * hourly * hours, atAverage * hourly * hours,
                    perMillion(atAverage * hourly * hours, demand.averageLoad(), hours)));
        }
        double mixHourly = table.hourly(current, table.mix());
        options.add(new OptionCost("mix " + mixText(table.mix()), mixHourly, atPeak * mixHourly * hours, atAverage * mixHourly * hours,
                perMillion(atAverage * mixHourly * hours, demand.averageLoad(), hours)));

        List<SizeCost> sizes = new ArrayList<>();
        for (InstanceSize s : table.sizes().values()) {
            double c = table.capacity(s, current, capacity);
            int peak = demand.replicas(demand.peakLoad(), c);
            int average = demand.replicas(demand.averageLoad(), c);
            double hourly = table.hourly(s, table.mix());
            Shape shape = s.name().equals(current.name()) ? Shape.CURRENT : s.vcpu() > current.vcpu() ? Shape.SCALE_UP
                    : s.vcpu() < current.vcpu() ? Shape.SCALE_OUT : Shape.SAME_VCPU;
            sizes.add(new SizeCost(s, c, peak, average, hourly, peak * hourly * hours, average * hourly * hours,
                    perMillion(average * hourly * hours, demand.averageLoad(), hours), shape));
        }
        return new CostPlan(currentSize, options, sizes);
    }

    /** The size whose month at peak is cheapest (the first of equals, in the table's order). */
    public SizeCost cheapestAtPeak() {
        SizeCost best = sizes.get(0);
        for (SizeCost s : sizes) if (s.monthlyAtPeak() < best.monthlyAtPeak()) best = s;
        return best;
    }

    public SizeCost currentSize() {
        for (SizeCost s : sizes) if (s.shape() == Shape.CURRENT) return s;
        throw new IllegalStateException("no current size " + current);
    }

    /** Per million units of load: NaN with no load to divide by. */
    static double perMillion(double monthly, double averageLoad, double hours) {
        double units = averageLoad * 3600 * hours;
        return units > 0 ? monthly / units * PER : Double.NaN;
    }

    /** "60/30/10 reserved/spot/on-demand": the shares in percent, largest first. */
    static String mixText(Mix mix) {
        List<java.util.Map.Entry<PurchaseOption, Double>> e = new ArrayList<>(mix.shares().entrySet());
        e.removeIf(x -> x.getValue() == 0);
        e.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        StringBuilder pct = new StringBuilder();
        StringBuilder names = new StringBuilder();
        for (var x : e) {
            if (!pct.isEmpty()) {
                pct.append('/');
                names.append('/');
            }
            double p = x.getValue() * 100;
            pct.append(p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(Math.round(p * 100) / 100.0));
            names.append(x.getKey().text());
        }
        return pct + " % " + names;
    }

    /** How a size compares with the current one. */
    public enum Shape {
        CURRENT("current"), SCALE_UP("scale up"), SCALE_OUT("scale out"), SAME_VCPU("same vCPUs");

        private final String text;

        Shape(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** One purchase option (or the mix) on the current size. */
    public record OptionCost(String option, double hourlyPerReplica, double monthlyAtPeak, double monthlyAtAverage, double perMillion) {}

    /** One size on the mix. */
    public record SizeCost(InstanceSize size, double capacity, int replicasAtPeak, int replicasAtAverage, double hourlyPerReplica,
                           double monthlyAtPeak, double monthlyAtAverage, double perMillion, Shape shape) {}
}
