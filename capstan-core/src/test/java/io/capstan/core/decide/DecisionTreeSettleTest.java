package io.capstan.core.decide;

import io.capstan.core.explain.Reason;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.Severity;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.DecisionTreePolicy;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.Trace;
import io.capstan.core.state.ScalingState;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decision-tree outcome that changes the count settles like one that names an action: it is
 * decided again only after its settle time, in simulate as in a single tick (the newcomer's tree:
 * a vertical scale, then "still over" adds 2 with a 3 minute settle).
 */
class DecisionTreeSettleTest {

    static DecisionTreePolicy tree() {
        Condition over = new Condition.Compare("cpu", Aggregation.AVG, Duration.ofMinutes(1), Comparator.GT, 70, Duration.ZERO);
        DecisionTreePolicy.Node ok = new DecisionTreePolicy.Healthy("ok");
        DecisionTreePolicy.Node em = new DecisionTreePolicy.Outcome("em", new Action.Add(2), Severity.CRITICAL, Duration.ofMinutes(3), null);
        DecisionTreePolicy.Node still = new DecisionTreePolicy.Check("still", over, em, ok);
        DecisionTreePolicy.Node vs = new DecisionTreePolicy.Outcome("vs", new Action.Named("vertical", Map.of("to", "large")),
                null, Duration.ofMinutes(5), still);
        return new DecisionTreePolicy("tree", new DecisionTreePolicy.Check("hi", over, vs, ok));
    }

    static TargetSpec spec() {
        return Harness.target(1, 10, 1, Cooldowns.NONE, List.of(tree()), MetricSpec.of("cpu"));
    }

    @Test
    void aReplicaOutcomeIsNotDecidedAgainWhileItSettlesInSimulate() {
        Trace.Builder trace = Trace.builder();
        for (int m = 0; m < 20; m++) trace.add("cpu", Harness.T0.plusSeconds(60L * m), 90);
        List<Row> rows = new Simulator().run(List.of(spec()), trace.build(), SimulationOptions.DEFAULTS).target("t").rows();
        // vertical at 00:00, settles 5m; em at 00:05, then every 3m: 00:08, 00:11, 00:14 (to max 10 at 00:17)
        assertThat(rows.get(4).desiredReplicas()).isEqualTo(1);
        assertThat(rows.get(5).desiredReplicas()).isEqualTo(3);
        assertThat(rows.get(6).desiredReplicas()).isEqualTo(3);
        assertThat(rows.get(6).reason()).isEqualTo(Reason.OutcomeSettling);
        assertThat(rows.get(6).summary()).contains("em is settling until 2026-03-02T00:08:00Z");
        assertThat(rows.get(7).desiredReplicas()).isEqualTo(3);
        assertThat(rows.get(8).desiredReplicas()).isEqualTo(5);
        assertThat(rows.get(11).desiredReplicas()).isEqualTo(7);
        assertThat(rows.get(14).desiredReplicas()).isEqualTo(9);
        long scaleOuts = rows.stream().filter(r -> r.action().startsWith(Row.SCALE_OUT)).count();
        assertThat(scaleOuts).isEqualTo(5);
    }

    @Test
    void theEngineRecordsTheOutcomeInTheTargetsStateSoEveryDriverSeesIt() {
        Harness h = new Harness(spec());
        h.run(1, Map.of("cpu", 90.0));
        Decision scaled = h.run(5, Map.of("cpu", 90.0));
        assertThat(scaled.to()).as(scaled.summary()).isEqualTo(3);
        ScalingState state = h.runtime.state();
        assertThat(state.actions()).containsEntry("em", h.now);
        Decision held = h.run(1, Map.of("cpu", 90.0));
        assertThat(held.to()).isEqualTo(3);
        assertThat(held.reason()).isEqualTo(Reason.OutcomeSettling);
        assertThat(held.summary()).startsWith("keep 3 (OutcomeSettling): tree: ").contains("em is settling until");
    }
}
