package io.capstan.app.trace;

import io.capstan.core.simulate.SeriesCursor;
import io.capstan.core.simulate.Trace;

import java.time.Instant;

/** A series' i-th sample in tests, read through a cursor as the simulator reads it (a series has no random access). */
final class Read {
    private Read() {}

    static long epochMillis(Trace.Series s, int i) {
        try (SeriesCursor c = at(s, i)) {
            return c.time();
        }
    }

    static Instant time(Trace.Series s, int i) {
        return Instant.ofEpochMilli(epochMillis(s, i));
    }

    static double value(Trace.Series s, int i) {
        try (SeriesCursor c = at(s, i)) {
            return c.value();
        }
    }

    private static SeriesCursor at(Trace.Series s, int i) {
        if (i < 0 || i >= s.size()) throw new IndexOutOfBoundsException(i + " of " + s.size());
        SeriesCursor c = s.cursor();
        for (int k = 0; k < i; k++) c.advance();
        return c;
    }
}
