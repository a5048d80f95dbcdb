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
 * (cost, right-sizing), each through the input layer (located problems, did-you-mean on unknown keys); or several
 * targets ({@code targets:}), each its plan keys over the {@code plan:} section's and its own extra sections.
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
    static final Field<Node.Mapping> DEFAULTS_FIELD = Field.optional("plan", Types.mapping("the plan section"),
            "what to plan for; with targets, what every target takes unless it says otherwise");
    static final Field<Node.Sequence> TARGETS = Field.optional("targets", Types.sequence("a list of targets, each {name, metric, ...}"),
            "several targets planned in one report, each with its own series and plan keys (default: the plan section's)");
    static final Field<String> TARGET_NAME = Field.required("name", Types.string("a target name"),
            "the target's name: the run config's, with --history store or prometheus");
    /** The plan keys that together make one capacity model: a target giving any of them takes none of the defaults'. */
    static final List<String> CAPACITY_KEYS = List.of(CAPACITY_PER_REPLICA.name(), CAPACITY_TABLE.name(), UTILIZATION.name());

    /**
     * A read plan file: the plan section and the extra sections' raw nodes, by key, for their readers; with
     * {@code targets:}, one {@link Target} each, and {@code plan} then holds the defaults they were read over.
     */
    record Read(PlanConfig plan, Map<String, Node> extra, List<Target> targets) {
        Read {
            targets = List.copyOf(targets);
        }

        Read(PlanConfig plan, Map<String, Node> extra) {
            this(plan, extra, List.of());
        }

        /** Several targets in one report ({@code targets:}), rather than the one {@code plan:} section. */
        boolean multi() {
            return !targets.isEmpty();
        }
    }

    /**
     * One target of a plan with {@code targets:}.
     *
     * @param nameAt   where the target's name is (an unknown target is reported there)
     * @param metricAt where its series is named (its own {@code metric}, or else its name): a missing series is reported there
     * @param plan     its plan keys over the {@code plan:} section's
     * @param extra    its own extra sections, and the shared ones ({@link SectionReader#shared}) it does not override, by key
     */
    record Target(String name, Node nameAt, Node metricAt, PlanConfig plan, Map<String, Node> extra) {}

    private PlanFile() {}

    static Schema root(List<SectionReader> readers) {
        List<Field<?>> fields = new ArrayList<>();
        fields.add(DEFAULTS_FIELD);
        fields.add(TARGETS);
        for (SectionReader r : readers) fields.add(Field.optional(r.key(), Types.any(r.doc()), r.doc()));
        return new Schema("a plan file {" + String.join(", ", fields.stream().map(Field::name).toList()) + "}", fields, false);
    }

    /** A target's keys: its name, every plan key, and each extra section of its own. */
    static Schema target(List<SectionReader> readers) {
        List<Field<?>> fields = new ArrayList<>();
        fields.add(TARGET_NAME);
        fields.addAll(PLAN.fields());
        for (SectionReader r : readers) fields.add(Field.optional(r.key(), Types.any(r.doc()), r.doc()));
        return new Schema("a target {" + String.join(", ", fields.stream().map(Field::name).toList()) + "}", fields, false);
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
        Map<String, Node> extra = new LinkedHashMap<>();
        for (SectionReader r : readers) {
            Node n = f.mapping().get(r.key());
            if (n != null) extra.put(r.key(), n);
        }
        Node.Sequence targets = f.get(TARGETS);
        if (!f.has(TARGETS)) {
            if (!f.has(DEFAULTS_FIELD)) {
                Fields.reportMissing(f.mapping(), PLAN_FIELD, problems);
                return null;
            }
            Node.Mapping planNode = f.get(DEFAULTS_FIELD);
            PlanConfig plan = planNode == null ? null : plan(planNode, problems);
            return plan == null ? null : new Read(plan, extra);
        }
        if (targets == null) return null;
        Node.Mapping defaults = f.has(DEFAULTS_FIELD) ? f.get(DEFAULTS_FIELD) : null;
        if (f.has(DEFAULTS_FIELD) && defaults == null) return null;
        if (defaults == null) defaults = new Node.Mapping(Map.of(), f.mapping().line(), f.mapping().column(), "plan");
        int before = problems.count();
        PlanConfig shared = plan(defaults, problems);
        for (SectionReader r : readers) {
            if (!r.shared() && extra.containsKey(r.key())) {
                problems.add(extra.get(r.key()), r.key() + ": in a plan with targets, each target's " + r.key() + " goes under it ("
                        + Node.child(Node.item(targets.path(), 0), r.key()) + ", ...): it reads that target's own series");
            }
        }
        if (targets.items().isEmpty()) problems.add(targets, "expected at least one target {name, metric, ...}, found an empty list");
        if (shared == null || problems.count() > before) return null;
        List<Target> read = new ArrayList<>();
        Map<String, Node> seen = new LinkedHashMap<>();
        Schema targetSchema = target(readers);
        for (Node item : targets.items()) {
            Fields t = targetSchema.open(item, problems);
            if (t == null) continue;
            String name = t.get(TARGET_NAME);
            if (name == null) {
                plan(merged(defaults, t.mapping()), problems); // its other mistakes too, in one pass
                continue;
            }
            Node nameAt = t.node(TARGET_NAME);
            if (name.isBlank()) {
                problems.add(nameAt, "expected a target name, found an empty one");
                continue;
            }
            name = name.strip();
            Node first = seen.putIfAbsent(name, nameAt);
            if (first != null) {
                problems.add(nameAt, "target '" + name + "' is planned twice (first at line " + first.line() + ", column " + first.column()
                        + "): each target once, its keys in one entry");
                continue;
            }
            PlanConfig plan = plan(merged(defaults, t.mapping()), problems);
            if (plan == null) continue;
            Map<String, Node> own = new LinkedHashMap<>();
            for (SectionReader r : readers) {
                Node n = t.mapping().get(r.key());
                if (n instanceof Node.Scalar none && none.isNull()) continue; // cost: null, none for this target, the shared one neither
                if (n != null) own.put(r.key(), n);
                else if (r.shared() && extra.containsKey(r.key())) own.put(r.key(), extra.get(r.key()));
            }
            // the series is <name>.<metric> unless the target names its own: a missing one is the name's mistake, or its metric's
            Node metricAt = t.has(METRIC) ? t.node(METRIC) : nameAt;
            read.add(new Target(name, nameAt, metricAt, plan, own));
        }
        return problems.count() > before ? null : new Read(shared, extra, read);
    }

    /**
     * A target's plan keys over the defaults': each key the target gives wins; a capacity model the target gives
     * (any of {@link #CAPACITY_KEYS}) replaces the defaults' whole, so the two never read as two models. Each node keeps
     * its own place, so a problem with an inherited key points at the plan section.
     */
    static Node.Mapping merged(Node.Mapping defaults, Node.Mapping target) {
        Map<String, Node.Entry> entries = new LinkedHashMap<>();
        boolean ownModel = CAPACITY_KEYS.stream().anyMatch(k -> target.get(k) != null);
        for (Node.Entry e : defaults.entries().values()) {
            if (!(ownModel && CAPACITY_KEYS.contains(e.key()))) entries.put(e.key(), e);
        }
        for (Node.Entry e : target.entries().values()) {
            if (PLAN.names().contains(e.key())) entries.put(e.key(), e);
        }
        return new Node.Mapping(entries, target.line(), target.column(), target.path());
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
