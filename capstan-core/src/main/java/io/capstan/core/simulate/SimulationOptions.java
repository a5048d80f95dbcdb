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
 */
public record SimulationOptions(Instant from, Instant to, Duration step, String demandMetric, int progressEvery, Untraced untraced) {

    /**
     * A metric that no trace series feeds (and the demand model does not derive) has no data for the
     * whole run. The controller would apply its onMissing rule, and under the default upOnly every
     * scale-in would be blocked: true, but not what a replay of load asks. So by default the
     * policies that read such a metric are left out of the simulation, and the notes say which.
     */
    public enum Untraced { LEAVE_OUT, TREAT_AS_MISSING }

    public SimulationOptions(Instant from, Instant to, Duration step, String demandMetric, int progressEvery) {
        this(from, to, step, demandMetric, progressEvery, Untraced.LEAVE_OUT);
    }
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(1);
    public static final String DEFAULT_DEMAND_METRIC = "demand";
    public static final SimulationOptions DEFAULTS = new SimulationOptions(null, null, null, null, 0);

    public SimulationOptions {
        step = step == null ? DEFAULT_STEP : step;
        demandMetric = demandMetric == null || demandMetric.isBlank() ? DEFAULT_DEMAND_METRIC : demandMetric;
        progressEvery = progressEvery <= 0 ? 1000 : progressEvery;
        untraced = untraced == null ? Untraced.LEAVE_OUT : untraced;
        if (step.isNegative() || step.isZero()) throw new IllegalArgumentException("step must be positive, got " + step);
        if (from != null && to != null && to.isBefore(from)) throw new IllegalArgumentException("to " + to + " is before from " + from);
    }

    public SimulationOptions withFrom(Instant f) { return new SimulationOptions(f, to, step, demandMetric, progressEvery, untraced); }

    public SimulationOptions withTo(Instant t) { return new SimulationOptions(from, t, step, demandMetric, progressEvery, untraced); }

    public SimulationOptions withStep(Duration s) { return new SimulationOptions(from, to, s, demandMetric, progressEvery, untraced); }

    public SimulationOptions withUntraced(Untraced u) { return new SimulationOptions(from, to, step, demandMetric, progressEvery, u); }

    public SimulationOptions withDemandMetric(String m) { return new SimulationOptions(from, to, step, m, progressEvery, untraced); }
}
