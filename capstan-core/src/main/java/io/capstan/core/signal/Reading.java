package io.capstan.core.signal;

/** A windowed value, or the reason there is none. No data is never NaN and never zero. */
public sealed interface Reading {

    /** @param coverage fraction of the window length spanned by the samples, in [0, 1] */
    record Present(double value, int samples, double coverage) implements Reading {
        public Present {
            if (!Double.isFinite(value)) throw new IllegalArgumentException("reading value must be finite, got " + value);
        }
    }

    record Missing(String cause) implements Reading {}
}
