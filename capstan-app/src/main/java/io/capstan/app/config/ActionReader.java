package io.capstan.app.config;

import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;
import io.capstan.core.policy.Action;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Actions: add, remove, addPercent, removePercent, set, toMax and named actions (run). */
final class ActionReader extends ReaderBase {
    private static final Type<Node> ANY = Types.any("a value");
    /** The kinds of action, one per action map. */
    static final Schema ACTION = Schema.of("one of {add: N}, {remove: N}, {addPercent: P}, {removePercent: P}, {set: N}, {toMax: true},"
                    + " {run: {name, params}}",
            Field.optional("add", ANY, "add N replicas"), Field.optional("remove", ANY, "remove N replicas"),
            Field.optional("addPercent", ANY, "add P % of the current count"), Field.optional("removePercent", ANY, "remove P % of the current count"),
            Field.optional("set", ANY, "set the count to N"), Field.optional("toMax", ANY, "scale to the target's max"),
            Field.optional("run", ANY, "a named action for people or another system"));
    static final Field<String> NAME = Field.required("name", PolicyTypes.TEXT, "the action's name, e.g. vertical-scale");
    static final Field<Node.Mapping> PARAMS = Field.optional("params", Types.mapping("a map of parameter name to value"),
            "parameters handed to whoever carries the action out");
    static final Schema RUN = Schema.of("a named action {name, params}", NAME, PARAMS);

    ActionReader(Problems problems, List<String> lines) {
        super(problems, lines);
    }

    Action action(Node node, String path) {
        String expected = ACTION.what();
        Fields f = fields(node, path, ACTION);
        if (f == null) return null;
        List<String> given = ACTION.names().stream().filter(f::has).toList();
        if (given.isEmpty()) {
            if (f.unknownCount() == 0) problems.add(node, path, "expected " + expected + ", found an empty map");
            return null;
        }
        if (given.size() > 1) {
            problems.add(node, path, "an action does one thing, found " + String.join(" and ", given));
            return null;
        }
        String key = given.get(0);
        Node v = f.get(key);
        String sub = f.path(key);
        return switch (key) {
            case "add" -> { Integer n = integer(v); yield n == null ? null : build(v, sub, () -> new Action.Add(n)); }
            case "remove" -> { Integer n = integer(v); yield n == null ? null : build(v, sub, () -> new Action.Remove(n)); }
            case "set" -> { Integer n = integer(v); yield n == null ? null : build(v, sub, () -> new Action.Set(n)); }
            case "addPercent" -> { Double p = number(v); yield p == null ? null : build(v, sub, () -> new Action.AddPercent(p)); }
            case "removePercent" -> { Double p = number(v); yield p == null ? null : build(v, sub, () -> new Action.RemovePercent(p)); }
            case "toMax" -> {
                Boolean b = bool(v);
                if (b == null) yield null;
                if (!b) {
                    problems.add(v, sub, "toMax: false does nothing; write toMax: true or choose another action");
                    yield null;
                }
                yield new Action.ToMax();
            }
            case "run" -> run(v, sub);
            default -> throw new IllegalStateException(key);
        };
    }

    Action.Named run(Node node, String path) {
        int before = problems.count();
        Fields f = fields(node, path, RUN);
        if (f == null) return null;
        String name = f.value(NAME);
        if (name != null && name.isBlank()) problems.add(f.get("name"), f.path("name"), "expected a non-empty action name, found an empty one");
        Map<String, String> params = new LinkedHashMap<>();
        if (f.has("params")) {
            Node.Mapping pm = f.value(PARAMS);
            if (pm != null) {
                for (Node.Entry e : pm.entries().values()) {
                    if (e.value() instanceof Node.Scalar s && s.isValue()) {
                        params.put(e.key(), s.text());
                    } else {
                        problems.add(e.value(), child(f.path("params"), e.key()), "expected a single value (text or number), found " + e.value().describe());
                    }
                }
            }
        }
        if (problems.count() > before) return null;
        return build(node, path, () -> new Action.Named(name, params));
    }
}
