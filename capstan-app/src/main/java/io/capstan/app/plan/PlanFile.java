package io.capstan.app.plan;

import io.capstan.app.input.Field;
import io.capstan.app.input.Fields;
import io.capstan.app.input.InputException;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Tree;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a plan file: the {@code plan:} section, and one top-level section per {@link PlanSections#EXTRA} reader
 * (prices, right-sizing), each through the input layer (located problems, did-you-mean on unknown keys).
 */
final class PlanFile {
    private static final double MAX = 1e15;
    static final Type<Double> POSITIVE = Types.number(0, MAX).where(v -> v > 0 ? null : "expected a number above 0, found 0");
    /**
     * The least a replica may carry: a millionth of a unit. Below it every real load needs more replicas than can be
     * counted, which says the unit is wrong, not that a fleet is needed.
     */
    static final double MIN_CAPACITY = 1e-6;
    static final Type<Double> CAPACITY = POSITIVE.where(v -> v >= MIN_CAPACITY ? null
            : "expected a capacity of at least " + MIN_CAPACITY + " per replica, found " + v + ": is the unit right?");

    static final Field<String> METRIC = Field.optional("metric", Types.string("a series name"), "the history's series to plan for (default: its only one)");
    static final Field<String> QUERY = Field.optional("query", Types.string("a PromQL query"),
            "the metric's PromQL for --history prometheus[:URL] ({{target}} is the target's name); default: its source in --run-config");
    static final Field<String> UNIT = Field.optional("unit", Types.text(), "", "the metric's unit, for the report: req/s, agents, %");
    static final Field<String> ZONE = Field.optional("zone", Types.string("a time zone such as UTC or Europe/Berlin"), "UTC",
            "the time zone peak hours and days are read in");
    static final Field<Integer> REPLICAS = Field.optional("replicas", Types.integer(1, 1_000_000), "the replicas running now");
    static final Field<Node> CAPACITY_PER_REPLICA = Field.optional("capacityPerReplica", Types.any("a number or {baseline, peak}"),
            "what one replica carries: a number, or {baseline, peak} (004: 80 and 150 req/s)");
    static final Field<Node.Sequence> CAPACITY_TABLE = Field.optional("capacityTable", Types.sequence("a list of {load, replicas} rows"),
            "load to replicas, read linearly between rows (001's monitors-to-workers table)");
    static final Field<Boolean> UTILIZATION = Field.optional("utilization", Types.bool(), false,
            "true when the metric is a utilization in percent (CPU %): thresholds compare with it directly");
    static final Field<Double> SPIKE_RESERVE = Field.optional("spikeReserve", Types.number(0, 99), PlanConfig.DEFAULT_SPIKE_RESERVE,
            "percent of capacity kept free for spikes when sizing (004: 30)");
    static final Field<Node.Sequence> THRESHOLDS = Field.optional("thresholds", Types.sequence("a list of {name, at} thresholds"),
            "utilization thresholds in percent, rising (default: plan 70, act 85)");
    static final Field<Node.Sequence> PHASES = Field.optional("phases", Types.sequence("a list of {name, at} phases"),
            "levels of the metric itself, rising, each the start of a phase (000: agents 100, 150, 200)");
    static final Schema PLAN = Schema.of("the plan section {metric, query, unit, zone, replicas, capacityPerReplica, capacityTable, utilization, "
                    + "spikeReserve, thresholds, phases}", METRIC, QUERY, UNIT, ZONE, REPLICAS, CAPACITY_PER_REPLICA, CAPACITY_TABLE, UTILIZATION,
            SPIKE_RESERVE, THRESHOLDS, PHASES);

    static final Field<Double> BASELINE = Field.optional("baseline", CAPACITY, "the load a replica carries comfortably (default: peak)");
    static final Field<Double> PEAK = Field.required("peak", CAPACITY, "the most load a replica carries (100 % utilization)");
    static final Schema PER_REPLICA = Schema.of("a capacity per replica {baseline, peak}", BASELINE, PEAK);

    static final Field<Double> LOAD = Field.required("load", POSITIVE, "the load of this row");
    static final Field<Double> ROW_REPLICAS = Field.required("replicas", Types.number(0, MAX), "the replicas that load needs");
    static final Schema ROW = Schema.of("a capacity table row {load, replicas}", LOAD, ROW_REPLICAS);

    static final Field<String> LEVEL_NAME = Field.required("name", Types.string("a name"), "what the level is called");
    static final Field<Double> THRESHOLD_AT = Field.required("at", Types.number(0, 100).where(v -> v > 0 ? null : "expected a percent above 0, found 0"),
            "the utilization in percent");
    static final Field<Double> PHASE_AT = Field.required("at", Types.number(-MAX, MAX), "the metric's level where the phase starts");
    static final Schema THRESHOLD = Schema.of("a threshold {name, at}", LEVEL_NAME, THRESHOLD_AT);
    static final Schema PHASE = Schema.of("a phase {name, at}", LEVEL_NAME, PHASE_AT);

    static final Field<Node.Mapping> PLAN_FIELD = Field.required("plan", Types.mapping("the plan section"), "what to plan for");

    /** A read plan file: the plan section and the extra sections' raw nodes, by key, for their readers. */
    record Read(PlanConfig plan, Map<String, Node> extra) {}

    private PlanFile() {}

    static Schema root(List<SectionReader> readers) {
        List<Field<?>> fields = new ArrayList<>();
        fields.add(PLAN_FIELD);
        for (SectionReader r : readers) fields.add(Field.optional(r.key(), Types.any(r.doc()), r.doc()));
        return new Schema("a plan file {" + String.join(", ", fields.stream().map(Field::name).toList()) + "}", fields, false);
    }

    static Read read(Path file, InputLimits limits) throws InputException {
        Problems problems = new Problems(file);
        Tree.Format format = Tree.Format.of(file);
        Node root = Tree.single(Tree.readFile(file, format, limits, problems), format, "a plan file with a 'plan' section", problems);
        problems.check();
        Read read = read(root, problems, PlanSections.EXTRA);
        problems.check();
        return read;
    }

    /** The file's sections, or null with the problems reported. */
    static Read read(Node root, Problems problems, List<SectionReader> readers) {
        Schema schema = root(readers);
        Fields f = schema.open(root, problems);
        if (f == null) return null;
        Node.Mapping planNode = f.get(PLAN_FIELD);
        PlanConfig plan = planNode == null ? null : plan(planNode, problems);
        Map<String, Node> extra = new LinkedHashMap<>();
        for (SectionReader r : readers) {
            Node n = f.mapping().get(r.key());
            if (n != null) extra.put(r.key(), n);
        }
        return plan == null ? null : new Read(plan, extra);
    }

    static PlanConfig plan(Node.Mapping node, Problems problems) {
        int before = problems.count();
        Fields f = PLAN.open(node, problems);
        if (f == null) return null;
        String metric = f.get(METRIC);
        String unit = f.get(UNIT);
        ZoneId zone = zone(f, problems);
        Integer replicas = f.get(REPLICAS);
        List<String> given = new ArrayList<>();
        for (Field<?> c : List.of(CAPACITY_PER_REPLICA, CAPACITY_TABLE)) if (f.has(c)) given.add(c.name());
        if (Boolean.TRUE.equals(f.get(UTILIZATION))) given.add("utilization: true");
        if (given.size() > 1) {
            problems.add(node, "give one capacity model, found " + String.join(" and ", given)
                    + ": capacityPerReplica (load per replica), capacityTable (load to replicas) or utilization: true (the metric is a percent)");
        }
        CapacityModel capacity = null;
        if (f.has(CAPACITY_PER_REPLICA)) capacity = perReplica(f.node(CAPACITY_PER_REPLICA), problems);
        else if (f.has(CAPACITY_TABLE)) capacity = table(f.get(CAPACITY_TABLE), problems);
        else if (Boolean.TRUE.equals(f.get(UTILIZATION))) capacity = new CapacityModel.Utilization();
        Double reserve = f.get(SPIKE_RESERVE);
        List<PlanConfig.Level> thresholds = f.has(THRESHOLDS) ? levels(f.get(THRESHOLDS), THRESHOLD, THRESHOLD_AT, " %", problems)
                : PlanConfig.DEFAULT_THRESHOLDS;
        List<PlanConfig.Level> phases = f.has(PHASES) ? levels(f.get(PHASES), PHASE, PHASE_AT, "", problems) : List.of();
        if (problems.count() > before || thresholds == null || phases == null) return null;
        return new PlanConfig(metric, f.get(QUERY), unit.strip(), zone, replicas, capacity, reserve, thresholds, phases);
    }

    private static ZoneId zone(Fields f, Problems problems) {
        String text = f.get(ZONE);
        if (text == null) return null;
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            problems.add(f.node(ZONE), "unknown time zone '" + text + "': expected UTC, an offset such as +02:00 or a region such as Europe/Berlin");
            return null;
        }
    }

    private static CapacityModel perReplica(Node node, Problems problems) {
        if (node instanceof Node.Scalar) {
            Double c = CAPACITY.read(node, problems);
            return c == null ? null : new CapacityModel.PerReplica(c, c);
        }
        Fields f = PER_REPLICA.open(node, problems);
        if (f == null) return null;
        Double peak = f.get(PEAK);
        Double baseline = f.has(BASELINE) ? f.get(BASELINE) : peak;
        if (peak == null || baseline == null) return null;
        if (baseline > peak) {
            problems.add(f.node(BASELINE), "baseline " + PlanText.number(baseline) + " is above peak " + PlanText.number(peak)
                    + ": the baseline is what a replica carries comfortably, the peak the most it carries");
            return null;
        }
        return new CapacityModel.PerReplica(baseline, peak);
    }

    private static CapacityModel table(Node.Sequence seq, Problems problems) {
        if (seq.items().isEmpty()) {
            problems.add(seq, "expected at least one {load, replicas} row, found an empty list");
            return null;
        }
        int before = problems.count();
        List<CapacityModel.Row> rows = new ArrayList<>();
        for (Node item : seq.items()) {
            Fields f = ROW.open(item, problems);
            if (f == null) continue;
            Double load = f.get(LOAD);
            Double replicas = f.get(ROW_REPLICAS);
            if (load == null || replicas == null) continue;
            if (!rows.isEmpty()) {
                CapacityModel.Row prev = rows.get(rows.size() - 1);
                if (load == prev.load()) {
                    problems.add(f.node(LOAD), "load " + PlanText.number(load) + " repeats the row before: each load may appear once");
                } else if (load < prev.load()) {
                    problems.add(f.node(LOAD), "load " + PlanText.number(load) + " is below the row before's " + PlanText.number(prev.load())
                            + ": list the rows by rising load");
                } else if (replicas < prev.replicas()) {
                    problems.add(f.node(ROW_REPLICAS), "replicas " + PlanText.number(replicas) + " are fewer than the row before's "
                            + PlanText.number(prev.replicas()) + " for a larger load: a larger load never needs fewer replicas");
                }
            }
            rows.add(new CapacityModel.Row(load, replicas));
        }
        if (problems.count() > before) return null;
        return CapacityModel.table(rows);
    }

    private static List<PlanConfig.Level> levels(Node.Sequence seq, Schema schema, Field<Double> at, String unit, Problems problems) {
        int before = problems.count();
        List<PlanConfig.Level> levels = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Node item : seq.items()) {
            Fields f = schema.open(item, problems);
            if (f == null) continue;
            String name = f.get(LEVEL_NAME);
            Double value = f.get(at);
            if (name == null || value == null) continue;
            if (name.isBlank()) {
                problems.add(f.node(LEVEL_NAME), "expected a name, found an empty one");
                continue;
            }
            if (!names.add(name.strip())) problems.add(f.node(LEVEL_NAME), "the name '" + name + "' is used twice: each level needs its own");
            if (!levels.isEmpty()) {
                PlanConfig.Level prev = levels.get(levels.size() - 1);
                if (!(value > prev.at())) {
                    problems.add(f.node(at), name + " at " + PlanText.number(value) + unit + " is not above " + prev.name() + " at "
                            + PlanText.number(prev.at()) + unit + ": list the levels rising, each above the one before");
                }
            }
            levels.add(new PlanConfig.Level(name.strip(), value));
        }
        return problems.count() > before ? null : levels;
    }
}
