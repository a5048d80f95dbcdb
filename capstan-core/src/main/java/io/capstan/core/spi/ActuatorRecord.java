package io.capstan.core.spi;

import java.time.Instant;

/**
 * What an actuator must remember about a target across a restart of Capstan, in its own encoding: a process pool's
 * member PIDs and start times, so that a restart adopts the members still running. One per (target, kind).
 *
 * @param kind the actuator's name for the record, such as {@code process.members}
 */
public record ActuatorRecord(String target, String kind, String payload, Instant updatedAt) {
    public ActuatorRecord {
        StoreText.key("target", target);
        StoreText.key("kind", kind);
        StoreText.text("payload", payload);
        updatedAt = StoreText.instant("updatedAt", updatedAt);
    }
}
