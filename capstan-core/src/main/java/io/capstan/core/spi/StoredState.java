package io.capstan.core.spi;

import java.time.Instant;

/**
 * The scaling state of one target, as the app's versioned codec wrote it. One per target: saving replaces it.
 *
 * @param version the codec's format version, so a reader can tell an old encoding from a newer one
 * @param payload the encoded state
 * @param savedAt when it was saved (kept to the microsecond)
 */
public record StoredState(String target, int version, String payload, Instant savedAt) {
    public StoredState {
        StoreText.key("target", target);
        if (version < 0) throw new IllegalArgumentException("state version " + version + " is negative");
        StoreText.text("payload", payload);
        savedAt = StoreText.instant("savedAt", savedAt);
    }
}
