package io.capstan.core.signal;

/**
 * A multiset of finite doubles that answers "the k-th smallest" in O(log n), kept up to date as a
 * {@link Window} admits and evicts samples, so a percentile read no longer copies and selects the
 * whole window.
 *
 * <h2>Why it is built this way</h2>
 * <ul>
 *   <li><b>A treap with subtree counts.</b> A binary search tree whose nodes also carry a random
 *       priority (heap-ordered: a parent's priority is at least its children's) stays balanced in
 *       expectation whatever order values arrive in: a counter that only rises would make a plain
 *       tree a list. Each node holds the number of values in its subtree, so selecting the k-th
 *       smallest is one walk from the root. Insert, remove and select are O(log n) expected.</li>
 *   <li><b>Equal values share a node.</b> Only the multiset matters for order statistics, so a node
 *       holds a value and how many times it is present; a flat series (an idle queue reading 0)
 *       is one node, and the tree's size is the number of distinct values.</li>
 *   <li><b>Primitive arrays, reused nodes.</b> Nodes are indices into parallel arrays; freed nodes go
 *       on a free list and are taken again, and the arrays only double when more distinct values are
 *       held than ever before. Once a window has reached its size, nothing is allocated.</li>
 *   <li><b>Ordered long keys.</b> A value is stored as its IEEE bits mapped to a long that sorts like
 *       the double ({@link #key(double)}): one integer comparison per level, and -0.0 and 0.0 stay
 *       distinct values, so removing one never takes the other.</li>
 *   <li><b>Deterministic priorities.</b> Priorities come from a fixed-seed mix of a counter, so the
 *       shape of the tree, like everything else in core, is the same on every run.</li>
 * </ul>
 * Not thread-safe; owned by its window.
 */
final class OrderStatistics {
    /** Index 0 is the empty subtree: its size is 0, so no null checks are needed on the way down. */
    private static final int NIL = 0;
    private static final int INITIAL = 16;

    private long[] keys = new long[INITIAL];
    /** How many times the node's value is present. */
    private int[] counts = new int[INITIAL];
    /** Values in the node's subtree, duplicates included. */
    private int[] sizes = new int[INITIAL];
    private int[] priorities = new int[INITIAL];
    private int[] lefts = new int[INITIAL];
    private int[] rights = new int[INITIAL];
    private int root = NIL;
    /** Nodes below this index have been used at least once. */
    private int used = 1;
    /** Head of the free list, threaded through {@link #rights}. */
    private int free = NIL;
    private long priorityState;

    /** Values held, duplicates included. */
    int size() {
        return sizes[root];
    }

    /** Adds one occurrence of {@code value} (finite). */
    void add(double value) {
        root = insert(root, key(value));
    }

    /** Removes one occurrence of {@code value}, which must be held. */
    void remove(double value) {
        root = delete(root, key(value));
    }

    /** Forgets every value, keeping the arrays. */
    void clear() {
        root = NIL;
        used = 1;
        free = NIL;
    }

    /** The {@code k}-th smallest value held, 0-based, duplicates counted: {@code 0 <= k < size()}. */
    double select(int k) {
        int t = root;
        while (t != NIL) {
            int left = lefts[t];
            int below = sizes[left];
            if (k < below) {
                t = left;
            } else {
                k -= below + counts[t];
                if (k < 0) return value(keys[t]);
                t = rights[t];
            }
        }
        throw new IllegalStateException("rank out of range or counts broken: " + k + " past the last value of " + size());
    }

    /**
     * The {@code q}-quantile with Prometheus' interpolation, as {@link Quickselect#quantile} computes
     * it from the same two order statistics (so the two agree to the bit): rank = q(n-1), and the
     * value is the weighted mean of the order statistics at floor(rank) and floor(rank)+1.
     */
    double quantile(double q) {
        int n = size();
        double rank = q * (n - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(n - 1, lower + 1);
        double weight = rank - lower;
        double lo = select(lower);
        double hi = upper == lower ? lo : select(upper);
        return lo * (1 - weight) + hi * weight;
    }

    // ---------------------------------------------------------------- treap

    private int insert(int t, long key) {
        if (t == NIL) return newNode(key);
        sizes[t]++;
        long here = keys[t];
        if (key == here) {
            counts[t]++;
        } else if (key < here) {
            int child = insert(lefts[t], key);
            lefts[t] = child;
            if (priorities[child] > priorities[t]) return rotateRight(t);
        } else {
            int child = insert(rights[t], key);
            rights[t] = child;
            if (priorities[child] > priorities[t]) return rotateLeft(t);
        }
        return t;
    }

    private int delete(int t, long key) {
        if (t == NIL) throw new IllegalStateException("removing a value that is not held");
        long here = keys[t];
        if (key < here) {
            lefts[t] = delete(lefts[t], key);
        } else if (key > here) {
            rights[t] = delete(rights[t], key);
        } else if (counts[t] > 1) {
            counts[t]--;
        } else {
            int merged = merge(lefts[t], rights[t]);
            release(t);
            return merged;
        }
        sizes[t]--;
        return t;
    }

    /** Joins two treaps whose keys are all smaller in {@code a} than in {@code b}. */
    private int merge(int a, int b) {
        if (a == NIL) return b;
        if (b == NIL) return a;
        int total = sizes[a] + sizes[b];
        if (priorities[a] > priorities[b]) {
            rights[a] = merge(rights[a], b);
            sizes[a] = total;
            return a;
        }
        lefts[b] = merge(a, lefts[b]);
        sizes[b] = total;
        return b;
    }

    /** The left child rises to replace {@code t}; returns it. */
    private int rotateRight(int t) {
        int l = lefts[t];
        lefts[t] = rights[l];
        rights[l] = t;
        sizes[l] = sizes[t];
        sizes[t] = counts[t] + sizes[lefts[t]] + sizes[rights[t]];
        return l;
    }

    /** The right child rises to replace {@code t}; returns it. */
    private int rotateLeft(int t) {
        int r = rights[t];
        rights[t] = lefts[r];
        lefts[r] = t;
        sizes[r] = sizes[t];
        sizes[t] = counts[t] + sizes[lefts[t]] + sizes[rights[t]];
        return r;
    }

    private int newNode(long key) {
        int t;
        if (free != NIL) {
            t = free;
            free = rights[t];
        } else {
            if (used == keys.length) grow();
            t = used++;
        }
        keys[t] = key;
        counts[t] = 1;
        sizes[t] = 1;
        lefts[t] = NIL;
        rights[t] = NIL;
        priorities[t] = nextPriority();
        return t;
    }

    private void release(int t) {
        rights[t] = free;
        free = t;
    }

    private void grow() {
        int n = keys.length * 2;
        keys = java.util.Arrays.copyOf(keys, n);
        counts = java.util.Arrays.copyOf(counts, n);
        sizes = java.util.Arrays.copyOf(sizes, n);
        priorities = java.util.Arrays.copyOf(priorities, n);
        lefts = java.util.Arrays.copyOf(lefts, n);
        rights = java.util.Arrays.copyOf(rights, n);
    }

    /** SplitMix64's output function over a counter: well mixed, deterministic, no allocation. */
    private int nextPriority() {
        long z = priorityState += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31));
    }

    // ---------------------------------------------------------------- keys

    /**
     * A long that orders like the double: positive doubles' bits already sort as longs; for negative
     * ones flipping every bit but the sign reverses their order. The mapping is its own inverse.
     */
    static long key(double value) {
        long bits = Double.doubleToRawLongBits(value);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    static double value(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }
}
