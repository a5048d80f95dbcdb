package io.capstan.core.spi;

import java.time.Instant;

/**
 * Something a person did to a target (scale to N, pause, resume, emergency, dry-run on or off), kept for the audit.
 *
 * @param action  what was done, such as {@code scale}, {@code pause}, {@code dry-run off}
 * @param detail  what it was done with, such as {@code replicas=7}; may be empty
 * @param who     who did it (the API token's subject, or the OS user of the CLI)
 * @param why     the reason they gave
 */
public record ManualAction(String target, Instant at, String action, String detail, String who, String why) {
    public ManualAction {
        StoreText.key("target", target);
        at = StoreText.instant("at", at);
        StoreText.key("action", action);
        StoreText.text("detail", detail);
        StoreText.key("who", who);
        StoreText.text("why", why);
    }
}
