package io.capstan.app.input;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields a kind of map accepts, in the order the documentation lists them.
 *
 * @param what how the map reads in a message: "a target", "the behavior's scaleUp rules"
 * @param open true for maps whose other keys belong to someone else (Kubernetes metadata): they are not reported
 */
public record Schema(String what, List<Field<?>> fields, boolean open) {

    public Schema {
        fields = List.copyOf(fields);
    }

    public static Schema of(String what, Field<?>... fields) {
        return new Schema(what, List.of(fields), false);
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Field<?> f : fields) names.add(f.name());
        return names;
    }

    /** This schema with more fields (a policy kind's own fields after the shared ones). */
    public Schema with(Field<?>... more) {
        List<Field<?>> all = new ArrayList<>(fields);
        all.addAll(List.of(more));
        return new Schema(what, all, open);
    }

    /** Reads {@code node} as this map, reporting a node that is not a map, unknown keys and missing required keys. */
    public Fields open(Node node, Problems problems) {
        if (!(node instanceof Node.Mapping m)) {
            problems.add(node, "expected " + what + ", found " + node.describe());
            return null;
        }
        return new Fields(this, m, problems);
    }
}
