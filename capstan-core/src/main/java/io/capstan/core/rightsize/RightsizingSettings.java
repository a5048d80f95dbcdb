package io.capstan.core.rightsize;

import java.time.Duration;

/**
 * How requests are recommended from usage: the Kubernetes VPA recommender's knobs, with its defaults
 * ({@link #VPA}), each of them settable per target.
 *
 * @param targetPercentile     usage percentile the target request is based on (VPA: 0.9), as a fraction
 * @param lowerBoundPercentile percentile of the lower bound (VPA: 0.5)
 * @param upperBoundPercentile percentile of the upper bound (VPA: 0.95)
 * @param safetyMargin         fraction added to every estimate (VPA: 0.15)
 * @param halfLife             after this long a usage sample counts half (VPA: 24 h, for CPU and memory alike)
 * @param memoryPeakInterval   memory is aggregated as one peak per interval of this length (VPA: 24 h)
 * @param oomBumpRatio         after an OOM kill, memory is at least this multiple of what was in use (VPA: 1.2)
 * @param oomMinBumpBytes      ... and at least this much more (VPA: 100 MiB)
 * @param podMinCpuCores       the least CPU recommended for a pod, shared among its containers (VPA: 25 millicores)
 * @param podMinMemoryBytes    the least memory recommended for a pod, shared among its containers (VPA: 250 MiB)
 * @param minAllowed           every recommendation is raised to at least this (a VPA resource policy's minAllowed)
 * @param maxAllowed           and capped at this (maxAllowed); an OOM bump is capped at its memory too
 * @param samplePeriod         the sampling period the history's confidence is measured in (VPA: 1 minute, the
 *                             metrics-server's): the confidence is the shorter of the history's span in days and its
 *                             sample count over one day's samples at this period
 */
public record RightsizingSettings(double targetPercentile, double lowerBoundPercentile, double upperBoundPercentile, double safetyMargin,
                                  Duration halfLife, Duration memoryPeakInterval, double oomBumpRatio, double oomMinBumpBytes,
                                  double podMinCpuCores, double podMinMemoryBytes, Resources minAllowed, Resources maxAllowed,
                                  Duration samplePeriod) {
    public static final double MIB = 1024.0 * 1024.0;

    /** The VPA recommender's defaults. */
    public static final RightsizingSettings VPA = new RightsizingSettings(0.9, 0.5, 0.95, 0.15, Duration.ofHours(24), Duration.ofHours(24),
            1.2, 100 * MIB, 0.025, 250 * MIB, Resources.NONE, Resources.UNLIMITED, Duration.ofMinutes(1));

    public RightsizingSettings {
        percentile("targetPercentile", targetPercentile);
        percentile("lowerBoundPercentile", lowerBoundPercentile);
        percentile("upperBoundPercentile", upperBoundPercentile);
        if (!(lowerBoundPercentile <= targetPercentile && targetPercentile <= upperBoundPercentile)) {
            throw new IllegalArgumentException("percentiles must be ordered lowerBound <= target <= upperBound, found " + percent(lowerBoundPercentile)
                    + ", " + percent(targetPercentile) + ", " + percent(upperBoundPercentile));
        }
        if (!(safetyMargin >= 0 && safetyMargin <= 10)) throw new IllegalArgumentException("safetyMargin must be in [0, 1000] %, found " + percent(safetyMargin));
        positive("halfLife", halfLife);
        positive("memoryPeakInterval", memoryPeakInterval);
        positive("samplePeriod", samplePeriod);
        if (!(oomBumpRatio >= 1 && oomBumpRatio <= 100)) throw new IllegalArgumentException("oomBumpRatio must be in [1, 100], found " + oomBumpRatio);
        if (!(oomMinBumpBytes >= 0) || Double.isInfinite(oomMinBumpBytes)) throw new IllegalArgumentException("oomMinBump must be finite and >= 0, found " + oomMinBumpBytes);
        if (!(podMinCpuCores >= 0) || !(podMinMemoryBytes >= 0)) throw new IllegalArgumentException("pod minimums must be >= 0");
        if (minAllowed.cpuCores() > maxAllowed.cpuCores() || minAllowed.memoryBytes() > maxAllowed.memoryBytes()) {
            throw new IllegalArgumentException("minAllowed " + minAllowed + " is above maxAllowed " + maxAllowed);
        }
    }

    private static void percentile(String name, double p) {
        if (!(p > 0 && p <= 1)) throw new IllegalArgumentException(name + " must be a percentile in (0, 100], found " + percent(p));
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be a positive duration, found " + d);
    }

    private static String percent(double fraction) {
        return (fraction * 100) + " %";
    }

    /**
     * CPU and memory together.
     *
     * @param cpuCores    CPU in cores (0.5 is 500m)
     * @param memoryBytes memory in bytes
     */
    public record Resources(double cpuCores, double memoryBytes) {
        public static final Resources NONE = new Resources(0, 0);
        public static final Resources UNLIMITED = new Resources(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

        public Resources {
            if (!(cpuCores >= 0) || !(memoryBytes >= 0)) {
                throw new IllegalArgumentException("resources must be >= 0, found cpu " + cpuCores + " cores, memory " + memoryBytes + " bytes");
            }
        }
    }
}
