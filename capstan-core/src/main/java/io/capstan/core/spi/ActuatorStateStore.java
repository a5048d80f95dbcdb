package io.capstan.core.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * Where an actuator keeps what must survive a crash of Capstan (a process pool's member PIDs, the last decision ids it
 * applied), as one versioned text per key that the actuator itself encodes. The store only keeps the text: it never
 * reads it. A save replaces the whole text atomically, so a crash during a save leaves the previous text or the new
 * one, never a mix.
 */
public interface ActuatorStateStore {
    /** The text last saved under {@code key}, or empty when nothing was. */
    Optional<String> load(String key) throws IOException;

    /** Replaces the text under {@code key}; durable when this returns. */
    void save(String key, String state) throws IOException;
}
