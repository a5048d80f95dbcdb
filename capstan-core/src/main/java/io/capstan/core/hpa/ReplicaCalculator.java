package io.capstan.core.hpa;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Port of replica_calculator.go and metrics/utilization.go: one replica proposal per metric.
 *
 * <p>The Go code fetches pods and metrics inside these functions; here they are parameters, and {@code now} replaces
 * {@code time.Now()}. The arithmetic is kept in int64 milli-units with the same integer divisions and
 * {@code math.Ceil} placements, because the rounding decides replica counts at the edges of the tolerance band.
 */
final class ReplicaCalculator {

    static final String CPU = "cpu";

    /** A proposal or an error message, as the Go functions return (replicas, usage, err). */
    record Outcome(int replicas, long usage, OptionalInt utilization, String error) {
        static Outcome of(int replicas, long usage) {
            return new Outcome(replicas, usage, OptionalInt.empty(), null);
        }

        static Outcome failed(String error) {
            return new Outcome(0, 0, OptionalInt.empty(), error);
        }

        boolean ok() {
            return error == null;
        }
    }

    private final Duration cpuInitializationPeriod;
    private final Duration delayOfInitialReadinessStatus;

    ReplicaCalculator(Duration cpuInitializationPeriod, Duration delayOfInitialReadinessStatus) {
        this.cpuInitializationPeriod = cpuInitializationPeriod;
        this.delayOfInitialReadinessStatus = delayOfInitialReadinessStatus;
    }

    /** Ports GetResourceReplicas (Utilization targets of Resource and ContainerResource metrics). */
    Outcome resourceReplicas(int currentReplicas, int targetUtilization, String resource, String container,
                             Tolerances tolerances, List<HpaPod> pods, Map<String, PodSample> samples, Instant now) {
        if (pods.isEmpty()) return Outcome.failed("no pods returned by selector while calculating replica count");
        Map<String, Long> metrics = values(samples);
        Groups g = groupPods(pods, samples, resource, now);
        metrics.keySet().removeAll(g.ignored);
        metrics.keySet().removeAll(g.unready);
        if (metrics.isEmpty()) return Outcome.failed("did not receive metrics for targeted pods (pods might be unready)");

        Map<String, Long> requests = new HashMap<>();
        for (HpaPod pod : pods) {
            if (pod.requestMilli() == null) {
                return Outcome.failed(container == null || container.isEmpty()
                        ? "missing request for " + resource + " in Pod " + pod.name()
                        : "missing request for " + resource + " in container " + container + " of Pod " + pod.name());
            }
            requests.put(pod.name(), pod.requestMilli());
        }

        UtilizationRatio first = resourceUtilizationRatio(metrics, requests, targetUtilization);
        if (first.error != null) return Outcome.failed(first.error);
        double usageRatio = first.ratio;
        OptionalInt utilization = OptionalInt.of(first.utilization);
        long raw = first.rawAverage;

        boolean scaleUpWithUnready = !g.unready.isEmpty() && usageRatio > 1.0;
        if (!scaleUpWithUnready && g.missing.isEmpty()) {
            if (tolerances.isWithin(usageRatio)) return new Outcome(currentReplicas, raw, utilization, null);
            return new Outcome(ceilToInt(usageRatio * g.readyPodCount), raw, utilization, null);
        }

        if (!g.missing.isEmpty()) {
            if (usageRatio < 1.0) {
                // on a scale-down, treat missing pods as using 100% (all) of the resource request,
                // or the utilization target for targets higher than 100%
                long fallbackUtilization = Math.max(100, targetUtilization);
                for (String pod : g.missing) metrics.put(pod, requests.get(pod) * fallbackUtilization / 100);
            } else if (usageRatio > 1.0) {
                // on a scale-up, treat missing pods as using 0% of the resource request
                for (String pod : g.missing) metrics.put(pod, 0L);
            }
        }
        if (scaleUpWithUnready) {
            for (String pod : g.unready) metrics.put(pod, 0L);
        }

        UtilizationRatio second = resourceUtilizationRatio(metrics, requests, targetUtilization);
        if (second.error != null) return new Outcome(0, raw, utilization, second.error);
        double newUsageRatio = second.ratio;
        if (tolerances.isWithin(newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0)
                || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
            // too small a change, or the recount would flip the direction of scale
            return new Outcome(currentReplicas, raw, utilization, null);
        }
        int newReplicas = ceilToInt(newUsageRatio * metrics.size());
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
            return new Outcome(currentReplicas, raw, utilization, null);
        }
        return new Outcome(newReplicas, raw, utilization, null);
    }

    /**
     * Ports calcPlainMetricReplicas, behind GetRawResourceReplicas (AverageValue of Resource and ContainerResource;
     * {@code resource} set) and GetMetricReplicas (Pods metrics; {@code resource} empty).
     */
    Outcome plainMetricReplicas(int currentReplicas, long targetUsage, String resource, Tolerances tolerances,
                                List<HpaPod> pods, Map<String, PodSample> samples, Instant now) {
        if (pods.isEmpty()) return Outcome.failed("no pods returned by selector while calculating replica count");
        Map<String, Long> metrics = values(samples);
        Groups g = groupPods(pods, samples, resource, now);
        metrics.keySet().removeAll(g.ignored);
        metrics.keySet().removeAll(g.unready);
        if (metrics.isEmpty()) return Outcome.failed("did not receive metrics for targeted pods (pods might be unready)");

        UsageRatio first = metricUsageRatio(metrics, targetUsage);
        double usageRatio = first.ratio;
        long usage = first.usage;

        boolean scaleUpWithUnready = !g.unready.isEmpty() && usageRatio > 1.0;
        if (!scaleUpWithUnready && g.missing.isEmpty()) {
            if (tolerances.isWithin(usageRatio)) return Outcome.of(currentReplicas, usage);
            return Outcome.of(ceilToInt(usageRatio * g.readyPodCount), usage);
        }
        if (!g.missing.isEmpty()) {
            if (usageRatio < 1.0) {
                // on a scale-down, treat missing pods as using exactly the target amount
                for (String pod : g.missing) metrics.put(pod, targetUsage);
            } else if (usageRatio > 1.0) {
                for (String pod : g.missing) metrics.put(pod, 0L);
            }
        }
        if (scaleUpWithUnready) {
            for (String pod : g.unready) metrics.put(pod, 0L);
        }
        double newUsageRatio = metricUsageRatio(metrics, targetUsage).ratio;
        if (tolerances.isWithin(newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0)
                || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
            return Outcome.of(currentReplicas, usage);
        }
        int newReplicas = ceilToInt(newUsageRatio * metrics.size());
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
            return Outcome.of(currentReplicas, usage);
        }
        return Outcome.of(newReplicas, usage);
    }

    /** Ports GetObjectMetricReplicas (Object metric, Value target). */
    Outcome objectMetricReplicas(int currentReplicas, long targetUsage, long usage, Tolerances tolerances, List<HpaPod> pods) {
        double usageRatio = (double) usage / (double) targetUsage;
        Outcome count = usageRatioReplicaCount(currentReplicas, usageRatio, tolerances, pods);
        return count.ok() ? Outcome.of(count.replicas(), usage) : count;
    }

    /** Ports GetObjectPerPodMetricReplicas (Object metric, AverageValue target). */
    Outcome objectPerPodMetricReplicas(int statusReplicas, long targetAverageUsage, long usage, Tolerances tolerances) {
        int replicaCount = statusReplicas;
        double usageRatio = (double) usage / ((double) targetAverageUsage * (double) replicaCount);
        if (!tolerances.isWithin(usageRatio)) {
            replicaCount = ceilToInt((double) usage / (double) targetAverageUsage);
        }
        long average = (long) Math.ceil((double) usage / (double) statusReplicas);
        return Outcome.of(replicaCount, average);
    }

    /** Ports GetExternalMetricReplicas (External metric, Value target). */
    Outcome externalMetricReplicas(int currentReplicas, long targetUsage, List<Long> values, Tolerances tolerances,
                                   List<HpaPod> pods) {
        long usage = 0;
        for (long val : values) {
            if (val > 0 && usage > Long.MAX_VALUE - val) { // cap at MaxInt64 on positive overflow
                usage = Long.MAX_VALUE;
                break;
            }
            usage += val;
        }
        double usageRatio = (double) usage / (double) targetUsage;
        Outcome count = usageRatioReplicaCount(currentReplicas, usageRatio, tolerances, pods);
        return count.ok() ? Outcome.of(count.replicas(), usage) : count;
    }

    /** Ports GetExternalPerPodMetricReplicas (External metric, AverageValue target). */
    Outcome externalPerPodMetricReplicas(int statusReplicas, long targetUsagePerPod, List<Long> values, Tolerances tolerances) {
        long usage = 0;
        for (long val : values) {
            usage += val;
            if (usage < 0) { // only an int64 overflow gets here
                usage = Long.MAX_VALUE;
                break;
            }
        }
        int replicaCount = statusReplicas;
        double usageRatio = (double) usage / ((double) targetUsagePerPod * (double) replicaCount);
        if (!tolerances.isWithin(usageRatio)) {
            double result = Math.ceil((double) usage / (double) targetUsagePerPod);
            replicaCount = result > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) result;
        }
        long average = (double) usage >= (double) Long.MAX_VALUE ? Long.MAX_VALUE
                : (long) Math.ceil((double) usage / (double) statusReplicas);
        return Outcome.of(replicaCount, average);
    }

    /**
     * Ports getUsageRatioReplicaCount: with replicas running, tolerance and the ready pod count apply; from zero,
     * the ratio alone decides, which is what lets Object and External Value targets scale from zero.
     */
    Outcome usageRatioReplicaCount(int currentReplicas, double usageRatio, Tolerances tolerances, List<HpaPod> pods) {
        if (currentReplicas != 0) {
            if (tolerances.isWithin(usageRatio)) return Outcome.of(currentReplicas, 0);
            if (pods.isEmpty()) {
                return Outcome.failed("unable to calculate ready pods: no pods returned by selector while calculating replica count");
            }
            long ready = pods.stream().filter(HpaPod::runningAndReady).count();
            double replicaCountFloat = usageRatio * (double) ready;
            return Outcome.of(replicaCountFloat > Integer.MAX_VALUE ? Integer.MAX_VALUE : ceilToInt(replicaCountFloat), 0);
        }
        return Outcome.of(ceilToInt(usageRatio), 0);
    }

    /** The pods groupPods sets aside, and how many it counts as ready. */
    record Groups(int readyPodCount, Set<String> unready, Set<String> missing, Set<String> ignored) {
    }

    /**
     * Ports groupPods. Deleted and failed pods are ignored; pending pods are unready; pods without a sample are
     * missing. For cpu only, a pod is also unready while its samples may still include its start-up burst.
     */
    Groups groupPods(List<HpaPod> pods, Map<String, PodSample> metrics, String resource, Instant now) {
        Set<String> missing = new LinkedHashSet<>();
        Set<String> unready = new LinkedHashSet<>();
        Set<String> ignored = new LinkedHashSet<>();
        int readyPodCount = 0;
        for (HpaPod pod : pods) {
            if (pod.deleting() || pod.phase() == HpaPod.Phase.FAILED) {
                ignored.add(pod.name());
                continue;
            }
            if (pod.phase() == HpaPod.Phase.PENDING) {
                unready.add(pod.name());
                continue;
            }
            PodSample metric = metrics.get(pod.name());
            if (metric == null) {
                missing.add(pod.name());
                continue;
            }
            if (CPU.equals(resource)) {
                boolean isUnready;
                if (pod.ready() == HpaPod.ReadyCondition.ABSENT || pod.startTime() == null) {
                    isUnready = true;
                } else if (pod.startTime().plus(cpuInitializationPeriod).isAfter(now)) {
                    // still within the initialisation period: ignore the sample if the pod is unready or one
                    // window of metric was not collected since the last state transition
                    isUnready = pod.ready() == HpaPod.ReadyCondition.FALSE
                            || metric.timestamp().isBefore(pod.readySince().plus(metric.window()));
                } else {
                    // ignore the metric if the pod is unready and it has never been ready
                    isUnready = pod.ready() == HpaPod.ReadyCondition.FALSE
                            && pod.startTime().plus(delayOfInitialReadinessStatus).isAfter(pod.readySince());
                }
                if (isUnready) {
                    unready.add(pod.name());
                    continue;
                }
            }
            readyPodCount++;
        }
        return new Groups(readyPodCount, unready, missing, ignored);
    }

    record UtilizationRatio(double ratio, int utilization, long rawAverage, String error) {
    }

    /** Ports GetResourceUtilizationRatio, including its exact (big-integer) fallback on overflow. */
    static UtilizationRatio resourceUtilizationRatio(Map<String, Long> metrics, Map<String, Long> requests, int targetUtilization) {
        BigInteger metricsTotal = BigInteger.ZERO;
        BigInteger requestsTotal = BigInteger.ZERO;
        int numEntries = 0;
        for (Map.Entry<String, Long> e : metrics.entrySet()) {
            Long request = requests.get(e.getKey());
            if (request == null) continue; // samples of pods outside the selector are extraneous
            metricsTotal = metricsTotal.add(BigInteger.valueOf(e.getValue()));
            requestsTotal = requestsTotal.add(BigInteger.valueOf(request));
            numEntries++;
        }
        if (requestsTotal.signum() == 0) return new UtilizationRatio(0, 0, 0, "no metrics returned matched known pods");
        // int64 arithmetic truncates toward zero, and so does BigInteger division: exact whenever Go's fits
        BigInteger percentage = metricsTotal.multiply(BigInteger.valueOf(100)).divide(requestsTotal);
        if (percentage.bitLength() > 31) {
            return new UtilizationRatio(0, 0, 0, "resource utilization " + percentage + " is outside the int32 range");
        }
        int currentUtilization = percentage.intValueExact();
        long rawAverage = metricsTotal.divide(BigInteger.valueOf(numEntries)).longValue();
        return new UtilizationRatio((double) currentUtilization / (double) targetUtilization, currentUtilization, rawAverage, null);
    }

    record UsageRatio(double ratio, long usage) {
    }

    /** Ports GetMetricUsageRatio: the truncated average of every sample, over the target. */
    static UsageRatio metricUsageRatio(Map<String, Long> metrics, long targetUsage) {
        BigInteger total = BigInteger.ZERO;
        for (long v : metrics.values()) total = total.add(BigInteger.valueOf(v));
        long currentUsage = total.divide(BigInteger.valueOf(metrics.size())).longValue();
        return new UsageRatio((double) currentUsage / (double) targetUsage, currentUsage);
    }

    private static Map<String, Long> values(Map<String, PodSample> samples) {
        Map<String, Long> values = new HashMap<>();
        samples.forEach((pod, s) -> values.put(pod, s.milliValue()));
        return values;
    }

    /** int32(math.Ceil(x)), saturating where Go's conversion is undefined. */
    static int ceilToInt(double x) {
        return (int) Math.ceil(x);
    }
}
