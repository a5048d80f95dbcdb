package io.capstan.app.simulate;

import io.capstan.core.decide.Decision;
import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.RowSink;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands rows to a second thread in batches, so that encoding and writing decisions.csv overlap the
 * simulation instead of adding to it (it was about a third of a long run's time on one core), and
 * with it the rendering of each streamed row's summary (a fifth: {@link Row} renders it when read). The
 * queue is bounded ({@value #QUEUED} batches of {@value #BATCH} rows), so a slow disk slows the
 * simulation rather than filling memory; when the queue is full, the simulating thread renders the
 * summaries of its next batch itself before waiting, so that the two threads share that work. The
 * downstream sink gets no {@link Decision} (null): it would keep every decision's proposals alive in
 * the queue, and the CSV does not need them.
 *
 * <p>A failure downstream (a full disk) is thrown on the simulating thread at its next row or at
 * {@link #finish}, as the {@link RuntimeException} the sink threw.
 */
final class OffloadedRows implements RowSink, AutoCloseable {
    /**
     * Rows in flight stay alive (each holds its decision's lazy explanation) and every young
     * collection copies them: 2,048-row batches cost 0.74 s of pauses in a 1 M-step run, 512-row
     * batches 0.17-0.21 s.
     */
    static final int BATCH = 512;
    static final int QUEUED = 4;
    private static final Object[] END = new Object[0];

    private final RowSink downstream;
    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread worker;
    private volatile RuntimeException failure;
    private Object[] batch = new Object[2 * BATCH];
    private int n;
    private boolean ended;

    OffloadedRows(RowSink downstream) {
        this.downstream = downstream;
        this.worker = Thread.ofPlatform().daemon().name("decisions.csv").unstarted(this::drain);
        worker.start();
    }

    @Override
    public void row(String target, Row row, Decision decision) {
        RuntimeException f = failure;
        if (f != null) throw f;
        batch[n++] = target;
        batch[n++] = row;
        if (n == batch.length) {
            if (!queue.offer(batch)) {
                // The writer is behind (with C2, rendering and encoding take longer than deciding): help
                // it by rendering this batch's summaries here before waiting, so both cores work. A row
                // renders its summary once, on whichever thread reads it first; the queue publishes it.
                for (int i = 1; i < batch.length; i += 2) ((Row) batch[i]).summary();
                put(batch);
            }
            batch = new Object[2 * BATCH];
            n = 0;
        }
    }

    /** Hands over the last rows and waits until all are written; throws what the sink threw. */
    void finish() {
        if (n > 0) put(java.util.Arrays.copyOf(batch, n));
        n = 0;
        end();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing decisions.csv", e);
        }
        if (failure != null) throw failure;
    }

    /** Stops the worker without waiting for unwritten rows (after a failure elsewhere). */
    @Override
    public void close() {
        if (!ended) {
            worker.interrupt();
            ended = true;
        }
    }

    private void end() {
        if (!ended) {
            put(END);
            ended = true;
        }
    }

    private void put(Object[] b) {
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing decisions.csv", e);
        }
    }

    private void drain() {
        try {
            while (true) {
                Object[] b = queue.take();
                if (b == END) return;
                if (failure != null) continue; // keep taking, so the simulating thread never blocks on a dead writer
                try {
                    for (int i = 0; i < b.length; i += 2) downstream.row((String) b[i], (Row) b[i + 1], null);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        } catch (InterruptedException e) {
            // close(): the run failed elsewhere; what is unwritten is discarded with the temporary file
        }
    }
}
