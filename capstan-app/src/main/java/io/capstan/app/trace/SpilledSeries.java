package io.capstan.app.trace;

import io.capstan.core.simulate.SeriesCursor;
import io.capstan.core.simulate.Trace;

import java.nio.ByteBuffer;

/**
 * One series of a long trace, kept in a {@link SpillFile} rather than in memory: written once, in
 * time order, as the CSV is read, in blocks of {@link #block} samples (every block full but the
 * last), then read back by cursors one block at a time. What the simulator asks up front (count,
 * first and last time, median spacing) is gathered as the samples go by, so nothing here grows
 * with the series but the list of block offsets (8 bytes a block of up to 4,096 samples).
 */
final class SpilledSeries implements Trace.Samples {
    static final int SAMPLE_BYTES = 16;

    private final SpillFile file;
    private final int block;
    private ByteBuffer writing;
    private long[] offsets = new long[16];
    private int blocks;
    private long count;
    private long first;
    private long last;
    private final Spacings spacings = new Spacings();
    private long medianSpacing = -1;

    /** @param block samples a block holds */
    SpilledSeries(SpillFile file, int block) {
        this.file = file;
        this.block = block;
        this.writing = ByteBuffer.allocate(block * SAMPLE_BYTES);
    }

    /** Appends a sample, later than the one before (the reader has checked). */
    void add(long t, double v) {
        if (count == 0) first = t;
        else spacings.add(t - last);
        last = t;
        count++;
        writing.putLong(t).putDouble(v);
        if (!writing.hasRemaining()) flush();
    }

    /** Writes the last, partial block; the series is read only after this. */
    void finish() {
        if (writing != null && writing.position() > 0) flush();
        writing = null;
    }

    private void flush() {
        writing.flip();
        if (blocks == offsets.length) offsets = java.util.Arrays.copyOf(offsets, blocks * 2);
        offsets[blocks++] = file.append(writing);
        writing.clear();
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long first() {
        return first;
    }

    @Override
    public long last() {
        return last;
    }

    @Override
    public long medianSpacing() {
        if (medianSpacing < 0) {
            if (count < 2) medianSpacing = 0;
            else medianSpacing = spacings.exact() ? spacings.median() : Spacings.median(count - 1, this::spacings);
        }
        return medianSpacing;
    }

    /** Every spacing in order, read back from the file: for a series whose spacings were too varied to count in memory. */
    private void spacings(java.util.function.LongConsumer each) {
        try (SeriesCursor c = cursor(0, 0)) {
            long previous = c.time();
            for (c.advance(); c.time() != SeriesCursor.END; c.advance()) {
                each.accept(c.time() - previous);
                previous = c.time();
            }
        }
    }

    @Override
    public SeriesCursor after(long epochMillis) {
        if (count == 0 || last <= epochMillis) return cursor(blocks, 0);
        // the last block whose first sample is at or before epochMillis (or the first block)
        int lo = 0, hi = blocks - 1;
        ByteBuffer eight = ByteBuffer.allocate(8);
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            eight.clear();
            file.read(eight, offsets[mid]);
            if (eight.getLong(0) <= epochMillis) lo = mid;
            else hi = mid - 1;
        }
        BlockCursor c = cursor(lo, 0);
        while (c.time() <= epochMillis) c.advance();
        return c;
    }

    private BlockCursor cursor(int fromBlock, int index) {
        BlockCursor c = new BlockCursor();
        c.load(fromBlock);
        c.i = index;
        return c;
    }

    private int samplesIn(int b) {
        return b < blocks - 1 ? block : (int) (count - (long) (blocks - 1) * block);
    }

    /** Reads one block at a time, decoded into an array: time and value bits side by side. */
    private final class BlockCursor implements SeriesCursor {
        private ByteBuffer buffer;
        private long[] decoded;
        private int b;
        private int n;
        private int i;

        void load(int which) {
            b = which;
            i = 0;
            if (which >= blocks) {
                n = 0;
                return;
            }
            n = samplesIn(which);
            if (buffer == null) {
                int capacity = (int) Math.min(block, count);
                buffer = ByteBuffer.allocate(capacity * SAMPLE_BYTES);
                decoded = new long[capacity * 2];
            }
            buffer.clear().limit(n * SAMPLE_BYTES);
            file.read(buffer, offsets[which]);
            buffer.flip();
            buffer.asLongBuffer().get(decoded, 0, n * 2);
        }

        @Override
        public long time() {
            return i < n ? decoded[2 * i] : END;
        }

        @Override
        public double value() {
            return Double.longBitsToDouble(decoded[2 * i + 1]);
        }

        @Override
        public void advance() {
            if (++i == n && b + 1 < blocks) load(b + 1);
        }

        @Override
        public void close() {
            buffer = null;
            decoded = null;
            n = 0;
        }
    }
}
