package io.capstan.core.signal;

/**
 * What a {@link Window} says about a series at a moment: a value with its supporting evidence, or
 * an explained absence. No data is never NaN and never zero: the compiler makes every reader
 * handle {@link Missing}.
 */
public sealed interface Reading {

    /**
     * A value read from the window.
     *
     * @param value    the aggregated value; always finite
     * @param samples  how many samples it was computed from (at least 1)
     * @param coverage in [0, 1]: the fraction of the window length spanned by those samples, from the
     *                 oldest to the newest. One sample spans nothing, so its coverage is 0; samples every
     *                 {@code s} through a window of length {@code L} reach at most {@code (L - s) / L}.
     *                 A policy compares it with a floor to tell thin data from full data.
     */
    record Present(double value, int samples, double coverage) implements Reading {
        public Present {
            if (!Double.isFinite(value)) throw new IllegalArgumentException("value must be finite, was " + value);
            if (samples < 1) throw new IllegalArgumentException("samples must be at least 1, was " + samples);
            if (!(coverage >= 0.0 && coverage <= 1.0)) {
                throw new IllegalArgumentException("coverage must be in [0, 1], was " + coverage);
            }
        }
    }

    /**
     * No usable value, and why.
     *
     * @param cause human readable, for explanations: "no samples in the last 5m", "only 1 sample in the
     *              last 5m: rate needs 2"...
     */
    record Missing(String cause) implements Reading {
        public Missing {
            if (cause == null || cause.isBlank()) throw new IllegalArgumentException("a missing reading must say why");
        }
    }
}
