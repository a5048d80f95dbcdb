package io.capstan.core.rightsize;

/**
 * The VPA recommender's decaying histogram (pkg/recommender/util/histogram.go and decaying_histogram.go): each bucket
 * holds the total weight of the samples in it, and a sample's weight is multiplied by
 * {@code 2^((sampleTime - reference) / halfLife)}, so a sample one half-life older counts half as much. Only relative
 * weights matter to a percentile, so the reference can move: when the exponent would pass 100 it is moved forward to
 * the sample's time (rounded to a multiple of the half-life) and every weight is scaled down by the same power of two,
 * which is exact in binary floating point.
 *
 * <p>Mutable and single-threaded: it is filled once from a history, then read.
 */
final class DecayingHistogram {
    /** The VPA's epsilon: a bucket lighter than this is empty (0.001 of the minimal sample weight 0.1). */
    static final double EPSILON = 0.0001;
    private static final int MAX_DECAY_EXPONENT = 100;

    private final ExponentialBuckets buckets;
    private final long halfLifeMillis;
    private final double[] weight;
    private double totalWeight;
    private int minBucket;
    private int maxBucket;
    private long referenceMillis;

    DecayingHistogram(ExponentialBuckets buckets, long halfLifeMillis) {
        if (halfLifeMillis <= 0) throw new IllegalArgumentException("halfLife must be positive, found " + halfLifeMillis + " ms");
        this.buckets = buckets;
        this.halfLifeMillis = halfLifeMillis;
        this.weight = new double[buckets.count()];
        this.minBucket = buckets.count() - 1;
        this.maxBucket = 0;
    }

    void add(double value, double sampleWeight, long atMillis) {
        if (!(sampleWeight >= 0)) throw new IllegalArgumentException("sample weight must be non-negative, found " + sampleWeight);
        int bucket = buckets.bucketOf(value);
        double w = sampleWeight * decayFactor(atMillis);
        weight[bucket] += w;
        totalWeight += w;
        if (bucket < minBucket && weight[bucket] >= EPSILON) minBucket = bucket;
        if (bucket > maxBucket && weight[bucket] >= EPSILON) maxBucket = bucket;
    }

    /** Takes back a sample added before with the same value, weight and time (a memory peak that a higher one replaces). */
    void subtract(double value, double sampleWeight, long atMillis) {
        int bucket = buckets.bucketOf(value);
        double w = sampleWeight * decayFactor(atMillis);
        if (w > weight[bucket] - EPSILON) w = weight[bucket];
        totalWeight -= w;
        weight[bucket] -= w;
        updateMinAndMax();
    }

    boolean isEmpty() {
        return weight[minBucket] < EPSILON;
    }

    /**
     * The end of the first bucket at which the cumulative weight reaches {@code p} of the total (the start of the last
     * bucket, which has no end, when it is that one); 0 for an empty histogram. Returning the bucket's end errs on the
     * side of more resources, by at most the bucket growth.
     */
    double percentile(double p) {
        if (isEmpty()) return 0.0;
        double partial = 0.0;
        double threshold = p * totalWeight;
        int bucket = minBucket;
        for (; bucket < maxBucket; bucket++) {
            partial += weight[bucket];
            if (partial >= threshold) break;
        }
        return bucket < buckets.count() - 1 ? buckets.start(bucket + 1) : buckets.start(bucket);
    }

    double totalWeight() {
        return totalWeight;
    }

    long referenceMillis() {
        return referenceMillis;
    }

    private double decayFactor(long atMillis) {
        long maxAllowed = referenceMillis + halfLifeMillis * MAX_DECAY_EXPONENT;
        if (atMillis > maxAllowed) shiftReference(atMillis);
        return Math.pow(2.0, (double) (atMillis - referenceMillis) / halfLifeMillis);
    }

    private void shiftReference(long toMillis) {
        long rounded = Math.floorDiv(toMillis + halfLifeMillis / 2, halfLifeMillis) * halfLifeMillis;
        long exponent = Math.round((double) (referenceMillis - rounded) / halfLifeMillis);
        double factor = Math.scalb(1.0, (int) Math.max(Integer.MIN_VALUE, exponent));
        for (int b = minBucket; b <= maxBucket; b++) weight[b] *= factor;
        totalWeight *= factor;
        updateMinAndMax();
        referenceMillis = rounded;
    }

    private void updateMinAndMax() {
        int last = buckets.count() - 1;
        while (weight[minBucket] < EPSILON && minBucket < last) minBucket++;
        while (weight[maxBucket] < EPSILON && maxBucket > 0) maxBucket--;
    }
}
