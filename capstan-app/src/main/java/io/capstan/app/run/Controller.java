package io.capstan.app.run;

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
 * started it; targets evaluate independently.
 */
final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("capstan");
    static final Duration STATE_SAVE_EVERY = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 5;
    /** A test hook: a controller started with this system property never applies an action to that count. */
    static final String HOLD_BEFORE_APPLY = "capstan.test.holdBeforeApplyOf";

    private final Map<String, TargetLoop> targets;
    private final DecisionStore store;
    private final Map<String, MetricSource> sources;
    private final List<Sources.Binding> bindings;
    private final Clock clock;
    private final boolean dryRun;
    private final Backoff backoff;
    private final ExecutorService applying;
    private final Map<String, AtomicLong> sourceFailures = new TreeMap<>();
    private final SourceHealth health = new SourceHealth(LOG);
    private final Integer holdBeforeApplyOf = Integer.getInteger(HOLD_BEFORE_APPLY);
    private volatile Map<String, Set<TargetFlag.Kind>> flags = Map.of();

    Controller(Map<String, TargetLoop> targets, DecisionStore store, Map<String, MetricSource> sources, List<Sources.Binding> bindings,
               Clock clock, boolean dryRun, Backoff backoff) {
        this.targets = new LinkedHashMap<>(targets);
        this.store = store;
        this.sources = Map.copyOf(sources);
        this.bindings = List.copyOf(bindings);
        this.clock = clock;
        this.dryRun = dryRun;
        this.backoff = backoff;
        this.applying = Executors.newFixedThreadPool(Math.max(1, Math.min(4, targets.size())), r -> {
            Thread t = new Thread(r, "capstan-apply");
            t.setDaemon(true);
            return t;
        });
        for (String type : sources.keySet()) sourceFailures.put(type, new AtomicLong());
    }

    Map<String, TargetLoop> targets() {
        return targets;
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
        for (TargetLoop t : targets.values()) {
            var saved = store.state(t.name);
            if (saved.isPresent()) {
                try {
                    ScalingState s = StateCodec.decode(saved.get().payload());
                    synchronized (t) {
                        t.runtime.restore(s);
                        t.savedState = saved.get().payload();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("{}: saved state cannot be read, starting afresh: {}", t.name, e.getMessage());
                }
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

    // ---------------------------------------------------------------- the tick

    /** One round: poll every polled source once (all its requests in one batch), then evaluate every target. */
    void tick() {
        Instant now = clock.instant();
        refreshFlags();
        poll(now);
        for (TargetLoop t : targets.values()) evaluate(t, now);
    }

    private void poll(Instant now) {
        Map<String, List<SeriesRequest>> byType = new LinkedHashMap<>();
        for (Sources.Binding b : bindings) byType.computeIfAbsent(b.type(), k -> new ArrayList<>()).add(b.request());
        for (Map.Entry<String, List<SeriesRequest>> e : byType.entrySet()) {
            MetricSource source = sources.get(e.getKey());
            Poll poll;
            try {
                poll = source.poll(e.getValue(), now);
            } catch (RuntimeException ex) {
                poll = Poll.failed(e.getValue(), ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            }
            if (!poll.failures().isEmpty()) sourceFailures.get(e.getKey()).incrementAndGet();
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
     * Pushed samples: fed at once, and each target they touched evaluated at once, without waiting for the tick. The
     * samples of a batch are fed oldest first (a client sending history loses nothing to its own order); a sample
     * older than the newest one its series already holds is dropped by the series, so it is reported as ignored, not
     * counted as accepted.
     */
    PushResult push(List<Sample> samples) {
        Integer[] order = new Integer[samples.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, java.util.Comparator.comparing(i -> samples.get(i).at()));
        int accepted = 0;
        List<PushResult.Ignored> ignored = new ArrayList<>();
        Set<String> touched = new java.util.LinkedHashSet<>();
        for (int i : order) {
            Sample s = samples.get(i);
            TargetLoop t = targets.get(s.target());
            if (t == null) continue;
            synchronized (t) {
                TargetLoop.Latest before = t.latest.get(s.metric());
                Admission a = t.runtime.add(s.metric(), s.at().toEpochMilli(), s.value());
                if (a == Admission.ACCEPTED || a == Admission.REPLACED) {
                    t.latest.put(s.metric(), new TargetLoop.Latest(s.value(), s.at()));
                    accepted++;
                    touched.add(s.target());
                } else if (a != null) {
                    ignored.add(new PushResult.Ignored(i, a == Admission.OUT_OF_ORDER && before != null
                            ? "older than the latest sample of " + s.target() + "/" + s.metric() + " at " + before.at()
                            : "not kept (" + a.name().toLowerCase(java.util.Locale.ROOT) + ")"));
                }
            }
        }
        Instant now = clock.instant();
        for (String name : touched) evaluate(targets.get(name), now);
        ignored.sort(java.util.Comparator.comparingInt(PushResult.Ignored::index));
        return new PushResult(accepted, ignored);
    }

    /**
     * What a push did: how many samples were added, and which were not (by their index in the batch) and why.
     */
    record PushResult(int accepted, List<Ignored> ignored) {
        record Ignored(int index, String reason) {}
    }

    /** The polled source type a target's metric is read from, or null when it is pushed (source: push, or none). */
    String polledSource(String target, String metric) {
        for (Sources.Binding b : bindings) {
            if (b.request().target().equals(target) && b.request().metric().equals(metric)) return b.type();
        }
        return null;
    }

    /** True when the target reads the metric: a pushed sample for it is accepted. */
    boolean reads(String target, String metric) {
        TargetLoop t = targets.get(target);
        return t != null && t.runtime.spec().metrics().containsKey(metric);
    }

    void evaluate(TargetLoop t, Instant now) {
        Decision d;
        boolean dry;
        synchronized (t) {
            if (t.inFlight != null) {
                t.holding = "applying " + t.inFlight;
                return;
            }
            Set<TargetFlag.Kind> flags = flags(t.name);
            if (flags.contains(TargetFlag.Kind.PAUSED)) {
                t.holding = "paused";
                return;
            }
            Capacity c;
            try {
                c = t.actuator.observe();
            } catch (ActuatorException e) {
                t.capacity = null;
                String why = "capacity unknown, holding: " + e.getMessage();
                if (!why.equals(t.holding)) LOG.warn("{}: {}", t.name, why);
                t.holding = why;
                return;
            }
            t.capacity = c;
            t.holding = null;
            // Nothing to compare against while the clock stands still (a test clock, two pushes in one instant):
            // the runtime ids such decisions by sequence.
            dry = dryRun || flags.contains(TargetFlag.Kind.DRY_RUN);
            ScalingState before = t.runtime.state();
            d = t.runtime.tick(new Decider.Observation(c.desired(), Math.min(c.ready(), c.desired()), c.current(), List.of()), now);
            if (dry && d.to() != d.from()) t.runtime.restore(DryRunState.unapplied(before, t.runtime.state()));
            t.lastDecision = d;
            String state = StateCodec.encode(t.runtime.state());
            boolean change = d.to() != d.from();
            try {
                // A hold, or a dry run's change (which stays unapplied and so is decided again every tick), is written
                // when it differs from the last one written; a change that is applied is always written.
                String key = d.from() + ">" + d.to() + " " + d.reason().name();
                if ((change && !dry) || !d.actions().isEmpty() || !key.equals(t.lastRecordedHold)) {
                    Recording r = Recording.of(stored(d, dry)).withState(new StoredState(t.name, ScalingState.CURRENT_VERSION, state, now));
                    if (change && !dry) r = r.planned();
                    store.record(r);
                    t.lastRecordedId = d.id().toString();
                    t.savedState = state;
                    t.savedAt = now;
                    // a change decided again while its actuator keeps failing was said already, with the failure
                    if (change && !key.equals(t.lastRecordedHold) && !t.failing.repeats(key)) terminal(t, d, dry);
                    if (change && !dry) t.failing.deciding(key);
                    t.lastRecordedHold = change && !dry ? null : key;
                    if (change && !dry) t.inFlight = d.id().toString();
                } else if (!state.equals(t.savedState) && (t.savedAt == null || !now.isBefore(t.savedAt.plus(STATE_SAVE_EVERY)))) {
                    store.saveState(new StoredState(t.name, ScalingState.CURRENT_VERSION, state, now));
                    t.savedState = state;
                    t.savedAt = now;
                }
            } catch (StoreException e) {
                // Nothing was recorded, so nothing may be applied: the next tick decides again.
                LOG.error("{}: cannot record the decision, not applying it: {}", t.name, e.getMessage());
                return;
            }
            if (!change || dry) return;
        }
        PlannedAction a = new PlannedAction(d.id().toString(), t.name, d.to(), ActionState.PLANNED, now);
        if (holdBeforeApplyOf != null && holdBeforeApplyOf == d.to()) {
            LOG.info("{}: test hook: holding {} before applying", t.name, a.decisionId());
            return;
        }
        applying.execute(() -> apply(t, a, d.reason().name()));
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
        try {
            if (a.state() == ActionState.PLANNED || store.action(a.decisionId()).map(PlannedAction::state).orElse(null) == ActionState.PLANNED) {
                store.transition(a.decisionId(), ActionState.APPLYING, clock.instant());
            }
            int done = store.attempts(a.decisionId()).size();
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
                    if (t.failing.quiet(f.message(), ended)) LOG.debug("{}: applying {} failed ({}), retrying in {}", t.name, a.decisionId(), f.message(), Durations.format(wait));
                    else LOG.warn("{}: applying {} failed ({}), retrying in {}", t.name, a.decisionId(), f.message(), Durations.format(wait));
                    TimeUnit.MILLISECONDS.sleep(wait.toMillis());
                    continue;
                }
                boolean ok = !(o instanceof Outcome.Failed);
                store.transition(a.decisionId(), ok ? ActionState.APPLIED : ActionState.FAILED, ended,
                        new ActuationAttempt(a.decisionId(), n, started, ended,
                                ok ? ActuationAttempt.Outcome.SUCCEEDED : ActuationAttempt.Outcome.FAILED, message));
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
