package io.capstan.app.config;

import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Types;
import io.capstan.core.model.Durations;
import io.capstan.core.model.Severity;
import io.capstan.core.policy.Comparator;
import io.capstan.core.signal.Aggregation;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every reader of the policy language shares: the problems collected so far, the source lines (for columns
 * inside condition text) and the located value readers. Each reader returns null when what it read was wrong
 * (having recorded why), and a parent builds its own record only when none of its parts failed, so one mistake
 * gives one problem rather than a cascade. Core constructors validate too; their messages become problems at the
 * node being built.
 */
abstract class ReaderBase {
    static final double MAX_TOLERANCE = 1.0;

    static final Map<String, Severity> SEVERITIES = options("info", Severity.INFO, "warning", Severity.WARNING, "critical", Severity.CRITICAL);
    static final Map<String, Comparator> COMPARATORS = options(">", Comparator.GT, ">=", Comparator.GE,
            "<", Comparator.LT, "<=", Comparator.LE);
    static final Map<String, Aggregation> AGGREGATIONS = aggregations();

    final Problems problems;
    final List<String> lines;

    ReaderBase(Problems problems, List<String> lines) {
        this.problems = problems;
        this.lines = lines;
    }

    // ---------------------------------------------------------------- paths

    static String child(String path, String key) {
        return Node.child(path, key);
    }

    static String item(String path, int index) {
        return Node.item(path, index);
    }

    /** A required, non-blank, unique name. */
    String name(Fields f, Map<String, Node> seen, String what) {
        Node n = f.required("name", "the " + what + "'s name");
        if (n == null) return null;
        String name = text(n);
        if (name == null) return null;
        if (name.isBlank()) {
            problems.add(n, f.path("name"), "expected a non-empty " + what + " name, found an empty one");
            return null;
        }
        Node earlier = seen.putIfAbsent(name, n);
        if (earlier != null) {
            problems.add(n, f.path("name"), "duplicate " + what + " name '" + name + "'; it is already used on line " + earlier.line());
            return null;
        }
        return name;
    }

    /** A node and its path in problems. */
    record Located(Node node, String path) {}

    /**
     * A setting written short ({@code lastKnown: 10m}) or long ({@code lastKnown: {maxAge: 10m}}):
     * the node holding its value, or null after a problem was reported.
     */
    Located shortOrLong(Node v, String path, String key, String valueForm, String expected) {
        if (!(v instanceof Node.Mapping)) return new Located(v, path);
        Fields f = fields(v, path, "{" + key + ": " + valueForm + "}", List.of(key));
        if (f == null) return null;
        Node n = f.required(key, expected);
        return n == null ? null : new Located(n, f.path(key));
    }

    // ---------------------------------------------------------------- values

    enum Sign { POSITIVE, NON_NEGATIVE }

    /** A map's fields, with every key not in {@code accepted} reported as it is opened. */
    final class Fields {
        private final Node.Mapping map;
        private final String path;
        private final int unknown;
        private final Map<String, Object> values = new java.util.HashMap<>();

        Fields(Node.Mapping map, String path, List<String> accepted) {
            this.map = map;
            this.path = path;
            this.unknown = io.capstan.app.input.Fields.reportUnknown(map, accepted, problems);
        }

        /** A map read through its schema: unknown keys and missing required ones are reported now. */
        Fields(Node.Mapping map, String path, Schema schema) {
            this(map, path, schema.names());
            for (Field<?> f : schema.fields()) {
                if (f.required()) {
                    declaredRequired.add(f.name());
                    if (!has(f.name())) io.capstan.app.input.Fields.reportMissing(map, f, problems);
                }
            }
        }

        /** Keys the schema declared required: their absence was reported when the map was opened. */
        private final java.util.Set<String> declaredRequired = new java.util.HashSet<>();

        /**
         * A declared field's value: its default when the key is absent, null when the value is wrong (reported once,
         * however often it is asked for). A key written with no value ({@code key:}) is a value, and wrong.
         */
        @SuppressWarnings("unchecked")
        <T> T value(Field<T> field) {
            Node n = get(field.name());
            if (n == null) return field.defaultValue();
            Object v = values.computeIfAbsent(field.name(), k -> {
                T read = field.type().read(n, problems);
                return read == null ? Fields.class : read;
            });
            return v == Fields.class ? null : (T) v;
        }

        boolean has(String key) {
            return map.entries().containsKey(key);
        }

        Node get(String key) {
            Node.Entry e = map.entries().get(key);
            return e == null ? null : e.value();
        }

        Node.Entry entry(String key) {
            return map.entries().get(key);
        }

        String path(String key) {
            return child(path, key);
        }

        int unknownCount() {
            return unknown;
        }

        /** The value of a field that must be there; reports it at the map when it is not. */
        Node required(String key, String expected) {
            Node v = get(key);
            if (v == null && !declaredRequired.contains(key)) problems.add(map, path, "missing required field '" + key + "' (" + expected + ")");
            return v;
        }
    }

    /** A map read through its schema; null (reported) when the node is not a map. */
    Fields fields(Node node, String path, Schema schema) {
        Node.Mapping m = mapping(node, path, schema.what());
        return m == null ? null : new Fields(m, path, schema);
    }

    Fields fields(Node node, String path, String expected, List<String> accepted) {
        Node.Mapping m = mapping(node, path, expected);
        return m == null ? null : new Fields(m, path, accepted);
    }

    Node.Mapping mapping(Node node, String path, String expected) {
        if (node instanceof Node.Mapping m) return m;
        problems.add(node, path, "expected " + expected + ", found " + node.describe());
        return null;
    }

    Node.Sequence sequence(Node node, String path, String expected) {
        if (node instanceof Node.Sequence s) return s;
        problems.add(node, path, "expected " + expected + ", found " + node.describe());
        return null;
    }

    // The value readers below are the policy language's types (PolicyTypes) read at a node, which knows its path.

    String text(Node node) {
        return PolicyTypes.TEXT.read(node, problems);
    }

    Integer integer(Node node) {
        return PolicyTypes.WHOLE.read(node, problems);
    }

    Double number(Node node) {
        return PolicyTypes.NUMBER.read(node, problems);
    }

    Boolean bool(Node node) {
        return PolicyTypes.BOOL.read(node, problems);
    }

    /** Durations as 90s, 5m, 1h30m, 2d; a bare number is seconds; at most 366 days. */
    Duration duration(Node node, Sign sign) {
        return (sign == Sign.POSITIVE ? PolicyTypes.POSITIVE_DURATION : PolicyTypes.DURATION).read(node, problems);
    }

    /** One of a fixed set of words, matched without regard to case and reported with its canonical spelling. */
    <E> E choice(Node node, Map<String, E> options) {
        return Types.choice(options).read(node, problems);
    }

    /** Runs a core constructor; its IllegalArgumentException becomes a problem at the node being built. */
    <T> T build(Node at, String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(at, path, String.valueOf(e.getMessage()));
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static <E> Map<String, E> options(Object... pairs) {
        Map<String, E> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (E) pairs[i + 1]);
        return m;
    }

    static Map<String, Aggregation> aggregations() {
        Map<String, Aggregation> m = new LinkedHashMap<>();
        Arrays.stream(Aggregation.values()).forEach(a -> m.put(a.id(), a));
        return m;
    }

}
