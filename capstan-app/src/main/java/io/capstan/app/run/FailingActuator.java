package io.capstan.app.run;

import io.capstan.core.model.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One target's actuator failing the same way again and again (a command that does not exist fails every tick): the
 * first failure is logged, then at most one summary every {@link #SUMMARY_EVERY} ("still failing (12 attempts since
 * 04:10:00)"), and the recovery once. The change decided again each tick is not logged again while it keeps failing.
 * Guarded by its target's monitor for {@link #repeats}/{@link #deciding}, and by its own for the rest (the apply thread).
 */
final class FailingActuator {
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(5);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private String message;
    private Instant since;
    private Instant lastSaid;
    private int attempts;
    /** The change (from>to reason) being applied, and the one that failed last. */
    private String deciding;
    private String failedKey;

    synchronized void deciding(String key) {
        deciding = key;
    }

    /** True when this change is the one that keeps failing: it was logged with its first failure. */
    synchronized boolean repeats(String key) {
        return message != null && key.equals(failedKey);
    }

    /**
     * Counts a failure; true when it is to be kept quiet (the same failure again, its summary not yet due).
     * {@link #describe} then says the line to log for one that is not quiet.
     */
    synchronized boolean quiet(String failure, Instant at) {
        failedKey = deciding;
        if (failure.equals(message)) {
            attempts++;
            if (Duration.between(lastSaid, at).compareTo(SUMMARY_EVERY) < 0) return true;
            lastSaid = at;
            return false;
        }
        message = failure;
        since = at;
        lastSaid = at;
        attempts = 1;
        return false;
    }

    /** The tail of a failure line: {@code ": reason"} the first time, with the count and since when after. */
    synchronized String describe(String tail) {
        return attempts <= 1 ? tail : " (still failing: " + attempts + " attempts since " + CLOCK.format(since) + " UTC)" + tail;
    }

    /** Ends a run of failures; what to say about it, or null when there was none. */
    synchronized String recovered(Instant at) {
        if (message == null) return null;
        String said = "after " + attempts + " failed attempt(s) over " + Durations.format(Duration.between(since, at).truncatedTo(ChronoUnit.SECONDS));
        message = null;
        failedKey = null;
        return said;
    }

    /** A note for the API while failing, or null. */
    synchronized String note() {
        return message == null ? null : "actuator failing: " + message + " (" + attempts + " attempt(s) since " + since.truncatedTo(ChronoUnit.SECONDS) + ")";
    }
}
