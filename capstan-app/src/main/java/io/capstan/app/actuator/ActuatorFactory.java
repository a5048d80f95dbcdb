package io.capstan.app.actuator;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;

/**
 * One kind of actuator, registered under its {@code type:} name through {@link java.util.ServiceLoader}: a plugin adds
 * its class name to {@code META-INF/services/io.capstan.app.actuator.ActuatorFactory} and touches nothing else.
 * Reading a section and opening the actuator are two steps, so {@code capstan validate} can check a config without
 * starting anything.
 */
public interface ActuatorFactory {
    /** The name a config writes as {@code type:}. */
    String type();

    /** One line on what it drives, for messages ("a pool of local processes"). */
    String doc();

    /**
     * Reads the actuator's section with the shared input layer, reporting every problem at its line and column.
     * The section holds {@code type} too: a factory's schema lists {@link Actuators#TYPE} among its fields.
     *
     * @return the settings, or null when anything was wrong (reported in {@code problems})
     */
    Configured read(Node.Mapping section, Problems problems);

    /**
     * What still runs of a record this kind of actuator wrote (its {@code kind} is the actuator's), for a person: one
     * entry per unit ("member 0 (pid 4242)"). Empty when nothing runs or the record is not this actuator's.
     */
    default java.util.List<String> leftRunning(io.capstan.core.spi.ActuatorRecord record) {
        return java.util.List.of();
    }

    /** A section read without problems, ready to open. */
    @FunctionalInterface
    interface Configured {
        /**
         * Opens the actuator for one target: reads its durable state, adopts what still runs.
         *
         * @throws io.capstan.core.spi.ActuatorException when its state cannot be read or it cannot start watching
         */
        io.capstan.core.spi.Actuator open(ActuatorContext context);

        /**
         * Reports, located in the section, what the config alone shows cannot work for a target scaled up to
         * {@code maxReplicas} (a port range past 65535): checked by {@code capstan validate} too.
         */
        default void check(int maxReplicas, io.capstan.app.input.Problems problems) {}

        /**
         * Reports, located in the section, what keeps the actuator from working on this machine now (a program that is
         * not there, a missing directory): checked by {@code capstan run} before it starts and by a reload, never by
         * {@code capstan validate}, which may run elsewhere.
         */
        default void preflight(io.capstan.app.input.Problems problems) {}
    }
}
