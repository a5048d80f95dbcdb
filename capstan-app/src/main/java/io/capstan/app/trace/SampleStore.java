package io.capstan.app.trace;

import io.capstan.core.simulate.Trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the samples {@link TraceCsv} reads go: primitive arrays while they fit the memory allowed ({@link
 * TraceCsv.Limits#memoryBytes}), a {@link SpillFile} once they outgrow it, for every column at once, so a
 * trace is either held or spilled as a whole and memory does not grow with its length.
 */
final class SampleStore implements AutoCloseable {
    /** Bytes of sample buffers all spilled columns together may hold at most, split between them. */
    private static final int SPILL_BUFFER_BYTES = 4 << 20;
    private final long memoryBytes;
    /** Array capacity of the columns held in memory, in bytes. */
    private long heldBytes;
    /** Null while every sample fits in memory. */
    SpillFile spill;
    private final List<Column> held = new ArrayList<>();

    SampleStore(long memoryBytes) {
        this.memoryBytes = memoryBytes;
    }

    /**
     * Samples a block holds when {@code width} columns spill side by side, each with two buffers
     * of a block (the column's and its {@link SpilledSeries}'), all within the memory allowed and
     * {@link #SPILL_BUFFER_BYTES}: 4096 (64 KB) for a few columns, down to 16 for thousands.
     */
    int block(int width) {
        long share = Math.min(memoryBytes, SPILL_BUFFER_BYTES) / (2L * SpilledSeries.SAMPLE_BYTES) / Math.max(1, width);
        return (int) Math.max(16, Math.min(4096, share));
    }

    Column column(String series, Path file, int line, int width) {
        Column c = new Column(series, file, line, this, block(width));
        if (spill == null) {
            held.add(c);
            reserve(c.capacityBytes()); // spills every column, this one too, past the memory allowed
        } else {
            c.spill(spill);
        }
        return c;
    }

    /** Whether {@code more} bytes of arrays may be held; if not, every column is spilled and false returned. */
    boolean reserve(long more) {
        if (spill == null && heldBytes + more <= memoryBytes) {
            heldBytes += more;
            return true;
        }
        if (spill == null) {
            spill = SpillFile.create();
            for (Column c : held) c.spill(spill);
            held.clear();
            heldBytes = 0;
        }
        return false;
    }

    /** The columns of a file with problems: they contribute nothing, and their memory is given back. */
    void discard(List<Column> columns) {
        for (Column c : columns) {
            if (held.remove(c)) heldBytes -= c.capacityBytes();
            c.drop();
        }
    }

    @Override
    public void close() {
        if (spill != null) spill.close();
    }

    /** One column of one file: its samples in primitive arrays, or in a {@link SpilledSeries} past the memory allowed. */
    static final class Column {
        final String series;
        final Path file;
        final int line;
        private final SampleStore store;
        private final int block;
        /** Every sample while held in memory; once spilled, the ones not yet written (the last may still be replaced). */
        long[] times = new long[256];
        double[] values = new double[256];
        int n;
        /** Null while held in memory. */
        private SpilledSeries spilled;
        private boolean finished;

        Column(String series, Path file, int line, SampleStore store, int block) {
            this.series = series;
            this.file = file;
            this.line = line;
            this.store = store;
            this.block = block;
        }

        long capacityBytes() {
            return (long) times.length * SpilledSeries.SAMPLE_BYTES;
        }

        long count() {
            return spilled == null ? n : spilled.count() + n;
        }

        void add(long t, double v) {
            if (n > 0 && times[n - 1] == t) {
                values[n - 1] = v; // only reached with Dedupe.LAST: the later value wins
                return;
            }
            if (n == times.length) makeRoom();
            times[n] = t;
            values[n] = v;
            n++;
        }

        private void makeRoom() {
            if (spilled == null) {
                // 1.5x: a long trace's peak while growing stays near its final size
                int grown = n + (n >> 1);
                if (store.reserve((long) (grown - n) * SpilledSeries.SAMPLE_BYTES)) {
                    times = Arrays.copyOf(times, grown);
                    values = Arrays.copyOf(values, grown);
                    return;
                }
                // the store spilled every column, this one included; there is room now
                return;
            }
            writeAllBut(1);
        }

        /** From now on, samples go to {@code spill}; those held so far go first (all but the last while the file is read). */
        void spill(SpillFile spill) {
            spilled = new SpilledSeries(spill, block);
            long[] t = times;
            double[] v = values;
            int held = n;
            times = new long[block];
            values = new double[block];
            n = 0;
            for (int i = 0; i < held; i++) {
                if (!finished && i == held - 1) {
                    times[0] = t[i];
                    values[0] = v[i];
                    n = 1;
                } else {
                    spilled.add(t[i], v[i]);
                }
            }
            if (finished) spilled.finish();
        }

        private void writeAllBut(int keep) {
            for (int i = 0; i < n - keep; i++) spilled.add(times[i], values[i]);
            for (int i = 0; i < keep; i++) {
                times[i] = times[n - keep + i];
                values[i] = values[n - keep + i];
            }
            n = keep;
        }

        /** The file is read without problems: nothing more comes. */
        void finish() {
            finished = true;
            if (spilled != null) {
                writeAllBut(0);
                spilled.finish();
                times = null;
                values = null;
            }
        }

        void drop() {
            times = null;
            values = null;
            n = 0;
            spilled = null;
        }

        Trace.Samples samples() {
            return spilled != null ? spilled : Trace.arrays(series, times, values, n);
        }
    }
}
