package io.capstan.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.model.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The timestamp of a pushed sample, read and checked against the server clock. A sample from the future would become
 * its series' newest and make every later (real) sample "out of order", freezing the metric; so a time more than
 * {@link #AHEAD} past the server clock is refused. Epoch milliseconds sent where seconds are expected, and times before
 * {@link #EARLIEST} (epoch 0, a negative number, an unset clock), are refused too: they are never a real reading.
 */
final class PushedTime {
    /** How far ahead of the server clock a sample may be: clock skew between a client and this machine. */
    static final Duration AHEAD = Duration.ofSeconds(30);
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** The time read, or why it is refused (a message starting with "timestamp: "). */
    record Read(Instant at, String problem) {}

    private PushedTime() {}

    static Read read(JsonNode ts, Instant now) {
        if (ts == null || ts.isNull()) return new Read(now, null);
        Instant at;
        if (ts.isNumber()) {
            double s = ts.asDouble();
            if (!Double.isFinite(s)) return problem("expected epoch seconds, found " + ts.asText());
            if (s > 1e11) return problem(ts.asText() + " looks like epoch milliseconds; send seconds (" + (long) (s / 1000) + ")");
            if (s < -1e11) return problem(ts.asText() + " is before " + EARLIEST + "; not a sample time");
            at = Instant.ofEpochMilli(Math.round(s * 1000));
        } else if (ts.isTextual()) {
            try {
                at = Instant.parse(ts.asText());
            } catch (DateTimeParseException e) {
                return problem("expected an RFC 3339 instant such as 2026-03-02T10:00:00Z or epoch seconds, found '" + ts.asText() + "'");
            }
        } else {
            return problem("expected an RFC 3339 instant such as 2026-03-02T10:00:00Z or epoch seconds");
        }
        if (at.isBefore(EARLIEST)) return problem(at + " is before " + EARLIEST + "; not a sample time (epoch 0 or a clock not set?)");
        if (at.isAfter(now.plus(AHEAD))) {
            return problem(at + " is " + Durations.format(Duration.between(now, at).withNanos(0)) + " ahead of the server clock ("
                    + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "); at most " + Durations.format(AHEAD) + " ahead is accepted");
        }
        return new Read(at, null);
    }

    private static Read problem(String why) {
        return new Read(null, "timestamp: " + why);
    }
}
