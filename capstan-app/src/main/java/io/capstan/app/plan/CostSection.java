package io.capstan.app.plan;

import io.capstan.app.input.Field;
import io.capstan.app.input.Fields;
import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;
import io.capstan.core.cost.InstanceSize;
import io.capstan.core.cost.Mix;
import io.capstan.core.cost.PriceTable;
import io.capstan.core.cost.PurchaseOption;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a plan's {@code cost:} section (docs/plan.md, Cost):
 * <pre>
 * cost:
 *   currentSize: t3.small          # the size replicas run on now
 *   hoursPerMonth: 730
 *   sizes:
 *     - {name: t3.small, vcpu: 2, memoryGiB: 2, onDemand: 0.0208}                       # per hour
 *     - {name: t3.large, vcpu: 2, memoryGiB: 8, onDemand: 0.0832, spot: 0.03, capacity: 120}
 *   discounts: {reserved: 40, spot: 70}          # percent off on-demand, for sizes without an explicit price
 *   mix: {reserved: 60, spot: 30, onDemand: 10}  # percent of instance-hours; sums to 100 (runbook 004)
 *   minReplicas: 2                               # never fewer (004: 2, for high availability)
 * </pre>
 */
public final class CostSection {
    static final Type<Double> PRICE = Types.number(0, Double.MAX_VALUE);
    static final Type<Double> PERCENT = Types.number(0, 100);

    static final Field<String> NAME = Field.required("name", Types.string("a size name such as t3.small"), "the size's name");
    static final Field<Double> VCPU = Field.required("vcpu", Types.number(0, Double.MAX_VALUE).where(v -> v > 0 ? null : "vcpu must be above 0, found 0"),
            "its vCPUs");
    static final Field<Double> MEMORY = Field.optional("memoryGiB", Types.number(0, Double.MAX_VALUE), 0.0, "its memory in GiB");
    static final Field<Double> ON_DEMAND = Field.required("onDemand", PRICE, "its on-demand price per hour");
    static final Field<Double> RESERVED = Field.optional("reserved", PRICE, "its reserved price per hour (default: on-demand less the reserved discount)");
    static final Field<Double> SPOT = Field.optional("spot", PRICE, "its spot price per hour (default: on-demand less the spot discount)");
    static final Field<Double> CAPACITY = Field.optional("capacity", Types.number(0, Double.MAX_VALUE).where(v -> v > 0 ? null : "capacity must be above 0, found 0"),
            "load one replica on it serves at full utilization (default: the plan's capacity per replica scaled by vCPUs)");
    static final Schema SIZE = Schema.of("an instance size {name, vcpu, memoryGiB, onDemand, reserved, spot, capacity}",
            NAME, VCPU, MEMORY, ON_DEMAND, RESERVED, SPOT, CAPACITY);

    static final Field<Double> SHARE_RESERVED = Field.optional("reserved", PERCENT, 0.0, "percent bought reserved");
    static final Field<Double> SHARE_SPOT = Field.optional("spot", PERCENT, 0.0, "percent bought spot");
    static final Field<Double> SHARE_ON_DEMAND = Field.optional("onDemand", PERCENT, 0.0, "percent bought on demand");
    static final Schema SHARES = Schema.of("percents by purchase option {reserved, spot, onDemand}", SHARE_RESERVED, SHARE_SPOT, SHARE_ON_DEMAND);
    static final Schema DISCOUNT = Schema.of("percents off on-demand {reserved, spot}", SHARE_RESERVED, SHARE_SPOT);

    static final Field<String> CURRENT = Field.required("currentSize", Types.string("a size name"), "the size replicas run on now (one of sizes)");
    static final Field<Double> HOURS = Field.optional("hoursPerMonth", Types.number(1, 744), PriceTable.HOURS_PER_MONTH,
            "hours a month is billed for (730 = 365 x 24 / 12)");
    static final Field<Node.Sequence> SIZES = Field.required("sizes", Types.sequence("a list of instance sizes"), "the instance sizes a replica can run on");
    static final Field<Node.Mapping> DISCOUNTS = Field.optional("discounts", Types.mapping("percents off on-demand {reserved, spot}"),
            "percent off on-demand for reserved and spot");
    static final Field<Node.Mapping> MIX = Field.optional("mix", Types.mapping("percents by purchase option {reserved, spot, onDemand}"),
            "percent of instance-hours bought each way, summing to 100 (default: all on-demand)");
    static final Field<Integer> MIN_REPLICAS = Field.optional("minReplicas", Types.integer(0, 1_000_000), 1,
            "the fewest replicas run whatever the load (004: 2, for high availability)");
    static final Field<String> CURRENCY = Field.optional("currency", Types.string("a currency sign or code such as $ or EUR"), "$",
            "how prices are written in the report");
    static final Schema SECTION = Schema.of("the cost section {currentSize, hoursPerMonth, sizes, discounts, mix, minReplicas, currency}",
            CURRENT, HOURS, SIZES, DISCOUNTS, MIX, MIN_REPLICAS, CURRENCY);

    private CostSection() {}

    /** What the section says. */
    public record CostConfig(PriceTable table, String currentSize, int minReplicas, String currency) {}

    /** The section, or null when a problem was reported (every problem at its line and column). */
    public static CostConfig read(Node section, Problems problems) {
        int before = problems.count();
        Fields f = SECTION.open(section, problems);
        if (f == null) return null;
        List<InstanceSize> sizes = new ArrayList<>();
        Map<String, Node> seen = new LinkedHashMap<>();
        Node.Sequence list = f.get(SIZES);
        if (list != null) {
            if (list.items().isEmpty()) problems.add(list, "expected at least one instance size");
            for (Node item : list.items()) {
                InstanceSize s = size(item, problems);
                if (s == null) continue;
                Node earlier = seen.putIfAbsent(s.name(), item);
                if (earlier != null) {
                    problems.add(item, "size " + s.name() + " is listed twice; first on line " + earlier.line());
                } else {
                    sizes.add(s);
                }
            }
        }
        String current = f.get(CURRENT);
        if (current != null && problems.count() == before && !seen.containsKey(current)) {
            problems.add(f.node(CURRENT), f.path(CURRENT), "no size '" + current + "' in sizes" + NearMiss.suggestion(current, seen.keySet())
                    + " Sizes: " + String.join(", ", seen.keySet()));
        }
        Map<PurchaseOption, Double> discounts = new EnumMap<>(PurchaseOption.class);
        if (f.has(DISCOUNTS) && f.get(DISCOUNTS) != null) {
            Fields d = DISCOUNT.open(f.get(DISCOUNTS), problems);
            if (d != null) {
                putPercent(discounts, PurchaseOption.RESERVED, d.get(SHARE_RESERVED));
                putPercent(discounts, PurchaseOption.SPOT, d.get(SHARE_SPOT));
            }
        }
        Mix mix = Mix.ON_DEMAND_ONLY;
        if (f.has(MIX) && f.get(MIX) != null) mix = mix(f.get(MIX), problems);
        Double hours = f.get(HOURS);
        Integer minReplicas = f.get(MIN_REPLICAS);
        String currency = f.get(CURRENCY);
        if (problems.count() > before || mix == null) return null;
        Map<String, InstanceSize> byName = new LinkedHashMap<>();
        for (InstanceSize s : sizes) byName.put(s.name(), s);
        return new CostConfig(new PriceTable(byName, discounts, mix, hours), current, minReplicas, currency.strip());
    }

    private static InstanceSize size(Node node, Problems problems) {
        int before = problems.count();
        Fields f = SIZE.open(node, problems);
        if (f == null) return null;
        String name = f.get(NAME);
        Double vcpu = f.get(VCPU);
        Double memory = f.get(MEMORY);
        Double onDemand = f.get(ON_DEMAND);
        Map<PurchaseOption, Double> prices = new EnumMap<>(PurchaseOption.class);
        put(prices, PurchaseOption.RESERVED, f.getIfPresent(RESERVED));
        put(prices, PurchaseOption.SPOT, f.getIfPresent(SPOT));
        Double capacity = f.getIfPresent(CAPACITY);
        if (problems.count() > before) return null;
        try {
            return new InstanceSize(name, vcpu, memory, onDemand, prices, capacity == null ? Double.NaN : capacity);
        } catch (IllegalArgumentException e) {
            problems.add(node, e.getMessage());
            return null;
        }
    }

    private static Mix mix(Node.Mapping node, Problems problems) {
        int before = problems.count();
        Fields f = SHARES.open(node, problems);
        if (f == null) return null;
        Map<PurchaseOption, Double> shares = new EnumMap<>(PurchaseOption.class);
        putPercent(shares, PurchaseOption.RESERVED, f.get(SHARE_RESERVED));
        putPercent(shares, PurchaseOption.SPOT, f.get(SHARE_SPOT));
        putPercent(shares, PurchaseOption.ON_DEMAND, f.get(SHARE_ON_DEMAND));
        if (problems.count() > before) return null;
        try {
            return new Mix(shares);
        } catch (IllegalArgumentException e) {
            problems.add(node, e.getMessage());
            return null;
        }
    }

    /** An explicit price; an absent (null) one is left out. */
    private static void put(Map<PurchaseOption, Double> into, PurchaseOption option, Double value) {
        if (value != null) into.put(option, value);
    }

    /** A percent, as the fraction the core takes; an absent (null) one is left out. */
    private static void putPercent(Map<PurchaseOption, Double> into, PurchaseOption option, Double percent) {
        if (percent != null) into.put(option, percent / 100);
    }
}
