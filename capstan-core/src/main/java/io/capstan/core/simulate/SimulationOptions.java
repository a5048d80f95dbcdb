package io.capstan.core.simulate;

import java.time.Duration;
import java.time.Instant;

/**
 * How to replay a trace.
 *
 * @param from          first step of the virtual clock; null means the trace's start
 * @param to            last instant a step may fall on (inclusive); null means the trace's end
 * @param step          the virtual clock's tick; null means {@link #DEFAULT_STEP}
 * @param demandMetric  the trace metric that is demand for targets with a service model; null means {@code demand}
 * @param progressEvery call the progress listener every this many steps; 0 or less means the default 1000
 * @param untraced      what to do with policies that read a metric nothing in the trace feeds
 * @param warmUp        how long after the replay's start the steps are replayed but not scored; null means none. A live
 *                      run warm-starts its forecasts from stored history, a replay starts with none: a warm-up lets the
 *                      predictive policies gather history before the scores begin, for every policy compared alike
 */
public record SimulationOptions(Instant from, Instant to, Duration step, String demandMetric, int progressEvery, Untraced untraced,
                                Duration warmUp) {

    /**
     * A metric that no trace series feeds (and the demand model does not derive) has no data for the
     * whole run. The controller would apply its onMissing rule, and under the default upOnly every
     * scale-in would be blocked: true, but not what a replay of load asks. So by default the
     * policies that read such a metric are left out of the simulation, and the notes say which.
     */
    public enum Untraced { LEAVE_OUT, TREAT_AS_MISSING }

    public SimulationOptions(Instant from, Instant to, Duration step, String demandMetric, int progressEvery) {
        this(from, to, step, demandMetric, progressEvery, Untraced.LEAVE_OUT, Duration.ZERO);
    }

    public SimulationOptions(Instant from, Instant to, Duration step, String demandMetric, int progressEvery, Untraced untraced) {
        this(from, to, step, demandMetric, progressEvery, untraced, Duration.ZERO);
    }
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(1);
    public static final String DEFAULT_DEMAND_METRIC = "demand";
    public static final SimulationOptions DEFAULTS = new SimulationOptions(null, null, null, null, 0);

    public SimulationOptions {
        step = step == null ? DEFAULT_STEP : step;
        demandMetric = demandMetric == null || demandMetric.isBlank() ? DEFAULT_DEMAND_METRIC : demandMetric;
        progressEvery = progressEvery <= 0 ? 1000 : progressEvery;
        untraced = untraced == null ? Untraced.LEAVE_OUT : untraced;
        warmUp = warmUp == null ? Duration.ZERO : warmUp;
        if (warmUp.isNegative()) throw new IllegalArgumentException("warm-up must not be negative, got " + warmUp);
        if (step.isNegative() || step.isZero()) throw new IllegalArgumentException("step must be positive, got " + step);
        if (from != null && to != null && to.isBefore(from)) throw new IllegalArgumentException("to " + to + " is before from " + from);
    }

    public SimulationOptions withFrom(Instant f) { return new SimulationOptions(f, to, step, demandMetric, progressEvery, untraced, warmUp); }

    public SimulationOptions withTo(Instant t) { return new SimulationOptions(from, t, step, demandMetric, progressEvery, untraced, warmUp); }

    public SimulationOptions withStep(Duration s) { return new SimulationOptions(from, to, s, demandMetric, progressEvery, untraced, warmUp); }

    public SimulationOptions withUntraced(Untraced u) { return new SimulationOptions(from, to, step, demandMetric, progressEvery, u, warmUp); }

    public SimulationOptions withDemandMetric(String m) { return new SimulationOptions(from, to, step, m, progressEvery, untraced, warmUp); }

    public SimulationOptions withWarmUp(Duration w) { return new SimulationOptions(from, to, step, demandMetric, progressEvery, untraced, w); }

    /**
     * The first scored step of a replay that starts at {@code start}: the first step at or after start + warmUp (a
     * step stands for the time up to the next one, so a step that begins inside the warm-up is part of it).
     */
    public Instant scoredFrom(Instant start) {
        long stepMillis = Math.max(1, step.toMillis());
        long steps = -Math.floorDiv(-warmUp.toMillis(), stepMillis);
        return start.plusMillis(Math.multiplyExact(steps, stepMillis));
    }
}
