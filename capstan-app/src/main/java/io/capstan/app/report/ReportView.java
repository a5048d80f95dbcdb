package io.capstan.app.report;

import io.capstan.core.policy.Policy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.Scorecard;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.target.TargetSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything report.html shows, and the renderer's only input: per target and per policy file the
 * series reduced to about one point per pixel, scale events counted per pixel column, the
 * intervals that were under-provisioned or held by a schedule, the first eventful rows and the
 * scorecard. Its size is bounded whatever the trace length, so a streaming simulation can fill it
 * row by row through {@link #builder} and never keep the rows.
 *
 * @param policies the policy files, the main one first and the {@code --compare} one second
 * @param unmatched targets present in only one of the two files
 * @param warmUp    the time after {@code from} replayed but not scored (zero for none)
 * @param scoredFrom the first scored step ({@code from} without a warm-up)
 */
public record ReportView(List<String> policies, List<String> traces, Instant from, Instant to, Duration step, long steps,
                         List<TargetView> targets, List<String> unmatched, Duration warmUp, Instant scoredFrom) {
    /** Eventful rows kept per policy for the decision table; the rest are in decisions.csv. */
    static final int MAX_TABLE_ROWS = 500;

    public ReportView {
        policies = List.copyOf(policies);
        traces = List.copyOf(traces);
        targets = List.copyOf(targets);
        unmatched = List.copyOf(unmatched);
        warmUp = warmUp == null ? Duration.ZERO : warmUp;
        scoredFrom = scoredFrom == null ? from : scoredFrom;
    }

    /** True when the first steps were replayed but not scored. */
    public boolean warmedUp() {
        return warmUp.isPositive();
    }

    /**
     * One target: its main spec and one track per policy file that has it.
     *
     * @param metrics the metric columns, as {@link TargetResult#metrics()}
     * @param perReplica metrics that some policy tracks per replica (averageValue): their tracks
     *                   also hold value / ready replicas
     */
    public record TargetView(String target, TargetSpec spec, TargetResult.Mode mode, String demandMetric, List<String> metrics,
                             List<String> perReplica, List<Track> tracks) {
        public TargetView {
            metrics = List.copyOf(metrics);
            perReplica = List.copyOf(perReplica);
            tracks = List.copyOf(tracks);
        }
    }

    /**
     * What one policy file did to one target.
     *
     * @param needed        demand replay only, else null: ceil(demand / capacityPerReplica)
     * @param underProvisioned demand replay: intervals whose demand exceeded ready x capacity
     * @param scheduled     intervals whose decision a schedule made (reason Schedule...), with its summary
     * @param events        scale events and named actions, counted per pixel column
     * @param decisions     the first {@link #MAX_TABLE_ROWS} eventful rows
     * @param eventful      eventful rows, the warm-up's too
     * @param holds         rows without a change after the warm-up (as the scorecard counts its events)
     */
    public record Track(String label, TargetSpec spec, Scorecard scorecard, List<String> notes, Downsampler.Points desired,
                        Downsampler.Points ready, Downsampler.Points needed, Map<String, Downsampler.Points> metrics,
                        Map<String, Downsampler.Points> perReplica, List<Interval> underProvisioned, List<Interval> scheduled,
                        List<Marker> events, List<Row> decisions, long eventful, long holds) {
        public Track {
            notes = List.copyOf(notes);
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            perReplica = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perReplica));
            underProvisioned = List.copyOf(underProvisioned);
            scheduled = List.copyOf(scheduled);
            events = List.copyOf(events);
            decisions = List.copyOf(decisions);
        }
    }

    /** [from, to) in epoch milliseconds; {@code label} says what held (may be empty). */
    public record Interval(long from, long to, String label) {}

    /** Event markers are counted per this many pixels: a marker is about as wide. */
    static final int MARKER_PIXELS = 3;

    /** The events of one marker column: scale-outs, scale-ins and named actions, from {@code at}. */
    public record Marker(long at, int outs, int ins, int actions, String first) {}

    /** The view of a finished simulation (and of the compared one, or null). */
    public static ReportView of(SimulationRun run, SimulationRun compare, List<String> traces) {
        SimulationResult r = run.result();
        Builder b = builder(policyFiles(run, compare), traces, r.from(), r.to(), r.step(), r.steps()).warmUp(r.warmUp(), r.scoredFrom());
        Comparison cmp = compare == null ? null : Comparison.of(run, compare);
        for (TargetResult t : r.targets()) {
            TargetResult other = null;
            if (compare != null) for (TargetResult o : compare.result().targets()) if (o.target().equals(t.target())) other = o;
            TargetBuilder tb = b.target(t.spec(), t.mode(), t.demandMetric(), t.metrics(), other == null ? null : other.spec());
            feed(tb.track(run.label(), t.spec()), t);
            if (other != null) feed(tb.track(compare.label(), other.spec()), other);
        }
        if (cmp != null) b.unmatched(cmp.unmatched());
        return b.build();
    }

    private static List<String> policyFiles(SimulationRun run, SimulationRun compare) {
        return compare == null ? List.of(run.policyFile().toString()) : List.of(run.policyFile().toString(), compare.policyFile().toString());
    }

    private static void feed(TrackBuilder tb, TargetResult t) {
        for (int i = 0; i < t.size(); i++) tb.accept(t.row(i));
        tb.finish(t.scorecard(), t.notes());
    }

    /**
     * @param steps the number of simulated steps, for the header
     */
    public static Builder builder(List<String> policies, List<String> traces, Instant from, Instant to, Duration step, long steps) {
        return new Builder(policies, traces, from, to, step, steps);
    }

    /** Collects targets; {@link #build()} once every track is finished. */
    public static final class Builder {
        private final List<String> policies;
        private final List<String> traces;
        private final Instant from;
        private final Instant to;
        private final Duration step;
        private final long steps;
        private final List<TargetBuilder> targets = new ArrayList<>();
        private List<String> unmatched = List.of();
        private Duration warmUp = Duration.ZERO;
        private Instant scoredFrom;

        private Builder(List<String> policies, List<String> traces, Instant from, Instant to, Duration step, long steps) {
            this.policies = policies;
            this.traces = traces;
            this.from = Objects.requireNonNull(from, "from");
            this.to = Objects.requireNonNull(to, "to");
            this.step = step;
            this.steps = steps;
        }

        /**
         * @param compareSpec the same target in the compared file, or null; its per-replica
         *                    targets get a per-replica series too
         */
        public TargetBuilder target(TargetSpec spec, TargetResult.Mode mode, String demandMetric, List<String> metrics, TargetSpec compareSpec) {
            Set<String> perReplica = new LinkedHashSet<>();
            for (TargetSpec s : compareSpec == null ? List.of(spec) : List.of(spec, compareSpec)) {
                for (Policy p : s.policies()) {
                    if (p instanceof TargetTrackingPolicy t && t.type() == TrackingType.AVERAGE_VALUE && metrics.contains(t.metric())) {
                        perReplica.add(t.metric());
                    }
                }
            }
            TargetBuilder tb = new TargetBuilder(this, spec, mode, demandMetric, metrics, List.copyOf(perReplica));
            targets.add(tb);
            return tb;
        }

        /** The warm-up and the first scored step ({@link io.capstan.core.simulate.SimulationOptions#scoredFrom}); before any track. */
        public Builder warmUp(Duration warmUp, Instant scoredFrom) {
            this.warmUp = Objects.requireNonNull(warmUp, "warmUp");
            this.scoredFrom = Objects.requireNonNull(scoredFrom, "scoredFrom");
            return this;
        }

        public Builder unmatched(List<String> names) {
            unmatched = List.copyOf(names);
            return this;
        }

        public ReportView build() {
            List<TargetView> out = new ArrayList<>();
            for (TargetBuilder t : targets) out.add(t.build());
            return new ReportView(policies, traces, from, to, step, steps, out, unmatched, warmUp, scoredFrom);
        }
    }

    public static final class TargetBuilder {
        private final Builder parent;
        private final TargetSpec spec;
        private final TargetResult.Mode mode;
        private final String demandMetric;
        private final List<String> metrics;
        private final List<String> perReplica;
        private final List<TrackBuilder> tracks = new ArrayList<>();

        private TargetBuilder(Builder parent, TargetSpec spec, TargetResult.Mode mode, String demandMetric, List<String> metrics,
                              List<String> perReplica) {
            this.parent = parent;
            this.spec = spec;
            this.mode = mode;
            this.demandMetric = demandMetric;
            this.metrics = List.copyOf(metrics);
            this.perReplica = perReplica;
        }

        /** A track for one policy file; feed it every row of the target in time order, then finish it. */
        public TrackBuilder track(String label, TargetSpec trackSpec) {
            TrackBuilder tb = new TrackBuilder(this, label, trackSpec);
            tracks.add(tb);
            return tb;
        }

        private TargetView build() {
            List<Track> out = new ArrayList<>();
            for (TrackBuilder t : tracks) out.add(t.build());
            return new TargetView(spec.name(), spec, mode, demandMetric, metrics, perReplica, out);
        }
    }

    private static final int MARKERS = SvgChart.PLOT_WIDTH / MARKER_PIXELS;

    /** Reduces the rows of one target under one policy file as they come. */
    public static final class TrackBuilder {
        private final TargetBuilder target;
        private final String label;
        private final TargetSpec spec;
        private final long from;
        private final long to;
        private final long column;
        private final long scoredFrom;
        private final Downsampler desired;
        private final Downsampler ready;
        private final Downsampler needed;
        private final Map<String, Downsampler> metrics = new LinkedHashMap<>();
        private final Map<String, Downsampler> perReplica = new LinkedHashMap<>();
        private final Intervals under;
        private final Intervals scheduled;
        private final int[] outs = new int[MARKERS];
        private final int[] ins = new int[MARKERS];
        private final int[] actions = new int[MARKERS];
        private final long[] firstAt = new long[MARKERS];
        private final String[] firstSummary = new String[MARKERS];
        private final List<Row> decisions = new ArrayList<>();
        private long eventful;
        private long holds;
        private Scorecard scorecard;
        private List<String> notes = List.of();

        private TrackBuilder(TargetBuilder target, String label, TargetSpec spec) {
            this.target = target;
            this.label = label;
            this.spec = spec;
            this.from = target.parent.from.toEpochMilli();
            this.to = Math.max(target.parent.to.toEpochMilli(), from + 1);
            this.column = Math.max(1, (to - from) / SvgChart.PLOT_WIDTH);
            this.scoredFrom = target.parent.scoredFrom == null ? Long.MIN_VALUE : target.parent.scoredFrom.toEpochMilli();
            int w = SvgChart.PLOT_WIDTH;
            desired = new Downsampler(from, to, w);
            ready = new Downsampler(from, to, w);
            needed = target.mode == TargetResult.Mode.DEMAND && spec.service() != null ? new Downsampler(from, to, w) : null;
            for (String m : target.metrics) metrics.put(m, new Downsampler(from, to, w));
            for (String m : target.perReplica) perReplica.put(m, new Downsampler(from, to, w));
            under = new Intervals(column);
            scheduled = new Intervals(column);
        }

        public void accept(Row row) {
            long t = row.at().toEpochMilli();
            desired.add(t, row.desiredReplicas());
            ready.add(t, row.readyReplicas());
            for (var e : metrics.entrySet()) {
                Double v = row.metrics().get(e.getKey());
                e.getValue().add(t, v == null ? Double.NaN : v);
            }
            for (var e : perReplica.entrySet()) {
                Double v = row.metrics().get(e.getKey());
                e.getValue().add(t, v == null || row.readyReplicas() <= 0 ? Double.NaN : v / row.readyReplicas());
            }
            if (needed != null) {
                Double demand = row.metrics().get(target.demandMetric);
                double capacity = spec.service().capacityPerReplica();
                needed.add(t, demand == null ? Double.NaN : Math.ceil(demand / capacity));
                // The scorecard's rule: demand above what the ready replicas serve.
                under.add(t, demand != null && demand > row.readyReplicas() * capacity, null);
            }
            scheduled.add(t, row.reason() != null && row.reason().name().startsWith("Schedule"), row);
            if (row.eventful()) {
                eventful++;
                if (decisions.size() < MAX_TABLE_ROWS) decisions.add(row);
                int c = Downsampler.column(t, from, to, MARKERS);
                if (outs[c] + ins[c] + actions[c] == 0) {
                    firstAt[c] = t;
                    firstSummary[c] = row.summary();
                }
                if (row.action().startsWith(Row.SCALE_OUT)) outs[c]++;
                else if (row.action().startsWith(Row.SCALE_IN)) ins[c]++;
                else actions[c]++;
            } else if (t >= scoredFrom) {
                holds++;
            }
        }

        public void finish(Scorecard card, List<String> trackNotes) {
            scorecard = Objects.requireNonNull(card, "scorecard");
            notes = List.copyOf(trackNotes);
        }

        private Track build() {
            if (scorecard == null) throw new IllegalStateException("track " + label + " of " + target.spec.name() + " was not finished");
            Map<String, Downsampler.Points> m = new LinkedHashMap<>();
            metrics.forEach((k, v) -> m.put(k, v.points()));
            Map<String, Downsampler.Points> pr = new LinkedHashMap<>();
            perReplica.forEach((k, v) -> pr.put(k, v.points()));
            List<Marker> markers = new ArrayList<>();
            for (int c = 0; c < outs.length; c++) {
                if (outs[c] + ins[c] + actions[c] > 0) markers.add(new Marker(firstAt[c], outs[c], ins[c], actions[c], firstSummary[c]));
            }
            return new Track(label, spec, scorecard, notes, desired.points(), ready.points(), needed == null ? null : needed.points(), m, pr,
                    under.done(to), scheduled.done(to), markers, decisions, eventful, holds);
        }
    }

    /**
     * Runs of steps where a condition held, as intervals from the first such step to the step after
     * the last; runs less than one pixel column apart merge, which bounds the count by the width.
     */
    private static final class Intervals {
        private final long mergeGap;
        private final List<Interval> done = new ArrayList<>();
        private long start = -1;
        private long lastOn;
        private String label;
        private boolean on;

        Intervals(long mergeGap) {
            this.mergeGap = mergeGap;
        }

        /**
         * @param what the row whose summary labels an interval it starts, or null for no label; read
         *             only then, because rendering every row's summary here, on the simulating thread,
         *             cost a fifth of a long run (decisions.csv renders it on its own thread)
         */
        void add(long t, boolean holds, Row what) {
            if (holds) {
                if (start >= 0 && !on && t - lastOn > mergeGap) {
                    done.add(new Interval(start, lastOn, label));
                    start = -1;
                }
                if (start < 0) {
                    start = t;
                    label = what == null ? "" : what.summary();
                }
                on = true;
            } else if (on) {
                lastOn = t;
                on = false;
            }
        }

        List<Interval> done(long end) {
            if (start >= 0) done.add(new Interval(start, on ? end : lastOn, label));
            return done;
        }
    }
}
