package io.capstan.app.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a plan section can build on: the plan file, the history source (every series in it, not only the planned
 * one: right-sizing reads per-container usage), the analysis of the planned series (trend, forecast p10/p50/p90,
 * peaks) and the replicas needed at the forecast peaks.
 *
 * @param sizing the replicas needed at the p50 and the p90 forecast peak, or an empty list when no capacity model is given
 */
record PlanContext(Path config, PlanConfig plan, PlanHistory history, String metric, Duration lookback, Duration lookahead,
                   PlanAnalysis analysis, List<PlannedSize> sizing) {
    PlanContext {
        sizing = List.copyOf(sizing);
    }

    /** The replicas one forecast peak needs. */
    record PlannedSize(String band, PlanAnalysis.Observed peak, Sizing sizing) {}
}
