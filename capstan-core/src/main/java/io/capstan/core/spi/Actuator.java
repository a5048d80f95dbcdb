package io.capstan.core.spi;

/**
 * What changes real capacity: a process pool, a Kubernetes Deployment, an ECS service. The controller
 * {@link #observe observes} it every tick and hands it {@link Actuation}s, absolute desired counts ("be at 7", never
 * "add 2"), each with the id of the decision that asked for it.
 *
 * <p>The contract every implementation keeps:
 * <ul>
 *   <li><b>Idempotent per decision id.</b> Applying an actuation whose decision id was already applied changes nothing
 *       and answers {@link Outcome.AlreadyApplied}, also after a restart of Capstan (the id is kept durably with the
 *       actuator's other state) and also when a later decision has been applied since: a late retry of an old
 *       decision must not undo a newer one.</li>
 *   <li><b>Honest outcomes.</b> {@link #apply} never throws for a failure of the world (a backend down, a command that
 *       cannot start): it answers {@link Outcome.Failed}, saying whether trying again may help and what it changed
 *       before it failed. Retrying with {@link Backoff} and recording every attempt is the controller's job.</li>
 *   <li><b>Closing is not stopping.</b> {@link #close} lets go of what the actuator watches; the capacity it runs keeps
 *       running, so restarting Capstan (or Capstan dying) never scales a service to zero.</li>
 * </ul>
 * Implementations may be called from several threads; {@code apply} calls for one target are serialized by the
 * implementation.
 */
public interface Actuator extends AutoCloseable {

    /**
     * The capacity as it is now.
     *
     * @throws ActuatorException when the backend cannot be asked (the controller treats the capacity as unknown)
     */
    Capacity observe();

    /** Brings the capacity to {@code actuation.desired()}; see the class comment for the contract. */
    Outcome apply(Actuation actuation);

    /** Stops watching; never stops the capacity. */
    @Override
    void close();
}
