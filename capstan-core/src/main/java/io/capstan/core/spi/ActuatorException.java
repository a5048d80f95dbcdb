package io.capstan.core.spi;

/** An actuator could not do what it was asked, for a reason of the world rather than a bug in Capstan. */
public final class ActuatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    /** @param retryable true when the same call may succeed later (a timeout), false when it cannot (a bad command) */
    public ActuatorException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public ActuatorException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
