package io.capstan.app.trace;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The median spacing of a series whose samples are not kept: a count per distinct spacing, which
 * for a real trace (one-minute samples, a little jitter) is a handful of entries whatever its
 * length. Past {@link #MAX_DISTINCT} distinct spacings it stops counting ({@link #exact} turns false)
 * and the median is found by {@link #median(long, Consumer)} from the samples themselves, in a few
 * passes of bounded memory. Either way the result is the one sorting every spacing would give: the
 * upper median, element {@code n / 2} of the sorted spacings.
 */
final class Spacings {
    static final int MAX_DISTINCT = 1 << 16;
    private static final int BUCKETS = 4096;

    /** Open addressing, keys > 0 (spacings of strictly increasing times), 0 marks a free slot. */
    private long[] keys = new long[16];
    private long[] counts = new long[16];
    private int distinct;
    private boolean exact = true;

    void add(long spacing) {
        if (!exact) return;
        int mask = keys.length - 1;
        int i = Long.hashCode(spacing * 0x9E3779B97F4A7C15L) & mask;
        while (keys[i] != 0 && keys[i] != spacing) i = (i + 1) & mask;
        if (keys[i] == spacing) {
            counts[i]++;
            return;
        }
        if (distinct == MAX_DISTINCT) {
            exact = false;
            keys = null;
            counts = null;
            return;
        }
        keys[i] = spacing;
        counts[i] = 1;
        if (++distinct * 2 > keys.length) grow();
    }

    private void grow() {
        long[] oldKeys = keys, oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == 0) continue;
            int i = Long.hashCode(oldKeys[j] * 0x9E3779B97F4A7C15L) & mask;
            while (keys[i] != 0) i = (i + 1) & mask;
            keys[i] = oldKeys[j];
            counts[i] = oldCounts[j];
        }
    }

    /** Whether every spacing was counted, so {@link #median()} is exact. */
    boolean exact() {
        return exact;
    }

    /** The upper median of the spacings counted (at least one). */
    long median() {
        long[] sorted = Arrays.stream(keys).filter(k -> k != 0).sorted().toArray();
        long total = 0;
        for (int j = 0; j < keys.length; j++) if (keys[j] != 0) total += counts[j];
        long rank = total / 2;
        long seen = 0;
        for (long k : sorted) {
            seen += countOf(k);
            if (seen > rank) return k;
        }
        throw new IllegalStateException("no spacing counted");
    }

    private long countOf(long key) {
        int mask = keys.length - 1;
        int i = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
        while (keys[i] != key) i = (i + 1) & mask;
        return counts[i];
    }

    /**
     * The upper median of {@code n} positive spacings that {@code each} replays (every call, the same
     * ones): each pass counts them into {@value #BUCKETS} buckets over the range that holds the median
     * and narrows the range to one bucket, so about five passes settle any long.
     */
    static long median(long n, Consumer<LongConsumer> each) {
        long rank = n / 2;
        long lo = 1, hi = Long.MAX_VALUE;
        while (lo < hi) {
            long width = Math.max(1, (hi - lo) / BUCKETS + 1);
            long[] inBucket = new long[BUCKETS];
            long[] below = {0};
            long from = lo, to = hi;
            each.accept(s -> {
                if (s < from) below[0]++;
                else if (s <= to) inBucket[(int) ((s - from) / width)]++;
            });
            long seen = below[0];
            int b = 0;
            while (seen + inBucket[b] <= rank) seen += inBucket[b++];
            lo = from + b * width;
            hi = Math.min(to, lo + width - 1);
        }
        return lo;
    }
}
