package io.capstan.app.run;

import io.capstan.app.source.Sources;
import io.capstan.core.decide.Decider;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.decide.Decision;
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
 * started it; targets evaluate independently.
 */
final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("capstan");
    static final Duration STATE_SAVE_EVERY = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 5;
    /** Decisions of one tick recorded per transaction: one commit for many targets, not one each. */
    static final int RECORD_BATCH = 500;
    /** A test hook: a controller started with this system property never applies an action to that count. */
    static final String HOLD_BEFORE_APPLY = "capstan.test.holdBeforeApplyOf";

    private final Map<String, TargetLoop> targets;
    private final DecisionStore store;
    private final Map<String, MetricSource> sources;
    /** Each polled source's requests, in binding order: the same every tick, so built once. */
    private final Map<String, List<SeriesRequest>> requestsByType;
    private final Clock clock;
    private final boolean dryRun;
    private final Backoff backoff;
    private final ExecutorService applying;
    private final Map<String, AtomicLong> sourceFailures = new TreeMap<>();
    private final Integer holdBeforeApplyOf = Integer.getInteger(HOLD_BEFORE_APPLY);
    private volatile Map<String, Set<TargetFlag.Kind>> flags = Map.of();

    Controller(Map<String, TargetLoop> targets, DecisionStore store, Map<String, MetricSource> sources, List<Sources.Binding> bindings,
               Clock clock, boolean dryRun, Backoff backoff) {
        this.targets = new LinkedHashMap<>(targets);
        this.store = store;
        this.sources = Map.copyOf(sources);
        this.clock = clock;
        this.dryRun = dryRun;
        this.backoff = backoff;
        this.applying = Executors.newFixedThreadPool(Math.max(1, Math.min(4, targets.size())), r -> {
            Thread t = new Thread(r, "capstan-apply");
            t.setDaemon(true);
            return t;
        });
        for (String type : sources.keySet()) sourceFailures.put(type, new AtomicLong());
        Map<String, List<SeriesRequest>> byType = new LinkedHashMap<>();
        for (Sources.Binding b : bindings) byType.computeIfAbsent(b.type(), k -> new ArrayList<>()).add(b.request());
        byType.replaceAll((type, requests) -> List.copyOf(requests));
        this.requestsByType = java.util.Collections.unmodifiableMap(byType);
    }

    Map<String, TargetLoop> targets() {
        return targets;
    }

    Map<String, Long> sourceFailures() {
        Map<String, Long> m = new TreeMap<>();
        sourceFailures.forEach((k, v) -> m.put(k, v.get()));
        return m;
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
        for (TargetLoop t : targets.values()) {
            var saved = store.state(t.name);
            if (saved.isPresent()) {
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
        }
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

    // ---------------------------------------------------------------- the tick

    /**
     * One round: poll every polled source once (all its requests in one batch), evaluate every target, then record
     * what the round decided in a few transactions ({@link #RECORD_BATCH} targets each) and apply its changes.
     */
    void tick() {
        Instant now = clock.instant();
        refreshFlags();
        poll(now);
        evaluate(targets.values(), now);
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
            if (!poll.failures().isEmpty()) sourceFailures.get(e.getKey()).incrementAndGet();
            for (SeriesRequest r : e.getValue()) {
                TargetLoop t = targets.get(r.target());
                if (t == null) continue;
                String why = poll.failures().get(r);
                synchronized (t) {
                    if (why == null) t.sourceErrors.remove(r.metric());
                    else t.sourceErrors.put(r.metric(), e.getKey() + ": " + why);
                }
            }
            for (Sample s : poll.samples()) add(s);
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
            return true;
        }
    }

    /**
     * Pushed samples: fed at once, and each target they touched evaluated at once, without waiting for the tick; what
     * the evaluations decide is recorded together, as a tick's is.
     *
     * @return how many were accepted (known target and metric)
     */
    int push(List<Sample> samples) {
        int accepted = 0;
        Set<String> touched = new java.util.LinkedHashSet<>();
        for (Sample s : samples) {
            if (add(s)) {
                accepted++;
                touched.add(s.target());
            }
        }
        List<TargetLoop> loops = new ArrayList<>(touched.size());
        for (String name : touched) loops.add(targets.get(name));
        evaluate(loops, clock.instant());
        return accepted;
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
            Pending p = decide(t, now);
            if (p != null) pending.add(p);
        }
        commit(pending);
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
            if (t.inFlight != null) {
                t.holding = "applying " + t.inFlight;
                return null;
            }
            Set<TargetFlag.Kind> flags = flags(t.name);
            if (flags.contains(TargetFlag.Kind.PAUSED)) {
                t.holding = "paused";
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
            // A push and the tick (or two pushes) read the clock before they take this monitor, so the later instant
            // may evaluate first; the other evaluates at that instant too, since the runtime's ticks go forward.
            if (t.evaluatedAt != null && now.isBefore(t.evaluatedAt)) now = t.evaluatedAt;
            t.evaluatedAt = now;
            // Nothing to compare against while the clock stands still (a test clock, two pushes in one instant):
            // the runtime ids such decisions by sequence.
            Decision d = t.runtime.tick(new Decider.Observation(c.desired(), Math.min(c.ready(), c.desired()), c.current(), List.of()), now);
            t.lastDecision = d;
            boolean dry = dryRun || flags.contains(TargetFlag.Kind.DRY_RUN);
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
            boolean announce = change && !key.equals(t.lastRecordedHold);
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
                applying.execute(() -> apply(p.t(), a, d.reason().name()));
            }
        }
    }

    /** A recording the store refused: the target records its next decision and state again, and has nothing in flight. */
    private static void rollBack(Pending p) {
        TargetLoop t = p.t();
        synchronized (t) {
            t.lastRecordedHold = null;
            t.savedScalingState = null;
            t.savedState = null;
            t.savedAt = null;
            if (p.d().id().toString().equals(t.inFlight)) t.inFlight = null;
        }
    }

    /**
     * Reads the pause and dry-run flags from the store: once per tick (not once per target), and by whoever changes a
     * flag. When they cannot be read every target is treated as paused until they can: acting on a target someone
     * paused is worse than waiting a tick.
     */
    void refreshFlags() {
        Map<String, Set<TargetFlag.Kind>> m = new java.util.HashMap<>();
        try {
            for (TargetFlag f : store.flags()) m.computeIfAbsent(f.target(), k -> java.util.EnumSet.noneOf(TargetFlag.Kind.class)).add(f.kind());
        } catch (StoreException e) {
            LOG.warn("cannot read the pause and dry-run flags, holding every target: {}", e.getMessage());
            for (String t : targets.keySet()) m.put(t, java.util.EnumSet.of(TargetFlag.Kind.PAUSED));
        }
        flags = m;
    }

    private Set<TargetFlag.Kind> flags(String target) {
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
        LOG.info("{}: {}{}{}", t.name, d.summary(), values.isEmpty() ? "" : " [" + values + "]", dry ? " [dry run: not applied]" : "");
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    // ---------------------------------------------------------------- applying

    /** Moves the action to APPLYING and applies it, retrying retryable failures with backoff; records every attempt. */
    private void apply(TargetLoop t, PlannedAction a, String reason) {
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
                } catch (RuntimeException e) {
                    o = new Outcome.Failed(a.decisionId(), true, e.toString(), List.of());
                }
                Instant ended = clock.instant();
                String message = message(o);
                if (o instanceof Outcome.Failed f && f.retryable() && n - done < MAX_ATTEMPTS) {
                    store.recordAttempt(new ActuationAttempt(a.decisionId(), n, started, ended, ActuationAttempt.Outcome.RETRYABLE, message));
                    Duration wait = backoff.withSeed(a.decisionId().hashCode()).delay(n - done);
                    LOG.warn("{}: applying {} failed ({}), retrying in {}", t.name, a.decisionId(), f.message(), wait);
                    TimeUnit.MILLISECONDS.sleep(wait.toMillis());
                    continue;
                }
                boolean ok = !(o instanceof Outcome.Failed);
                store.transition(a.decisionId(), ok ? ActionState.APPLIED : ActionState.FAILED, ended,
                        new ActuationAttempt(a.decisionId(), n, started, ended,
                                ok ? ActuationAttempt.Outcome.SUCCEEDED : ActuationAttempt.Outcome.FAILED, message));
                if (ok) LOG.debug("{}: applied {}: {}", t.name, a.decisionId(), message);
                else LOG.error("{}: applying {} failed: {}", t.name, a.decisionId(), message);
                break;
            }
        } catch (StoreException e) {
            LOG.error("{}: cannot record applying {}: {} (it is picked up again on restart)", t.name, a.decisionId(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (t) {
                if (a.decisionId().equals(t.inFlight)) t.inFlight = null;
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
     * Takes the policies of a reloaded (valid) config: each running target whose spec changed continues with the new
     * spec, its scaling state (reconciled: clocks keyed by policy name and condition survive) and the latest sample of
     * each metric it still reads; longer windows fill again from new samples. Targets added or removed, and changed
     * actuators, sources, interval or store, take effect at the next start.
     *
     * @return what the reload did, one line each
     */
    List<String> reload(List<io.capstan.core.target.TargetSpec> specs) {
        List<String> done = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (io.capstan.core.target.TargetSpec spec : specs) {
            names.add(spec.name());
            TargetLoop t = targets.get(spec.name());
            if (t == null) {
                done.add(spec.name() + ": a new target starts at the next start of capstan run");
                continue;
            }
            synchronized (t) {
                if (t.runtime.spec().equals(spec)) continue;
                TargetRuntime next = new TargetRuntime(spec, new Decider(), t.runtime.state());
                t.latest.entrySet().removeIf(e -> !spec.metrics().containsKey(e.getKey()));
                t.latest.forEach((metric, v) -> next.add(metric, v.at().toEpochMilli(), v.value()));
                t.runtime = next;
                t.lastRecordedHold = null;
                done.add(spec.name() + ": policies reloaded");
            }
        }
        for (String name : targets.keySet()) if (!names.contains(name)) done.add(name + ": removed from the config; it stops being run at the next start");
        return done;
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
                String state = StateCodec.encode(t.runtime.state());
                try {
                    if (!state.equals(t.savedState)) store.saveState(new StoredState(t.name, ScalingState.CURRENT_VERSION, state, now));
                } catch (StoreException e) {
                    LOG.error("{}: cannot save state at shutdown: {}", t.name, e.getMessage());
                }
                t.actuator.close();
            }
        }
        for (MetricSource s : sources.values()) s.close();
    }
}
