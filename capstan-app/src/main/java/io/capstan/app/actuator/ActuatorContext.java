package io.capstan.app.actuator;

import io.capstan.core.spi.ActuatorStateStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the running Capstan gives an actuator it opens.
 *
 * @param target        the target it scales (also its key in {@code state})
 * @param dataDirectory Capstan's {@code --data} directory, for files an actuator keeps (logs)
 * @param state         where it keeps what must survive a crash of Capstan
 * @param clock         its time
 * @param events        where it says what it did on its own (a crashed member restarted), one line each, starting
 *                      with the target's name; called from the actuator's own threads, possibly while it holds its
 *                      locks, so it must not block or call back into the actuator
 */
public record ActuatorContext(String target, Path dataDirectory, ActuatorStateStore state, Clock clock, Consumer<String> events) {
    public ActuatorContext {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
    }
}
