package io.capstan.app.config;

import io.capstan.app.actuator.ActuatorFactory;
import io.capstan.app.actuator.Actuators;
import io.capstan.app.input.Field;
import io.capstan.app.input.Fields;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Types;
import io.capstan.app.source.Sources;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.app.store.jdbc.StoreSection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sections of a policy file that only {@code capstan run} uses: each target's {@code actuator:}, each metric's
 * {@code source:}, and the top-level {@code sources:}, {@code controller:} and {@code store:}. The policy reader
 * declares them as known keys; their content goes to the registry that owns it ({@link Actuators}, {@link Sources},
 * {@link StoreSection}), so {@code capstan validate} checks a live config as {@code capstan run} reads it.
 */
public final class LiveSections {
    public static final String ACTUATOR = "actuator";
    public static final String SOURCES = Sources.SECTION;
    public static final String CONTROLLER = "controller";
    public static final String STORE = "store";

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    static final Field<Duration> INTERVAL = Field.optional("interval", Types.duration(Duration.ofMillis(100)), DEFAULT_INTERVAL,
            "how often the loop polls its sources and evaluates every target (default 15s; at least 100ms)");
    static final Schema CONTROLLER_SECTION = Schema.of("the controller's settings {interval}", INTERVAL);

    private LiveSections() {}

    /**
     * What the live sections say.
     *
     * @param actuators by target name, for the targets that have an {@code actuator:}; {@code at} where each is written
     * @param sources   the polled sources and the metrics they feed
     * @param interval  the loop's tick
     * @param store     where decisions and state are kept
     * @param targetAt  each target's node by name, where a problem about a whole target is reported
     * @param sourcesAt the top-level {@code sources:} node, or null: a reload compares each type's section with it
     */
    public record Live(Map<String, ActuatorFactory.Configured> actuators, Sources.Config sources, Duration interval, StoreConfig store,
                       Map<String, Node> targetAt, Node sourcesAt) {
        public Live {
            actuators = Map.copyOf(actuators);
            targetAt = Map.copyOf(targetAt);
        }
    }

    /**
     * Reads the live sections of a policy document, reporting every problem at its place.
     *
     * @param dataDir   the {@code --data} directory, where the default store lives
     * @param configDir where relative file names in the sections are looked up
     * @return the sections, or null when a problem was reported
     */
    public static Live read(Node root, Problems problems, Path dataDir, Path configDir) {
        if (!(root instanceof Node.Mapping doc)) return null;
        int before = problems.count();
        Map<String, ActuatorFactory.Configured> actuators = new LinkedHashMap<>();
        Map<String, Node> targetAt = new LinkedHashMap<>();
        if (doc.get("targets") instanceof Node.Sequence targets) {
            Actuators installed = null;
            for (Node t : targets.items()) {
                if (!(t instanceof Node.Mapping target) || !(target.get("name") instanceof Node.Scalar name) || !name.isValue()) continue;
                targetAt.putIfAbsent(name.text(), target);
                Node section = target.get(ACTUATOR);
                if (section == null) continue;
                if (installed == null) installed = Actuators.installed();
                ActuatorFactory.Configured c = installed.read(section, problems);
                if (c != null) actuators.put(name.text(), c);
            }
        }
        Sources.Config sources = Sources.installed().read(doc, problems);
        Duration interval = DEFAULT_INTERVAL;
        Node controller = doc.get(CONTROLLER);
        if (controller != null && !(controller instanceof Node.Scalar s && s.isNull())) {
            Fields f = CONTROLLER_SECTION.open(controller, problems);
            if (f != null && f.get(INTERVAL) != null) interval = f.get(INTERVAL);
        }
        StoreConfig store = StoreSection.read(doc.get(STORE), problems, dataDir, configDir);
        if (problems.count() > before) return null;
        return new Live(actuators, sources, interval, store, targetAt, doc.get(SOURCES));
    }
}
