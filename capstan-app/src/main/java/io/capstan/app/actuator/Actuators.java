package io.capstan.app.actuator;

import io.capstan.app.input.Field;
import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Types;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The actuator types installed, by their {@code type:} names, and the reader of an {@code actuator:} section. */
public final class Actuators {
    /** The key every actuator section starts with; factories list it in their schemas. */
    public static final Field<String> TYPE = Field.required("type", Types.string("an actuator type"), "which kind of actuator");

    private final Map<String, ActuatorFactory> byType;

    private Actuators(Map<String, ActuatorFactory> byType) {
        this.byType = byType;
    }

    /** Every factory registered through {@link ServiceLoader} on the class path. */
    public static Actuators installed() {
        return of(ServiceLoader.load(ActuatorFactory.class, Actuators.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    static Actuators of(List<ActuatorFactory> factories) {
        Map<String, ActuatorFactory> m = new TreeMap<>();
        for (ActuatorFactory f : factories) {
            ActuatorFactory earlier = m.putIfAbsent(f.type(), f);
            if (earlier != null) {
                throw new IllegalStateException("two actuators registered as '" + f.type() + "': "
                        + earlier.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return new Actuators(m);
    }

    /** What still runs of an actuator record, asked of every installed actuator (see {@link ActuatorFactory#leftRunning}). */
    public List<String> leftRunning(io.capstan.core.spi.ActuatorRecord record) {
        List<String> all = new java.util.ArrayList<>();
        for (ActuatorFactory f : byType.values()) all.addAll(f.leftRunning(record));
        return all;
    }

    public List<String> types() {
        return List.copyOf(byType.keySet());
    }

    /**
     * Reads an {@code actuator:} section: its {@code type} picks the factory, which reads the rest.
     *
     * @return the settings, or null with every problem reported at its place
     */
    public ActuatorFactory.Configured read(Node node, Problems problems) {
        if (!(node instanceof Node.Mapping section)) {
            problems.add(node, "expected an actuator {type: " + String.join(" | ", byType.keySet()) + ", ...}, found " + node.describe());
            return null;
        }
        Node type = section.get(TYPE.name());
        if (type == null || type instanceof Node.Scalar s && s.isNull()) {
            problems.add(section, "missing required field 'type' (which kind of actuator: " + String.join(", ", byType.keySet()) + ")");
            return null;
        }
        String name = TYPE.type().read(type, problems);
        if (name == null) return null;
        ActuatorFactory factory = byType.get(name);
        if (factory == null) {
            problems.add(type, "unknown actuator type '" + name + "'" + NearMiss.suggestion(name, byType.keySet())
                    + " Known types: " + describeTypes());
            return null;
        }
        return factory.read(section, problems);
    }

    private String describeTypes() {
        StringBuilder b = new StringBuilder();
        byType.forEach((type, f) -> b.append(b.isEmpty() ? "" : ", ").append(type).append(" (").append(f.doc()).append(')'));
        return b.toString();
    }
}
