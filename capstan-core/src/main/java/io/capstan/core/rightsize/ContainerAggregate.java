package io.capstan.core.rightsize;

/**
 * One container's usage folded as the VPA folds it (pkg/recommender/model/aggregate_container_state.go and
 * container.go): every CPU sample into a decaying histogram, weighted by the CPU request (at least 0.1 core), so a
 * raised request makes the history before it count for less; memory as one peak per {@code memoryPeakInterval}, a
 * higher sample in the same interval replacing the interval's peak; an OOM kill as an artificial peak of
 * max(used x oomBumpRatio, used + oomMinBump), where used is the larger of the memory request and the interval's peak.
 */
final class ContainerAggregate {
    /** The VPA's minimal CPU sample weight, in cores of request. */
    static final double MIN_SAMPLE_WEIGHT = 0.1;

    private final RightsizingSettings settings;
    private final DecayingHistogram cpu;
    private final DecayingHistogram memoryPeaks;
    private final long intervalMillis;
    private final double cpuWeight;
    private final double memoryRequest;

    private long firstCpuSample = Long.MIN_VALUE;
    private long lastCpuSample = Long.MIN_VALUE;
    private int cpuSamples;

    private long windowEnd = Long.MIN_VALUE;
    private long lastMemorySample = Long.MIN_VALUE;
    private double memoryPeak;
    private double oomPeak;
    private int memorySamples;
    private int ooms;

    ContainerAggregate(RightsizingSettings settings, RightsizingSettings.Resources requests) {
        this.settings = settings;
        this.cpu = new DecayingHistogram(ExponentialBuckets.CPU, settings.halfLife().toMillis());
        this.memoryPeaks = new DecayingHistogram(ExponentialBuckets.MEMORY, settings.halfLife().toMillis());
        this.intervalMillis = settings.memoryPeakInterval().toMillis();
        this.cpuWeight = Math.max(requests.cpuCores(), MIN_SAMPLE_WEIGHT);
        this.memoryRequest = requests.memoryBytes();
    }

    /** Folds a whole history: CPU samples, then memory samples and OOM kills merged in time order (a kill after a sample at the same time). */
    static ContainerAggregate of(ContainerUsage usage, RightsizingSettings settings) {
        ContainerAggregate a = new ContainerAggregate(settings, usage.requests());
        ContainerUsage.Series c = usage.cpu();
        for (int i = 0; i < c.size(); i++) a.addCpu(c.time(i), c.value(i));
        ContainerUsage.Series m = usage.memory();
        long[] kills = usage.oomKills();
        int k = 0;
        for (int i = 0; i < m.size(); i++) {
            while (k < kills.length && kills[k] < m.time(i)) a.recordOom(kills[k++]);
            a.addMemory(m.time(i), m.value(i), false);
        }
        while (k < kills.length) a.recordOom(kills[k++]);
        return a;
    }

    /** A CPU sample; a duplicate or out-of-order one (not after the last) is dropped, as are NaN and negative values. */
    boolean addCpu(long at, double cores) {
        if (!(cores >= 0) || at <= lastCpuSample) return false;
        cpu.add(cores, cpuWeight, at);
        if (firstCpuSample == Long.MIN_VALUE) firstCpuSample = at;
        lastCpuSample = at;
        cpuSamples++;
        return true;
    }

    boolean addMemory(long at, double bytes, boolean oom) {
        if (!(bytes >= 0) || (!oom && at < lastMemorySample)) return false;
        lastMemorySample = at;
        if (windowEnd == Long.MIN_VALUE) windowEnd = at;
        boolean addPeak = false;
        if (at < windowEnd) {
            double oldPeak = Math.max(memoryPeak, oomPeak);
            if (oldPeak != 0 && bytes > oldPeak) {
                memoryPeaks.subtract(oldPeak, 1.0, windowEnd);
                addPeak = true;
            }
        } else {
            // the window moves on by whole intervals, so peaks stay aligned to the first sample's time
            windowEnd += (at - windowEnd) / intervalMillis * intervalMillis + intervalMillis;
            memoryPeak = 0;
            oomPeak = 0;
            addPeak = true;
        }
        if (!oom) memorySamples++;
        if (addPeak) {
            memoryPeaks.add(bytes, 1.0, windowEnd);
            if (oom) oomPeak = bytes;
            else memoryPeak = bytes;
        }
        return true;
    }

    /** An OOM kill: dropped when older than the interval before the current one, as the VPA drops it. */
    boolean recordOom(long at) {
        if (windowEnd != Long.MIN_VALUE && at < windowEnd - intervalMillis) return false;
        double used = Math.min(Math.max(memoryRequest, memoryPeak), settings.maxAllowed().memoryBytes());
        double needed = Math.min(Math.max(used + settings.oomMinBumpBytes(), used * settings.oomBumpRatio()), settings.maxAllowed().memoryBytes());
        boolean added = addMemory(at, needed, true);
        if (added) ooms++;
        return added;
    }

    /**
     * How much the history is worth, in days: the shorter of its span (first to last CPU sample) and its CPU sample
     * count in days of samples at the settings' sample period (for one sample a minute, the count over 1440).
     */
    double confidenceDays() {
        if (cpuSamples == 0) return 0;
        double spanDays = (lastCpuSample - firstCpuSample) / 86_400_000.0;
        double samplesDays = cpuSamples * (double) settings.samplePeriod().toMillis() / 86_400_000.0;
        return Math.min(spanDays, samplesDays);
    }

    double cpuPercentile(double p) {
        return cpu.percentile(p);
    }

    double memoryPercentile(double p) {
        return memoryPeaks.percentile(p);
    }

    int cpuSamples() {
        return cpuSamples;
    }

    int memorySamples() {
        return memorySamples;
    }

    int ooms() {
        return ooms;
    }

    DecayingHistogram cpuHistogram() {
        return cpu;
    }

    DecayingHistogram memoryHistogram() {
        return memoryPeaks;
    }
}
