package io.capstan.core.rightsize;

import java.util.ArrayList;
import java.util.List;

/**
 * Recommends container requests from usage as the Kubernetes VPA recommender does (pkg/recommender/logic/recommender.go
 * and estimator.go), with every number from {@link RightsizingSettings}:
 * <ol>
 *   <li>estimate: a percentile of the decaying CPU histogram and of the memory-peak histogram ({@link ContainerAggregate})
 *       for the target, the lower and the upper bound;</li>
 *   <li>margin: each times (1 + safetyMargin);</li>
 *   <li>confidence: with {@code c} the history's confidence in days, the upper bound times (1 + 1/c) (x2 after a day,
 *       x1.14 after a week, unbounded with no history) and the lower bound times (1 + 0.001/c)^-2 (x0.6 after 5 minutes
 *       of 1-minute samples, x0.95 after an hour): a short history widens the bounds, so a request is not changed on
 *       little evidence;</li>
 *   <li>pod minimum: at least the pod minimum divided among the pod's containers;</li>
 *   <li>policy: within [minAllowed, maxAllowed];</li>
 *   <li>rounding: CPU up to a whole millicore, memory up to a whole byte.</li>
 * </ol>
 * The VPA works in whole millicores and bytes at each step; this works in doubles and rounds once, so a result can be
 * a millicore or a byte above the VPA's.
 */
public final class Recommender {
    static final double UPPER_MULTIPLIER = 1.0;
    static final double UPPER_EXPONENT = 1.0;
    static final double LOWER_MULTIPLIER = 0.001;
    static final double LOWER_EXPONENT = -2.0;

    private Recommender() {}

    /** Recommendations for the containers of one pod (the pod minimums are divided among them), in the order given. */
    public static List<Recommendation> recommend(List<ContainerUsage> pod, RightsizingSettings settings) {
        List<Recommendation> out = new ArrayList<>(pod.size());
        for (ContainerUsage c : pod) out.add(recommend(c, settings, pod.size()));
        return List.copyOf(out);
    }

    static Recommendation recommend(ContainerUsage usage, RightsizingSettings s, int containersPerPod) {
        ContainerAggregate a = ContainerAggregate.of(usage, s);
        double confidence = a.confidenceDays();
        double margin = 1 + s.safetyMargin();
        double upperFactor = confidenceFactor(UPPER_MULTIPLIER, UPPER_EXPONENT, confidence);
        double lowerFactor = confidenceFactor(LOWER_MULTIPLIER, LOWER_EXPONENT, confidence);
        double minCpu = s.podMinCpuCores() / containersPerPod;
        double minMemory = s.podMinMemoryBytes() / containersPerPod;

        Recommendation.Resource cpu = new Recommendation.Resource(usage.requests().cpuCores(),
                cpu(a.cpuPercentile(s.targetPercentile()) * margin, minCpu, s),
                cpu(scale(a.cpuPercentile(s.lowerBoundPercentile()) * margin, lowerFactor), minCpu, s),
                cpu(scale(a.cpuPercentile(s.upperBoundPercentile()) * margin, upperFactor), minCpu, s));
        Recommendation.Resource memory = new Recommendation.Resource(usage.requests().memoryBytes(),
                memory(a.memoryPercentile(s.targetPercentile()) * margin, minMemory, s),
                memory(scale(a.memoryPercentile(s.lowerBoundPercentile()) * margin, lowerFactor), minMemory, s),
                memory(scale(a.memoryPercentile(s.upperBoundPercentile()) * margin, upperFactor), minMemory, s));
        return new Recommendation(usage.container(), cpu, memory, confidence, a.cpuSamples(), a.memorySamples(), a.ooms());
    }

    /** (1 + multiplier / confidence)^exponent: +infinity or 0 with no confidence, as the VPA's float arithmetic gives. */
    static double confidenceFactor(double multiplier, double exponent, double confidenceDays) {
        return Math.pow(1 + multiplier / confidenceDays, exponent);
    }

    /** An estimate times a factor, where nothing stays nothing (no usage times an unbounded factor is no usage, not NaN). */
    private static double scale(double estimate, double factor) {
        return estimate == 0 ? 0 : estimate * factor;
    }

    private static double cpu(double estimate, double podMin, RightsizingSettings s) {
        double v = clamp(Math.max(estimate, podMin), s.minAllowed().cpuCores(), s.maxAllowed().cpuCores());
        return Double.isInfinite(v) ? v : Math.ceil(v * 1000 - 1e-9) / 1000;
    }

    private static double memory(double estimate, double podMin, RightsizingSettings s) {
        double v = clamp(Math.max(estimate, podMin), s.minAllowed().memoryBytes(), s.maxAllowed().memoryBytes());
        return Double.isInfinite(v) ? v : Math.ceil(v - 1e-6);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(v, max));
    }
}
