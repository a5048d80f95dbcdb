package io.capstan.core.rightsize;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The VPA's bucketing, percentile pick and decay, on cases small enough to work out by hand. */
class DecayingHistogramTest {
    static final long T0 = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    static final long HOUR = Duration.ofHours(1).toMillis();
    /** Buckets [0,1) [1,3) [3,7) [7,15) [15,...): first size 1, doubling, last start at or above 10. */
    static final ExponentialBuckets DOUBLING = ExponentialBuckets.of(10, 1, 2);

    @Test
    void bucketsStartAtTheGeometricSumsAndTheLastHasNoEnd() {
        assertThat(DOUBLING.count()).isEqualTo(5);
        assertThat(new double[] {DOUBLING.start(0), DOUBLING.start(1), DOUBLING.start(2), DOUBLING.start(3), DOUBLING.start(4)})
                .containsExactly(0, 1, 3, 7, 15);
        assertThat(DOUBLING.bucketOf(0)).isEqualTo(0);
        assertThat(DOUBLING.bucketOf(0.999)).isEqualTo(0);
        assertThat(DOUBLING.bucketOf(1)).isEqualTo(1);
        assertThat(DOUBLING.bucketOf(2.999)).isEqualTo(1);
        assertThat(DOUBLING.bucketOf(3)).isEqualTo(2);
        assertThat(DOUBLING.bucketOf(6.99)).isEqualTo(2);
        assertThat(DOUBLING.bucketOf(7)).isEqualTo(3);
        assertThat(DOUBLING.bucketOf(1e9)).as("beyond the range: the last bucket").isEqualTo(4);
    }

    @Test
    void theVpasOwnBucketCounts() {
        // ceil(log_1.05(1000 x 0.05 / 0.001 + 1)) + 1 = ceil(221.76) + 1; memory: ceil(log_1.05(1e12 x 0.05 / 1e7 + 1)) + 1
        assertThat(ExponentialBuckets.CPU.count()).isEqualTo(223);
        assertThat(ExponentialBuckets.MEMORY.count()).isEqualTo(176);
        // 0.2 cores: bucket floor(log_1.05(0.2 x 0.05 / 0.001 + 1)) = floor(49.15) = 49, which ends at 0.02 x (1.05^50 - 1)
        assertThat(ExponentialBuckets.CPU.bucketOf(0.2)).isEqualTo(49);
        assertThat(ExponentialBuckets.CPU.start(50)).isCloseTo(0.209348, within(1e-6));
    }

    @Test
    void percentileIsTheEndOfTheBucketWhereTheCumulativeWeightReachesIt() {
        DecayingHistogram h = new DecayingHistogram(DOUBLING, HOUR);
        h.add(0.5, 1, T0);
        h.add(2, 1, T0);
        h.add(5, 2, T0);
        // weights by bucket: [0,1) 1, [1,3) 1, [3,7) 2; total 4
        assertThat(h.percentile(0.25)).isEqualTo(1);
        assertThat(h.percentile(0.26)).isEqualTo(3);
        assertThat(h.percentile(0.5)).as("the cumulative 2 reaches 0.5 x 4 in [1,3)").isEqualTo(3);
        assertThat(h.percentile(0.51)).isEqualTo(7);
        assertThat(h.percentile(1.0)).isEqualTo(7);
    }

    @Test
    void aValueInTheLastBucketReadsAsItsStart() {
        DecayingHistogram h = new DecayingHistogram(DOUBLING, HOUR);
        h.add(100, 1, T0);
        assertThat(h.percentile(0.9)).isEqualTo(15);
    }

    @Test
    void anEmptyHistogramReadsZero() {
        DecayingHistogram h = new DecayingHistogram(DOUBLING, HOUR);
        assertThat(h.isEmpty()).isTrue();
        assertThat(h.percentile(0.9)).isZero();
    }

    @Test
    void aSampleOneHalfLifeYoungerWeighsTwice() {
        DecayingHistogram h = new DecayingHistogram(DOUBLING, HOUR);
        h.add(0.5, 1, T0);
        h.add(5, 1, T0 + HOUR);
        // weights 1 and 2 (total 3): the old sample holds a third
        assertThat(h.totalWeight()).isCloseTo(3, within(1e-12));
        assertThat(h.percentile(0.33)).isEqualTo(1);
        assertThat(h.percentile(0.34)).as("without decay the median would be 0.5's bucket").isEqualTo(7);
        DecayingHistogram older = new DecayingHistogram(DOUBLING, HOUR);
        older.add(0.5, 1, T0 + HOUR);
        older.add(5, 1, T0);
        assertThat(older.percentile(0.66)).isEqualTo(1);
        assertThat(older.percentile(0.67)).isEqualTo(7);
    }

    @Test
    void theReferenceMovesForwardInWholeHalfLivesWhenTheExponentPasses100() {
        DecayingHistogram h = new DecayingHistogram(DOUBLING, HOUR);
        h.add(0.5, 1, T0);
        assertThat(h.referenceMillis()).as("rounded to a multiple of the half-life").isEqualTo(T0);
        h.add(5, 1, T0 + 101 * HOUR + HOUR / 4);
        assertThat(h.referenceMillis()).isEqualTo(T0 + 101 * HOUR);
        // the first sample now weighs 2^-101: below epsilon, it no longer counts as a bucket
        assertThat(h.percentile(0.0001)).isEqualTo(7);
        assertThat(h.totalWeight()).isCloseTo(Math.pow(2, 0.25), within(1e-9));
    }

    @Test
    void subtractingASampleTakesBackExactlyItsWeight() {
        DecayingHistogram h = new DecayingHistogram(DOUBLING, HOUR);
        h.add(0.5, 1, T0);
        h.add(5, 1, T0 + 3 * HOUR);
        h.subtract(5, 1, T0 + 3 * HOUR);
        assertThat(h.percentile(0.99)).isEqualTo(1);
        assertThat(h.totalWeight()).isCloseTo(1, within(1e-12));
        h.subtract(0.5, 1, T0);
        assertThat(h.isEmpty()).isTrue();
    }
}
