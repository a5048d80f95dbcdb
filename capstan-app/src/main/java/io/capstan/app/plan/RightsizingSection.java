package io.capstan.app.plan;

import io.capstan.app.hpa.Quantity;
import io.capstan.app.input.Field;
import io.capstan.app.input.Fields;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;
import io.capstan.core.rightsize.RightsizingSettings;
import io.capstan.core.rightsize.RightsizingSettings.Resources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code rightsizing:} section (docs/plan.md, Right-sizing): the VPA recommender's numbers, each with the
 * VPA's default, and the containers whose requests are judged, with the history series their usage is in.
 * <pre>
 * rightsizing:
 *   targetPercentile: 90        # lowerBoundPercentile: 50, upperBoundPercentile: 95
 *   safetyMargin: 15            # percent
 *   halfLife: 24h
 *   oomBumpRatio: 1.2           # oomMinBump: 100Mi
 *   minAllowed: {cpu: 50m, memory: 64Mi}
 *   maxAllowed: {cpu: 4, memory: 8Gi}
 *   replicas: 4                 # pods that run these containers, to total the savings
 *   prices: {cpuCoreHour: 0.0316, memoryGiBHour: 0.0042}   # what a requested core and GiB cost, to price the savings
 *   containers:
 *     - name: api
 *       requests: {cpu: 500m, memory: 1Gi}
 *       cpu: api.cpu            # history series in cores (default NAME.cpu)
 *       memory: api.memory      # in bytes (default NAME.memory)
 *       oom: api.oom            # an OOM kill wherever it is above 0 (default NAME.oom, when the history has it)
 * </pre>
 */
public final class RightsizingSection {
    static final RightsizingSettings VPA = RightsizingSettings.VPA;
    static final Type<Double> PERCENTILE = Types.number(0, 100).where(p -> p > 0 ? null : "expected a percentile above 0, found 0");
    /** The most CPU a container is given or allowed: 10,000 cores, ten times the histograms' last bucket, far past any node. */
    static final java.math.BigDecimal MAX_CPU = java.math.BigDecimal.valueOf(10_000);
    /** The most memory: 1 PiB, a thousand times the histograms' last bucket, far past any node. */
    static final java.math.BigDecimal MAX_BYTES = java.math.BigDecimal.valueOf(1L << 50);
    static final Type<Double> CPU = Quantity.TYPE.where(q -> q.value().signum() < 0 ? "expected a CPU amount of 0 or more, found " + q.value()
            : q.value().compareTo(MAX_CPU) > 0 ? "expected at most 10000 cores, found " + q.value().toPlainString() + ": is the unit right?" : null)
            .map(Quantity::doubleValue);
    static final Type<Double> BYTES = Quantity.TYPE.where(q -> q.value().signum() < 0 ? "expected a memory amount of 0 or more, found " + q.value()
            : q.value().compareTo(MAX_BYTES) > 0 ? "expected at most 1Pi bytes of memory, found " + q.value().toPlainString() + " bytes: is the unit right?" : null)
            .map(Quantity::doubleValue);

    static final Field<Double> TARGET = Field.optional("targetPercentile", PERCENTILE, VPA.targetPercentile() * 100,
            "the usage percentile the target request is based on (VPA: 90)");
    static final Field<Double> LOWER = Field.optional("lowerBoundPercentile", PERCENTILE, VPA.lowerBoundPercentile() * 100,
            "the percentile of the lower bound (VPA: 50)");
    static final Field<Double> UPPER = Field.optional("upperBoundPercentile", PERCENTILE, VPA.upperBoundPercentile() * 100,
            "the percentile of the upper bound (VPA: 95)");
    static final Field<Double> MARGIN = Field.optional("safetyMargin", Types.number(0, 1000), VPA.safetyMargin() * 100,
            "percent added to every estimate (VPA: 15)");
    static final Field<Duration> HALF_LIFE = Field.optional("halfLife", Types.duration(Duration.ofSeconds(1)), VPA.halfLife(),
            "after this long a usage sample counts half (VPA: 24h)");
    static final Field<Duration> PEAK_INTERVAL = Field.optional("memoryPeakInterval", Types.duration(Duration.ofSeconds(1)), VPA.memoryPeakInterval(),
            "memory counts as one peak per interval this long (VPA: 24h)");
    static final Field<Double> OOM_RATIO = Field.optional("oomBumpRatio", Types.number(1, 100), VPA.oomBumpRatio(),
            "after an OOM kill memory is at least this multiple of what was in use (VPA: 1.2)");
    static final Field<Double> OOM_MIN = Field.optional("oomMinBump", BYTES, VPA.oomMinBumpBytes(),
            "and at least this much more (VPA: 100Mi)");
    static final Field<Double> POD_MIN_CPU = Field.optional("podMinCpu", CPU, VPA.podMinCpuCores(),
            "the least CPU recommended for a pod, shared among its containers (VPA: 25m)");
    static final Field<Double> POD_MIN_MEMORY = Field.optional("podMinMemory", BYTES, VPA.podMinMemoryBytes(),
            "the least memory recommended for a pod, shared among its containers (VPA: 250Mi)");
    static final Field<Node.Mapping> MIN_ALLOWED = Field.optional("minAllowed", Types.mapping("resources {cpu, memory}"),
            "every recommendation is at least this");
    static final Field<Node.Mapping> MAX_ALLOWED = Field.optional("maxAllowed", Types.mapping("resources {cpu, memory}"),
            "and at most this (an OOM bump too)");
    static final Field<Duration> SAMPLE_PERIOD = Field.optional("samplePeriod", Types.duration(Duration.ofSeconds(1)), VPA.samplePeriod(),
            "the sampling period confidence is counted in (VPA: 1m, the metrics-server's); set your history's step");
    static final Field<Integer> REPLICAS = Field.optional("replicas", Types.integer(1, 1_000_000), 1,
            "pods that run these containers: savings per pod times this");
    /** A unit price per hour: at most 1,000,000, so a typo in a price cannot print a fortune. */
    static final Type<Double> PRICE = Types.number(0, 1_000_000);
    static final Field<Double> CPU_CORE_HOUR = Field.required("cpuCoreHour", PRICE, "the price of one requested core for an hour");
    static final Field<Double> MEMORY_GIB_HOUR = Field.required("memoryGiBHour", PRICE, "the price of one requested GiB for an hour");
    static final Field<String> CURRENCY = Field.optional("currency", CostSection.CURRENCY.type(), "$", "how prices are written (default $)");
    static final Schema UNIT_PRICES = Schema.of("unit prices {cpuCoreHour, memoryGiBHour, currency}", CPU_CORE_HOUR, MEMORY_GIB_HOUR, CURRENCY);
    static final Field<Node.Mapping> PRICES = Field.optional("prices", Types.mapping("unit prices {cpuCoreHour, memoryGiBHour}"),
            "per requested core-hour and GiB-hour, to price what right-sizing frees (default: savings in cores and GiB only)");
    static final Field<Node.Sequence> CONTAINERS = Field.required("containers", Types.sequence("a list of containers"),
            "the containers whose requests are judged");
    static final Schema SECTION = Schema.of("the rightsizing section {targetPercentile, lowerBoundPercentile, upperBoundPercentile, safetyMargin,"
            + " halfLife, memoryPeakInterval, oomBumpRatio, oomMinBump, podMinCpu, podMinMemory, minAllowed, maxAllowed, samplePeriod, replicas,"
            + " prices, containers}", TARGET, LOWER, UPPER, MARGIN, HALF_LIFE, PEAK_INTERVAL, OOM_RATIO, OOM_MIN, POD_MIN_CPU, POD_MIN_MEMORY, MIN_ALLOWED,
            MAX_ALLOWED, SAMPLE_PERIOD, REPLICAS, PRICES, CONTAINERS);

    static final Field<Double> RES_CPU = Field.optional("cpu", CPU, "CPU in cores or a quantity such as 500m");
    static final Field<Double> RES_MEMORY = Field.optional("memory", BYTES, "memory in bytes or a quantity such as 512Mi");
    static final Schema RESOURCES = Schema.of("resources {cpu, memory}", RES_CPU, RES_MEMORY);

    static final Field<String> NAME = Field.required("name", Types.string("a container name"), "the container's name");
    static final Field<Node.Mapping> REQUESTS = Field.required("requests", Types.mapping("resources {cpu, memory}"), "its requests now");
    static final Field<String> CPU_SERIES = Field.optional("cpu", Types.string("a series name"), "the history series of its CPU use, in cores (default NAME.cpu)");
    static final Field<String> MEMORY_SERIES = Field.optional("memory", Types.string("a series name"),
            "the history series of its memory use, in bytes (default NAME.memory)");
    static final Field<String> OOM_SERIES = Field.optional("oom", Types.string("a series name"),
            "the history series of its OOM kills: one wherever the value is above 0 (default NAME.oom, if the history has it)");
    static final Schema CONTAINER = Schema.of("a container {name, requests, cpu, memory, oom}", NAME, REQUESTS, CPU_SERIES, MEMORY_SERIES, OOM_SERIES);

    private RightsizingSection() {}

    /**
     * What the section says.
     *
     * @param replicas pods running these containers
     * @param prices   what a requested core and GiB cost an hour, or null when not given
     */
    public record RightsizingConfig(RightsizingSettings settings, int replicas, UnitPrices prices, List<Container> containers) {
        public RightsizingConfig {
            containers = List.copyOf(containers);
        }
    }

    /** Per requested core-hour and GiB-hour: what a freed request is worth. */
    public record UnitPrices(double cpuCoreHour, double memoryGiBHour, String currency) {}

    /**
     * One container and where its usage is.
     *
     * @param oomSeries        the OOM series; {@code oomWritten} says whether the config named it (then it must exist)
     * @param at               the container's node, for problems about its history
     */
    public record Container(String name, Resources requests, String cpuSeries, String memorySeries, String oomSeries, boolean oomWritten, Node at) {}

    /** The section, or null when a problem was reported. */
    public static RightsizingConfig read(Node section, Problems problems) {
        int before = problems.count();
        Fields f = SECTION.open(section, problems);
        if (f == null) return null;
        Double target = f.get(TARGET);
        Double lower = f.get(LOWER);
        Double upper = f.get(UPPER);
        Double margin = f.get(MARGIN);
        Duration halfLife = f.get(HALF_LIFE);
        Duration interval = f.get(PEAK_INTERVAL);
        Double oomRatio = f.get(OOM_RATIO);
        Double oomMin = f.get(OOM_MIN);
        Double podCpu = f.get(POD_MIN_CPU);
        Double podMemory = f.get(POD_MIN_MEMORY);
        Resources min = f.has(MIN_ALLOWED) ? resources(f.get(MIN_ALLOWED), Resources.NONE, problems) : Resources.NONE;
        Resources max = f.has(MAX_ALLOWED) ? resources(f.get(MAX_ALLOWED), Resources.UNLIMITED, problems) : Resources.UNLIMITED;
        Duration period = f.get(SAMPLE_PERIOD);
        Integer replicas = f.get(REPLICAS);
        UnitPrices prices = null;
        if (f.has(PRICES) && f.get(PRICES) != null) {
            Fields u = UNIT_PRICES.open(f.get(PRICES), problems);
            if (u != null && u.get(CPU_CORE_HOUR) != null && u.get(MEMORY_GIB_HOUR) != null) {
                prices = new UnitPrices(u.get(CPU_CORE_HOUR), u.get(MEMORY_GIB_HOUR), u.get(CURRENCY).strip());
            }
        }
        List<Container> containers = new ArrayList<>();
        Node.Sequence list = f.get(CONTAINERS);
        if (list != null) {
            if (list.items().isEmpty()) problems.add(list, "expected at least one container");
            Map<String, Node> seen = new LinkedHashMap<>();
            for (Node item : list.items()) {
                Container c = container(item, problems);
                if (c == null) continue;
                Node earlier = seen.putIfAbsent(c.name(), item);
                if (earlier != null) problems.add(item, "container " + c.name() + " is listed twice; first on line " + earlier.line());
                else containers.add(c);
            }
        }
        if (problems.count() > before || min == null || max == null) return null;
        try {
            RightsizingSettings s = new RightsizingSettings(target / 100, lower / 100, upper / 100, margin / 100, halfLife, interval, oomRatio, oomMin,
                    podCpu, podMemory, min, max, period);
            return new RightsizingConfig(s, replicas, prices, containers);
        } catch (IllegalArgumentException e) {
            problems.add(section, e.getMessage());
            return null;
        }
    }

    private static Container container(Node node, Problems problems) {
        int before = problems.count();
        Fields f = CONTAINER.open(node, problems);
        if (f == null) return null;
        String name = f.get(NAME);
        Resources requests = f.get(REQUESTS) == null ? null : resources(f.get(REQUESTS), Resources.NONE, problems);
        String cpu = f.get(CPU_SERIES);
        String memory = f.get(MEMORY_SERIES);
        String oom = f.get(OOM_SERIES);
        if (problems.count() > before || requests == null) return null;
        return new Container(name, requests, cpu != null ? cpu : name + ".cpu", memory != null ? memory : name + ".memory",
                oom != null ? oom : name + ".oom", oom != null, node);
    }

    /** {cpu, memory}; an absent one is {@code otherwise}'s. */
    private static Resources resources(Node.Mapping node, Resources otherwise, Problems problems) {
        int before = problems.count();
        Fields f = RESOURCES.open(node, problems);
        if (f == null) return null;
        Double cpu = f.get(RES_CPU);
        Double memory = f.get(RES_MEMORY);
        if (problems.count() > before) return null;
        return new Resources(cpu != null ? cpu : otherwise.cpuCores(), memory != null ? memory : otherwise.memoryBytes());
    }
}
