package io.capstan.core.policy;

import io.capstan.core.forecast.Fitted;
import io.capstan.core.forecast.Seasons;
import io.capstan.core.model.Durations;
import io.capstan.core.model.Numbers;

import java.time.Duration;
import java.time.Instant;

/**
 * The running forecast of one {@link PredictivePolicy}: its metric's history on the policy's step grid, the
 * fitted model, and the recent error of its own past forecasts. Fed by the engine with the same samples as the
 * target's signals, so in simulation it holds the trace up to the virtual now and nothing after it.
 *
 * <p>Cost: a sample is O(1) (it adds to the open step). Closing a step observes it into the model (O(1) for
 * Holt-Winters and seasonal naive) and forecasts {@code lead} ahead once (O(lead / step)); a refit, every
 * {@code refit} of the samples' time, fits the model again on the kept history, started from the previous
 * parameters. Asking for the forecast is O(lead / step) with no allocation.
 *
 * <p>Look-ahead: a step is closed only once a sample of a later step arrives, or once a whole step has passed
 * after it with none; so what a forecast at t rests on is the samples before the start of the step that holds
 * t. Not saved across restarts: a live start {@link #warm warms} it from the metric's history before the start (the
 * store, or a Prometheus range query), then the samples fed after the start carry it on; the state the decision needs
 * meanwhile is the target's ScalingState.
 *
 * <p>Mutable, owned by one target's engine; not thread-safe.
 */
public final class ForecastTrack {
    /** How many errors of forecasts made on a rise a {@link PredictivePolicy.QuantileOn#RISES} quantile is taken over. */
    public static final int RISING_ERRORS = 72;
    private final PredictivePolicy policy;
    private final long stepMillis;
    private final Seasons seasons;
    private final int leadSteps;
    /** Steps forecast after the last closed one: the lead, plus the open step and one step of grace. */
    private final int horizon;
    private final long refitSteps;

    /** The kept history, a ring of the last {@code capacity} closed steps. */
    private final double[] ring;
    private int size;
    private int head;
    private boolean allPositive = true;

    /** Start of the open step, or Long.MIN_VALUE before the first sample. */
    private long open = Long.MIN_VALUE;
    private double openSum;
    private int openCount;
    /** Index of the next step to close (steps since the epoch). */
    private long nextIndex;

    private Fitted fitted;
    private long stepsSinceFit;
    private final double[] ahead;
    private boolean haveAhead;
    private String unfit = "no samples yet";
    /** True while {@link #warm} feeds a history: the model is fit once at the end, not once per refit period of it. */
    private boolean warming;
    /** "6d 23h from the store": what a warm start gave, said beside the history in every note; null when not warmed. */
    private String warmedFrom;
    /** The time of the latest sample taken: a warm start takes only what is after it, never a sample twice. */
    private long latest = Long.MIN_VALUE;
    /** The value of the latest sample taken (NaN before the first). */
    private double latestValue = Double.NaN;

    /** The forecasts waiting for their step, by step index modulo their count; and the guard's window of errors. */
    private final double[] pending;
    /** Whether the forecast waiting in a slot climbed above the last step seen when it was made. */
    private final boolean[] pendingRise;
    /** The errors (actual - forecast) of the last forecasts made on a rise, and their quantile: the headroom on a rise. */
    private final double[] riseErrors = new double[RISING_ERRORS];
    private final double[] riseSorted = new double[RISING_ERRORS];
    private int riseHead;
    private int riseSize;
    private double riseHeadroom;
    private final long[] pendingIndex;
    private final double[] errAbs;
    private final double[] errActual;
    private final double[] errPct;
    private final boolean[] errPctValid;
    private int errSize;
    private int errHead;
    private double sumAbs;
    private double sumActual;
    private double sumPct;
    private int countPct;
    /** Signed errors (actual - forecast) of the window, and the plan's headroom: their chosen quantile, at least 0. */
    private final double[] errSigned;
    private final double[] sorted;
    private double headroom;

    public ForecastTrack(PredictivePolicy policy) {
        this.policy = policy;
        Duration step = policy.step();
        this.stepMillis = step.toMillis();
        this.seasons = Seasons.of(step);
        this.leadSteps = (int) Math.max(1, ceilDiv(policy.lead().toMillis(), stepMillis));
        this.horizon = leadSteps + 3;
        this.refitSteps = Math.max(1, policy.refit().toMillis() / stepMillis);
        this.ring = new double[(int) Math.max(2, policy.history().toMillis() / stepMillis)];
        this.ahead = new double[horizon];
        int slots = leadSteps + 1;
        this.pending = new double[slots];
        this.pendingRise = new boolean[slots];
        this.pendingIndex = new long[slots];
        java.util.Arrays.fill(pendingIndex, Long.MIN_VALUE);
        Duration measured = (policy.errorGuard() != null ? policy.errorGuard() : PredictivePolicy.ErrorGuard.DEFAULT).window();
        int window = (int) Math.max(1, measured.toMillis() / stepMillis);
        this.errSigned = new double[window];
        this.sorted = new double[window];
        this.errAbs = new double[window];
        this.errActual = new double[window];
        this.errPct = new double[window];
        this.errPctValid = new boolean[window];
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * What the policy forecasts now: the largest point forecast over [now, now + lead] plus the quantile's headroom (null with
     * {@code unfit} saying why there is none), the model, how much history it rests on, the recent error in percent (null until
     * measured), whether the forecast climbs above the last step seen, and how many past errors the headroom rests on.
     */
    public record Prediction(Double value, String model, Double error, Duration history, String unfit, PredictivePolicy.ErrorGuard guard,
                             double headroom, String warmedFrom, boolean rising, int measured) {
        /**
         * "7d of history (7d from the store), wape 4.1 % over 6h", or why there is no forecast; built only when an
         * explanation is read.
         */
        public String note() {
            String warm = warmedFrom == null ? "" : " (warm start: " + warmedFrom + ")";
            if (value == null) return unfit + warm;
            return Durations.format(history) + " of history" + warm
                    + (error == null ? "" : ", " + guard.measure().id() + " " + Numbers.format(error) + " % over " + Durations.format(guard.window()));
        }
    }

    /**
     * Feeds the metric's history from before a live start, oldest first, and fits the model once on it, so a restarted
     * target forecasts at once instead of after days of samples. {@code origin} names where the history came from
     * ("the store", "prometheus at http://..."); the notes of every later forecast say it with the span it gave.
     * Samples at or before the latest one the track took are skipped (a second warm start adds nothing twice); the
     * step of the last one stays open.
     *
     * @return how many samples were taken
     */
    public int warm(long[] epochMillis, double[] values, int n, String origin) {
        int taken = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        warming = true;
        try {
            for (int i = 0; i < n; i++) {
                if (epochMillis[i] <= latest) continue;
                long before = open;
                int count = openCount;
                add(epochMillis[i], values[i]);
                if (open != before || openCount != count) {
                    taken++;
                    first = Math.min(first, epochMillis[i]);
                    last = Math.max(last, epochMillis[i]);
                }
            }
        } finally {
            warming = false;
        }
        if (taken == 0) return 0;
        long span = Math.floorDiv(last, stepMillis) * stepMillis - Math.floorDiv(first, stepMillis) * stepMillis + stepMillis;
        warmedFrom = Durations.format(Duration.ofMillis(span)) + " from " + origin;
        if (size > 0) {
            refit();
            if (fitted != null) {
                fitted.forecast(ahead);
                haveAhead = true;
            }
        }
        return taken;
    }

    /** Adds a sample of the policy's metric; a sample older than the open step is dropped (history is not rewritten). */
    public void add(long epochMillis, double value) {
        if (!Double.isFinite(value)) return;
        if (epochMillis >= latest) latestValue = value;
        latest = Math.max(latest, epochMillis);
        long start = Math.floorDiv(epochMillis, stepMillis) * stepMillis;
        if (open == Long.MIN_VALUE) {
            open = start;
            nextIndex = start / stepMillis;
            unfit = "no whole " + Durations.format(Duration.ofMillis(stepMillis)) + " step yet";
        } else if (start < open) {
            return;
        } else if (start > open) {
            closeBefore(start);
        }
        openSum += value;
        openCount++;
    }

    /** Closes the steps that ended a whole step or more before {@code now}: no sample of theirs is still expected. */
    void advance(Instant now) {
        if (open == Long.MIN_VALUE) return;
        long limit = Math.floorDiv(now.toEpochMilli(), stepMillis) * stepMillis - stepMillis;
        if (limit > open) closeBefore(limit);
    }

    /** Closes the open step and fills every step after it up to {@code start}, which becomes the open one. */
    private void closeBefore(long start) {
        // a gap longer than the kept history leaves nothing to carry across: start again
        if ((start - open) / stepMillis > ring.length) {
            closeStep(openCount > 0 ? openSum / openCount : Double.NaN, openCount > 0);
            long skipped = (start - open) / stepMillis - 1;
            size = 0;
            fitted = null;
            haveAhead = false;
            unfit = "history restarted after a gap of " + Durations.format(Duration.ofMillis(skipped * stepMillis));
            nextIndex += skipped;
        } else {
            closeStep(openCount > 0 ? openSum / openCount : Double.NaN, openCount > 0);
            for (long s = open + stepMillis; s < start; s += stepMillis) closeStep(Double.NaN, false);
        }
        open = start;
        openSum = 0;
        openCount = 0;
    }

    /** One step closes with its mean, or (no sample) the model's own forecast of it, else the value before it. */
    private void closeStep(double mean, boolean observed) {
        long index = nextIndex++;
        double value = mean;
        if (!observed) {
            if (haveAhead) value = ahead[0];
            else if (size > 0) value = ring[(head + size - 1) % ring.length];
            else return;
        }
        if (observed) score(index, value);
        if (size < ring.length) {
            ring[(head + size) % ring.length] = value;
            size++;
        } else {
            ring[head] = value;
            head = (head + 1) % ring.length;
        }
        if (value <= 0) allPositive = false;
        if (fitted != null) {
            fitted.observe(value);
            stepsSinceFit++;
        }
        if (warming) return;
        if (fitted == null || stepsSinceFit >= refitSteps) refit();
        if (fitted != null) {
            fitted.forecast(ahead);
            haveAhead = true;
            int slot = (int) Math.floorMod(index + leadSteps, (long) pending.length);
            pending[slot] = ahead[leadSteps - 1];
            pendingRise[slot] = ahead[leadSteps - 1] > value;
            pendingIndex[slot] = index + leadSteps;
        }
    }

    private void refit() {
        String why = policy.model().unusable(size, seasons, allPositive);
        if (why != null) {
            unfit = Durations.format(Duration.ofMillis(size * stepMillis)) + " of history; " + policy.model().id() + " " + why;
            if (fitted != null) stepsSinceFit = 0;
            return;
        }
        double[] y = new double[size];
        for (int i = 0; i < size; i++) y[i] = ring[(head + i) % ring.length];
        try {
            fitted = policy.model().fit(y, 0, size, seasons, leadSteps, fitted);
            stepsSinceFit = 0;
        } catch (IllegalArgumentException e) {
            unfit = e.getMessage();
        }
    }

    /** Compares the forecast made lead steps before this step with what came. */
    private void score(long index, double actual) {
        int slot = (int) Math.floorMod(index, (long) pending.length);
        if (pendingIndex[slot] != index) return;
        double f = pending[slot];
        double abs = Math.abs(actual - f);
        if (errSize == errAbs.length) {
            sumAbs -= errAbs[errHead];
            sumActual -= errActual[errHead];
            if (errPctValid[errHead]) {
                sumPct -= errPct[errHead];
                countPct--;
            }
        } else {
            errSize++;
        }
        errSigned[errHead] = actual - f;
        errAbs[errHead] = abs;
        errActual[errHead] = Math.abs(actual);
        errPctValid[errHead] = actual != 0;
        errPct[errHead] = actual != 0 ? abs / Math.abs(actual) : 0;
        if (errPctValid[errHead]) {
            sumPct += errPct[errHead];
            countPct++;
        }
        sumAbs += abs;
        sumActual += Math.abs(actual);
        errHead = (errHead + 1) % errAbs.length;
        if (policy.quantile() > 50 && policy.quantileOn() == PredictivePolicy.QuantileOn.RISES && pendingRise[slot]) {
            riseErrors[riseHead] = actual - f;
            riseHead = (riseHead + 1) % RISING_ERRORS;
            if (riseSize < RISING_ERRORS) riseSize++;
            riseHeadroom = quantileOf(riseErrors, riseSize, riseSorted);
        }
        if (policy.quantile() > 50 && policy.quantileOn() == PredictivePolicy.QuantileOn.EVERY_STEP && errSize * 2 >= errAbs.length) {
            // once a step, not once a tick: a sort of the window's errors
            headroom = quantileOf(errSigned, errSize, sorted);
        }
    }

    /** The policy's quantile of the first {@code n} errors (sorted in {@code scratch}), at least 0. */
    private double quantileOf(double[] errors, int n, double[] scratch) {
        System.arraycopy(errors, 0, scratch, 0, n);
        java.util.Arrays.sort(scratch, 0, n);
        return Math.max(0, scratch[Math.min(n - 1, (int) Math.ceil(policy.quantile() / 100.0 * n) - 1)]);
    }

    /** The recent error in percent, or null until half the guard's window has been measured. */
    private Double error() {
        PredictivePolicy.ErrorGuard g = policy.errorGuard();
        if (g == null || errSize * 2 < errAbs.length) return null;
        if (g.measure() == PredictivePolicy.ErrorMeasure.MAPE) return countPct == 0 ? null : 100 * sumPct / countPct;
        return sumActual > 0 ? 100 * Math.max(0, sumAbs) / sumActual : null;
    }

    /** The forecast at {@code now}, from the steps closed before it. */
    public Prediction predict(Instant now) {
        advance(now);
        if (!haveAhead) return new Prediction(null, policy.model().id(), null, history(), unfit, policy.errorGuard(), 0, warmedFrom, false, 0);
        long firstAhead = nextIndex * stepMillis;
        long t = now.toEpochMilli();
        int from = (int) Math.max(0, Math.floorDiv(t - firstAhead, stepMillis));
        int to = (int) Math.min(horizon - 1, Math.floorDiv(t + policy.lead().toMillis() - firstAhead, stepMillis));
        from = Math.min(from, to);
        double max = Math.max(0, ahead[from]);
        for (int i = from + 1; i <= to; i++) max = Math.max(max, ahead[i]);
        boolean rising = size > 0 && max > ring[(head + size - 1) % ring.length];
        double added = policy.quantileOn() == PredictivePolicy.QuantileOn.RISES ? (rising ? riseHeadroom : 0) : headroom;
        int measured = policy.quantileOn() == PredictivePolicy.QuantileOn.RISES ? riseSize : errSize;
        return new Prediction(max + added, fitted.model(), error(), history(), null, policy.errorGuard(), added, warmedFrom, rising, measured);
    }

    /**
     * The load now, for a fallback while no forecast is trusted: the latest sample, or the mean of the last closed step
     * when that was higher (a dip of one sample does not drop the floor); NaN before any sample.
     */
    public double recentLoad() {
        double last = size > 0 ? ring[(head + size - 1) % ring.length] : Double.NaN;
        if (Double.isNaN(latestValue)) return last;
        return Double.isNaN(last) ? latestValue : Math.max(latestValue, last);
    }

    private Duration history() {
        return Duration.ofMillis(size * stepMillis);
    }
}
