package io.capstan.core.target;

import io.capstan.core.signal.Admission;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;
import io.capstan.core.signal.Readings;
import io.capstan.core.signal.Window;

import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.MissingRule;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.DecisionTreePolicy;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.policy.StepPolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rolling windows of one target: one {@link Window} per (metric, window length) that any of
 * its policies reads. Samples go in once per metric; {@link #at(Instant)} gives policies their
 * {@link Readings}, with each metric's staleness limit and onMissing substitution applied.
 * Not thread-safe: one target is evaluated by one worker.
 */
public final class Signals {
    private static final Reading.Missing NEVER_SAMPLED = new Reading.Missing("no samples yet");

    private final TargetSpec spec;
    /** metric -> windows of the lengths its policies read, longest last. */
    private final Map<String, Window[]> windows;
    private final Map<String, Window> longest;

    private Signals(TargetSpec spec, Map<String, Window[]> windows) {
        this.spec = spec;
        this.windows = windows;
        this.longest = new HashMap<>();
        windows.forEach((m, ws) -> longest.put(m, ws[ws.length - 1]));
    }

    /**
     * One window per (metric, length) the policies read, each told which aggregations it is read
     * with: only a window read with a percentile pays to keep its samples in order.
     */
    public static Signals of(TargetSpec spec) {
        Map<String, Map<Duration, Set<Aggregation>>> lengths = new LinkedHashMap<>();
        for (String m : spec.metrics().keySet()) lengths.computeIfAbsent(m, k -> new HashMap<>());
        for (Policy p : spec.policies()) {
            for (Condition.Compare c : reads(p)) {
                lengths.computeIfAbsent(c.metric(), k -> new HashMap<>())
                        .computeIfAbsent(c.window(), k -> EnumSet.noneOf(Aggregation.class)).add(c.aggregation());
            }
        }
        Map<String, Window[]> windows = new HashMap<>();
        lengths.forEach((metric, reads) -> {
            List<Duration> sorted = new ArrayList<>(reads.keySet());
            if (sorted.isEmpty()) sorted.add(Duration.ofMinutes(1));
            sorted.sort(null);
            Window[] ws = new Window[sorted.size()];
            for (int i = 0; i < ws.length; i++) {
                Duration length = sorted.get(i);
                ws[i] = Window.sliding(length, capacityFor(length), reads.getOrDefault(length, Set.of()));
            }
            windows.put(metric, ws);
        });
        return new Signals(spec, windows);
    }

    /**
     * Room for one sample a second over the whole window (at least the default): a long window fed
     * at a fine rate must not shed its oldest samples early. Rings grow on demand, so an unused
     * capacity costs nothing.
     */
    static int capacityFor(Duration length) {
        long perSecond = length.toSeconds() + 1;
        return (int) Math.max(Window.DEFAULT_CAPACITY, Math.min(Window.MAX_CAPACITY, perSecond));
    }

    /** Every windowed read a policy makes, as comparisons (target tracking and step reads included). */
    public static List<Condition.Compare> reads(Policy p) {
        return switch (p) {
            case ThresholdPolicy t -> t.when().comparisons();
            case TargetTrackingPolicy t -> List.of(new Condition.Compare(t.metric(), t.aggregation(), t.window(),
                    io.capstan.core.policy.Comparator.GT, t.target(), Duration.ZERO));
            case StepPolicy s -> List.of(new Condition.Compare(s.metric(), s.aggregation(), s.window(), s.op(), s.threshold(), s.sustain()));
            case SchedulePolicy s -> List.of();
            case DecisionTreePolicy d -> treeReads(d);
            // the forecast track keeps the history; the signal window only makes the metric one the target reads
            case io.capstan.core.policy.PredictivePolicy f -> List.of(new Condition.Compare(f.metric(), Aggregation.LAST, Duration.ofMinutes(1),
                    io.capstan.core.policy.Comparator.GT, 0, Duration.ZERO));
        };
    }

    private static List<Condition.Compare> treeReads(DecisionTreePolicy tree) {
        List<Condition.Compare> out = new ArrayList<>();
        for (DecisionTreePolicy.Node n : tree.nodes()) {
            if (n instanceof DecisionTreePolicy.Check c) out.addAll(c.when().comparisons());
        }
        return out;
    }

    public Set<String> metrics() {
        return windows.keySet();
    }

    /** Adds a sample to every window of the metric; returns null for a metric the target neither declares nor reads. */
    public Admission add(String metric, long epochMillis, double value) {
        Window[] ws = windows.get(metric);
        if (ws == null) return null;
        Admission result = null;
        for (Window w : ws) result = w.add(epochMillis, value);
        return result;
    }

    /** The readings at {@code now}; substitutions made by lastKnown are listed in {@link View#substitutions()}. */
    public View at(Instant now) {
        return new View(now);
    }

    /** Readings at one instant. */
    public final class View implements Readings {
        private final Instant now;
        private List<String> substitutions = List.of();

        private View(Instant now) {
            this.now = now;
        }

        @Override
        public Reading read(String metric, Aggregation aggregation, Duration length) {
            Window[] ws = windows.get(metric);
            if (ws == null) return new Reading.Missing("metric " + metric + " has no samples source");
            MetricSpec ms = spec.metric(metric);
            Window w = null;
            for (Window candidate : ws) {
                if (candidate.length().equals(length)) { w = candidate; break; }
            }
            if (w == null) w = ws[ws.length - 1];
            Window newest = longest.get(metric);
            Reading r;
            if (newest.hasSampleYoungerThan(now, ms.staleAfter())) {
                r = w.read(aggregation, now);
            } else {
                // Name the first cause: a window with no sample in it is empty whatever staleAfter says, and only a
                // window that still holds samples is missing because they are stale.
                Reading inWindow = newest.hasEverSampled() ? w.read(aggregation, now) : NEVER_SAMPLED;
                String age = newest.hasEverSampled() ? "the last sample is " + io.capstan.core.model.Durations.format(newest.lastSampleAge(now))
                        + " old, and staleAfter " + io.capstan.core.model.Durations.format(ms.staleAfter()) + " takes only younger ones" : "";
                r = !newest.hasEverSampled() ? NEVER_SAMPLED
                        : inWindow instanceof Reading.Missing empty ? new Reading.Missing(empty.cause() + " (" + age + ")")
                        : new Reading.Missing("stale: " + age);
            }
            if (r instanceof Reading.Missing && ms.onMissing() instanceof MissingRule.LastKnown lk) {
                Reading last = longest.get(metric).lastKnown(now, lk.maxAge());
                if (last instanceof Reading.Present p) {
                    if (substitutions.isEmpty()) substitutions = new ArrayList<>(2);
                    String prefix = metric + ": ";
                    for (String done : substitutions) if (done.startsWith(prefix)) return p;
                    // the age says how stale the substituted value is; the decision must not read as live data
                    substitutions.add(prefix + "last known " + io.capstan.core.model.Numbers.format(p.value()) + " from "
                            + io.capstan.core.model.Durations.format(newest.lastSampleAge(now)) + " ago (onMissing lastKnown "
                            + io.capstan.core.model.Durations.format(lk.maxAge()) + ")");
                    return p;
                }
            }
            return r;
        }

        @Override
        public List<String> substitutions() {
            return substitutions;
        }
    }
}
