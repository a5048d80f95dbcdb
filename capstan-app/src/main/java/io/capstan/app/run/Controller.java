package io.capstan.app.run;

import io.capstan.app.history.LiveHistory;
import io.capstan.app.source.Sources;
import io.capstan.core.decide.Decider;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.decide.Decision;
import io.capstan.core.model.Durations;
import io.capstan.core.signal.Admission;
import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.Actuation;
import io.capstan.core.spi.ActuationAttempt;
import io.capstan.core.spi.ActuatorException;
import io.capstan.core.spi.Backoff;
import io.capstan.core.spi.Capacity;
import io.capstan.core.spi.DecisionStore;
import io.capstan.core.spi.MetricSource;
import io.capstan.core.spi.Outcome;
import io.capstan.core.spi.PlannedAction;
import io.capstan.core.spi.Poll;
import io.capstan.core.spi.Recording;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.SeriesRequest;
import io.capstan.core.spi.StoreException;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.StoredState;
import io.capstan.core.spi.TargetFlag;
import io.capstan.core.state.ScalingState;
import io.capstan.core.state.StateCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The control loop: polls the sources, feeds each target's engine, observes its actuator, decides, records and applies.
 *
 * <p>The order every change keeps: the decision, the target's new state and its PLANNED action are recorded in one
 * store transaction before the actuator is called; the action then moves to APPLYING, the actuator is called on the
 * apply executor (a process pool may take its grace period), each attempt is recorded, and the action ends APPLIED or
 * FAILED. A crash anywhere leaves an action PLANNED or APPLYING, which {@link #resume} applies again under the same
 * decision id (actuators apply an id at most once). A decision that changes nothing (and a dry run's change, which
 * stays unapplied) is recorded only when it differs (replicas or reason) from the last one recorded, so a quiet target
 * writes nothing tick after tick; the state is saved with every
 * recorded decision, and otherwise at most every {@link #STATE_SAVE_EVERY} when it changed, and at shutdown.
 *
 * <p>Thread-safety: one evaluation of a target at a time (its {@link TargetLoop} monitor), whether the tick or a push
 * started it; targets evaluate independently. A tick and a push run under the read side of {@link #configLock}; a
 * config reload ({@link Reload}) swaps targets, sources and bindings under its write side, so every tick and every
 * push sees one config whole, never half of a reload.
 */
final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("capstan");
    static final Duration STATE_SAVE_EVERY = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 5;
    /** Decisions of one tick recorded per transaction: one commit for many targets, not one each. */
    static final int RECORD_BATCH = 500;
    /** A test hook: a controller started with this system property never applies an action to that count. */
    static final String HOLD_BEFORE_APPLY = "capstan.test.holdBeforeApplyOf";

    /** Replaced whole by a reload; read by the API without the lock. */
    private volatile Map<String, TargetLoop> targets;
    private final DecisionStore store;
    private volatile Map<String, MetricSource> sources;
    private volatile List<Sources.Binding> bindings;
    /** Each polled source's requests, in binding order: the same every tick, so built once (and again by a reload). */
    private volatile Map<String, List<SeriesRequest>> requestsByType;
    /** Per target, the polled source type of each metric read from one (a metric not there is pushed). */
    private volatile Map<String, Map<String, String>> polledBy;
    private final Clock clock;
    private final boolean dryRun;
    private final Backoff backoff;
    private final Pause pause;
    private final ExecutorService applying;
    private final Map<String, AtomicLong> sourceFailures = new java.util.concurrent.ConcurrentSkipListMap<>();
    final java.util.concurrent.locks.ReentrantReadWriteLock configLock = new java.util.concurrent.locks.ReentrantReadWriteLock();

    /** How the apply thread waits between attempts; tests pass one that does not sleep. */
    @FunctionalInterface
    interface Pause {
        Pause SLEEP = d -> TimeUnit.MILLISECONDS.sleep(d.toMillis());

        void pause(Duration d) throws InterruptedException;
    }
    private final SourceHealth health = new SourceHealth(LOG);
    private final Integer holdBeforeApplyOf = Integer.getInteger(HOLD_BEFORE_APPLY);
    private volatile Map<String, Set<TargetFlag.Kind>> flags = Map.of();
    /** The metric history: where samples are recorded, and what a starting target's forecasts are warmed from. */
    private LiveHistory history = LiveHistory.NONE;
    /** Orders reading the flags with changing them, so a refresh never puts back a flag just changed. */
    private final Object flagsLock = new Object();
    /** What /metrics shows: this controller's own registry, so two controllers in one JVM never share counts. */
    final RunMetrics metrics = new RunMetrics();

    Controller(Map<String, TargetLoop> targets, DecisionStore store, Map<String, MetricSource> sources, List<Sources.Binding> bindings,
               Clock clock, boolean dryRun, Backoff backoff) {
        this(targets, store, sources, bindings, clock, dryRun, backoff, Pause.SLEEP);
    }

    Controller(Map<String, TargetLoop> targets, DecisionStore store, Map<String, MetricSource> sources, List<Sources.Binding> bindings,
               Clock clock, boolean dryRun, Backoff backoff, Pause pause) {
        this.targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        this.store = store;
        this.sources = Map.copyOf(sources);
        this.clock = clock;
        this.dryRun = dryRun;
        this.backoff = backoff;
        this.pause = pause;
        // A thread per action: one target's scale-in waiting out a grace period never delays another target's change,
        // however many targets a reload adds (a target has one action in flight at a time, so threads <= targets).
        // Platform threads, not virtual: an actuator may block under a monitor, which would pin a virtual thread's carrier.
        this.applying = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("capstan-apply-", 0).daemon().factory());
        for (String type : sources.keySet()) sourceFailures.put(type, new AtomicLong());
        this.bindings = List.copyOf(bindings);
        this.requestsByType = byType(bindings);
        this.polledBy = polledBy(bindings);
    }

    private static Map<String, Map<String, String>> polledBy(List<Sources.Binding> bindings) {
        Map<String, Map<String, String>> m = new java.util.HashMap<>();
        for (Sources.Binding b : bindings) m.computeIfAbsent(b.request().target(), k -> new TreeMap<>()).put(b.request().metric(), b.type());
        m.replaceAll((target, metrics) -> java.util.Collections.unmodifiableMap(metrics));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, List<SeriesRequest>> byType(List<Sources.Binding> bindings) {
        Map<String, List<SeriesRequest>> byType = new LinkedHashMap<>();
        for (Sources.Binding b : bindings) byType.computeIfAbsent(b.type(), k -> new ArrayList<>()).add(b.request());
        byType.replaceAll((type, requests) -> List.copyOf(requests));
        return java.util.Collections.unmodifiableMap(byType);
    }

    Map<String, TargetLoop> targets() {
        return targets;
    }

    /** Records the samples into {@code h} and warms starting targets from it; set once, before {@link #resume}. */
    void useHistory(LiveHistory h) {
        this.history = h;
    }

    /**
     * History hook where a target starts (at start, or replaced by a reload): warms its predictive policies from
     * {@code sources} and {@code bindings}, the config the target starts with (a reload's, before it installs them).
     */
    void warm(String name, TargetRuntime runtime, Instant now, Map<String, MetricSource> sources, List<Sources.Binding> bindings) {
        for (String line : history.warm(name, runtime, now, sources, bindings)) LOG.info("{}: {}", name, line);
    }

    Map<String, MetricSource> sources() {
        return sources;
    }

    DecisionStore store() {
        return store;
    }

    /**
     * Takes a reloaded config's targets, sources and bindings; the caller holds the write side of {@link #configLock}
     * and has retired the targets left out and closed the sources replaced.
     */
    void install(Map<String, TargetLoop> targets, Map<String, MetricSource> sources, List<Sources.Binding> bindings) {
        this.targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        this.sources = Map.copyOf(sources);
        this.bindings = List.copyOf(bindings);
        this.requestsByType = byType(bindings);
        this.polledBy = polledBy(bindings);
        for (String type : sources.keySet()) sourceFailures.computeIfAbsent(type, k -> new AtomicLong());
    }

    /**
     * Forgets what the source types a reload closed said: their failure in {@code /health} and the metric errors they
     * left on targets were the closed sources', so a source removed does not leave "degraded" behind and one reopened
     * is judged by its own next poll. Called by the reload under the write side of {@link #configLock}.
     */
    void forgetSources(Set<String> closed) {
        if (closed.isEmpty()) return;
        health.forget(closed);
        for (TargetLoop t : targets.values()) {
            synchronized (t) {
                t.sourceErrors.values().removeIf(why -> closed.stream().anyMatch(type -> why.startsWith(type + ": ")));
            }
        }
    }

    Map<String, Long> sourceFailures() {
        Map<String, Long> m = new TreeMap<>();
        sourceFailures.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** The polled source types failing now, each with its reason: the API's "degraded". */
    Map<String, String> failingSources() {
        return health.failing();
    }

    boolean dryRun() {
        return dryRun;
    }

    // ---------------------------------------------------------------- start

    /**
     * Loads each target's saved state, then finishes what a previous run left unfinished: an action of a known target
     * is applied again under its own decision id; one of a target no longer configured is abandoned. Nothing is decided
     * before this returns.
     */
    void resume() throws StoreException {
        refreshFlags();
        for (TargetLoop t : targets.values()) restore(t);
        for (TargetLoop t : targets.values()) {
            synchronized (t) {
                warm(t.name, t.runtime, clock.instant(), sources, bindings);
            }
        }
        LeftBehind.log(store, targets.keySet(), LOG);
        for (PlannedAction a : store.unfinishedActions()) {
            TargetLoop t = targets.get(a.target());
            Instant now = clock.instant();
            if (t == null) {
                store.transition(a.decisionId(), ActionState.ABANDONED, now);
                LOG.info("{}: abandoned unfinished action {} (the target is no longer configured)", a.target(), a.decisionId());
                continue;
            }
            LOG.info("{}: resuming unfinished action {} (be at {}, was {})", a.target(), a.decisionId(), a.desired(), a.state());
            synchronized (t) {
                t.inFlight = a.decisionId();
            }
            String reason = store.decision(a.decisionId()).map(StoredDecision::reason).orElse("Resumed");
            apply(t, a, reason);
        }
    }

    /** Continues a target from its saved state, if it has one (reconciled with its spec). */
    void restore(TargetLoop t) throws StoreException {
        // the API's last decision until this run decides one: a paused target decides nothing, and would say "no decision yet"
        var last = store.decisions(t.name, null, 1).decisions();
        if (!last.isEmpty()) {
            synchronized (t) {
                if (t.lastManual == null) t.lastManual = last.getFirst();
            }
        }
        var saved = store.state(t.name);
        if (saved.isEmpty()) return;
        try {
            ScalingState s = StateCodec.decode(saved.get().payload());
            synchronized (t) {
                t.runtime.restore(s);
                t.saved(s, saved.get().payload(), null);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: saved state cannot be read, starting afresh: {}", t.name, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- the tick

    /**
     * One round: poll every polled source once (all its requests in one batch), evaluate every target, then record
     * what the round decided in a few transactions ({@link #RECORD_BATCH} targets each) and apply its changes.
     */
    void tick() {
        configLock.readLock().lock();
        try {
            Instant now = clock.instant();
            refreshFlags();
            poll(now);
            evaluate(targets.values(), now);
            history.flush(now);
        } finally {
            configLock.readLock().unlock();
        }
    }

    private void poll(Instant now) {
        for (Map.Entry<String, List<SeriesRequest>> e : requestsByType.entrySet()) {
            MetricSource source = sources.get(e.getKey());
            Poll poll;
            try {
                poll = source.poll(e.getValue(), now);
            } catch (RuntimeException ex) {
                poll = Poll.failed(e.getValue(), ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            }
            if (!poll.failures().isEmpty()) sourceFailures.computeIfAbsent(e.getKey(), k -> new AtomicLong()).incrementAndGet();
            health.polled(e.getKey(), poll.failures().values(), e.getValue().size(), now);
            for (SeriesRequest r : e.getValue()) {
                TargetLoop t = targets.get(r.target());
                if (t == null) continue;
                String why = poll.failures().get(r);
                synchronized (t) {
                    if (why == null) t.sourceErrors.remove(r.metric());
                    else t.sourceErrors.put(r.metric(), e.getKey() + ": " + why);
                }
            }
            int fed = 0;
            for (Sample s : poll.samples()) if (add(s)) fed++;
            metrics.ingested(e.getKey(), fed);
        }
    }

    /** Feeds one sample; false when no target reads that metric. */
    private boolean add(Sample s) {
        TargetLoop t = targets.get(s.target());
        if (t == null) return false;
        synchronized (t) {
            Admission a = t.runtime.add(s.metric(), s.at().toEpochMilli(), s.value());
            if (a == null) return false;
            if (a == Admission.ACCEPTED || a == Admission.REPLACED) t.latest.put(s.metric(), new TargetLoop.Latest(s.value(), s.at()));
            // history hook: a replaced sample (same time) is not counted twice
            if (a == Admission.ACCEPTED) history.sample(s);
            return true;
        }
    }

    /**
     * Pushed samples: fed at once, and each target they touched evaluated at once, without waiting for the tick; what
     * the evaluations decide is recorded together, as a tick's is. The samples of a batch are fed oldest first (a client
     * sending history loses nothing to its own order); a sample older than the newest one its series already holds is
     * dropped by the series, so it is reported as ignored, not counted as accepted.
     */
    PushResult push(List<Sample> samples) {
        int[] order = timeOrder(samples);
        configLock.readLock().lock();
        try {
            int accepted = 0;
            List<PushResult.Ignored> ignored = new ArrayList<>();
            Set<String> touched = new java.util.LinkedHashSet<>();
            for (int k = 0; k < samples.size(); k++) {
                int i = order == null ? k : order[k];
                Sample s = samples.get(i);
                TargetLoop t = targets.get(s.target());
                if (t == null) continue;
                synchronized (t) {
                    TargetLoop.Latest before = t.latest.get(s.metric());
                    Admission a = t.runtime.add(s.metric(), s.at().toEpochMilli(), s.value());
                    if (a == Admission.ACCEPTED || a == Admission.REPLACED) {
                        t.latest.put(s.metric(), new TargetLoop.Latest(s.value(), s.at()));
                        // history hook: a replaced sample (same time) is not counted twice
                        if (a == Admission.ACCEPTED) history.sample(s);
                        accepted++;
                        touched.add(s.target());
                    } else if (a != null) {
                        ignored.add(new PushResult.Ignored(i, a == Admission.OUT_OF_ORDER && before != null
                                ? "older than the latest sample of " + s.target() + "/" + s.metric() + " at " + before.at()
                                : "not kept (" + a.name().toLowerCase(java.util.Locale.ROOT) + ")"));
                    }
                }
            }
            metrics.ingested("push", accepted);
            List<TargetLoop> loops = new ArrayList<>(touched.size());
            for (String name : touched) loops.add(targets.get(name));
            evaluate(loops, clock.instant());
            ignored.sort(java.util.Comparator.comparingInt(PushResult.Ignored::index));
            return new PushResult(accepted, ignored);
        } finally {
            configLock.readLock().unlock();
        }
    }

    /** The batch's indexes oldest first, or null when it is in time order already (as a client usually sends it). */
    private static int[] timeOrder(List<Sample> samples) {
        int i = 1;
        while (i < samples.size() && !samples.get(i).at().isBefore(samples.get(i - 1).at())) i++;
        if (i >= samples.size()) return null;
        Integer[] boxed = new Integer[samples.size()];
        for (int k = 0; k < boxed.length; k++) boxed[k] = k;
        java.util.Arrays.sort(boxed, java.util.Comparator.comparing(k -> samples.get(k).at()));
        int[] order = new int[boxed.length];
        for (int k = 0; k < order.length; k++) order[k] = boxed[k];
        return order;
    }

    /**
     * What a push did: how many samples were added, and which were not (by their index in the batch) and why.
     */
    record PushResult(int accepted, List<Ignored> ignored) {
        record Ignored(int index, String reason) {}
    }

    /** The polled source type a target's metric is read from, or null when it is pushed (source: push, or none). */
    String polledSource(String target, String metric) {
        return polledBy.getOrDefault(target, Map.of()).get(metric);
    }

    /** True when the target reads the metric: a pushed sample for it is accepted. */
    boolean reads(String target, String metric) {
        TargetLoop t = targets.get(target);
        return t != null && t.runtime.spec().metrics().containsKey(metric);
    }

    void evaluate(TargetLoop t, Instant now) {
        evaluate(List.of(t), now);
    }

    /** Evaluates each target, then records what they decided together and applies it. */
    private void evaluate(java.util.Collection<TargetLoop> loops, Instant now) {
        List<Pending> pending = new ArrayList<>();
        for (TargetLoop t : loops) {
            long started = System.nanoTime();
            Pending p;
            try {
                p = decide(t, now);
            } catch (RuntimeException e) {
                // one target's failure (a bug, or an actuator or store failing in a way it does not declare) holds
                // that target only: the targets after it in the round are still evaluated
                failed(t, e);
                continue;
            }
            metrics.evaluated(System.nanoTime() - started);
            if (p != null) pending.add(p);
            synchronized (t) {
                if (t.evaluationError != null) LOG.info("{}: evaluating again (it failed with {})", t.name, t.evaluationError);
                t.evaluationError = null;
            }
        }
        commit(pending);
    }

    /** A failed evaluation: counted every time, logged once per distinct error, shown in the target's notes. */
    private void failed(TargetLoop t, RuntimeException e) {
        String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        metrics.evaluationFailed(t.name);
        synchronized (t) {
            if (!why.equals(t.evaluationError)) LOG.error("{}: evaluation failed, holding this target (the others go on): {}", t.name, why);
            t.evaluationError = why;
        }
        LOG.debug("{}: evaluation failed", t.name, e);
    }

    /**
     * Hands an action, recorded PLANNED, to the apply executor. Once the controller is closing the executor takes no
     * more: the action stays PLANNED in the store and the next start applies it ({@link #resume}).
     */
    private void execute(TargetLoop t, String id, Runnable apply) {
        try {
            applying.execute(apply);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (t) {
                if (id.equals(t.inFlight)) t.inFlight = null;
            }
            LOG.info("{}: {} is recorded but not applied: capstan run is stopping; the next start applies it", t.name, id);
        }
    }

    /**
     * What one evaluation decided that must be recorded, and for a change that is not a dry run applied after that.
     * The target's fields already say it was recorded (so a concurrent evaluation neither records the same hold again
     * nor decides past an action in flight); {@link #rollBack} undoes that when the store refuses it.
     */
    private record Pending(TargetLoop t, Decision d, Recording recording, boolean apply, boolean announce, boolean dry) {}

    /**
     * Decides for one target under its monitor; the recording it asks for is written by {@link #commit}, the tick's in
     * one transaction per {@link #RECORD_BATCH} targets.
     *
     * @return what to record, or null when nothing is (a quiet target writes nothing)
     */
    private Pending decide(TargetLoop t, Instant now) {
        synchronized (t) {
            if (t.retired) return null;
            if (t.inFlight != null) {
                t.holding = "applying " + t.inFlight;
                return null;
            }
            Set<TargetFlag.Kind> flags = flags(t.name);
            if (flags.contains(TargetFlag.Kind.PAUSED)) {
                t.holding = "paused";
                // still observed, so what a paused target runs (after a manual scale, say) is shown as it is
                try {
                    t.capacity = t.actuator.observe();
                } catch (ActuatorException e) {
                    t.capacity = null;
                }
                return null;
            }
            Capacity c;
            try {
                c = t.actuator.observe();
            } catch (ActuatorException e) {
                t.capacity = null;
                String why = "capacity unknown, holding: " + e.getMessage();
                if (!why.equals(t.holding)) LOG.warn("{}: {}", t.name, why);
                t.holding = why;
                return null;
            }
            t.capacity = c;
            t.holding = null;
            if (c.desired() == 0 && t.runtime.spec().hpa() != null && t.runtime.spec().initialReplicas() > 0) {
                createScaleTarget(t, flags.contains(TargetFlag.Kind.DRY_RUN) || dryRun, now);
                return null;
            }
            // A push and the tick (or two pushes) read the clock before they take this monitor, so the later instant
            // may evaluate first; the other evaluates at that instant too, since the runtime's ticks go forward.
            if (t.evaluatedAt != null && now.isBefore(t.evaluatedAt)) now = t.evaluatedAt;
            t.evaluatedAt = now;
            // Nothing to compare against while the clock stands still (a test clock, two pushes in one instant):
            // the runtime ids such decisions by sequence.
            boolean dry = dryRun || flags.contains(TargetFlag.Kind.DRY_RUN);
            ScalingState before = t.runtime.state();
            Decision d = t.runtime.tick(new Decider.Observation(c.desired(), Math.min(c.ready(), c.desired()), c.current(), List.of()), now);
            // nothing was scaled: a dry change starts no cooldown and adds no scale event, so dry decides what explain does
            if (dry && d.to() != d.from()) t.runtime.restore(DryRunState.unapplied(before, t.runtime.state()));
            t.lastDecision = d;
            metrics.decided(t.name, d.reason().name(), DecisionJson.action(d.from(), d.to()));
            boolean change = d.to() != d.from();
            // A hold, or a dry run's change (which stays unapplied and so is decided again every tick), is written
            // when it differs from the last one written; a change that is applied is always written.
            String key = d.from() + ">" + d.to() + " " + d.reason().name();
            boolean record = (change && !dry) || !d.actions().isEmpty() || !key.equals(t.lastRecordedHold);
            ScalingState state = t.runtime.state();
            // Encoding the state is most of a quiet evaluation's allocation: only a state unlike the one saved is encoded.
            boolean stateChanged = !state.equals(t.savedScalingState);
            if (!record && (!stateChanged || (t.savedAt != null && now.isBefore(t.savedAt.plus(STATE_SAVE_EVERY))))) return null;
            String encoded = stateChanged || t.savedState == null ? StateCodec.encode(state) : t.savedState;
            if (!record) {
                try {
                    store.saveState(new StoredState(t.name, ScalingState.CURRENT_VERSION, encoded, now));
                    t.saved(state, encoded, now);
                } catch (StoreException e) {
                    LOG.error("{}: cannot save its state: {}", t.name, e.getMessage());
                }
                return null;
            }
            Recording r = Recording.of(stored(d, dry)).withState(new StoredState(t.name, ScalingState.CURRENT_VERSION, encoded, now));
            if (change && !dry) r = r.planned();
            // a change decided again while its actuator keeps failing was said already, with the failure
            boolean announce = change && !key.equals(t.lastRecordedHold) && !t.failing.repeats(key);
            if (change && !dry) t.failing.deciding(key);
            t.lastRecordedId = d.id().toString();
            t.saved(state, encoded, now);
            t.lastRecordedHold = change && !dry ? null : key;
            if (change && !dry) t.inFlight = d.id().toString();
            return new Pending(t, d, r, change && !dry, announce, dry);
        }
    }

    /**
     * Records what the evaluations decided (all or nothing per transaction), says each change, then hands each action
     * to the apply executor: an action is applied only once its PLANNED record is written.
     */
    private void commit(List<Pending> pending) {
        for (int from = 0; from < pending.size(); from += RECORD_BATCH) {
            List<Pending> chunk = pending.subList(from, Math.min(pending.size(), from + RECORD_BATCH));
            List<Recording> recordings = new ArrayList<>(chunk.size());
            for (Pending p : chunk) recordings.add(p.recording());
            try {
                store.recordAll(recordings);
            } catch (StoreException | RuntimeException e) {
                // Nothing was recorded, so nothing may be applied: the next evaluation decides again.
                for (Pending p : chunk) {
                    LOG.error("{}: cannot record the decision, not applying it: {}", p.t().name, e.getMessage());
                    rollBack(p);
                }
                continue;
            }
            for (Pending p : chunk) {
                if (p.announce()) terminal(p.t(), p.d(), p.dry());
                if (!p.apply()) continue;
                Decision d = p.d();
                PlannedAction a = new PlannedAction(d.id().toString(), p.t().name, d.to(), ActionState.PLANNED, d.at());
                if (holdBeforeApplyOf != null && holdBeforeApplyOf == d.to()) {
                    LOG.info("{}: test hook: holding {} before applying", p.t().name, a.decisionId());
                    continue;
                }
                execute(p.t(), a.decisionId(), () -> apply(p.t(), a, d.reason().name()));
            }
        }
    }

    /** A recording the store refused: the target records its next decision and state again, and has nothing in flight. */
    private static void rollBack(Pending p) {
        TargetLoop t = p.t();
        synchronized (t) {
            t.lastRecordedHold = null;
            t.lastRecordedId = null;
            t.savedScalingState = null;
            t.savedState = null;
            t.savedAt = null;
            if (p.d().id().toString().equals(t.inFlight)) t.inFlight = null;
        }
    }

    /**
     * An HPA acts on a scale target that exists: Kubernetes creates a Deployment at its own replica count, and the
     * controller port keeps a target at zero where it is (ScalingDisabled). A pool at zero for a target declared as an
     * HPA is that Deployment not yet created: it is started at the manifest's minReplicas (at least 1), recorded and
     * applied as any action; from there the HPA decides. The caller holds the target's monitor.
     */
    private void createScaleTarget(TargetLoop t, boolean dry, Instant now) {
        int initial = t.runtime.spec().initialReplicas();
        String summary = "create at " + initial + " replicas (the manifest's minReplicas): the HorizontalPodAutoscaler acts on a running scale target";
        if (dry) {
            t.holding = "dry run: would " + summary;
            return;
        }
        String id = t.name + "@" + now + "/create";
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", id);
        payload.put("target", t.name);
        payload.put("timestamp", now.toString());
        payload.put("currentReplicas", 0);
        payload.put("desiredReplicas", initial);
        payload.put("action", "scaleOut");
        payload.put("reason", "ScaleTargetCreated");
        payload.put("summary", summary);
        payload.put("dryRun", false);
        payload.put("steps", List.of(Map.of("stage", "create", "reason", "ScaleTargetCreated", "before", 0, "after", initial, "message", summary)));
        try {
            store.record(Recording.of(new StoredDecision(id, t.name, now, 0, initial, "ScaleTargetCreated", summary, DecisionJson.write(payload)))
                    .withState(new StoredState(t.name, ScalingState.CURRENT_VERSION, StateCodec.encode(t.runtime.state()), now)).planned());
        } catch (StoreException e) {
            LOG.error("{}: cannot record its creation, not applying it: {}", t.name, e.getMessage());
            return;
        }
        LOG.info("{}: {}", t.name, summary);
        t.inFlight = id;
        PlannedAction a = new PlannedAction(id, t.name, initial, ActionState.PLANNED, now);
        execute(t, id, () -> apply(t, a, "ScaleTargetCreated"));
    }

    /**
     * Reads the pause and dry-run flags from the store: once per tick (not once per target), and by whoever changes a
     * flag. When they cannot be read every target is treated as paused until they can: acting on a target someone
     * paused is worse than waiting a tick.
     */
    void refreshFlags() {
        synchronized (flagsLock) {
            Map<String, Set<TargetFlag.Kind>> m = new java.util.HashMap<>();
            try {
                for (TargetFlag f : store.flags()) m.computeIfAbsent(f.target(), k -> java.util.EnumSet.noneOf(TargetFlag.Kind.class)).add(f.kind());
            } catch (StoreException e) {
                LOG.warn("cannot read the pause and dry-run flags, holding every target: {}", e.getMessage());
                for (String t : targets.keySet()) m.put(t, java.util.EnumSet.of(TargetFlag.Kind.PAUSED));
            }
            flags = m;
        }
    }

    /** The target's flags as the loop sees them now. */
    Set<TargetFlag.Kind> flags(String target) {
        return flags.getOrDefault(target, Set.of());
    }

    private StoredDecision stored(Decision d, boolean dry) {
        return new StoredDecision(d.id().toString(), d.target(), d.at(), d.from(), d.to(), d.reason().name(), d.summary(),
                DecisionJson.write(DecisionJson.payload(d, dry)));
    }

    private void terminal(TargetLoop t, Decision d, boolean dry) {
        StringBuilder values = new StringBuilder();
        t.latest.forEach((m, v) -> values.append(values.isEmpty() ? "" : ", ").append(m).append('=').append(number(v.value())));
        // the summary says from -> to and the reason ("scale out 2 -> 7 (ThresholdSustained): ...")
        // the fields apart for machines (--log-format json writes them as kvpList); the plain line is the same text
        LOG.atInfo().addKeyValue("target", t.name).addKeyValue("from", d.from()).addKeyValue("to", d.to())
                .addKeyValue("reason", d.reason().name()).addKeyValue("decisionId", d.id().toString()).addKeyValue("dryRun", dry)
                .log("{}: {}{}{}", t.name, dry ? "dry run: would " : "", d.summary(), values.isEmpty() ? "" : " [" + values + "]");
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    // ---------------------------------------------------------------- applying

    /** Moves the action to APPLYING and applies it, retrying retryable failures with backoff; records every attempt. */
    private void apply(TargetLoop t, PlannedAction a, String reason) {
        synchronized (t) {
            // retired by a reload that removed the target before this started: the reload abandoned the action
            if (t.retired) return;
            t.applying = true;
        }
        try {
            if (a.state() == ActionState.PLANNED || store.action(a.decisionId()).map(PlannedAction::state).orElse(null) == ActionState.PLANNED) {
                store.transition(a.decisionId(), ActionState.APPLYING, clock.instant());
            }
            // A PLANNED action has no attempts yet (they are recorded after APPLYING): only a resumed one asks the store.
            int done = a.state() == ActionState.PLANNED ? 0 : store.attempts(a.decisionId()).size();
            for (int n = done + 1; ; n++) {
                Instant started = clock.instant();
                Outcome o;
                try {
                    o = t.actuator.apply(new Actuation(a.decisionId(), t.name, a.desired(), reason));
                } catch (ActuatorException e) {
                    // the actuator says whether the same call can succeed later (a timeout) or not (a bad request)
                    o = new Outcome.Failed(a.decisionId(), e.retryable(), e.getMessage(), List.of());
                } catch (RuntimeException e) {
                    o = new Outcome.Failed(a.decisionId(), true, e.toString(), List.of());
                }
                Instant ended = clock.instant();
                String message = message(o);
                if (o instanceof Outcome.Failed f && f.retryable() && n - done < MAX_ATTEMPTS) {
                    Duration wait = backoff.withSeed(a.decisionId().hashCode()).delay(n - done);
                    // the wait is part of the audit record: when the next attempt was due, and why
                    store.recordAttempt(new ActuationAttempt(a.decisionId(), n, started, ended, ActuationAttempt.Outcome.RETRYABLE,
                            message + "; next attempt in " + Durations.format(wait)));
                    metrics.actuated(t.name, o);
                    if (t.failing.quiet(f.message(), ended)) LOG.debug("{}: applying {} failed ({}), retrying in {}", t.name, a.decisionId(), f.message(), Durations.format(wait));
                    else LOG.warn("{}: applying {} failed ({}), retrying in {}", t.name, a.decisionId(), f.message(), Durations.format(wait));
                    pause.pause(wait);
                    continue;
                }
                boolean ok = !(o instanceof Outcome.Failed);
                store.transition(a.decisionId(), ok ? ActionState.APPLIED : ActionState.FAILED, ended,
                        new ActuationAttempt(a.decisionId(), n, started, ended,
                                ok ? ActuationAttempt.Outcome.SUCCEEDED : ActuationAttempt.Outcome.FAILED, message));
                metrics.actuated(t.name, o);
                if (ok) {
                    LOG.debug("{}: applied {}: {}", t.name, a.decisionId(), message);
                    // a member that had to be killed lost its chance to finish cleanly: a person should know
                    if (o instanceof Outcome.Applied ap) for (String c : ap.changes()) if (c.contains("SIGKILL")) LOG.warn("{}: {}", t.name, c);
                    String recovered = t.failing.recovered(ended);
                    if (recovered != null) LOG.info("{}: applied {} {}", t.name, a.decisionId(), recovered);
                } else {
                    Outcome.Failed f = (Outcome.Failed) o;
                    if (!t.failing.quiet(f.message(), ended)) {
                        LOG.error("{}: applying {} failed{}", t.name, a.decisionId(), t.failing.describe(message.substring(message.indexOf(':'))));
                    }
                }
                break;
            }
        } catch (StoreException e) {
            LOG.error("{}: cannot record applying {}: {} (it is picked up again on restart)", t.name, a.decisionId(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (t) {
                if (a.decisionId().equals(t.inFlight)) t.inFlight = null;
                t.applying = false;
                t.notifyAll();
            }
        }
    }

    private static String message(Outcome o) {
        return switch (o) {
            case Outcome.Applied ap -> "applied " + ap.before() + " -> " + ap.after() + (ap.changes().isEmpty() ? "" : ": " + String.join("; ", ap.changes()));
            case Outcome.AlreadyApplied al -> "already applied (at " + al.current() + ")";
            case Outcome.Failed f -> (f.retryable() ? "failed (retryable): " : "failed: ") + f.message()
                    + (f.changes().isEmpty() ? "" : "; changed: " + String.join("; ", f.changes()));
        };
    }

    /** The actions being applied now, one line each ("worker: applying worker@... (be at 3)"). */
    List<String> applyingNow() {
        List<String> busy = new ArrayList<>();
        for (TargetLoop t : targets.values()) {
            synchronized (t) {
                if (t.inFlight != null) busy.add(t.name + ": applying " + t.inFlight);
            }
        }
        return busy;
    }

    /** True when no action is being applied. */
    boolean idle() {
        for (TargetLoop t : targets.values()) {
            synchronized (t) {
                if (t.inFlight != null) return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- reload

    /**
     * Waits (up to {@code max}) until no actuator call of the target runs, so its actuator can be closed or replaced;
     * the caller holds the target's monitor, which the wait releases.
     *
     * @return false when a call still runs after {@code max}
     */
    static boolean awaitNotApplying(TargetLoop t, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (t.applying) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(t, left);
        }
        return true;
    }

    /**
     * Stops running a target a reload removed (the caller holds its monitor and no actuator call runs): its actions
     * not yet applied are ABANDONED, its state is saved (a later config that adds it again continues from it), and its
     * actuator is closed, which never stops what it runs.
     *
     * @return how many actions were abandoned
     */
    int retire(TargetLoop t, Instant now) throws StoreException {
        t.retired = true;
        int abandoned = 0;
        for (PlannedAction a : store.unfinishedActions()) {
            if (!a.target().equals(t.name)) continue;
            store.transition(a.decisionId(), ActionState.ABANDONED, now);
            LOG.info("{}: abandoned unfinished action {} (the target was removed from the config)", t.name, a.decisionId());
            abandoned++;
        }
        t.inFlight = null;
        saveState(t, now);
        t.actuator.close();
        return abandoned;
    }

    private void saveState(TargetLoop t, Instant now) {
        String state = StateCodec.encode(t.runtime.state());
        try {
            if (!state.equals(t.savedState)) store.saveState(new StoredState(t.name, ScalingState.CURRENT_VERSION, state, now));
            t.saved(t.runtime.state(), state, now);
        } catch (StoreException e) {
            LOG.error("{}: cannot save state: {}", t.name, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- stop

    /** Waits for the actions being applied (up to {@code wait}), saves every state, closes the actuators (never stopping what they run). */
    @Override
    public void close() {
        applying.shutdown();
        try {
            applying.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Instant now = clock.instant();
        for (TargetLoop t : targets.values()) {
            synchronized (t) {
                saveState(t, now);
                t.actuator.close();
            }
        }
        history.close();
        for (MetricSource s : sources.values()) s.close();
    }

    // ---------------------------------------------------------------- what people do (the API)

    /** Why a manual scale was refused; nothing was recorded or changed. */
    static final class Refused extends Exception {
        enum Why { DRY_RUN, APPLYING, CAPACITY_UNKNOWN }

        final Why why;

        Refused(Why why, String message) {
            super(message, null, false, false);
            this.why = why;
        }
    }

    /** What a manual scale did: the decision recorded (its action planned unless it changes nothing). */
    record Manual(StoredDecision decision, Map<String, Object> payload, boolean planned) {}

    /** Per target, the polled source feeding each of its metrics (metric to source type); a metric not there is pushed. */
    Map<String, Map<String, String>> sourceTypes() {
        return polledBy;
    }

    /**
     * A person's "be at {@code replicas}", on the path every change takes: recorded (with the target's state and a
     * PLANNED action, in one transaction) before the actuator is called under the decision's own id, then APPLYING,
     * APPLIED or FAILED, picked up again after a crash. The target's state counts it as a scaling event, so once the
     * engine decides again its cooldowns run from it; with {@code pause} the target is paused first (with who and why),
     * so the engine does not decide again until someone resumes it.
     *
     * @param reason ManualScale or ManualEmergency: the decision's reason code
     * @throws Refused in a dry run, while another action is being applied, or when the capacity cannot be read
     */
    Manual manualScale(String target, int replicas, String reason, String who, String why, boolean pause) throws StoreException, Refused {
        TargetLoop t = targets.get(target);
        Manual m;
        PlannedAction a;
        synchronized (t) {
            if (dryRun) throw new Refused(Refused.Why.DRY_RUN, "capstan run was started with --dry-run: it changes nothing, manual scales included");
            if (flags(target).contains(TargetFlag.Kind.DRY_RUN)) {
                throw new Refused(Refused.Why.DRY_RUN, target + " is in dry run: it changes nothing, manual scales included; turn dry run off first"
                        + " (POST /api/v1/targets/" + target + "/dry-run {\"enabled\": false})");
            }
            if (t.inFlight != null) {
                throw new Refused(Refused.Why.APPLYING, target + " is applying " + t.inFlight + "; try again once it has ended (see applying in GET /api/v1/targets)");
            }
            Capacity c;
            try {
                c = t.actuator.observe();
            } catch (ActuatorException e) {
                throw new Refused(Refused.Why.CAPACITY_UNKNOWN, "cannot read the capacity of " + target + ", so nothing was changed: " + e.getMessage());
            }
            t.capacity = c;
            Instant now = clock.instant();
            int from = c.desired();
            String id = target + "@" + now + "#" + (reason.equals("ManualEmergency") ? "emergency" : "manual") + "-"
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 32);
            String what = reason.equals("ManualEmergency") ? "emergency scale to max " : "manual scale ";
            String summary = what + from + " -> " + replicas + " by " + who + ": " + why + (pause ? " (paused until resumed)" : "");
            Map<String, Object> payload = DecisionJson.manual(id, target, now, from, c.ready(), replicas, reason, summary, who, why);
            StoredDecision stored = new StoredDecision(id, target, now, from, replicas, reason, summary, DecisionJson.write(payload));
            ScalingState s = t.runtime.state();
            if (replicas != from) {
                s = new ScalingState(ScalingState.CURRENT_VERSION, s.recommendations(), s.scaleUpEvents(), s.scaleDownEvents(),
                        replicas > from ? now : s.lastScaleOut(), replicas < from ? now : s.lastScaleIn(), s.sustain(), s.actions(), s.scheduled());
            }
            String state = StateCodec.encode(s);
            // Paused first: should recording fail, the target is left paused (nothing changed, nothing decided), never
            // scaled with nothing stopping the engine from undoing it.
            if (pause) setFlag(target, TargetFlag.Kind.PAUSED, true, who, (reason.equals("ManualEmergency") ? "emergency scale to max (" + replicas + ")"
                    : "manual scale to " + replicas) + ": " + why);
            Recording r = Recording.of(stored).withState(new StoredState(target, ScalingState.CURRENT_VERSION, state, now));
            if (replicas != from) r = r.planned();
            store.record(r);
            store.recordManualAction(new io.capstan.core.spi.ManualAction(target, now, reason.equals("ManualEmergency") ? "emergency" : "scale",
                    "replicas=" + replicas + " (from " + from + "), decision " + id, who, why));
            t.runtime.restore(s);
            t.saved(s, state, now);
            t.lastManual = stored;
            t.lastRecordedHold = null;
            metrics.decided(target, reason, DecisionJson.action(from, replicas));
            LOG.info("{}: {}", target, summary);
            m = new Manual(stored, payload, replicas != from);
            if (!m.planned()) return m;
            t.inFlight = id;
            a = new PlannedAction(id, target, replicas, ActionState.PLANNED, now);
        }
        execute(t, a.decisionId(), () -> apply(t, a, reason));
        return m;
    }

    /** Sets or clears a pause or dry-run flag, recorded with who, why and when; the loop honours it from its next evaluation. */
    void setFlag(String target, TargetFlag.Kind kind, boolean on, String who, String why) throws StoreException {
        Instant now = clock.instant();
        synchronized (flagsLock) {
            if (on) store.setFlag(new TargetFlag(target, kind, who, why, now));
            else store.clearFlag(target, kind, who, why, now);
            refreshFlags();
        }
        LOG.info("{}: {} by {}: {}", target, kind == TargetFlag.Kind.PAUSED ? on ? "paused" : "resumed" : on ? "dry run on" : "dry run off", who, why);
    }
}
