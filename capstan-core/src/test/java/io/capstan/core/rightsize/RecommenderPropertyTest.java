package io.capstan.core.rightsize;

import io.capstan.core.rightsize.RightsizingSettings.Resources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static io.capstan.core.rightsize.DecayingHistogramTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Seeded random histories against a straightforward oracle, and the invariants every recommendation keeps. */
class RecommenderPropertyTest {
    static LongStream seeds() {
        return LongStream.range(0, 60).map(i -> 9_000 + i);
    }

    /**
     * The weighted percentile the slow way: each sample's weight 2^((t - t_first) / halfLife) (the scale does not matter),
     * its bucket by walking the bucket starts, the buckets' weights summed in order until they reach p of the total.
     */
    static double oracle(long[] t, double[] v, double p, ExponentialBuckets b, long halfLife) {
        double[] perBucket = new double[b.count()];
        double total = 0;
        for (int i = 0; i < t.length; i++) {
            int bucket = 0;
            while (bucket + 1 < b.count() && b.start(bucket + 1) <= v[i]) bucket++;
            double w = Math.pow(2, (double) (t[i] - t[0]) / halfLife);
            perBucket[bucket] += w;
            total += w;
        }
        double sum = 0;
        int last = 0;
        for (int i = 0; i < perBucket.length; i++) if (perBucket[i] > 0) last = i;
        for (int i = 0; i < perBucket.length; i++) {
            sum += perBucket[i];
            if (sum >= p * total || i == last) return i + 1 < b.count() ? b.start(i + 1) : b.start(i);
        }
        throw new AssertionError("unreachable");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theHistogramsPercentileIsTheOracles(long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(300);
        long halfLife = Duration.ofHours(1 + r.nextInt(48)).toMillis();
        long[] t = new long[n];
        double[] v = new double[n];
        long now = T0 + r.nextInt(1_000_000);
        for (int i = 0; i < n; i++) {
            // at most 300 steps of a fifteenth of a half-life: the oldest weighs at least 2^-20 of the newest, far above the
            // epsilon below which the histogram forgets a bucket (that forgetting is DecayingHistogramTest's)
            now += 1 + r.nextInt((int) (halfLife / 15));
            t[i] = now;
            // mostly small values, a few spread over many buckets, an occasional one beyond the last bucket
            v[i] = r.nextInt(20) == 0 ? 2000 * r.nextDouble() : Math.exp(r.nextGaussian() * 2 - 2);
        }
        DecayingHistogram h = new DecayingHistogram(ExponentialBuckets.CPU, halfLife);
        for (int i = 0; i < n; i++) h.add(v[i], 1.0, t[i]);
        for (double p : new double[] {0.01, 0.5, 0.9, 0.95, 1.0, r.nextDouble()}) {
            assertThat(h.percentile(p)).as("seed %d, p %s", seed, p).isEqualTo(oracle(t, v, p, ExponentialBuckets.CPU, halfLife));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void boundsAreOrderedMinimumsAndCapsHoldAndMoreUsageNeverLowersTheTarget(long seed) {
        Random r = new Random(seed);
        int n = 2 + r.nextInt(2000);
        long step = 60_000L * (1 + r.nextInt(10));
        long[] t = new long[n];
        double[] cpu = new double[n];
        double[] mem = new double[n];
        double base = 0.05 + r.nextDouble() * 4;
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * step;
            cpu[i] = Math.max(0, base * (1 + 0.5 * r.nextGaussian()));
            mem[i] = (100 + r.nextInt(4000)) * RightsizingSettings.MIB;
        }
        long[] ooms = r.nextBoolean() ? new long[] {t[r.nextInt(n)]} : new long[0];
        RightsizingSettings d = RightsizingSettings.VPA;
        double lower = 0.3 + 0.2 * r.nextDouble();
        double target = lower + (1 - lower) * r.nextDouble();
        double upper = target + (1 - target) * r.nextDouble();
        Resources max = r.nextBoolean() ? Resources.UNLIMITED : new Resources(1 + r.nextInt(8), (1 + r.nextInt(8)) * 1024 * RightsizingSettings.MIB);
        RightsizingSettings s = new RightsizingSettings(target, lower, upper, r.nextDouble() * 0.5, Duration.ofHours(1 + r.nextInt(72)),
                d.memoryPeakInterval(), 1 + r.nextDouble(), d.oomMinBumpBytes(), d.podMinCpuCores(), d.podMinMemoryBytes(), Resources.NONE, max, d.samplePeriod());
        int containers = 1 + r.nextInt(3);
        ContainerUsage u = new ContainerUsage("c", new Resources(base, 1024 * RightsizingSettings.MIB), new ContainerUsage.Series(t, cpu),
                new ContainerUsage.Series(t, mem), ooms);
        Recommendation rec = Recommender.recommend(u, s, containers);
        for (Recommendation.Resource x : List.of(rec.cpu(), rec.memory())) {
            assertThat(x.lowerBound()).as("seed %d", seed).isLessThanOrEqualTo(x.target());
            assertThat(x.target()).as("seed %d", seed).isLessThanOrEqualTo(x.upperBound());
        }
        assertThat(rec.cpu().lowerBound()).isGreaterThanOrEqualTo(Math.min(s.podMinCpuCores() / containers, max.cpuCores()) - 1e-12);
        assertThat(rec.memory().lowerBound()).isGreaterThanOrEqualTo(Math.min(s.podMinMemoryBytes() / containers, max.memoryBytes()) - 1e-6);
        assertThat(rec.cpu().upperBound()).isLessThanOrEqualTo(max.cpuCores());
        assertThat(rec.memory().upperBound()).isLessThanOrEqualTo(max.memoryBytes());

        // doubling every CPU sample never lowers the CPU target
        double[] doubled = cpu.clone();
        for (int i = 0; i < n; i++) doubled[i] *= 2;
        ContainerUsage more = new ContainerUsage("c", u.requests(), new ContainerUsage.Series(t, doubled), u.memory(), ooms);
        assertThat(Recommender.recommend(more, s, containers).cpu().target()).as("seed %d", seed).isGreaterThanOrEqualTo(rec.cpu().target());
    }
}
