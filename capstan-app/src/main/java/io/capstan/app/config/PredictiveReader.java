package io.capstan.app.config;

import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Types;
import io.capstan.core.forecast.Model;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.policy.PredictivePolicy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code predictive}: hold the replicas a forecast of the load needs, ahead of need (docs/policy.md, Predictive). */
final class PredictiveReader extends ReaderBase {
    static final Field<String> METRIC = Field.required("metric", PolicyTypes.TEXT, "the target-scope load metric to forecast, e.g. request_rate");
    static final Field<Double> TARGET_UTILIZATION = Field.required("targetUtilization", PolicyTypes.NUMBER.where(u -> u > 0 && u <= 100 ? null
            : "targetUtilization must be a percent in (0, 100], found " + ConditionText.number(u)), "percent of a replica's capacity to plan for");
    static final Field<Model> MODEL = Field.optional("model", Types.choice(models()), PredictivePolicy.DEFAULT_MODEL, "the forecasting model");
    static final Field<Duration> STEP = Field.optional("step", PolicyTypes.POSITIVE_DURATION, PredictivePolicy.DEFAULT_STEP,
            "the grid the history is kept on");
    static final Field<Duration> HISTORY = Field.optional("history", PolicyTypes.POSITIVE_DURATION, PredictivePolicy.DEFAULT_HISTORY,
            "how much history the model is fit on");
    static final Field<Duration> REFIT = Field.optional("refit", PolicyTypes.POSITIVE_DURATION, PredictivePolicy.DEFAULT_REFIT,
            "how often the model is fit again");
    static final Field<Duration> BUFFER = Field.optional("bufferSeconds", PolicyTypes.DURATION, null,
            "how far ahead capacity is planned (default: the service's startupSeconds)");
    static final Field<Double> MAX_CAPACITY_BUFFER = Field.optional("maxCapacityBuffer", PolicyTypes.nonNegative("maxCapacityBuffer"), 0.0,
            "percent by which the forecast may exceed max");
    static final Field<Boolean> FORECAST_ONLY = Field.optional("forecastOnly", PolicyTypes.BOOL, false, "record what it would do, change nothing");
    static final Field<Node> ERROR_GUARD = Field.optional("errorGuard", Types.any("an error guard {metric, window, above} or off"), null,
            "reactive-only while the forecast error is high");
    static final Field<Double> QUANTILE = Field.optional("quantile", PolicyTypes.NUMBER.where(q -> q >= 50 && q < 100 ? null
            : "quantile must be a percentile in [50, 100), found " + ConditionText.number(q)), 50.0,
            "the percentile of the load planned for: above 50 adds that percentile of the recent forecast errors");
    static final Field<PredictivePolicy.QuantileOn> QUANTILE_ON = Field.optional("quantileOn", Types.choice(Types.<PredictivePolicy.QuantileOn>options(
            "every-step", PredictivePolicy.QuantileOn.EVERY_STEP, "rises", PredictivePolicy.QuantileOn.RISES)), PredictivePolicy.QuantileOn.EVERY_STEP,
            "where the quantile's headroom applies: every step, or only where the forecast climbs");
    static final Field<Double> FALLBACK_UTILIZATION = Field.optional("fallbackUtilization", PolicyTypes.NUMBER.where(u -> u > 0 && u <= 100 ? null
            : "fallbackUtilization must be a percent in (0, 100], found " + ConditionText.number(u)), null,
            "while no forecast is trusted, hold the recent load at this utilization (default: reactive only)");
    static final Schema PREDICTIVE = Schema.of("a predictive rule {metric, targetUtilization, model, step, history, refit, bufferSeconds,"
            + " maxCapacityBuffer, forecastOnly, errorGuard, quantile, quantileOn, fallbackUtilization}", METRIC, TARGET_UTILIZATION, MODEL, STEP,
            HISTORY, REFIT, BUFFER, MAX_CAPACITY_BUFFER, FORECAST_ONLY, ERROR_GUARD, QUANTILE, QUANTILE_ON, FALLBACK_UTILIZATION);

    static final Field<PredictivePolicy.ErrorMeasure> GUARD_METRIC = Field.optional("metric", Types.choice(Types.<PredictivePolicy.ErrorMeasure>options(
            "wape", PredictivePolicy.ErrorMeasure.WAPE, "mape", PredictivePolicy.ErrorMeasure.MAPE)), PredictivePolicy.ErrorGuard.DEFAULT.measure(),
            "how the error is measured");
    static final Field<Duration> GUARD_WINDOW = Field.optional("window", PolicyTypes.POSITIVE_DURATION, PredictivePolicy.ErrorGuard.DEFAULT.window(),
            "the window the error is measured over");
    static final Field<Double> GUARD_ABOVE = Field.optional("above", PolicyTypes.POSITIVE_NUMBER, PredictivePolicy.ErrorGuard.DEFAULT.above(),
            "the error, in percent, above which the forecast is not used");
    static final Schema GUARD = Schema.of("an error guard {metric, window, above}", GUARD_METRIC, GUARD_WINDOW, GUARD_ABOVE);

    PredictiveReader(Problems problems, List<String> lines) {
        super(problems, lines);
    }

    private static Map<String, Model> models() {
        Map<String, Model> m = new LinkedHashMap<>();
        for (Model model : Model.values()) m.put(model.id(), model);
        m.put("holt-winters", Model.HOLT_WINTERS_ADDITIVE); // as `capstan forecast --model` spells it
        return m;
    }

    /** @param service the target's service model: its capacity per replica and startup time are the policy's */
    PredictivePolicy predictive(Node node, String path, String name, ServiceModel service) {
        int before = problems.count();
        Fields f = fields(node, path, PREDICTIVE);
        if (f == null) return null;
        String metric = f.value(METRIC);
        Double utilization = f.value(TARGET_UTILIZATION);
        Model model = f.value(MODEL);
        Duration step = f.value(STEP);
        Duration history = f.value(HISTORY);
        Duration refit = f.value(REFIT);
        Duration buffer = f.value(BUFFER);
        Double maxBuffer = f.value(MAX_CAPACITY_BUFFER);
        Boolean forecastOnly = f.value(FORECAST_ONLY);
        Double quantile = f.value(QUANTILE);
        PredictivePolicy.QuantileOn quantileOn = f.value(QUANTILE_ON);
        if (f.has("quantileOn") && quantileOn == PredictivePolicy.QuantileOn.RISES && quantile != null && quantile <= 50) {
            problems.warn(f.get("quantileOn"), "quantileOn has no effect at quantile 50 (the default): the point forecast is planned"
                    + " everywhere; give a quantile above 50, e.g. quantile: 95");
        }
        Double fallback = f.value(FALLBACK_UTILIZATION);
        PredictivePolicy.ErrorGuard guard = f.has("errorGuard") ? guard(f.get("errorGuard"), f.path("errorGuard")) : PredictivePolicy.ErrorGuard.DEFAULT;
        if (service == null) {
            problems.add(node, path, "predictive needs the target's service {capacityPerReplica, startupSeconds}: the forecast load is"
                    + " turned into replicas through capacityPerReplica and planned startupSeconds ahead");
        }
        if (problems.count() > before || name == null) return null;
        Duration lead = buffer != null ? buffer : service.startup();
        return build(node, path, () -> new PredictivePolicy(name, metric, utilization, service.capacityPerReplica(), lead, model, step, history,
                refit, maxBuffer, forecastOnly, guard, quantile, quantileOn, fallback == null ? 0 : fallback));
    }

    private PredictivePolicy.ErrorGuard guard(Node node, String path) {
        if (node instanceof Node.Scalar s && s.isValue() && (s.text().strip().equalsIgnoreCase("off") || s.text().strip().equalsIgnoreCase("false"))) {
            return null;
        }
        Fields g = fields(node, path, GUARD);
        if (g == null) return null;
        PredictivePolicy.ErrorMeasure measure = g.value(GUARD_METRIC);
        Duration window = g.value(GUARD_WINDOW);
        Double above = g.value(GUARD_ABOVE);
        if (measure == null || window == null || above == null) return null;
        return build(node, path, () -> new PredictivePolicy.ErrorGuard(measure, window, above));
    }
}
