package io.capstan.core.simulate;

/**
 * Receives rows as a streaming simulation makes them ({@link Simulator#stream}), on the simulating
 * thread: per step, one row per target in the order the targets were given, steps in time order.
 * A sink that fails throws; the simulation stops with that exception.
 */
@FunctionalInterface
public interface RowSink {
    /**
     * @param target   the target's name
     * @param decision the decision the row records, with what each policy proposed
     */
    void row(String target, Row row, io.capstan.core.decide.Decision decision);
}
