package io.capstan.core.spi;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A position in a target's decisions, newest first: the page after it starts with the next older decision. Keyed on
 * (at, id), so decisions with equal timestamps page in a stable order and a decision recorded meanwhile neither shifts
 * nor repeats a page.
 */
public record PageCursor(Instant at, String id) {
    public PageCursor {
        at = StoreText.instant("at", at);
        StoreText.key("id", id);
    }

    /** The cursor as one token for a URL: {@code <at>~<id>}. */
    public String token() {
        return at + "~" + id;
    }

    /** Reads {@link #token()}; an IllegalArgumentException names what is wrong. */
    public static PageCursor parse(String token) {
        int cut = token.indexOf('~');
        if (cut <= 0 || cut == token.length() - 1) throw new IllegalArgumentException("expected a cursor <instant>~<id>, found '" + token + "'");
        try {
            return new PageCursor(Instant.parse(token.substring(0, cut)), token.substring(cut + 1));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a cursor <instant>~<id>, found '" + token + "'");
        }
    }
}
