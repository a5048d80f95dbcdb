package io.capstan.app.input;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A map read through its {@link Schema}: unknown keys are reported when it is opened, each value when first asked
 * for (once, however often it is asked).
 */
public final class Fields {
    private static final Object FAILED = new Object();

    private final Schema schema;
    private final Node.Mapping map;
    private final Problems problems;
    private final Map<String, Object> read = new HashMap<>();

    Fields(Schema schema, Node.Mapping map, Problems problems) {
        this.schema = schema;
        this.map = map;
        this.problems = problems;
        if (!schema.open()) reportUnknown(map, schema.names(), problems);
        for (Field<?> f : schema.fields()) {
            if (f.required() && !has(f)) reportMissing(map, f, problems);
        }
    }

    /** Reports every key of {@code map} not in {@code accepted}, with a did-you-mean; gives how many there were. */
    public static int reportUnknown(Node.Mapping map, List<String> accepted, Problems problems) {
        int unknown = 0;
        for (Node.Entry e : map.entries().values()) {
            if (!accepted.contains(e.key())) {
                unknown++;
                if (e.key().equals("<<")) {
                    // YAML 1.1's merge key: the inputs are YAML 1.2, where it is an ordinary (and here unknown) key
                    problems.add(e.line(), e.column(), Node.child(map.path(), e.key()), "merge keys (<<) are not supported, nor anchors "
                            + "and aliases: write the fields out where they apply; accepted fields: " + String.join(", ", accepted));
                    continue;
                }
                String near = NearMiss.closest(e.key(), accepted);
                problems.add(e.line(), e.column(), Node.child(map.path(), e.key()), "unknown field '" + e.key() + "'"
                        + (near == null ? "; accepted fields: " : "; did you mean '" + near + "'? Accepted fields: ")
                        + String.join(", ", accepted));
            }
        }
        return unknown;
    }

    /** Reports a required field that is not there, at its map. */
    public static void reportMissing(Node.Mapping map, Field<?> field, Problems problems) {
        problems.add(map, "missing required field '" + field.name() + "' (" + field.doc() + ")");
    }

    public Node.Mapping mapping() {
        return map;
    }

    public Problems problems() {
        return problems;
    }

    /** True when the key is there with a value: an explicit null ({@code key:} or {@code "key": null}) counts as absent. */
    public boolean has(Field<?> field) {
        Node n = map.get(field.name());
        return n != null && !(n instanceof Node.Scalar s && s.isNull());
    }

    /** The node under the field's key, or null when absent. */
    public Node node(Field<?> field) {
        return map.get(field.name());
    }

    public String path(Field<?> field) {
        return Node.child(map.path(), field.name());
    }

    /** The field's value: its default when absent, null when present but wrong (reported). */
    @SuppressWarnings("unchecked")
    public <T> T get(Field<T> field) {
        if (!schema.fields().contains(field)) throw new IllegalArgumentException(field.name() + " is not a field of " + schema.what());
        Node n = node(field);
        if (!has(field)) return field.defaultValue();
        Object v = read.get(field.name());
        if (v == null) {
            v = field.type().read(n, problems);
            read.put(field.name(), v == null ? FAILED : v);
        }
        return v == FAILED ? null : (T) v;
    }

    /** The value when the key is there and right; null when absent (no default) or wrong. */
    public <T> T getIfPresent(Field<T> field) {
        return has(field) ? get(field) : null;
    }
}
