package io.capstan.core.spi;

import java.time.Instant;

/**
 * A switch a person set on a target, with who set it and why. Present means on; clearing removes it. Each change is
 * also written to the manual-action audit.
 */
public record TargetFlag(String target, Kind kind, String who, String reason, Instant at) {
    public enum Kind {
        /** Decide nothing, change nothing. */
        PAUSED,
        /** Decide and record, change nothing. */
        DRY_RUN
    }

    public TargetFlag {
        StoreText.key("target", target);
        java.util.Objects.requireNonNull(kind, "kind");
        StoreText.key("who", who);
        StoreText.text("reason", reason);
        at = StoreText.instant("at", at);
    }
}
