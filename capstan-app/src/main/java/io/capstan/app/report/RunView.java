package io.capstan.app.report;

import io.capstan.core.decide.Decision;
import io.capstan.core.policy.Proposal;
import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.RowSink;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.target.TargetSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What report.html draws of one policy file's replay, bounded whatever the number of steps: it is
 * built while the rows stream past ({@link #collector}), so a run of ten million steps gives a view
 * of the same size as a run of a day.
 *
 * <ul>
 *   <li>Series (each metric, desired and ready replicas) are downsampled to at most
 *       {@value #BUCKETS} buckets of consecutive steps; each bucket keeps its minimum and its maximum
 *       (in time order), so no spike and no scale event disappears from a chart. A bucket without
 *       any value is one NaN point: a gap stays a gap. Runs of at most {@value #BUCKETS} steps keep
 *       every point.</li>
 *   <li>{@link TargetView#events()}: the first {@value #MAX_EVENTS} steps where something happened
 *       (a scale event or a named action), with {@link TargetView#eventCount()} counting all.</li>
 *   <li>{@link TargetView#underProvisioned()} (demand replay) and {@link TargetView#schedulePeriods()}:
 *       merged intervals of consecutive steps, at most {@value #MAX_INTERVALS} of each.</li>
 * </ul>
 */
public final class RunView {
    public static final int BUCKETS = 1000;
    public static final int MAX_EVENTS = 1000;
    public static final int MAX_INTERVALS = 1000;

    private final Map<String, TargetView> targets;

    private RunView(Map<String, TargetView> targets) {
        this.targets = targets;
    }

    /** The view of a target, or null when the run has no such target. */
    public TargetView target(String name) {
        return targets.get(name);
    }

    /**
     * One downsampled series: {@code times[i]} (epoch millis), {@code values[i]}; NaN is a gap.
     */
    public record Series(String name, long[] times, double[] values) {
        public int size() {
            return times.length;
        }
    }

    /** An interval of steps, {@code [from, to)}; {@code label} names what held (a schedule policy), or is empty. */
    public record Interval(Instant from, Instant to, String label) {}

    /** One target's bounded picture. */
    public static final class TargetView {
        private final String target;
        private final List<String> metrics;
        private final List<Series> metricSeries;
        private final Series desired;
        private final Series ready;
        private final List<Row> events;
        private final long eventCount;
        private final long steps;
        private final List<Interval> underProvisioned;
        private final List<Interval> schedulePeriods;

        TargetView(String target, List<String> metrics, List<Series> metricSeries, Series desired, Series ready, List<Row> events,
                   long eventCount, long steps, List<Interval> underProvisioned, List<Interval> schedulePeriods) {
            this.target = target;
            this.metrics = List.copyOf(metrics);
            this.metricSeries = List.copyOf(metricSeries);
            this.desired = desired;
            this.ready = ready;
            this.events = List.copyOf(events);
            this.eventCount = eventCount;
            this.steps = steps;
            this.underProvisioned = List.copyOf(underProvisioned);
            this.schedulePeriods = List.copyOf(schedulePeriods);
        }

        public String target() {
            return target;
        }

        /** The metric columns, as {@link TargetResult#metrics()}. */
        public List<String> metrics() {
            return metrics;
        }

        /** The downsampled series of a metric in {@link #metrics()}. */
        public Series metric(String name) {
            return metricSeries.get(metrics.indexOf(name));
        }

        public Series desired() {
            return desired;
        }

        public Series ready() {
            return ready;
        }

        /** The first {@value #MAX_EVENTS} eventful rows (scale events and named actions), in time order. */
        public List<Row> events() {
            return events;
        }

        /** How many eventful rows the run had, listed or not. */
        public long eventCount() {
            return eventCount;
        }

        /** Steps replayed for this target. */
        public long steps() {
            return steps;
        }

        /** Steps whose known demand exceeded ready replicas x capacity (demand replay; empty otherwise). */
        public List<Interval> underProvisioned() {
            return underProvisioned;
        }

        /** Steps at which a schedule policy's period was active, labelled with the policy's name. */
        public List<Interval> schedulePeriods() {
            return schedulePeriods;
        }
    }

    /**
     * A view built from the rows a result kept ({@link TargetResult#keptRows()}); schedule periods
     * are not known this way (they come from the decisions).
     */
    public static RunView of(SimulationResult result, List<TargetSpec> specs) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (TargetResult t : result.targets()) columns.put(t.target(), t.metrics());
        Collector c = collector(result.from(), result.step(), result.steps(), columns, specs);
        int n = result.targets().isEmpty() ? 0 : result.targets().get(0).size();
        for (int i = 0; i < n; i++) {
            for (TargetResult t : result.targets()) c.row(t.target(), t.row(i), null);
        }
        return c.view();
    }

    /**
     * A sink that builds the view of a streamed run.
     *
     * @param columns the metric columns of each target ({@link io.capstan.core.simulate.Simulator#metricColumns})
     * @param specs   the targets as simulated, for their capacity in demand replay
     */
    public static Collector collector(Instant from, Duration step, long steps, Map<String, List<String>> columns, List<TargetSpec> specs) {
        return new Collector(from, step, steps, columns, specs);
    }

    /** Receives the rows of one run; {@link #view()} once it ended. */
    public static final class Collector implements RowSink {
        private final Map<String, Building> building = new LinkedHashMap<>();

        private Collector(Instant from, Duration step, long steps, Map<String, List<String>> columns, List<TargetSpec> specs) {
            long perBucket = Math.max(1, (steps + BUCKETS - 1) / BUCKETS);
            columns.forEach((target, metrics) -> {
                TargetSpec spec = specs.stream().filter(s -> s.name().equals(target)).findFirst().orElse(null);
                double capacity = spec == null || spec.service() == null ? 0 : spec.service().capacityPerReplica();
                building.put(target, new Building(target, metrics, from.toEpochMilli(), step.toMillis(), perBucket, capacity));
            });
        }

        @Override
        public void row(String target, Row row, Decision decision) {
            Building b = building.get(target);
            if (b != null) b.add(row, decision);
        }

        public RunView view() {
            Map<String, TargetView> out = new LinkedHashMap<>();
            building.forEach((name, b) -> out.put(name, b.view()));
            return new RunView(out);
        }
    }

    private static final class Building {
        private final String target;
        private final List<String> metrics;
        private final long from;
        private final long stepMillis;
        private final long perBucket;
        private final double capacity;
        private final Downsampler[] series;
        private final Downsampler desired;
        private final Downsampler ready;
        private final List<Row> events = new ArrayList<>();
        private long eventCount;
        private long steps;
        private final Intervals under = new Intervals();
        private final Intervals schedule = new Intervals();
        private final String demand;

        Building(String target, List<String> metrics, long from, long stepMillis, long perBucket, double capacity) {
            this.target = target;
            this.metrics = List.copyOf(metrics);
            this.from = from;
            this.stepMillis = stepMillis;
            this.perBucket = perBucket;
            this.capacity = capacity;
            this.series = new Downsampler[metrics.size()];
            for (int k = 0; k < series.length; k++) series[k] = new Downsampler(metrics.get(k));
            this.desired = new Downsampler("desired");
            this.ready = new Downsampler("ready");
            this.demand = metrics.stream().filter(m -> m.equals("demand") || m.endsWith(" (demand)")).findFirst().orElse(null);
        }

        void add(Row row, Decision decision) {
            long at = row.at().toEpochMilli();
            long bucket = (at - from) / stepMillis / perBucket;
            for (int k = 0; k < series.length; k++) {
                Double v = row.metrics().get(metrics.get(k));
                series[k].add(bucket, at, v == null ? Double.NaN : v);
            }
            desired.add(bucket, at, row.desiredReplicas());
            ready.add(bucket, at, row.readyReplicas());
            steps++;
            if (row.eventful()) {
                eventCount++;
                if (events.size() < MAX_EVENTS) events.add(row);
            }
            Double d = demand == null ? null : row.metrics().get(demand);
            under.step(at, stepMillis, capacity > 0 && d != null && d > row.readyReplicas() * capacity ? "" : null);
            String scheduled = null;
            if (decision != null) {
                for (Proposal p : decision.proposals()) {
                    if (p instanceof Proposal.Bound bound) scheduled = scheduled == null ? bound.policy() : scheduled + ", " + bound.policy();
                }
            }
            schedule.step(at, stepMillis, scheduled);
        }

        TargetView view() {
            List<Series> out = new ArrayList<>(series.length);
            for (Downsampler s : series) out.add(s.series());
            return new TargetView(target, metrics, out, desired.series(), ready.series(), events, eventCount, steps, under.done(), schedule.done());
        }
    }

    /** Min and max of each bucket of consecutive steps, in time order. */
    private static final class Downsampler {
        private final String name;
        private long[] times = new long[256];
        private double[] values = new double[256];
        private int n;
        private long bucket = -1;
        private long minAt;
        private long maxAt;
        private long firstAt;
        private double min;
        private double max;

        Downsampler(String name) {
            this.name = name;
        }

        void add(long b, long at, double v) {
            if (b != bucket) {
                flush();
                bucket = b;
                firstAt = at;
                min = Double.NaN;
                max = Double.NaN;
            }
            if (Double.isNaN(v)) return;
            if (Double.isNaN(min) || v < min) {
                min = v;
                minAt = at;
            }
            if (Double.isNaN(max) || v > max) {
                max = v;
                maxAt = at;
            }
        }

        private void flush() {
            if (bucket < 0) return;
            if (Double.isNaN(min)) {
                point(firstAt, Double.NaN);
            } else if (minAt == maxAt) {
                point(minAt, min);
            } else if (minAt < maxAt) {
                point(minAt, min);
                point(maxAt, max);
            } else {
                point(maxAt, max);
                point(minAt, min);
            }
        }

        private void point(long at, double v) {
            if (n == times.length) {
                times = java.util.Arrays.copyOf(times, n * 2);
                values = java.util.Arrays.copyOf(values, n * 2);
            }
            times[n] = at;
            values[n] = v;
            n++;
        }

        Series series() {
            flush();
            bucket = -1;
            return new Series(name, java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(values, n));
        }
    }

    /** Consecutive steps with the same label merged into one interval; null ends an interval. */
    private static final class Intervals {
        final List<Interval> list = new ArrayList<>();
        private String label;
        private long start;
        private long end;

        void step(long at, long stepMillis, String stepLabel) {
            if (label != null && (stepLabel == null || !stepLabel.equals(label) || at != end)) close();
            if (stepLabel == null) return;
            if (label == null) {
                label = stepLabel;
                start = at;
            }
            end = at + stepMillis;
        }

        List<Interval> done() {
            if (label != null) close();
            return list;
        }

        private void close() {
            if (list.size() < MAX_INTERVALS) list.add(new Interval(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), label));
            label = null;
        }
    }
}
