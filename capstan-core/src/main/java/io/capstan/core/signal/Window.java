package io.capstan.core.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A fixed-duration sliding window over one series: samples go in with {@link #add(long, double)},
 * and {@link #read(Aggregation, Instant)} aggregates the samples whose time is in
 * {@code (now - length, now]}.
 *
 * <h2>Why it is built this way</h2>
 * Every sample of every target passes through {@code add}, so it must cost O(1) (O(log n) where a
 * policy reads a percentile), allocate nothing and box nothing; a read happens once per evaluation
 * tick, and may cost a little more.
 * <ul>
 *   <li><b>Primitive rings.</b> Times and values live in a {@code long[]} and a {@code double[]}
 *       addressed by ever-increasing sequence numbers masked to the ring size. A {@code Deque<Sample>}
 *       would allocate and box per sample and chase pointers per read. The rings start small and
 *       double up to the capacity, so ten thousand quiet windows do not each hold 4096 slots.</li>
 *   <li><b>Running aggregates.</b> A compensated sum (Neumaier) gives avg in O(1); two monotonic
 *       deques ({@link MonotonicDeque}) give min and max in amortized O(1), since each sample enters
 *       and leaves each deque at most once; a running sum of pre-reset values gives rate in O(1).
 *       The sums are recomputed from the ring after every {@code capacity} removals (amortized O(1))
 *       so floating error cannot build up over a long life.</li>
 *   <li><b>Lazy expiry.</b> Samples leave from the head when a read asks for a window ending at
 *       {@code now}, not on a timer: core has no clock and no threads, and the window's edge is only
 *       known when someone asks. Expiry is destructive, so reads are expected at non-decreasing
 *       {@code now}; a read earlier than a previous one sees only what that one left. Samples newer
 *       than {@code now} (clock skew between a source and the controller) stay, and such a read
 *       excludes them on a slower O(n) path.</li>
 *   <li><b>Bounded memory.</b> At most {@code capacity} samples are kept. When full, {@code add}
 *       first drops samples that are older than {@code length} before the new one, then, if still
 *       full, evicts the oldest sample early; the window then spans less than its length, and
 *       {@link Reading.Present#coverage()} shows it.</li>
 *   <li><b>Exact quantiles.</b> p50/p95/p99 are linearly interpolated between the two closest
 *       ranks, as Prometheus' {@code quantile_over_time} does (rank = q(n-1)); an exact answer is
 *       cheaper than explaining a sketch's error. A window built knowing it will be read with a
 *       percentile ({@link #sliding(Duration, int, Set)}) keeps its samples in an order-statistic
 *       tree ({@link OrderStatistics}) as they are admitted and evicted: O(log n) more per sample,
 *       and a percentile read is two O(log n) selections, whatever the window holds (a year of
 *       one-second samples included). Any other window answers a percentile by copying itself into
 *       a reused scratch array and selecting with quickselect, O(n) expected per read, and pays
 *       nothing per sample.</li>
 * </ul>
 *
 * <p>Samples must arrive in time order: a sample older than the newest ever added is dropped
 * ({@link Admission#OUT_OF_ORDER}); one with the same millisecond replaces it (last write wins,
 * {@link Admission#REPLACED}). Replacing the newest value by a less extreme one makes the
 * affected min/max deque rebuild in O(n); every other path of {@code add} is O(1) amortized.
 *
 * <p>Not thread-safe: one target is evaluated by one worker, which owns its windows.
 */
public final class Window {
    /** The sample bound of {@link #sliding(Duration)}: 5m at a 100ms spacing fits. */
    public static final int DEFAULT_CAPACITY = 4096;
    /** The largest capacity accepted, to keep the rings' sizes in int range with room to spare. */
    public static final int MAX_CAPACITY = 1 << 24;
    private static final int INITIAL_RING = 16;

    private final Duration length;
    private final long lengthMillis;
    private final int capacity;

    private long[] times;
    private double[] values;
    private int mask;
    /** Sequence number of the oldest sample held. */
    private long head;
    /** Sequence number the next sample will take. */
    private long tail;

    private final MonotonicDeque maxima = MonotonicDeque.ofMaxima();
    private final MonotonicDeque minima = MonotonicDeque.ofMinima();
    private final CompensatedSum sum = new CompensatedSum();
    /** Sum of the value before each drop between adjacent samples held: what a counter lost at resets. */
    private final CompensatedSum resets = new CompensatedSum();
    private int removalsSinceRecompute;
    private double[] scratch;
    /** The held values in order, for windows read with a percentile; null for the others. */
    private final OrderStatistics ranks;

    private boolean hasLast;
    private long lastMillis;
    private double lastValue;

    private Window(Duration length, int capacity, Set<Aggregation> reads) {
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("window length must be positive, was " + length);
        }
        long millis;
        try {
            millis = length.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("window length " + length + " is too long", e);
        }
        if (millis < 1) throw new IllegalArgumentException("window length must be at least 1ms, was " + length);
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity " + capacity + " is below 2: rate needs two samples");
        }
        if (capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity + " is above the maximum " + MAX_CAPACITY);
        }
        this.length = length;
        this.lengthMillis = millis;
        this.capacity = capacity;
        int ring = Math.min(INITIAL_RING, ringSizeFor(capacity));
        this.times = new long[ring];
        this.values = new double[ring];
        this.mask = ring - 1;
        this.ranks = reads.stream().anyMatch(Aggregation::isPercentile) ? new OrderStatistics() : null;
    }

    /** A window of the given length holding at most {@link #DEFAULT_CAPACITY} samples. */
    public static Window sliding(Duration length) {
        return new Window(length, DEFAULT_CAPACITY, Set.of());
    }

    /**
     * A window of the given length holding at most {@code capacity} samples; past that the oldest
     * sample is evicted early (coverage shows it).
     */
    public static Window sliding(Duration length, int capacity) {
        return new Window(length, capacity, Set.of());
    }

    /**
     * A window of the given length and capacity that will be read with the aggregations in
     * {@code reads}. Any aggregation can still be read; the set only decides what is kept up to
     * date per sample: with p50, p95 or p99 in it, the samples are also kept in order, so those
     * reads cost O(log n) instead of O(n) and every add and eviction O(log n) instead of O(1).
     */
    public static Window sliding(Duration length, int capacity, Set<Aggregation> reads) {
        return new Window(length, capacity, Objects.requireNonNull(reads, "reads"));
    }

    /** The window's length: reads cover {@code (now - length, now]}. */
    public Duration length() {
        return length;
    }

    /** The most samples the window keeps. */
    public int capacity() {
        return capacity;
    }

    /** Adds a sample; see {@link #add(long, double)}. */
    public Admission add(Instant at, double value) {
        return add(at.toEpochMilli(), value);
    }

    /**
     * Adds a sample taken at {@code epochMillis}. O(1) amortized (O(log n) in a window read with a
     * percentile, which also files the sample in order), no allocation once the ring and the order
     * have grown to fit the window.
     *
     * @return {@link Admission#ACCEPTED}; {@link Admission#REPLACED} when the time equals the newest
     *         sample's (last write wins); {@link Admission#OUT_OF_ORDER} when it is older (dropped);
     *         {@link Admission#NOT_FINITE} for NaN or infinity (dropped)
     */
    public Admission add(long epochMillis, double value) {
        if (!Double.isFinite(value)) return Admission.NOT_FINITE;
        if (hasLast) {
            if (epochMillis < lastMillis) return Admission.OUT_OF_ORDER;
            if (epochMillis == lastMillis) {
                replaceNewest(value);
                return Admission.REPLACED;
            }
        }
        int size = (int) (tail - head);
        if (size == capacity) {
            expireThrough(minus(epochMillis, lengthMillis));
            if (tail - head == capacity) removeOldest();
        } else if (size == times.length) {
            grow();
        }
        long seq = tail;
        int i = (int) (seq & mask);
        times[i] = epochMillis;
        values[i] = value;
        if (seq > head) {
            double previous = values[(int) ((seq - 1) & mask)];
            if (value < previous) resets.add(previous);
        }
        sum.add(value);
        if (ranks != null) ranks.add(value);
        maxima.push(seq, value);
        minima.push(seq, value);
        tail = seq + 1;
        hasLast = true;
        lastMillis = epochMillis;
        lastValue = value;
        return Admission.ACCEPTED;
    }

    /**
     * Aggregates the samples with time in {@code (now - length, now]}, first dropping the samples at
     * or before {@code now - length} for good. avg, min, max, last and rate cost O(1) (amortized);
     * the percentiles O(log n) when the window was built to be read with one, O(n) expected
     * otherwise (and when samples newer than {@code now} are held), allocating nothing but the
     * reading once the scratch array fits.
     *
     * @return {@link Reading.Present}, or {@link Reading.Missing} when the window is empty, when rate
     *         has fewer than 2 samples, or when the value overflows a double
     */
    public Reading read(Aggregation aggregation, Instant now) {
        Objects.requireNonNull(aggregation, "aggregation");
        long nowMillis = now.toEpochMilli();
        expireThrough(minus(nowMillis, lengthMillis));
        long end = tail;
        if (end > head && times[(int) ((end - 1) & mask)] > nowMillis) end = firstAfter(nowMillis);
        int n = (int) (end - head);
        if (n == 0) {
            long newer = tail - head;
            return new Reading.Missing("no samples in the last " + format(lengthMillis)
                    + (newer == 0 ? "" : " (" + plural(newer, "sample is", "samples are") + " newer than now)"));
        }
        long first = times[(int) (head & mask)];
        long last = times[(int) ((end - 1) & mask)];
        double coverage = Math.min(1.0, (last - first) / (double) lengthMillis);
        if (aggregation == Aggregation.RATE && n < 2) {
            return new Reading.Missing("only 1 sample in the last " + format(lengthMillis) + ": rate needs 2");
        }
        boolean whole = end == tail;
        double value = switch (aggregation) {
            case AVG -> (whole ? sum.value() : sumOf(end)) / n;
            case MAX -> whole ? maxima.extreme() : extremeOf(end, 1.0);
            case MIN -> whole ? minima.extreme() : extremeOf(end, -1.0);
            case LAST -> values[(int) ((end - 1) & mask)];
            case P50, P95, P99 -> whole && ranks != null ? ranks.quantile(aggregation.quantile()) : quantileOf(end, aggregation.quantile());
            case RATE -> {
                double lost = whole ? resets.value() : resetsOf(end);
                double increase = values[(int) ((end - 1) & mask)] - values[(int) (head & mask)] + lost;
                yield increase / ((last - first) / 1000.0);
            }
        };
        if (!Double.isFinite(value)) {
            return new Reading.Missing(aggregation.id() + " over " + plural(n, "sample", "samples")
                    + " in the last " + format(lengthMillis) + " overflows a double");
        }
        return new Reading.Present(value, n, coverage);
    }

    /**
     * The newest sample ever added, even if it has left the window, provided it is younger than
     * {@code maxAge} at {@code now} (a sample newer than {@code now} counts as age 0). Present
     * readings carry 1 sample and coverage 0.
     */
    public Reading lastKnown(Instant now, Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        long nowMillis = now.toEpochMilli();
        if (!hasLast) return new Reading.Missing("no sample has been added yet");
        long age = Math.max(0, minus(nowMillis, lastMillis));
        long maxAgeMillis = maxAge.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : maxAge.toMillis();
        if (age >= maxAgeMillis) {
            return new Reading.Missing("last sample is " + format(age) + " old; the limit is " + format(maxAgeMillis));
        }
        return new Reading.Present(lastValue, 1, 0.0);
    }

    /** True when a sample younger than {@code maxAge} at {@code now} was added: the staleness check, without allocating. */
    public boolean hasSampleYoungerThan(Instant now, Duration maxAge) {
        return hasLast && Math.max(0, minus(now.toEpochMilli(), lastMillis)) < maxAge.toMillis();
    }

    /** How long before {@code now} the newest sample was taken (zero for one from the future); only after a sample. */
    public Duration lastSampleAge(Instant now) {
        if (!hasLast) throw new IllegalStateException("no sample has been added yet");
        return Duration.ofMillis(Math.max(0, minus(now.toEpochMilli(), lastMillis)));
    }

    /** True once any sample has been added, expired or not. */
    public boolean hasEverSampled() {
        return hasLast;
    }

    /** How many samples the window holds right now, expired or not (tests and diagnostics). */
    int size() {
        return (int) (tail - head);
    }

    // ---------------------------------------------------------------- maintenance

    private void expireThrough(long cutoffMillis) {
        while (tail > head && times[(int) (head & mask)] <= cutoffMillis) {
            removeOldest();
        }
    }

    private void removeOldest() {
        long seq = head;
        double value = values[(int) (seq & mask)];
        sum.add(-value);
        if (ranks != null) ranks.remove(value);
        if (seq + 1 < tail && values[(int) ((seq + 1) & mask)] < value) resets.add(-value);
        maxima.expire(seq);
        minima.expire(seq);
        head = seq + 1;
        if (head == tail) {
            if (ranks != null) ranks.clear(); // empty already; this packs the next nodes from index 1 again
            sum.reset();
            resets.reset();
            removalsSinceRecompute = 0;
        } else if (++removalsSinceRecompute >= capacity) {
            recompute();
        }
    }

    /** Re-adds the held samples into the running sums, dropping any accumulated rounding. */
    private void recompute() {
        removalsSinceRecompute = 0;
        sum.reset();
        resets.reset();
        double previous = 0.0;
        for (long q = head; q < tail; q++) {
            double v = values[(int) (q & mask)];
            sum.add(v);
            if (q > head && v < previous) resets.add(previous);
            previous = v;
        }
    }

    private void replaceNewest(double value) {
        lastValue = value;
        long seq = tail - 1;
        if (tail == head || times[(int) (seq & mask)] != lastMillis) return; // already expired
        int i = (int) (seq & mask);
        double old = values[i];
        values[i] = value;
        sum.add(-old);
        sum.add(value);
        if (ranks != null) {
            ranks.remove(old);
            ranks.add(value);
        }
        if (seq > head) {
            double previous = values[(int) ((seq - 1) & mask)];
            if (old < previous) resets.add(-previous);
            if (value < previous) resets.add(previous);
        }
        if (!maxima.replaceNewest(seq, old, value)) rebuild(maxima);
        if (!minima.replaceNewest(seq, old, value)) rebuild(minima);
    }

    private void rebuild(MonotonicDeque deque) {
        deque.clear();
        for (long q = head; q < tail; q++) {
            deque.push(q, values[(int) (q & mask)]);
        }
    }

    private void grow() {
        int n = times.length * 2;
        long[] t = new long[n];
        double[] v = new double[n];
        int newMask = n - 1;
        for (long q = head; q < tail; q++) {
            t[(int) (q & newMask)] = times[(int) (q & mask)];
            v[(int) (q & newMask)] = values[(int) (q & mask)];
        }
        times = t;
        values = v;
        mask = newMask;
    }

    // ---------------------------------------------------------------- slow paths over [head, end)

    /** First sequence number whose time is after {@code millis} (times increase strictly). */
    private long firstAfter(long millis) {
        long lo = head;
        long hi = tail;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (times[(int) (mid & mask)] <= millis) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private double sumOf(long end) {
        CompensatedSum s = new CompensatedSum();
        for (long q = head; q < end; q++) s.add(values[(int) (q & mask)]);
        return s.value();
    }

    private double extremeOf(long end, double sign) {
        double best = values[(int) (head & mask)];
        for (long q = head + 1; q < end; q++) {
            double v = values[(int) (q & mask)];
            if (sign * v > sign * best) best = v;
        }
        return best;
    }

    private double resetsOf(long end) {
        CompensatedSum s = new CompensatedSum();
        for (long q = head + 1; q < end; q++) {
            double previous = values[(int) ((q - 1) & mask)];
            if (values[(int) (q & mask)] < previous) s.add(previous);
        }
        return s.value();
    }

    private double quantileOf(long end, double q) {
        int n = (int) (end - head);
        if (scratch == null || scratch.length < n) scratch = new double[Math.max(n, times.length)];
        for (int k = 0; k < n; k++) scratch[k] = values[(int) ((head + k) & mask)];
        return Quickselect.quantile(scratch, n, q);
    }

    // ---------------------------------------------------------------- small pure helpers

    private static int ringSizeFor(int capacity) {
        return Integer.highestOneBit(capacity - 1) << 1;
    }

    private static long minus(long a, long b) {
        long r = a - b;
        // overflow only when the signs of a and b differ and the result's sign differs from a's
        if (((a ^ b) & (a ^ r)) < 0) return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        return r;
    }

    private static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** "5m", "1h30m", "90ms", "2d3h": the compact form used in config and explanations. */
    static String format(long millis) {
        return io.capstan.core.model.Durations.format(Duration.ofMillis(millis));
    }
}
