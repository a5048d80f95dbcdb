package io.capstan.app.run;

import io.capstan.app.actuator.Actuators;
import io.capstan.core.spi.ActuatorRecord;
import io.capstan.core.spi.DecisionStore;
import io.capstan.core.spi.StoreException;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Targets the store knows (an actuator left a record) that the config no longer names. Capstan does not stop what
 * they run (a target removed by mistake must not take its service down), so each is said at start, with what still
 * runs and how to stop it: otherwise its members would run on, unmanaged and unnoticed.
 */
final class LeftBehind {
    private LeftBehind() {}

    /** One warning line per unconfigured target, with its running units; empty when there is none. */
    static List<String> warnings(DecisionStore store, Set<String> configured, Actuators actuators) throws StoreException {
        Map<String, List<String>> running = new LinkedHashMap<>();
        for (ActuatorRecord r : store.actuatorRecords()) {
            if (configured.contains(r.target())) continue;
            running.computeIfAbsent(r.target(), k -> new ArrayList<>()).addAll(actuators.leftRunning(r));
        }
        List<String> lines = new ArrayList<>();
        running.forEach((target, units) -> lines.add(target + ": in the store but no longer in the config; " + (units.isEmpty()
                ? "nothing it started still runs"
                : "left running, unmanaged: " + String.join(", ", units) + ". To stop them, put the target back in the config and"
                + " scale it to 0 (replicas min 0), or kill those pids; capstan run will not stop them")));
        return lines;
    }

    static void log(DecisionStore store, Set<String> configured, Logger log) {
        try {
            for (String line : warnings(store, configured, Actuators.installed())) log.warn("{}", line);
        } catch (StoreException e) {
            log.warn("cannot list the targets the store knows: {}", e.getMessage());
        }
    }
}
