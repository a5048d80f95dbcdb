package io.capstan.core.signal;

/**
 * The classic amortized-O(1) sliding-window extreme: a deque of (sequence, value) pairs whose values
 * strictly decrease from front to back (for maxima; increase for minima). A new value first pops
 * every entry at the back that it dominates (they can never be the extreme again, since the new
 * value outlives them), then goes at the back; the front is the extreme of the window. When the
 * window drops its oldest sample, the front is popped if it is that sample. Each sample is pushed
 * and popped at most once, hence O(1) amortized per sample.
 *
 * <p>Pairs live in two primitive rings (no boxing) that double when full; the deque never holds
 * more entries than its window, so it stops growing with the window.
 */
final class MonotonicDeque {
    private static final int INITIAL = 16;

    /** +1 keeps maxima, -1 keeps minima: comparing {@code sign * value} serves both. */
    private final double sign;
    private long[] seqs = new long[INITIAL];
    private double[] vals = new double[INITIAL];
    private int mask = INITIAL - 1;
    private long head;
    private long tail;

    private MonotonicDeque(double sign) {
        this.sign = sign;
    }

    static MonotonicDeque ofMaxima() {
        return new MonotonicDeque(1.0);
    }

    static MonotonicDeque ofMinima() {
        return new MonotonicDeque(-1.0);
    }

    /** Appends the window's newest sample, dropping every entry it dominates (ties too: newer wins). */
    void push(long seq, double value) {
        double key = sign * value;
        while (tail > head && sign * vals[(int) ((tail - 1) & mask)] <= key) {
            tail--;
        }
        if (tail - head == seqs.length) grow();
        int i = (int) (tail & mask);
        seqs[i] = seq;
        vals[i] = value;
        tail++;
    }

    /** The window dropped its oldest sample {@code seq}. */
    void expire(long seq) {
        if (tail > head && seqs[(int) (head & mask)] == seq) head++;
    }

    /**
     * The newest sample {@code seq} changed value. Returns false when the deque cannot follow without
     * the window's help (the new value is less extreme, so entries it had popped may be needed again);
     * the caller then {@link #clear() clears} it and pushes the window again.
     */
    boolean replaceNewest(long seq, double oldValue, double newValue) {
        if (sign * newValue < sign * oldValue) return false;
        if (tail > head && seqs[(int) ((tail - 1) & mask)] == seq) tail--;
        push(seq, newValue);
        return true;
    }

    /** The extreme value; only meaningful when the window is not empty. */
    double extreme() {
        return vals[(int) (head & mask)];
    }

    boolean isEmpty() {
        return tail == head;
    }

    int size() {
        return (int) (tail - head);
    }

    void clear() {
        head = 0;
        tail = 0;
    }

    private void grow() {
        int n = seqs.length;
        long[] s = new long[n * 2];
        double[] v = new double[n * 2];
        int newMask = n * 2 - 1;
        for (long q = head; q < tail; q++) {
            s[(int) (q & newMask)] = seqs[(int) (q & mask)];
            v[(int) (q & newMask)] = vals[(int) (q & mask)];
        }
        seqs = s;
        vals = v;
        mask = newMask;
    }
}
