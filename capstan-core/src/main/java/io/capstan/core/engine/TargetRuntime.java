package io.capstan.core.engine;

import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.policy.ForecastTrack;
import io.capstan.core.policy.Forecasts;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.PredictivePolicy;
import io.capstan.core.signal.Admission;
import io.capstan.core.state.ScalingState;
import io.capstan.core.state.StateReconciler;
import io.capstan.core.target.Signals;
import io.capstan.core.target.TargetSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One target's engine: its signals, its scaling state and the decider, behind one {@link #tick}. Every
 * driver runs a target through this and nothing else: the simulator (a trace on a virtual clock), explain
 * (one instant from a scenario) and the controller (live samples on the wall clock). A driver feeds
 * samples ({@link #add}), says what the target looks like now ({@link Decider.Observation}) and applies
 * the decision to its world; what is decided, and what is remembered for the next decision, is decided
 * here once.
 *
 * <p>Not thread-safe: one target is evaluated by one worker at a time. The decisions it returns are
 * immutable and may be handed to other threads.
 */
public final class TargetRuntime {
    private final TargetSpec spec;
    private final Decider decider;
    private final Signals signals;
    /** The predictive policies' forecast tracks, by policy name, and by the metric that feeds them. */
    private final Map<String, ForecastTrack> tracks = new HashMap<>();
    private final Map<String, List<ForecastTrack>> tracksByMetric = new HashMap<>();
    private ScalingState state;
    /** The instant of the last tick and how many ticks fell on it, for {@link io.capstan.core.decide.DecisionId}. */
    private Instant lastTick;
    private int sameInstant;

    public TargetRuntime(TargetSpec spec, Decider decider) {
        this(spec, decider, ScalingState.EMPTY);
    }

    /** @param saved the state to continue from; reconciled with {@code spec} (see {@link StateReconciler}) */
    public TargetRuntime(TargetSpec spec, Decider decider, ScalingState saved) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.decider = Objects.requireNonNull(decider, "decider");
        this.signals = Signals.of(spec);
        for (Policy p : spec.policies()) {
            if (p instanceof PredictivePolicy f) {
                ForecastTrack track = new ForecastTrack(f);
                tracks.put(f.name(), track);
                tracksByMetric.computeIfAbsent(f.metric(), k -> new ArrayList<>(1)).add(track);
            }
        }
        this.state = StateReconciler.reconcile(spec, Objects.requireNonNull(saved, "state"));
    }

    public TargetSpec spec() {
        return spec;
    }

    /** What must be saved to continue after a restart. */
    public ScalingState state() {
        return state;
    }

    /** Replaces the state, reconciled with this target's spec, as after loading a saved one. */
    public void restore(ScalingState saved) {
        state = StateReconciler.reconcile(spec, Objects.requireNonNull(saved, "state"));
    }

    /**
     * A runtime for a changed spec (a config reload) that continues this one: its state, reconciled with
     * {@code spec}, and its tick clock, so a tick in the same instant as this one's last gets the next sequence
     * number and decision ids stay unique. Samples are not carried: the new spec's windows start empty.
     */
    public TargetRuntime respecified(TargetSpec spec) {
        TargetRuntime next = new TargetRuntime(spec, decider, state);
        next.lastTick = lastTick;
        next.sameInstant = sameInstant;
        return next;
    }

    /** Adds a sample; null for a metric the target neither declares nor reads (see {@link Signals#add}). */
    public Admission add(String metric, long epochMillis, double value) {
        Admission a = signals.add(metric, epochMillis, value);
        if (a == Admission.ACCEPTED || a == Admission.REPLACED) {
            List<ForecastTrack> fed = tracksByMetric.get(metric);
            if (fed != null) for (ForecastTrack t : fed) t.add(epochMillis, value);
        }
        return a;
    }

    /**
     * Warms the forecast track of the predictive policy {@code policy} with its metric's history from before a live
     * start (oldest first), never the signals: their windows hold the present, which the sources give. Call before the
     * first live sample of the metric; see {@link ForecastTrack#warm}.
     *
     * @return how many samples the track took; 0 when there is no predictive policy of that name
     */
    public int warm(String policy, long[] epochMillis, double[] values, int n, String origin) {
        ForecastTrack t = tracks.get(policy);
        return t == null ? 0 : t.warm(epochMillis, values, n, origin);
    }

    /**
     * Decides at {@code now} from the samples fed so far and the observed replicas, and keeps the state for
     * the next tick. Ticks go forward in time; two at the same instant get ids with rising sequence numbers.
     */
    public Decision tick(Decider.Observation observed, Instant now) {
        Decider.Result r = decide(observed, now);
        state = r.next();
        return r.decision();
    }

    /** The decision a tick would make now, and the state it would keep, without keeping it. */
    public Decider.Result preview(Decider.Observation observed, Instant now) {
        int sequence = now.equals(lastTick) ? sameInstant : 0;
        return decider.decide(spec, state, observed, signals.at(now), tracks.isEmpty() ? Forecasts.NONE : tracks::get, now, sequence);
    }

    private Decider.Result decide(Decider.Observation observed, Instant now) {
        if (lastTick != null && now.isBefore(lastTick)) {
            throw new IllegalArgumentException("tick at " + now + " is before the last one, " + lastTick + ": time goes forward");
        }
        Decider.Result r = preview(observed, now);
        if (now.equals(lastTick)) {
            sameInstant++;
        } else {
            lastTick = now;
            sameInstant = 1;
        }
        return r;
    }
}
