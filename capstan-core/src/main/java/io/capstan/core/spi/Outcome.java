package io.capstan.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * What applying an {@link Actuation} did. Every outcome names its decision and what actually changed, in the order it
 * happened, so the controller can record each attempt as it was and decide on a retry without asking again.
 */
public sealed interface Outcome {
    String decisionId();

    /** What changed in the world, one line each ("started member 3 (pid 4242)"); empty when nothing did. */
    List<String> changes();

    /** The capacity is at (or on its way to) the desired count. */
    record Applied(String decisionId, int before, int after, List<String> changes) implements Outcome {
        public Applied {
            Objects.requireNonNull(decisionId, "decisionId");
            changes = List.copyOf(changes);
        }
    }

    /** The decision was applied before (perhaps before a restart); nothing was done. */
    record AlreadyApplied(String decisionId, int current) implements Outcome {
        public AlreadyApplied {
            Objects.requireNonNull(decisionId, "decisionId");
        }

        @Override
        public List<String> changes() {
            return List.of();
        }
    }

    /**
     * The actuator could not reach the desired count.
     *
     * @param retryable true when the same actuation may succeed later: the controller retries it with {@link Backoff};
     *                  false when it cannot without a change of config (a command that does not exist)
     * @param message   what went wrong, for a person
     * @param changes   what was changed before the failure (some members may have started)
     */
    record Failed(String decisionId, boolean retryable, String message, List<String> changes) implements Outcome {
        public Failed {
            Objects.requireNonNull(decisionId, "decisionId");
            Objects.requireNonNull(message, "message");
            changes = List.copyOf(changes);
        }
    }
}
