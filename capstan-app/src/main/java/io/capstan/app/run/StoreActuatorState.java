package io.capstan.app.run;

import io.capstan.core.spi.ActuatorRecord;
import io.capstan.core.spi.ActuatorStateStore;
import io.capstan.core.spi.DecisionStore;
import io.capstan.core.spi.StoreException;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * An actuator's durable state kept in the decision store, one {@link ActuatorRecord} per (target, key): a process
 * pool's member PIDs and start times live in the same database as the decisions that started them.
 */
record StoreActuatorState(DecisionStore store, String target, Clock clock) implements ActuatorStateStore {
    @Override
    public Optional<String> load(String key) throws IOException {
        try {
            return store.actuatorRecord(target, key).map(ActuatorRecord::payload);
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void save(String key, String state) throws IOException {
        try {
            store.putActuatorRecord(new ActuatorRecord(target, key, state, clock.instant()));
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
