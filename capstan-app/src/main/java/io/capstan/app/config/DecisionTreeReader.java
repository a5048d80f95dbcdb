package io.capstan.app.config;

import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;
import io.capstan.core.model.Severity;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.DecisionTreePolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@code decisionTree}: checks and outcomes by id, from a root; no cycles, every node reachable. */
final class DecisionTreeReader extends ReaderBase {
    private static final Type<Node> ANY = Types.any("a value");
    private static final Type<String> NODE_ID = PolicyTypes.TEXT;

    static final Field<String> ROOT = Field.required("root", NODE_ID, "the id of the first node");
    static final Field<Node.Mapping> NODES = Field.required("nodes", Types.mapping("a map of node id to node"), "a map of node id to node");
    static final Schema TREE = Schema.of("a decision tree {root, nodes}", ROOT, NODES);

    static final Field<Node> IF = Field.required("if", ANY, "the condition to check");
    static final Field<String> THEN = Field.required("then", NODE_ID, "the id of the node to go to");
    static final Field<String> ELSE = Field.required("else", NODE_ID, "the id of the node to go to");
    static final Schema CHECK = Schema.of("a check {if, then, else}", IF, THEN, ELSE);

    static final Field<Node> RUN = Field.optional("run", ANY, "a named action {name, params}");
    static final Field<Node> ACTION = Field.optional("action", ANY, "a replica change, e.g. {add: 2}");
    static final Field<Severity> SEVERITY = Field.optional("severity", Types.choice(SEVERITIES), Severity.WARNING, "info, warning or critical");
    static final Field<Duration> SETTLE = Field.optional("settle", PolicyTypes.DURATION, DecisionTreePolicy.DEFAULT_SETTLE,
            "how long the outcome's decision stands before the tree is walked again");
    static final Field<String> NEXT = Field.optional("next", NODE_ID, "the node to go on to once this outcome has settled");
    static final Schema OUTCOME = Schema.of("an outcome {run | action, severity, settle, next}", RUN, ACTION, SEVERITY, SETTLE, NEXT);

    static final Field<Boolean> HEALTHY = Field.required("healthy", PolicyTypes.BOOL, "true: nothing to do");
    static final Schema HEALTHY_NODE = Schema.of("{healthy: true}", HEALTHY);

    private final ConditionReader conditions;
    private final ActionReader actions;

    DecisionTreeReader(Problems problems, List<String> lines, ConditionReader conditions, ActionReader actions) {
        super(problems, lines);
        this.conditions = conditions;
        this.actions = actions;
    }

    // ---------------------------------------------------------------- decision trees

    private sealed interface RawNode {}

    private record Ref(String id, Node at, String path) {}

    private record RawCheck(Condition when, Ref then, Ref otherwise) implements RawNode {}

    private record RawOutcome(Action action, Severity severity, Duration settle, Ref next) implements RawNode {}

    private record RawHealthy() implements RawNode {}

    DecisionTreePolicy decisionTree(Node node, String path, String name, Set<String> metrics) {
        int before = problems.count();
        Fields f = fields(node, path, TREE);
        if (f == null) return null;
        Node rootNode = f.get(ROOT.name());
        String rootId = f.value(ROOT);
        Node.Mapping nodes = f.value(NODES);
        if (nodes == null) return null;
        if (nodes.entries().isEmpty()) {
            problems.add(nodes, f.path("nodes"), "expected at least one node, found an empty map");
            return null;
        }
        Map<String, RawNode> raw = new LinkedHashMap<>();
        Map<String, Node.Entry> located = nodes.entries();
        for (Node.Entry e : located.values()) {
            RawNode r = treeNode(e.value(), child(f.path("nodes"), e.key()), metrics);
            if (r != null) raw.put(e.key(), r);
        }
        Set<String> ids = located.keySet();
        // every reference names a node
        for (RawNode r : raw.values()) {
            for (Ref ref : refs(r)) {
                if (!ids.contains(ref.id())) {
                    problems.add(ref.at(), ref.path(), "unknown node '" + ref.id() + "'; nodes are " + String.join(", ", ids)
                            + NearMiss.suggestion(ref.id(), ids));
                }
            }
        }
        if (rootId != null && !ids.contains(rootId)) {
            problems.add(rootNode, f.path("root"), "unknown node '" + rootId + "'; nodes are " + String.join(", ", ids) + NearMiss.suggestion(rootId, ids));
        }
        // Each check below is made whatever the ones before found, where its answer does not depend on theirs: an unknown
        // reference is a leaf to them, so a cycle does not hide an unreachable node, nor an unknown name a cycle.
        // no cycles: a depth-first walk from every node, reporting each back edge with the path it closes
        Map<String, Integer> state = new HashMap<>();
        for (String id : raw.keySet()) findCycles(id, raw, state);
        // every node is reachable from the root: knowable when the root is known and every node was read (an unread
        // node's references are unknown, and the nodes only it reaches would be called unreachable wrongly)
        if (rootId != null && ids.contains(rootId) && raw.size() == located.size()) {
            Set<String> reached = new LinkedHashSet<>();
            reach(rootId, raw, reached);
            for (Node.Entry e : located.values()) {
                if (!reached.contains(e.key())) {
                    problems.add(e.line(), e.column(), child(f.path("nodes"), e.key()),
                            "node '" + e.key() + "' is not reachable from root '" + rootId + "'; remove it or reference it");
                }
            }
        }
        if (problems.count() > before || name == null) return null;
        Map<String, DecisionTreePolicy.Node> built = new HashMap<>();
        DecisionTreePolicy.Node root = buildNode(rootId, raw, built);
        return build(node, path, () -> new DecisionTreePolicy(name, root));
    }

    RawNode treeNode(Node node, String path, Set<String> metrics) {
        Node.Mapping m = mapping(node, path, "a check {if, then, else}, an outcome {run | action, severity, settle, next} or {healthy: true}");
        if (m == null) return null;
        int before = problems.count();
        if (m.entries().containsKey("if")) {
            Fields f = fields(node, path, CHECK);
            Condition when = conditions.condition(f.get("if"), f.path("if"), metrics);
            Ref then = ref(f, THEN);
            Ref otherwise = ref(f, ELSE);
            if (problems.count() > before) return null;
            return new RawCheck(when, then, otherwise);
        }
        if (m.entries().containsKey("run") || m.entries().containsKey("action")) {
            Fields f = fields(node, path, OUTCOME);
            Action action;
            if (f.has("run") && f.has("action")) {
                problems.add(node, path, "an outcome has run or action, found both");
                return null;
            } else if (f.has("run")) {
                action = actions.run(f.get("run"), f.path("run"));
            } else {
                action = actions.action(f.get("action"), f.path("action"));
            }
            Severity severity = f.value(SEVERITY);
            Duration settle = f.value(SETTLE);
            String nextId = f.value(NEXT);
            Ref next = nextId == null ? null : new Ref(nextId, f.get("next"), f.path("next"));
            if (problems.count() > before) return null;
            return new RawOutcome(action, severity, settle, next);
        }
        if (m.entries().containsKey("healthy")) {
            Fields f = fields(node, path, HEALTHY_NODE);
            Boolean b = f.value(HEALTHY);
            if (b != null && !b) problems.add(f.get("healthy"), f.path("healthy"), "healthy: false is not a node; write healthy: true");
            if (problems.count() > before) return null;
            return new RawHealthy();
        }
        List<String> all = new ArrayList<>(CHECK.names());
        all.addAll(OUTCOME.names());
        all.addAll(HEALTHY_NODE.names());
        String keys = String.join(", ", m.entries().keySet());
        String hint = m.entries().keySet().stream().map(k -> NearMiss.closest(k, all)).filter(Objects::nonNull).findFirst()
                .map(c -> "; did you mean '" + c + "'?").orElse("");
        problems.add(node, path, "expected a check {if, then, else}, an outcome {run | action, severity, settle, next} or {healthy: true}; found "
                + (keys.isEmpty() ? "an empty map" : "fields " + keys) + hint);
        return null;
    }

    Ref ref(Fields f, Field<String> field) {
        String id = f.value(field);
        return id == null ? null : new Ref(id, f.get(field.name()), f.path(field.name()));
    }

    /** The references a node makes; none for a node that is not there (an unknown reference, or a node that could not be read). */
    static List<Ref> refs(RawNode r) {
        if (r == null) return List.of();
        return switch (r) {
            case RawCheck c -> List.of(c.then(), c.otherwise());
            case RawOutcome o -> o.next() == null ? List.of() : List.of(o.next());
            case RawHealthy h -> List.of();
        };
    }

    private static final int VISITING = 1;
    private static final int DONE = 2;

    /**
     * Reports each back edge with the path it closes. Iterative depth-first search with an explicit stack, so a tree of
     * any legal size (thousands of nodes in a chain) is checked without recursion.
     */
    void findCycles(String start, Map<String, RawNode> raw, Map<String, Integer> state) {
        if (state.containsKey(start)) return;
        record Frame(String id, List<Ref> refs, int next) {}
        java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
        List<String> trail = new ArrayList<>();
        state.put(start, VISITING);
        trail.add(start);
        stack.push(new Frame(start, refs(raw.get(start)), 0));
        while (!stack.isEmpty()) {
            Frame top = stack.pop();
            if (top.next() == top.refs().size()) {
                state.put(top.id(), DONE);
                trail.remove(trail.size() - 1);
                continue;
            }
            stack.push(new Frame(top.id(), top.refs(), top.next() + 1));
            Ref ref = top.refs().get(top.next());
            Integer t = state.get(ref.id());
            if (t != null && t == VISITING) {
                List<String> cycle = new ArrayList<>(trail.subList(trail.lastIndexOf(ref.id()), trail.size()));
                cycle.add(ref.id());
                problems.add(ref.at(), ref.path(), "the tree has a cycle: " + String.join(" -> ", cycle) + "; a decision tree must not loop back");
            } else if (t == null) {
                state.put(ref.id(), VISITING);
                trail.add(ref.id());
                stack.push(new Frame(ref.id(), refs(raw.get(ref.id())), 0));
            }
        }
    }

    static void reach(String root, Map<String, RawNode> raw, Set<String> reached) {
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (!reached.add(id)) continue;
            for (Ref ref : refs(raw.get(id))) todo.push(ref.id());
        }
    }

    /**
     * Shared nodes stay shared: the tree is a DAG, built once per id, children before parents (an explicit post-order,
     * so depth costs no stack). The tree has no cycles by now.
     */
    DecisionTreePolicy.Node buildNode(String rootId, Map<String, RawNode> raw, Map<String, DecisionTreePolicy.Node> built) {
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        todo.push(rootId);
        while (!todo.isEmpty()) {
            String id = todo.peek();
            if (built.containsKey(id)) {
                todo.pop();
                continue;
            }
            List<String> missing = refs(raw.get(id)).stream().map(Ref::id).filter(c -> !built.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                missing.forEach(todo::push);
                continue;
            }
            todo.pop();
            built.put(id, switch (raw.get(id)) {
                case RawCheck c -> new DecisionTreePolicy.Check(id, c.when(), built.get(c.then().id()), built.get(c.otherwise().id()));
                case RawOutcome o -> new DecisionTreePolicy.Outcome(id, o.action(), o.severity(), o.settle(),
                        o.next() == null ? null : built.get(o.next().id()));
                case RawHealthy h -> new DecisionTreePolicy.Healthy(id);
            });
        }
        return built.get(rootId);
    }
}
