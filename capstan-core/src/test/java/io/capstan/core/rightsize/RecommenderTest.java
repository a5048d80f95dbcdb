package io.capstan.core.rightsize;

import io.capstan.core.rightsize.RightsizingSettings.Resources;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.capstan.core.rightsize.DecayingHistogramTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The VPA recommender's steps on histories whose numbers are worked out by hand (bucket ends from ExponentialBuckets' formula). */
class RecommenderTest {
    static final long MINUTE = 60_000;
    static final long DAY = 86_400_000;
    static final double MIB = RightsizingSettings.MIB;
    static final double GIB = 1024 * MIB;

    static ContainerUsage.Series constant(long start, long step, int count, double value) {
        long[] t = new long[count];
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = start + i * step;
            v[i] = value;
        }
        return new ContainerUsage.Series(t, v);
    }

    static RightsizingSettings with(Resources min, Resources max) {
        RightsizingSettings d = RightsizingSettings.VPA;
        return new RightsizingSettings(d.targetPercentile(), d.lowerBoundPercentile(), d.upperBoundPercentile(), d.safetyMargin(), d.halfLife(),
                d.memoryPeakInterval(), d.oomBumpRatio(), d.oomMinBumpBytes(), d.podMinCpuCores(), d.podMinMemoryBytes(), min, max, d.samplePeriod());
    }

    @Test
    void aWeekOfSteadyUsageGivesTheBucketEndPlusTheMarginWithTheBoundsOfAWeeksConfidence() {
        // 0.2 cores and 400 MiB every minute for exactly 7 days: 10081 samples
        ContainerUsage u = new ContainerUsage("api", new Resources(1.0, 2 * GIB), constant(T0, MINUTE, 10081, 0.2),
                constant(T0, MINUTE, 10081, 400 * MIB), new long[0]);
        Recommendation r = Recommender.recommend(List.of(u), RightsizingSettings.VPA).get(0);
        assertThat(r.confidenceDays()).as("min(7 days of span, 10081 / 1440 days of samples)").isCloseTo(7, within(1e-9));
        // every percentile is the end of 0.2's bucket, 0.209348 cores; x 1.15 = 0.240750 -> 241m
        assertThat(r.cpu().target()).isEqualTo(0.241);
        // upper: x (1 + 1/7) = 0.275143 -> 276m; lower: x (1 + 0.001/7)^-2 = 0.240681 -> 241m
        assertThat(r.cpu().upperBound()).isEqualTo(0.276);
        assertThat(r.cpu().lowerBound()).isEqualTo(0.241);
        // 400 MiB is in memory bucket 23, which ends at 445019988.74 bytes; x 1.15 = 511772987.05 -> 511772988
        assertThat(r.memory().target()).isEqualTo(511_772_988);
        assertThat(r.cpu().savings()).isCloseTo(0.759, within(1e-12));
        assertThat(r.cpu().verdict()).isEqualTo(Recommendation.Verdict.OVER_PROVISIONED);
        assertThat(r.memory().savings()).isEqualTo(2 * GIB - 511_772_988);
        assertThat(r.cpuSamples()).isEqualTo(10081);
        assertThat(r.oomKills()).isZero();
    }

    @Test
    void memoryIsOnePeakPerInterval() {
        // day 1: 100 MB, 300 MB, 200 MB -> one peak of 300 MB; day 2: 50 MB, weighing twice (one half-life younger)
        long h6 = 6 * 3_600_000L;
        ContainerUsage.Series mem = new ContainerUsage.Series(new long[] {T0, T0 + h6, T0 + 2 * h6, T0 + DAY},
                new double[] {1e8, 3e8, 2e8, 5e7});
        ContainerAggregate a = ContainerAggregate.of(new ContainerUsage("db", Resources.NONE, ContainerUsage.Series.EMPTY, mem, new long[0]),
                RightsizingSettings.VPA);
        assertThat(a.memoryHistogram().totalWeight()).as("300 MB at weight 1, 50 MB at weight 2").isCloseTo(3, within(1e-9));
        // 50 MB's bucket ends at 55256312.5; 300 MB's at 305390039.08
        assertThat(a.memoryPercentile(0.66)).isCloseTo(55_256_312.5, within(1e-3));
        assertThat(a.memoryPercentile(0.67)).isCloseTo(305_390_039.075, within(1e-2));
    }

    @Test
    void anOomBumpsMemoryToTwentyPercentAboveTheRequestWhenThatIsMoreThan100MiB() {
        // request 1 GiB, peak 500 MiB: used = 1 GiB; needed = max(1 GiB + 100 MiB, 1.2 GiB) = 1.2 GiB
        ContainerUsage u = new ContainerUsage("api", new Resources(0.5, GIB), constant(T0, MINUTE, 60, 0.1),
                constant(T0, MINUTE, 60, 500 * MIB), new long[] {T0 + 30 * MINUTE});
        ContainerAggregate a = ContainerAggregate.of(u, RightsizingSettings.VPA);
        assertThat(a.ooms()).isEqualTo(1);
        // the OOM's peak replaces the interval's 500 MiB: every percentile is 1.2 GiB's bucket end, 1352317511.02
        assertThat(a.memoryPercentile(0.5)).isCloseTo(1_352_317_511.023, within(1e-2));
        Recommendation r = Recommender.recommend(List.of(u), RightsizingSettings.VPA).get(0);
        assertThat(r.memory().target()).isEqualTo(Math.ceil(1_352_317_511.023486 * 1.15));
        assertThat(r.memory().verdict()).isEqualTo(Recommendation.Verdict.UNDER_PROVISIONED);
    }

    @Test
    void anOomBumpsSmallMemoryBy100MiB() {
        // request 200 MiB, peak 300 MiB: used 300 MiB; 1.2 x 300 = 360 MiB < 300 + 100 = 400 MiB
        ContainerUsage u = new ContainerUsage("w", new Resources(0.5, 200 * MIB), ContainerUsage.Series.EMPTY,
                constant(T0, MINUTE, 10, 300 * MIB), new long[] {T0 + 20 * MINUTE});
        ContainerAggregate a = ContainerAggregate.of(u, RightsizingSettings.VPA);
        assertThat(a.memoryPercentile(1.0)).isEqualTo(ExponentialBuckets.MEMORY.start(ExponentialBuckets.MEMORY.bucketOf(400 * MIB) + 1));
        assertThat(ExponentialBuckets.MEMORY.bucketOf(400 * MIB)).isNotEqualTo(ExponentialBuckets.MEMORY.bucketOf(360 * MIB));
    }

    @Test
    void anOomBumpIsCappedAtMaxAllowed() {
        ContainerUsage u = new ContainerUsage("w", new Resources(0.5, 200 * MIB), ContainerUsage.Series.EMPTY,
                constant(T0, MINUTE, 10, 300 * MIB), new long[] {T0 + 20 * MINUTE});
        ContainerAggregate a = ContainerAggregate.of(u, with(Resources.NONE, new Resources(4, 320 * MIB)));
        assertThat(a.memoryPercentile(1.0)).isEqualTo(ExponentialBuckets.MEMORY.start(ExponentialBuckets.MEMORY.bucketOf(320 * MIB) + 1));
    }

    @Test
    void anOomOlderThanTheIntervalBeforeTheCurrentOneIsDropped() {
        ContainerAggregate a = new ContainerAggregate(RightsizingSettings.VPA, new Resources(0.5, 200 * MIB));
        a.addMemory(T0 + 3 * DAY, 300 * MIB, false);
        // the window now ends at day 4; an OOM before day 3 is older than the interval before it
        assertThat(a.recordOom(T0 + DAY)).isFalse();
        assertThat(a.recordOom(T0 + 3 * DAY + 1)).isTrue();
    }

    @Test
    void halfADayOfHistoryTriplesTheUpperBoundAndAWeekWidensItBy1Over7() {
        RightsizingSettings s = RightsizingSettings.VPA;
        ContainerUsage halfDay = new ContainerUsage("api", new Resources(1, GIB), constant(T0, MINUTE, 721, 0.2), ContainerUsage.Series.EMPTY, new long[0]);
        Recommendation r = Recommender.recommend(List.of(halfDay), s).get(0);
        assertThat(r.confidenceDays()).isCloseTo(0.5, within(1e-9));
        // 0.209348 x 1.15 x 3 = 0.722250 -> 723m
        assertThat(r.cpu().upperBound()).isEqualTo(0.723);
        // lower: 0.240750 x (1 + 0.002)^-2 = 0.239790 -> 240m
        assertThat(r.cpu().lowerBound()).isEqualTo(0.240);
        assertThat(Recommender.confidenceFactor(1, 1, 1)).isEqualTo(2);
        assertThat(Recommender.confidenceFactor(1, 1, 7)).isCloseTo(1.142857, within(1e-6));
        // the VPA's own table: 5 minutes of history x0.6, an hour x0.95
        assertThat(Recommender.confidenceFactor(0.001, -2, 5.0 / 1440)).isCloseTo(0.6, within(0.01));
        assertThat(Recommender.confidenceFactor(0.001, -2, 60.0 / 1440)).isCloseTo(0.95, within(0.01));
    }

    @Test
    void noHistoryLeavesTheUpperBoundUnboundedAndEverythingElseAtThePodMinimum() {
        ContainerUsage none = new ContainerUsage("api", new Resources(1, GIB), ContainerUsage.Series.EMPTY, ContainerUsage.Series.EMPTY, new long[0]);
        ContainerUsage other = new ContainerUsage("sidecar", new Resources(0.1, 64 * MIB), ContainerUsage.Series.EMPTY, ContainerUsage.Series.EMPTY, new long[0]);
        List<Recommendation> r = Recommender.recommend(List.of(none, other), RightsizingSettings.VPA);
        assertThat(r.get(0).noData()).isTrue();
        // the pod minimum (25m, 250 MiB) is shared by the two containers
        assertThat(r.get(0).cpu().target()).isEqualTo(0.013);
        assertThat(r.get(0).memory().target()).isEqualTo(125 * MIB);
        assertThat(r.get(1).cpu().lowerBound()).isEqualTo(0.013);
    }

    @Test
    void aSingleSampleHasNoConfidenceSoTheUpperBoundIsInfinite() {
        ContainerUsage one = new ContainerUsage("api", new Resources(1, GIB), constant(T0, MINUTE, 1, 0.2), ContainerUsage.Series.EMPTY, new long[0]);
        Recommendation r = Recommender.recommend(List.of(one), RightsizingSettings.VPA).get(0);
        assertThat(r.cpu().upperBound()).isInfinite();
        assertThat(r.cpu().lowerBound()).as("x0, then the pod minimum").isEqualTo(0.025);
        assertThat(r.cpu().verdict()).isEqualTo(Recommendation.Verdict.WITHIN_BOUNDS);
    }

    @Test
    void minAndMaxAllowedClampEveryNumber() {
        ContainerUsage u = new ContainerUsage("api", new Resources(1, GIB), constant(T0, MINUTE, 721, 0.2), constant(T0, MINUTE, 721, 400 * MIB), new long[0]);
        Recommendation r = Recommender.recommend(List.of(u), with(new Resources(0.3, 0), new Resources(0.5, 450 * MIB))).get(0);
        assertThat(r.cpu().target()).isEqualTo(0.3);
        assertThat(r.cpu().lowerBound()).isEqualTo(0.3);
        assertThat(r.cpu().upperBound()).isEqualTo(0.5);
        assertThat(r.memory().target()).isEqualTo(450 * MIB);
    }

    @Test
    void theSamplePeriodSaysHowManySamplesADayOfHistoryHolds() {
        // 5-minute samples for 7 days: 2017 samples; at the VPA's 1 minute that is 1.4 days of samples
        ContainerUsage u = new ContainerUsage("api", new Resources(1, GIB), constant(T0, 5 * MINUTE, 2017, 0.2), ContainerUsage.Series.EMPTY, new long[0]);
        RightsizingSettings d = RightsizingSettings.VPA;
        assertThat(Recommender.recommend(List.of(u), d).get(0).confidenceDays()).isCloseTo(2017.0 / 1440, within(1e-9));
        RightsizingSettings fiveMinutes = new RightsizingSettings(d.targetPercentile(), d.lowerBoundPercentile(), d.upperBoundPercentile(), d.safetyMargin(),
                d.halfLife(), d.memoryPeakInterval(), d.oomBumpRatio(), d.oomMinBumpBytes(), d.podMinCpuCores(), d.podMinMemoryBytes(), d.minAllowed(),
                d.maxAllowed(), Duration.ofMinutes(5));
        assertThat(Recommender.recommend(List.of(u), fiveMinutes).get(0).confidenceDays()).isCloseTo(7, within(1e-9));
    }

    @Test
    void cpuSamplesWeighTheRequestAndAtLeastATenthOfACore() {
        ContainerAggregate none = ContainerAggregate.of(new ContainerUsage("x", new Resources(0, 0), constant(T0, MINUTE, 1, 0.5),
                ContainerUsage.Series.EMPTY, new long[0]), RightsizingSettings.VPA);
        ContainerAggregate two = ContainerAggregate.of(new ContainerUsage("x", new Resources(2, 0), constant(T0, MINUTE, 1, 0.5),
                ContainerUsage.Series.EMPTY, new long[0]), RightsizingSettings.VPA);
        assertThat(none.cpuHistogram().totalWeight()).isEqualTo(0.1);
        assertThat(two.cpuHistogram().totalWeight()).isEqualTo(2.0);
    }

    @Test
    void duplicateAndOutOfOrderCpuSamplesAreDropped() {
        ContainerUsage.Series s = new ContainerUsage.Series(new long[] {T0, T0, T0 + MINUTE, T0 - MINUTE}, new double[] {0.2, 5, 0.2, 5});
        ContainerAggregate a = ContainerAggregate.of(new ContainerUsage("x", new Resources(1, 0), s, ContainerUsage.Series.EMPTY, new long[0]),
                RightsizingSettings.VPA);
        assertThat(a.cpuSamples()).isEqualTo(2);
        assertThat(a.cpuPercentile(1.0)).isCloseTo(0.209348, within(1e-6));
    }
}
