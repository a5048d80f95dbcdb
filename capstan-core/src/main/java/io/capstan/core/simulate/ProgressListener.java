package io.capstan.core.simulate;

/**
 * Told how far a simulation has come, on the simulating thread (there are no others). Called every
 * {@link SimulationOptions#progressEvery()} steps and once at the end.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    /** @param stepsDone steps of the virtual clock simulated so far, for all targets; @param totalSteps of the whole run */
    void progress(long stepsDone, long totalSteps);
}
