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
 */
public record SimulationOptions(Instant from, Instant to, Duration step, String demandMetric, int progressEvery) {
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(1);
    public static final String DEFAULT_DEMAND_METRIC = "demand";
    public static final SimulationOptions DEFAULTS = new SimulationOptions(null, null, null, null, 0);

    public SimulationOptions {
        step = step == null ? DEFAULT_STEP : step;
        demandMetric = demandMetric == null || demandMetric.isBlank() ? DEFAULT_DEMAND_METRIC : demandMetric;
        progressEvery = progressEvery <= 0 ? 1000 : progressEvery;
        if (step.isNegative() || step.isZero()) throw new IllegalArgumentException("step must be positive, got " + step);
        if (from != null && to != null && to.isBefore(from)) throw new IllegalArgumentException("to " + to + " is before from " + from);
    }

    public SimulationOptions withFrom(Instant f) { return new SimulationOptions(f, to, step, demandMetric, progressEvery); }

    public SimulationOptions withTo(Instant t) { return new SimulationOptions(from, t, step, demandMetric, progressEvery); }

    public SimulationOptions withStep(Duration s) { return new SimulationOptions(from, to, s, demandMetric, progressEvery); }

    public SimulationOptions withDemandMetric(String m) { return new SimulationOptions(from, to, step, m, progressEvery); }
}
