package io.capstan.core.simulate;

import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.decide.NamedAction;
import io.capstan.core.explain.Reason;
import io.capstan.core.model.MetricScope;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.Durations;
import io.capstan.core.model.MissingRule;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.Proposal;
import io.capstan.core.target.Signals;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.hpa.HpaMetric;
import io.capstan.core.hpa.HpaSpec;
import io.capstan.core.target.HpaDeclaration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Replays a {@link Trace} through targets, each a {@link TargetRuntime} (the engine every driver runs), on a virtual clock, in the
 * spirit of Caffeine's trace simulator: nothing sleeps, so a month of one-minute steps takes
 * moments.
 *
 * <h2>The clock</h2>
 * Steps fall on {@code from}, {@code from + step}, ... up to and including {@code to}. At each step,
 * every sample with a timestamp in (previous step, this step] is added to the target's
 * {@link Signals} (the first step takes the samples in (from - step, from]; earlier ones are not
 * replayed), then the decider runs with the target's current and ready replica counts, and the
 * decision is applied to the simulated replicas at once. A gap in the trace is fed as nothing: the
 * decider's missing-data rules (hold, upOnly, ...) decide, so a gap never causes a scale-in.
 *
 * <h2>Observed replay (the default)</h2>
 * The trace's values are the metrics as the service reported them, whatever the replica count was
 * then; decisions do not change what the policies see next. For a target named {@code api} and a
 * metric {@code cpu}, the series {@code api.cpu} is read if present, else {@code cpu}.
 *
 * <h2>Demand replay (closed loop)</h2>
 * Used for a target that declares a {@link ServiceModel} when the trace has its demand series
 * ({@code <target>.demand} or {@code demand}; another metric name can be chosen with
 * {@link SimulationOptions#demandMetric()}; if that names a per-replica metric the policies read,
 * such as {@code cpu}, the trace column is demand and cpu is derived from it, and the rows show the
 * demand under {@code demand}). The simulator then models the replicas:
 * <ul>
 *   <li>A scale-out adds pending replicas that become ready {@code startup} after the decision.
 *       A scale-in removes pending replicas first (the newest first), then ready ones, immediately.</li>
 *   <li>Each per-replica metric the target reads ({@link MetricScope#REPLICA}, such as cpu) is
 *       derived at every step, stamped with the step's time, as utilization % = 100 x demand /
 *       (ready x capacityPerReplica), from the demand known at the step and the replicas ready at
 *       it (after those whose startup has passed join, before the step's decision). So when new
 *       replicas become ready, utilization drops at the next step, as a real service's would, not
 *       at the next demand sample. With no ready replica it is reported as 100 x demand /
 *       capacityPerReplica (as if one replica took it all): it stays finite and still grows with
 *       demand. It is not capped at 100: demand beyond capacity shows as more than 100 %, as a
 *       saturated service's backlog would, so proportional policies see how far off they are.
 *       While demand is unknown (see below) nothing is derived: a gap stays a gap.
 *       Trace series for per-replica metrics are ignored in this mode (a note says so).</li>
 *   <li>Target-scope metrics (request_rate, queue_depth...) come from the trace as given; a missing
 *       {@code request_rate} series defaults to the demand series itself.</li>
 * </ul>
 * So each decision changes what the policies see next. A demand sample stands for the demand
 * until the next sample, but for no longer than max(step, the demand series' median spacing): past
 * that the demand is unknown, nothing is derived, and the step is not scored at all (no replica-hours,
 * no oracle replicas, no under-provisioned minutes, no cost): its time is counted in
 * {@link Scorecard#unscoredMinutes()} instead, so the policy and the oracle are compared over the same time.
 *
 * <h2>Warm-up</h2>
 * A live run warm-starts its predictive policies from stored history; a replay starts with none, so without more
 * they spend its first days reactive only. With {@link SimulationOptions#warmUp()} the steps before
 * {@link SimulationOptions#scoredFrom} are replayed as any other (signals, forecasts, decisions, cooldowns and
 * replicas all evolve, and each is a row) but left out of every number of the {@link Scorecard}, for every target
 * alike; a predictive policy still without a forecast at the first scored step is named in the notes, with when its
 * first forecast came.
 *
 * <h2>Keeping or streaming the rows</h2>
 * {@link #run} keeps every row in the result (a month of one-minute steps is 43,200 rows: fine for
 * tests and short replays). {@link #stream} hands each row to a {@link RowSink} as it is made and keeps
 * none, so memory does not grow with the number of steps; {@link #layouts} tells a consumer the
 * rows' columns before the first one. The trace is read forward through one {@link SeriesCursor}
 * per fed series and target, opened when a run starts and closed when it ends, so memory does not
 * grow with the trace either when its samples live outside the heap (the application's reader
 * spills long traces to a file).
 *
 * <p>Not thread-safe per run; a Simulator holds no state between runs and can be shared.
 */
public final class Simulator {
    private final Decider decider;

    public Simulator() {
        this(new Decider());
    }

    public Simulator(Decider decider) {
        this.decider = Objects.requireNonNull(decider, "decider");
    }

    public SimulationResult run(List<TargetSpec> targets, Trace trace, SimulationOptions options) {
        return run(targets, trace, options, ProgressListener.NONE);
    }

    /** Runs and keeps every row in the result ({@link TargetResult#rows()}): for tests and short replays. */
    public SimulationResult run(List<TargetSpec> targets, Trace trace, SimulationOptions options, ProgressListener listener) {
        return run(targets, trace, options, listener, null);
    }

    /**
     * Runs and hands each row to {@code sink} as it is made, keeping none: memory does not grow with
     * the number of steps. The result's targets have their scorecards and notes but no rows.
     */
    public SimulationResult stream(List<TargetSpec> targets, Trace trace, SimulationOptions options, ProgressListener listener, RowSink sink) {
        return run(targets, trace, options, listener, Objects.requireNonNull(sink, "sink"));
    }

    /**
     * How a target's rows will look, known before the first one: the spec as simulated (policies no
     * trace series feeds left out), its mode, the column that holds its demand (null in observed
     * replay) and its metric columns. Consumers that reduce the rows as they
     * stream past (the report) size themselves from it.
     */
    public record Layout(TargetSpec spec, TargetResult.Mode mode, String demandMetric, List<String> metrics) {}

    /** Each target's {@link Layout}, by target name, in the given order. */
    public static Map<String, Layout> layouts(List<TargetSpec> targets, Trace trace, SimulationOptions options) {
        Map<String, Layout> out = new java.util.LinkedHashMap<>();
        long stepMillis = options.step().toMillis();
        long start = (options.from() != null ? options.from() : trace.start()).toEpochMilli();
        for (TargetSpec t : targets) {
            TargetSpec simulated = options.untraced() == SimulationOptions.Untraced.LEAVE_OUT ? withoutUntraced(t, trace, options, new ArrayList<>()) : t;
            Replay replay = new Replay(simulated, trace, options, start, stepMillis, 0, null, new Decider());
            out.put(t.name(), new Layout(simulated, replay.mode, replay.demandMetric, List.of(replay.metricNames)));
        }
        return out;
    }

    private SimulationResult run(List<TargetSpec> targets, Trace trace, SimulationOptions options, ProgressListener listener, RowSink sink) {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(options, "options");
        if (targets.isEmpty()) throw new IllegalArgumentException("a simulation needs at least one target");
        Set<String> names = new HashSet<>();
        for (TargetSpec t : targets) {
            if (!names.add(t.name())) throw new IllegalArgumentException("target " + t.name() + " is given twice");
        }
        Instant from = options.from() != null ? options.from() : trace.start();
        Instant to = options.to() != null ? options.to() : trace.end();
        if (to.isBefore(from)) throw new IllegalArgumentException("to " + to + " is before from " + from);
        long stepMillis = options.step().toMillis();
        if (stepMillis <= 0) throw new IllegalArgumentException("step must be at least 1ms, got " + options.step());
        long start = from.toEpochMilli();
        long total = (to.toEpochMilli() - start) / stepMillis + 1;
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("too many steps: " + total);
        int n = (int) total;
        Instant last = Instant.ofEpochMilli(start + (n - 1) * stepMillis);
        Instant scoredFrom = options.scoredFrom(from);
        if (scoredFrom.isAfter(last)) {
            throw new IllegalArgumentException("a warm-up of " + Durations.format(options.warmUp()) + " leaves no step of the range " + from + " to " + last
                    + " to score");
        }

        List<Replay> replays = new ArrayList<>(targets.size());
        for (TargetSpec t : targets) {
            List<String> notes = new ArrayList<>();
            TargetSpec simulated = options.untraced() == SimulationOptions.Untraced.LEAVE_OUT ? withoutUntraced(t, trace, options, notes) : t;
            Replay r = new Replay(simulated, trace, options, start, stepMillis, sink == null ? n : 0, sink, decider);
            r.notes.addAll(0, notes);
            replays.add(r);
        }

        int every = options.progressEvery();
        try {
            for (Replay r : replays) r.open();
            for (int i = 0; i < n; i++) {
                long now = start + i * stepMillis;
                Instant at = Instant.ofEpochMilli(now);
                for (Replay r : replays) r.step(i, now, at);
                if (sink != null) for (Replay r : replays) sink.row(r.spec.name(), r.row(), r.lastDecision);
                if ((i + 1) % every == 0 && i + 1 < n) listener.progress(i + 1L, n);
            }
        } finally {
            for (Replay r : replays) r.close();
        }
        listener.progress(n, n);
        List<TargetResult> results = new ArrayList<>(replays.size());
        for (Replay r : replays) results.add(r.result());
        return new SimulationResult(from, last, options.step(), n, results, options.warmUp(), scoredFrom);
    }

    /**
     * The target without the policies that read a metric nothing feeds (see {@link SimulationOptions.Untraced});
     * each one left out is named in {@code notes}.
     */
    static TargetSpec withoutUntraced(TargetSpec spec, Trace trace, SimulationOptions options, List<String> notes) {
        TargetResult.Mode mode = modeOf(spec, trace, options.demandMetric());
        List<Policy> kept = new ArrayList<>(spec.policies().size());
        for (Policy p : spec.policies()) {
            Set<String> unfed = new java.util.TreeSet<>();
            for (Condition.Compare c : Signals.reads(p)) {
                if (!fed(spec, trace, mode, options.demandMetric(), c.metric())) unfed.add(c.metric());
            }
            if (unfed.isEmpty()) kept.add(p);
            else notes.add("policy " + p.name() + " left out: no trace series feeds " + String.join(", ", unfed));
        }
        if (kept.size() == spec.policies().size()) return spec;
        Map<String, MetricSpec> metrics = new java.util.LinkedHashMap<>();
        spec.metrics().forEach((name, m) -> {
            if (fed(spec, trace, mode, options.demandMetric(), name)) metrics.put(name, m);
        });
        return spec.withPolicies(metrics, kept, spec.hpa() == null ? null : keptMetrics(spec, kept));
    }

    /** An HPA's metrics whose policies were kept (policy i declares metric i), or null when none is left: nothing to decide from. */
    private static HpaDeclaration keptMetrics(TargetSpec spec, List<Policy> kept) {
        List<HpaMetric> metrics = new ArrayList<>();
        List<HpaMetric> all = spec.hpa().spec().metrics();
        for (int i = 0; i < all.size() && i < spec.policies().size(); i++) {
            if (kept.contains(spec.policies().get(i))) metrics.add(all.get(i));
        }
        if (metrics.isEmpty()) return null;
        HpaSpec h = spec.hpa().spec();
        return new HpaDeclaration(new HpaSpec(h.minReplicas(), h.maxReplicas(), metrics, h.behavior()), spec.hpa().controller());
    }

    private static boolean fed(TargetSpec spec, Trace trace, TargetResult.Mode mode, String demandMetric, String metric) {
        if (trace.seriesFor(spec.name(), metric) != null) return true;
        return mode == TargetResult.Mode.DEMAND
                && (metric.equals(demandMetric) || metric.equals("request_rate") || spec.metric(metric).scope() == MetricScope.REPLICA);
    }

    /** The mode a target would be replayed in. */
    public static TargetResult.Mode modeOf(TargetSpec spec, Trace trace, String demandMetric) {
        return spec.service() != null && trace.seriesFor(spec.name(), demandMetric) != null
                ? TargetResult.Mode.DEMAND : TargetResult.Mode.OBSERVED;
    }

    /** The metrics a target declares or its policies read, declared first, in a stable order. */
    public static List<String> metricsOf(TargetSpec spec) {
        Set<String> out = new LinkedHashSet<>(spec.metrics().keySet());
        for (Policy p : spec.policies()) {
            for (Condition.Compare c : Signals.reads(p)) out.add(c.metric());
        }
        return List.copyOf(out);
    }

    /** How one metric of a target is fed. */
    private enum Feed { SERIES, DERIVED, DEMAND, NONE }

    /** One target's mutable replay state; package-private engine behind the public results. */
    private static final class Replay {
        private final TargetSpec spec;
        private final TargetResult.Mode mode;
        /** Signals, state and decider: the replay only feeds it and applies what it decides. */
        private final TargetRuntime runtime;
        /** The last observation, reused while the counts stay (most steps). */
        private Decider.Observation observed = new Decider.Observation(0, 0);
        private final long stepMillis;
        private final double stepHours;
        /**
         * Where scored time ends: the range's last step plus one sample of the trace (or one step, if finer).
         * A step longer than that (--allow-coarse-step) is scored only up to it, so an 11-day trace
         * replayed in 30-day steps is billed 11 days, not 30.
         */
        private final long scoredUntil;
        /** Where scored time begins: the first step after the warm-up. Earlier steps are replayed, not scored. */
        private final long scoredFrom;
        private final long replayStart;
        /** The range's last instant (--to, else the trace's end): a warm-up must end before it. */
        private final long rangeEnd;
        private final Duration warmUp;
        /**
         * The predictive policies still warming up (no forecast yet) at the first scored step, with what they said then,
         * and when each made its first forecast after it (or, until it does, what it said last); null until the first scored step.
         */
        private Map<String, String> coldAtScoring;
        private final Map<String, Long> firstForecast = new HashMap<>();
        private final Map<String, String> lastWarming = new HashMap<>();
        private final long startupMillis;
        private final double capacity;
        private final List<String> notes = new ArrayList<>();

        private final String[] metricNames;
        private final String demandMetric;
        private final Feed[] feeds;
        /** The series each metric is read from (Feed.SERIES), and its cursor while the replay runs ({@link #open}). */
        private final Trace.Series[] series;
        private final SeriesCursor[] cursors;
        /** Samples after this time are fed (the first step takes those in (start - step, start]). */
        private final long firstFed;
        private final double[] lastValue;
        private final long[] lastTime;
        private final long[] staleMillis;
        /** Per metric, how long after its last sample it has no usable data (observed replay scores nothing then). */
        private final long[] blindAfter;

        private final Trace.Series demand;
        private SeriesCursor demandCursor;
        private final long demandHold;
        private double demandValue = Double.NaN;
        private long demandTime = Long.MIN_VALUE;

        private int desired;
        private int ready;
        /** Ready times of pending replicas, nondecreasing from head to tail. */
        private long[] pending = new long[16];
        private int head;
        private int tail;

        /** Null when rows go to a sink instead of being kept. */
        private final long[] times;
        private final int[] desiredCol;
        private final int[] readyCol;
        private final double[][] values;
        private final String[] actions;
        private final Reason[] reasons;
        private final String[] summaries;

        private double replicaHours;
        private double oracleHours;
        private double underMinutes;
        private double unscoredMinutes;
        /** Steps that kept 0 replicas while demand was positive (see {@link #result}). */
        private int heldAtZero;
        /** Of those, steps where a policy wanted more but the scaleUp rate limit allowed 0 (a percent of 0 is 0). */
        private int heldAtZeroByRateLimit;
        private int outs;
        private int ins;
        private int minReplicas = Integer.MAX_VALUE;
        private int maxReplicas = Integer.MIN_VALUE;
        private final Map<String, Integer> actionCounts = new HashMap<>();

        private final RowSink sink;
        /** The last step, for the sink. */
        private long lastAt;
        private final double[] lastValues;
        private String lastAction;
        private Reason lastReason;
        private Decision lastDecision;

        /** @param n rows to keep (0 with a sink) */
        Replay(TargetSpec spec, Trace trace, SimulationOptions options, long start, long stepMillis, int n, RowSink sink, Decider decider) {
            this.sink = sink;
            this.spec = spec;
            this.mode = modeOf(spec, trace, options.demandMetric());
            this.runtime = new TargetRuntime(spec, decider);
            this.stepMillis = stepMillis;
            this.stepHours = stepMillis / 3_600_000.0;
            Trace.Series finest = trace.finest();
            long resolution = finest == null ? stepMillis : Math.min(stepMillis, finest.medianSpacing());
            long to = (options.to() != null ? options.to() : trace.end()).toEpochMilli();
            this.scoredUntil = to > Long.MAX_VALUE - resolution ? Long.MAX_VALUE : to + resolution;
            this.rangeEnd = to;
            this.replayStart = start;
            this.warmUp = options.warmUp();
            this.scoredFrom = options.scoredFrom(Instant.ofEpochMilli(start)).toEpochMilli();
            ServiceModel service = spec.service();
            this.startupMillis = service == null ? 0 : service.startup().toMillis();
            this.capacity = service == null ? 0 : service.capacityPerReplica();
            this.desired = spec.initialReplicas();
            this.ready = spec.initialReplicas();
            this.firstFed = start - stepMillis;

            String demandMetric = options.demandMetric();
            List<String> metrics = new ArrayList<>(metricsOf(spec));
            // The row column holding demand: the demand metric's own name, unless the policies read a
            // per-replica metric of that name (--demand cpu), which is then derived; demand shows as "demand".
            String demandColumn = demandMetric;
            if (metrics.contains(demandMetric) && spec.metric(demandMetric).scope() == MetricScope.REPLICA) {
                demandColumn = metrics.contains(SimulationOptions.DEFAULT_DEMAND_METRIC) ? demandMetric + " (demand)" : SimulationOptions.DEFAULT_DEMAND_METRIC;
            }
            this.demandMetric = mode == TargetResult.Mode.DEMAND ? demandColumn : null;
            if (mode == TargetResult.Mode.DEMAND) {
                demand = trace.seriesFor(spec.name(), demandMetric);
                demandHold = Math.max(stepMillis, demand.medianSpacing());
                if (!metrics.contains(demandColumn)) metrics.add(demandColumn);
            } else {
                demand = null;
                demandHold = 0;
                if (spec.service() != null) {
                    notes.add("service model given but the trace has no " + demandMetric + " series for " + spec.name()
                            + ": observed replay (no oracle or under-provisioning score)");
                }
            }
            int m = metrics.size();
            metricNames = metrics.toArray(new String[0]);
            feeds = new Feed[m];
            series = new Trace.Series[m];
            cursors = new SeriesCursor[m];
            lastValue = new double[m];
            lastTime = new long[m];
            staleMillis = new long[m];
            blindAfter = new long[m];
            for (int k = 0; k < m; k++) {
                String name = metricNames[k];
                lastValue[k] = Double.NaN;
                lastTime[k] = Long.MIN_VALUE;
                staleMillis[k] = name.equals(demandColumn) && mode == TargetResult.Mode.DEMAND ? demandHold : shownFor(spec.metric(name), spec);
                blindAfter[k] = mode == TargetResult.Mode.DEMAND ? 0 : blindAfter(spec.metric(name));
                Trace.Series s = trace.seriesFor(spec.name(), name);
                if (mode == TargetResult.Mode.DEMAND && name.equals(demandColumn)) {
                    feeds[k] = Feed.DEMAND;
                } else if (mode == TargetResult.Mode.DEMAND && spec.metric(name).scope() == MetricScope.REPLICA) {
                    feeds[k] = Feed.DERIVED;
                    if (s != null && s != demand) notes.add("series " + s.name() + " ignored: " + name + " is derived from " + demandMetric + " in demand replay");
                } else if (s != null) {
                    feeds[k] = Feed.SERIES;
                    series[k] = s;
                } else if (mode == TargetResult.Mode.DEMAND && name.equals("request_rate")) {
                    feeds[k] = Feed.DEMAND;
                } else {
                    feeds[k] = Feed.NONE;
                    notes.add("no trace series feeds metric " + name + " of " + spec.name() + ": it has no data throughout (onMissing applies)");
                }
            }

            boolean keep = sink == null;
            times = keep ? new long[n] : null;
            desiredCol = keep ? new int[n] : null;
            readyCol = keep ? new int[n] : null;
            values = keep ? new double[m][n] : null;
            actions = keep ? new String[n] : null;
            reasons = keep ? new Reason[n] : null;
            summaries = keep ? new String[n] : null;
            lastValues = new double[m];
        }

        /** Opens the cursors the replay reads; {@link #close} closes them, opened or not. */
        void open() {
            if (demand != null) demandCursor = demand.after(firstFed);
            for (int k = 0; k < series.length; k++) if (series[k] != null) cursors[k] = series[k].after(firstFed);
        }

        void close() {
            if (demandCursor != null) demandCursor.close();
            for (SeriesCursor c : cursors) if (c != null) c.close();
        }

        /** The row of the last step, for the sink. */
        Row row() {
            return new Row(Instant.ofEpochMilli(lastAt), desired, ready, new MetricValues(metricNames, lastValues.clone()), lastAction,
                    lastReason, lastDecision.explanation());
        }

        void step(int i, long now, Instant at) {
            // 1. replicas whose startup has passed are ready
            while (head < tail && pending[head] <= now) {
                head++;
                ready++;
            }
            // 2. feed samples in (previous step, now]
            if (demand != null) {
                SeriesCursor c = demandCursor;
                for (long t; (t = c.time()) <= now; c.advance()) {
                    double d = c.value();
                    demandValue = d;
                    demandTime = t;
                    for (int k = 0; k < feeds.length; k++) if (feeds[k] == Feed.DEMAND) feed(k, t, d);
                }
                if (demandTime != Long.MIN_VALUE && now - demandTime < demandHold) {
                    // Utilization follows the ready replicas at once, as a real service's would.
                    // Saturates rather than overflowing: an extreme demand reads as the largest utilization, never as infinity.
                    double utilization = finite(100.0 * demandValue / (Math.max(ready, 1) * capacity));
                    for (int k = 0; k < feeds.length; k++) if (feeds[k] == Feed.DERIVED) feed(k, now, utilization);
                }
            }
            for (int k = 0; k < feeds.length; k++) {
                if (feeds[k] != Feed.SERIES) continue;
                SeriesCursor c = cursors[k];
                for (long t; (t = c.time()) <= now; c.advance()) feed(k, t, c.value());
            }
            // 3. decide
            boolean scoring = now >= scoredFrom;
            int before = desired;
            if (observed.currentReplicas() != desired || observed.readyReplicas() != ready) observed = new Decider.Observation(desired, ready);
            Decision decision = runtime.tick(observed, at);
            // 4. apply to the simulated replicas
            int to = decision.to();
            if (to > desired) {
                if (startupMillis == 0) ready += to - desired;
                else for (int k = desired; k < to; k++) enqueue(now + startupMillis);
                if (scoring) outs++;
            } else if (to < desired) {
                int remove = desired - to;
                while (remove > 0 && tail > head) {
                    tail--;
                    remove--;
                }
                ready -= remove;
                if (scoring) ins++;
            }
            desired = to;
            // 5. record
            for (int k = 0; k < metricNames.length; k++) {
                lastValues[k] = lastTime[k] != Long.MIN_VALUE && now - lastTime[k] < staleMillis[k] ? lastValue[k] : Double.NaN;
            }
            lastAt = now;
            lastAction = action(before, to, decision.actions());
            lastReason = decision.reason();
            lastDecision = decision;
            if (sink == null) {
                times[i] = now;
                desiredCol[i] = desired;
                readyCol[i] = ready;
                for (int k = 0; k < metricNames.length; k++) values[k][i] = lastValues[k];
                actions[i] = lastAction;
                reasons[i] = lastReason;
                summaries[i] = decision.summary();
            }
            // 6. score, after the warm-up: in demand replay a step whose demand is unknown is scored for nobody (not the
            // policy, not the oracle), so both are measured over the same time and a gap is not billed as real.
            if (!scoring) return;
            watchForecasts(decision, now);
            minReplicas = Math.min(minReplicas, desired);
            maxReplicas = Math.max(maxReplicas, desired);
            for (NamedAction a : decision.actions()) actionCounts.merge(a.name(), 1, Integer::sum);
            long scored = Math.max(0, Math.min(stepMillis, scoredUntil - now));
            double hours = scored == stepMillis ? stepHours : scored / 3_600_000.0;
            if (demand == null) {
                // In observed replay a step at which no metric has usable data (every one past its staleAfter,
                // its windows empty) is a gap in the trace, not time the policies ran on: it is not scored either.
                if (blind(now)) unscoredMinutes += scored / 60_000.0;
                else replicaHours += desired * hours;
            } else if (demandTime != Long.MIN_VALUE && now - demandTime < demandHold) {
                if (desired == 0 && before == 0 && demandValue > 0) {
                    heldAtZero++;
                    if (decision.reason() == Reason.ScaleUpLimit) heldAtZeroByRateLimit++;
                }
                replicaHours += desired * hours;
                oracleHours = finite(oracleHours + oracle(demandValue) * hours);
                if (demandValue > ready * capacity) underMinutes += scored / 60_000.0;
            } else {
                unscoredMinutes += scored / 60_000.0;
            }
        }

        /**
         * At the first scored step, notes the predictive policies that have no forecast yet (their cold start is then
         * scored); after it, when each makes its first, so the note can say how long a warm-up would have left it out.
         */
        private void watchForecasts(Decision decision, long now) {
            if (coldAtScoring == null) {
                coldAtScoring = new java.util.LinkedHashMap<>();
                for (Proposal p : decision.proposals()) if (p.reason() == Reason.ForecastWarmingUp) coldAtScoring.put(p.policy(), p.message());
                return;
            }
            if (firstForecast.size() == coldAtScoring.size()) return;
            for (Proposal p : decision.proposals()) {
                if (!coldAtScoring.containsKey(p.policy()) || firstForecast.containsKey(p.policy())) continue;
                if (p.reason() != Reason.ForecastWarmingUp) firstForecast.put(p.policy(), now);
                else lastWarming.put(p.policy(), p.message());
            }
        }

        /**
         * What the score of a predictive policy that had no forecast at the first scored step holds: its cold start, until
         * when, and the warm-up that would leave it out (never one reaching the range's end, which simulate refuses).
         */
        private String coldStartNote(String policy, String said) {
            Long first = firstForecast.get(policy);
            String meanwhile = "(until it forecasts, the other policies decide alone, or its fallback holds)";
            if (first == null && !warmUp.isPositive()) {
                return "forecast of policy " + policy + " made no forecast in the whole range: " + lastWarming.getOrDefault(policy, said)
                        + "; so its score is the other policies' alone, or its fallback's";
            }
            boolean coverable = first != null && first < rangeEnd;
            String enough = coverable ? Durations.format(Duration.ofMillis(first - replayStart)) : null;
            if (warmUp.isPositive()) {
                return "forecast of policy " + policy + " still warming up at the end of the warm-up (" + Durations.format(warmUp) + ", at "
                        + Instant.ofEpochMilli(scoredFrom) + "): " + said + "; so the score still includes its cold start " + meanwhile
                        + (first == null ? ", and it made no forecast in the whole range" : ": its first forecast came at " + Instant.ofEpochMilli(first)
                        + (coverable ? ", so a warm-up of " + enough + " would leave it out"
                        : ", at the range's end: a longer range is needed to score it with its forecast"));
            }
            // a live start warms the forecast from stored history; a replay starts with none, and scores that
            return "forecast of policy " + policy + " had no history at the start: the score includes its cold start until its first forecast at "
                    + Instant.ofEpochMilli(first) + " (meanwhile the other policies decide alone, or its fallback holds); " + (coverable
                    ? "--warm-up " + enough + " scores from after it, as a live start warmed from stored history would"
                    : "that is the range's end: a longer range is needed to score it with its forecast");
        }

        /**
         * Whether the target reads metrics and every one's last sample is older than its {@link #blindAfter}: a gap
         * in the trace, not a missed sample or two.
         */
        private boolean blind(long now) {
            if (lastTime.length == 0) return false;
            for (int k = 0; k < lastTime.length; k++) {
                if (lastTime[k] != Long.MIN_VALUE && now - lastTime[k] < blindAfter[k]) return false;
            }
            return true;
        }

        /**
         * The oracle's count for a demand: the fewest replicas that serve it, ceil(demand / capacity), within the
         * target's bounds, so that it is the best any policy for this target could do (a policy cannot go below min,
         * and above max the demand is under-provisioned whatever it does, which underProvisionedMinutes counts).
         */
        private double oracle(double demandValue) {
            double needed = Math.ceil(demandValue / capacity);
            return Math.max(spec.bounds().min(), Math.min(spec.bounds().max(), needed));
        }

        /** How long after its last sample a metric has no usable data at all: staleAfter, or lastKnown's maxAge if longer. */
        static long blindAfter(MetricSpec metric) {
            long stale = metric.staleAfter().toMillis();
            return metric.onMissing() instanceof MissingRule.LastKnown lk ? Math.max(stale, lk.maxAge().toMillis()) : stale;
        }

        /**
         * How long after a sample a row still shows it: while the policies see the metric. Past staleAfter, or
         * once the shortest window reading it holds no sample, they see it as missing, unless lastKnown
         * substitutes the last value (up to its maxAge).
         */
        private static long shownFor(MetricSpec metric, TargetSpec spec) {
            long seen = Math.min(metric.staleAfter().toMillis(), shortestWindow(spec, metric.name()));
            return metric.onMissing() instanceof MissingRule.LastKnown lk ? Math.max(seen, lk.maxAge().toMillis()) : seen;
        }

        /** The shortest positive window a policy of the target reads the metric over, or Long.MAX_VALUE. */
        private static long shortestWindow(TargetSpec spec, String metric) {
            long out = Long.MAX_VALUE;
            for (Policy p : spec.policies()) {
                for (Condition.Compare c : Signals.reads(p)) {
                    long w = c.window().toMillis();
                    if (c.metric().equals(metric) && w > 0) out = Math.min(out, w);
                }
            }
            return out;
        }

        private static double finite(double v) {
            return Math.min(v, Double.MAX_VALUE);
        }

        private void feed(int k, long t, double v) {
            runtime.add(metricNames[k], t, v);
            lastValue[k] = v;
            lastTime[k] = t;
        }

        private void enqueue(long readyAt) {
            if (tail == pending.length) {
                int live = tail - head;
                if (head > pending.length / 2) {
                    System.arraycopy(pending, head, pending, 0, live);
                } else {
                    pending = java.util.Arrays.copyOfRange(pending, head, head + Math.max(16, pending.length * 2));
                }
                head = 0;
                tail = live;
            }
            pending[tail++] = readyAt;
        }

        private static String action(int from, int to, List<NamedAction> named) {
            String base = to > from ? Row.SCALE_OUT : to < from ? Row.SCALE_IN : Row.HOLD;
            if (named.isEmpty()) return base;
            StringBuilder sb = new StringBuilder(base);
            for (NamedAction a : named) sb.append(';').append(a.name());
            return sb.toString();
        }

        TargetResult result() {
            boolean demandMode = mode == TargetResult.Mode.DEMAND;
            Double cost = null;
            if (spec.service() != null && spec.service().costPerReplicaHour() > 0) {
                cost = replicaHours * spec.service().costPerReplicaHour();
                if (!Double.isFinite(cost)) {
                    // An extreme price: saturate (a scorecard never carries Infinity) and say so.
                    cost = Double.MAX_VALUE;
                    notes.add(String.format(java.util.Locale.ROOT, "cost exceeds the largest representable number (costPerReplicaHour %s x %.1f "
                            + "replica-hours): shown as %s", spec.service().costPerReplicaHour(), replicaHours, Double.MAX_VALUE));
                }
            }
            if (heldAtZeroByRateLimit > 0) {
                // A policy did want to scale from 0 here; blaming tracking and advising a threshold
                // policy would send the user to change what already works.
                notes.add(heldAtZeroByRateLimit + " steps kept 0 replicas while demand was positive because the scaleUp rate limit "
                        + "allowed 0 from 0 replicas: a policy wanted more, but a Percent policy allows a percent of 0, which is 0; "
                        + "add a Pods policy to behavior.scaleUp (e.g. {type: Pods, value: 4, periodSeconds: 60}) to scale from 0");
            }
            if (heldAtZero > heldAtZeroByRateLimit) {
                // The decider sees the utilization derived as if one replica took the demand, but a
                // proportional policy multiplies it by 0 replicas: 0 again. Kubernetes' HPA does not
                // scale from 0 either (replicas 0 disables it; only HPAScaleToZero with object or
                // external metrics scales from 0), so this is kept, and said.
                notes.add((heldAtZero - heldAtZeroByRateLimit) + " steps kept 0 replicas while demand was positive: at 0 replicas per-replica utilization is undefined "
                        + "(the rows show it as if one replica took the demand) and a proportional policy scales 0 by any ratio to 0, as "
                        + "Kubernetes' HPA, which does not scale from 0 on per-pod metrics; use min replicas of at least 1, or a "
                        + "threshold or step policy on a target metric (request_rate, queue_depth) to scale from 0");
            }
            if (!demandMode && unscoredMinutes > 0) {
                notes.add(Durations.format(Duration.ofMillis(Math.round(unscoredMinutes * 60_000))) + " of steps at which no metric had "
                        + "usable data (gaps in the trace longer than the metrics' staleAfter) were not scored: no replica-hours, "
                        + "no cost; the decisions still show what the onMissing rules did");
            }
            if (coldAtScoring != null) coldAtScoring.forEach((policy, said) -> notes.add(coldStartNote(policy, said)));
            Scorecard card = new Scorecard(replicaHours, demandMode ? oracleHours : null, demandMode ? underMinutes : null,
                    outs, ins, minReplicas, maxReplicas, cost, actionCounts, unscoredMinutes);
            return new TargetResult(spec, mode, demandMetric, List.of(metricNames), times, desiredCol, readyCol, values, actions, reasons,
                    summaries, card, notes);
        }
    }
}
