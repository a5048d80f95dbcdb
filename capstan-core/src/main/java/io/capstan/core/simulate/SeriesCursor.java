package io.capstan.core.simulate;

/**
 * Reads one series forward in time, one sample at a time: the simulator holds one per fed metric, so
 * a trace need not be in memory to be replayed. Positioned on a sample until {@link #time} reads
 * {@link #END}. A cursor may hold a resource (a file the samples are read from): whoever opens it
 * closes it.
 */
public interface SeriesCursor extends AutoCloseable {
    /** What {@link #time} reads past the last sample: later than any sample, so "time() <= now" stops there. */
    long END = Long.MAX_VALUE;

    /** Epoch millis of the current sample, or {@link #END}. */
    long time();

    /** The current sample's value; undefined at {@link #END}. */
    double value();

    /** Moves to the next sample (strictly later than this one), or to {@link #END}. */
    void advance();

    /** Releases what the cursor holds; it is not read afterwards. Never throws. */
    @Override
    void close();
}
