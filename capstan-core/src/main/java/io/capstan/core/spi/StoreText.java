package io.capstan.core.spi;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** The checks every stored record makes on its keys, so that what a store accepts it can also keep and give back. */
final class StoreText {
    private StoreText() {}

    /** The longest id, target name, kind or user name a store keeps (Kubernetes names are at most 253). */
    static final int MAX_KEY = 255;

    static String key(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) throw new IllegalArgumentException(what + " is blank");
        if (value.indexOf('\0') >= 0) throw new IllegalArgumentException(what + " holds a NUL character, which a store cannot keep");
        if (value.length() > MAX_KEY) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters long; at most " + MAX_KEY + " are kept");
        }
        return value;
    }

    /** Any text but NUL, which PostgreSQL cannot keep in a text column (a JSON encoding escapes it). */
    static String text(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.indexOf('\0') >= 0) throw new IllegalArgumentException(what + " holds a NUL character, which a store cannot keep");
        return value;
    }

    /**
     * Instants are kept to the microsecond: PostgreSQL's timestamps hold no more, and an instant that read back
     * differently from what was written would break paging on (at, id).
     */
    static Instant instant(String what, Instant value) {
        return Objects.requireNonNull(value, what).truncatedTo(ChronoUnit.MICROS);
    }
}
