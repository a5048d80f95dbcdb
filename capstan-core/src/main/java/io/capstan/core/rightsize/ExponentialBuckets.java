package io.capstan.core.rightsize;

/**
 * The VPA recommender's bucketing (vertical-pod-autoscaler pkg/recommender/util/histogram_options.go): bucket 0 covers
 * [0, firstBucketSize), and bucket n is {@code ratio} times as wide as bucket n-1, so bucket n >= 1 starts at
 * {@code firstBucketSize * (ratio^n - 1) / (ratio - 1)}. The relative error of a percentile read from it is bounded by
 * the growth ({@code ratio - 1}, 5 % in the VPA), whatever the magnitude. The last bucket starts at or above
 * {@code maxValue} and has no end: larger values fall into it.
 */
record ExponentialBuckets(double maxValue, double firstBucketSize, double ratio, int count) {
    /** CPU in cores: 1 millicore first bucket (aggregations_config.go today; older releases used 10 millicores), up to 1000 cores, 5 % growth. */
    static final ExponentialBuckets CPU = of(1000.0, 0.001, 1.05);
    /** Memory in bytes: 10 MB first bucket, up to 1 TB, 5 % growth. */
    static final ExponentialBuckets MEMORY = of(1e12, 1e7, 1.05);

    ExponentialBuckets {
        if (!(maxValue > 0) || !(firstBucketSize > 0) || !(ratio > 1)) {
            throw new IllegalArgumentException("buckets need maxValue > 0, firstBucketSize > 0 and ratio > 1, found "
                    + maxValue + ", " + firstBucketSize + ", " + ratio);
        }
    }

    static ExponentialBuckets of(double maxValue, double firstBucketSize, double ratio) {
        int count = (int) Math.ceil(Math.log(maxValue * (ratio - 1) / firstBucketSize + 1) / Math.log(ratio)) + 1;
        return new ExponentialBuckets(maxValue, firstBucketSize, ratio, count);
    }

    /** The bucket a value falls into: the inverse of {@link #start}, clamped to the first and the last bucket. */
    int bucketOf(double value) {
        if (value < firstBucketSize) return 0;
        int bucket = (int) (Math.log(value * (ratio - 1) / firstBucketSize + 1) / Math.log(ratio));
        return Math.min(bucket, count - 1);
    }

    double start(int bucket) {
        if (bucket < 0 || bucket >= count) throw new IndexOutOfBoundsException("bucket " + bucket + " is outside [0, " + (count - 1) + "]");
        if (bucket == 0) return 0.0;
        return firstBucketSize * (Math.pow(ratio, bucket) - 1) / (ratio - 1);
    }
}
