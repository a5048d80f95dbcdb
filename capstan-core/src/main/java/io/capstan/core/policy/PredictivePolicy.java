package io.capstan.core.policy;

import io.capstan.core.explain.Explanation;
import io.capstan.core.explain.Reason;
import io.capstan.core.forecast.Model;
import io.capstan.core.model.Durations;
import io.capstan.core.model.Numbers;
import io.capstan.core.model.Replicas;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Predictive scaling, after AWS's: forecast a target-scope load metric (requests/s, in demand replay the
 * demand itself) from the target's own history, convert the forecast to replicas through the capacity of one
 * replica at the target utilization, {@code ceil(forecast / (capacityPerReplica x targetUtilization / 100))},
 * and hold that many {@code lead} ahead of need. The proposal is a {@link Proposal.Floor}: it raises the count
 * before a predictable ramp and never lowers it, so scale-in is left to the reactive policies beside it, which
 * also answer what no forecast foresees.
 *
 * <p>The forecast is the largest point forecast over [now, now + lead]: replicas started now serve from now +
 * lead, and the floor must not dip between two ramps. The model, refit now and then and moved on by each
 * sample in between, lives in the engine's {@link ForecastTrack}, never in the policy (which stays a value).
 *
 * @param capacityPerReplica the load one replica serves at 100 % (the target's {@code service.capacityPerReplica})
 * @param lead               how far ahead capacity is planned: the target's {@code service.startupSeconds}, or
 *                           {@code bufferSeconds} when given
 * @param model              the forecasting model, refit on the history every {@code refit}
 * @param step               the grid the history is kept on (samples are averaged per step)
 * @param history            how much history the model is fit on
 * @param maxCapacityBuffer  percent by which the forecast floor may exceed the target's max (AWS's
 *                           MaxCapacityBuffer); 0 keeps it within max
 * @param forecastOnly       records what the policy would have done in the explanation and changes nothing
 * @param errorGuard         falls back to reactive-only while the recent forecast error is high, or null for none
 * @param quantile           the percentile of the load the plan covers: 50 plans for the point forecast; above 50 adds that
 *                           percentile of the forecast's recent errors (each forecast made lead ahead against what came, over
 *                           the error guard's window), so a noisy load gets headroom and a well-forecast one none
 * @param quantileOn         where the quantile's headroom applies: on every step, or only where the forecast climbs (see
 *                           {@link QuantileOn#RISES})
 * @param fallbackUtilization while there is no forecast to trust (warming up, or the error guard holding it), the floor held
 *                           instead: the recent load at this utilization, so a target whose reactive side runs full (it
 *                           answers surprises while the forecast plans) is not left at that utilization with nothing planned;
 *                           0 for none (reactive only, as AWS falls back)
 */
public record PredictivePolicy(String name, String metric, double targetUtilization, double capacityPerReplica, Duration lead,
                               Model model, Duration step, Duration history, Duration refit, double maxCapacityBuffer,
                               boolean forecastOnly, ErrorGuard errorGuard, double quantile, QuantileOn quantileOn,
                               double fallbackUtilization) implements Policy {

    /** No fallback floor: reactive only while the forecast is missing or not trusted. */
    public PredictivePolicy(String name, String metric, double targetUtilization, double capacityPerReplica, Duration lead, Model model,
                            Duration step, Duration history, Duration refit, double maxCapacityBuffer, boolean forecastOnly, ErrorGuard errorGuard,
                            double quantile) {
        this(name, metric, targetUtilization, capacityPerReplica, lead, model, step, history, refit, maxCapacityBuffer, forecastOnly, errorGuard,
                quantile, QuantileOn.EVERY_STEP, 0);
    }

    /**
     * Where a quantile above 50 adds headroom. A forecast that runs low costs capacity where the load climbs: there the
     * replicas must be started ahead, while on a flat or falling stretch the running replicas and the reactive side cover a
     * miss. So {@code RISES} plans for the quantile only where the forecast climbs, from the errors of the forecasts that
     * climbed, and for the point forecast elsewhere: the same protection on ramps for fewer replica-hours.
     */
    public enum QuantileOn {
        /** Every step, from the errors of every forecast over the error guard's window. */
        EVERY_STEP,
        /**
         * Only where the forecast over the lead is above the last step seen, from the errors of the last
         * {@value ForecastTrack#RISING_ERRORS} forecasts made on such a rise.
         */
        RISES;

        public String id() {
            return this == EVERY_STEP ? "every-step" : "rises";
        }
    }

    /** The point forecast is planned for (quantile 50). */
    public PredictivePolicy(String name, String metric, double targetUtilization, double capacityPerReplica, Duration lead, Model model,
                            Duration step, Duration history, Duration refit, double maxCapacityBuffer, boolean forecastOnly, ErrorGuard errorGuard) {
        this(name, metric, targetUtilization, capacityPerReplica, lead, model, step, history, refit, maxCapacityBuffer, forecastOnly, errorGuard, 50);
    }

    public static final Model DEFAULT_MODEL = Model.HOLT_WINTERS_ADDITIVE;
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(5);
    public static final Duration DEFAULT_HISTORY = Duration.ofDays(14);
    public static final Duration DEFAULT_REFIT = Duration.ofDays(1);

    /** How forecast error is measured: over the window, each forecast made {@code lead} ahead against what came. */
    public enum ErrorMeasure {
        /** Mean absolute percentage error; steps whose actual value is 0 are skipped. */
        MAPE,
        /** Weighted absolute percentage error: sum |actual - forecast| / sum |actual| (quiet hours weigh less). */
        WAPE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reactive-only while the forecast's error over the last {@code window} is above {@code above} percent. The error
     * is judged once half the window has been measured; before that the forecast is trusted.
     */
    public record ErrorGuard(ErrorMeasure measure, Duration window, double above) {
        public static final ErrorGuard DEFAULT = new ErrorGuard(ErrorMeasure.WAPE, Duration.ofHours(6), 30);

        public ErrorGuard {
            measure = measure == null ? ErrorMeasure.WAPE : measure;
            Objects.requireNonNull(window, "window");
            if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("errorGuard window must be positive");
            if (!(above > 0) || !Double.isFinite(above)) throw new IllegalArgumentException("errorGuard above must be a positive percent");
        }
    }

    public PredictivePolicy {
        Objects.requireNonNull(name, "policy name");
        Objects.requireNonNull(metric, "metric of " + name);
        Objects.requireNonNull(lead, "lead of " + name);
        model = model == null ? DEFAULT_MODEL : model;
        quantileOn = quantileOn == null ? QuantileOn.EVERY_STEP : quantileOn;
        step = step == null ? DEFAULT_STEP : step;
        history = history == null ? DEFAULT_HISTORY : history;
        refit = refit == null ? DEFAULT_REFIT : refit;
        if (!(targetUtilization > 0 && targetUtilization <= 100)) {
            throw new IllegalArgumentException("targetUtilization of " + name + " must be in (0, 100], got " + targetUtilization);
        }
        if (!(capacityPerReplica > 0) || !Double.isFinite(capacityPerReplica)) {
            throw new IllegalArgumentException("capacityPerReplica of " + name + " must be positive, got " + capacityPerReplica);
        }
        if (lead.isNegative()) throw new IllegalArgumentException("lead of " + name + " must not be negative");
        if (step.isNegative() || step.isZero()) throw new IllegalArgumentException("step of " + name + " must be positive");
        if (history.compareTo(step.multipliedBy(2)) < 0) throw new IllegalArgumentException("history of " + name + " must hold two steps");
        if (refit.isNegative() || refit.isZero()) throw new IllegalArgumentException("refit of " + name + " must be positive");
        if (!(fallbackUtilization >= 0 && fallbackUtilization <= 100)) {
            throw new IllegalArgumentException("fallbackUtilization of " + name + " must be in (0, 100], got " + fallbackUtilization);
        }
        if (!(quantile >= 50 && quantile < 100)) throw new IllegalArgumentException("quantile of " + name + " must be in [50, 100), got " + quantile);
        if (maxCapacityBuffer < 0 || !Double.isFinite(maxCapacityBuffer)) {
            throw new IllegalArgumentException("maxCapacityBuffer of " + name + " must not be negative");
        }
    }

    @Override
    public String kind() {
        return "predictive";
    }

    /** The replicas that serve {@code load} at the target utilization. */
    public int replicasFor(double load) {
        return replicasAt(load, targetUtilization);
    }

    private int replicasAt(double load, double utilization) {
        return load <= 0 ? 0 : Replicas.ceil(load / (capacityPerReplica * utilization / 100.0));
    }

    @Override
    public Proposal propose(PolicyInput in) {
        ForecastTrack track = in.forecasts().track(name);
        if (track == null) {
            return new Proposal.Hold(name, Reason.ForecastWarmingUp, Explanation.text(metric + ": no forecast history for " + name));
        }
        ForecastTrack.Prediction p = track.predict(in.now());
        int max = in.bounds().max();
        if (p.value() == null) {
            Proposal fallback = fallback(track, max, Reason.ForecastWarmingUp, () -> metric + " forecast warming up (" + p.note() + ")");
            return fallback != null ? fallback
                    : new Proposal.Hold(name, Reason.ForecastWarmingUp, Explanation.of(() -> metric + " forecast warming up: " + p.note()));
        }
        double value = p.value();
        int replicas = replicasFor(value);
        int ceiling = maxCapacityBuffer > 0 ? Math.max(max, (int) Math.ceil(max * (1 + maxCapacityBuffer / 100.0) - 1e-9)) : max;
        if (errorGuard != null && p.error() != null && p.error() > errorGuard.above()) {
            Supplier<String> why = () -> "error guard: forecast " + errorGuard.measure().id() + " "
                    + Numbers.format(p.error()) + " % over the last " + Durations.format(errorGuard.window()) + " is above "
                    + Numbers.format(errorGuard.above()) + " %";
            Proposal fallback = fallback(track, max, Reason.ForecastGuard, () -> why.get() + " (ignored: " + said(p, replicas) + ")");
            return fallback != null ? fallback
                    : new Proposal.Hold(name, Reason.ForecastGuard, Explanation.of(() -> why.get() + ": reactive only (ignored: " + said(p, replicas) + ")"));
        }
        if (forecastOnly) {
            return new Proposal.Hold(name, Reason.ForecastOnly, Explanation.of(() -> "forecastOnly: would hold at least "
                    + Replicas.said(Math.min(replicas, ceiling)) + " (" + said(p, replicas) + ")"));
        }
        return new Proposal.Floor(name, replicas, ceiling, Explanation.of(() -> said(p, replicas) + (replicas > max && ceiling > max
                ? "; max " + max + " may be exceeded up to " + ceiling + " (maxCapacityBuffer " + Numbers.format(maxCapacityBuffer) + " %)" : "")));
    }

    /**
     * The floor held while no forecast is trusted: the recent load (the latest sample, or the last closed step when it was
     * higher) at {@code fallbackUtilization}; null when there is none to hold (no fallback configured, forecast only, no load yet).
     */
    private Proposal fallback(ForecastTrack track, int max, Reason reason, Supplier<String> why) {
        if (fallbackUtilization <= 0 || forecastOnly) return null;
        double recent = track.recentLoad();
        if (!(recent > 0)) return null;
        int replicas = replicasAt(recent, fallbackUtilization);
        return new Proposal.Floor(name, replicas, max, Explanation.of(() -> why.get() + "; fallback: recent " + metric + " "
                + Numbers.format(recent) + " -> ceil(" + Numbers.format(recent) + " / (" + Numbers.format(capacityPerReplica) + " x "
                + Numbers.format(fallbackUtilization / 100.0) + ")) = " + Replicas.said(replicas) + " replicas (fallbackUtilization)"), reason);
    }

    /** What was forecast, over which horizon, by which model on how much history, and the capacity it implies. */
    private String said(ForecastTrack.Prediction p, int replicas) {
        double value = p.value();
        String q = quantile <= 50 ? ""
                : quantileOn == QuantileOn.EVERY_STEP ? ", p" + Numbers.format(quantile) + " with " + Numbers.format(p.headroom()) + " for its recent errors"
                + " (" + p.measured() + " measured)"
                : p.rising() ? ", a rise: p" + Numbers.format(quantile) + " with " + Numbers.format(p.headroom()) + " for its recent errors on rises ("
                + p.measured() + " of the last " + ForecastTrack.RISING_ERRORS + " measured)"
                : ", no rise: the point forecast";
        return metric + " forecast " + Numbers.format(value) + " (max over the next " + Durations.format(lead) + q + ", "
                + p.model() + ", " + p.note() + ") -> ceil(" + Numbers.format(value) + " / (" + Numbers.format(capacityPerReplica) + " x "
                + Numbers.format(targetUtilization / 100.0) + ")) = " + Replicas.said(replicas) + " replicas " + Durations.format(lead) + " ahead";
    }
}
