package io.capstan.core.decide;

import io.capstan.core.explain.Reason;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.DecisionTreePolicy;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.simulate.Trace;
import io.capstan.core.target.Signals;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A tree is walked to its end however many nodes it has: no node-count limit stands in for a cycle check. */
class LargeDecisionTreeTest {

    /** A chain of {@code checks} checks, each with a shared healthy leaf on its no branch, ending in a scale-out. */
    static DecisionTreePolicy chain(int checks) {
        DecisionTreePolicy.Node healthy = new DecisionTreePolicy.Healthy("healthy");
        DecisionTreePolicy.Node node = new DecisionTreePolicy.Outcome("grow", new Action.Add(1), null, null, null);
        for (int i = checks - 1; i >= 0; i--) {
            Condition c = new Condition.Compare("cpu", Aggregation.AVG, Duration.ofMinutes(1), Comparator.GT, i % 50, Duration.ZERO);
            node = new DecisionTreePolicy.Check("check-" + i, c, node, healthy);
        }
        return new DecisionTreePolicy("deep", node);
    }

    @ParameterizedTest
    @ValueSource(ints = {3_000, 5_000})
    void aDeepAcyclicTreeIsWalkedToItsEnd(int nodes) {
        DecisionTreePolicy tree = chain(nodes - 2);
        assertThat(tree.nodes()).hasSize(nodes);
        TargetSpec spec = Harness.target(1, 10, 2, Cooldowns.NONE, List.of(tree), MetricSpec.of("cpu"));
        assertThat(Signals.reads(tree)).hasSize(nodes - 2);
        Harness h = new Harness(spec);
        Decision d = h.run(1, Map.of("cpu", 90.0));
        assertThat(d.to()).as(d.summary()).isEqualTo(3);
        assertThat(d.reason()).isEqualTo(Reason.DecisionTreeOutcome);
        assertThat(d.proposals().get(0).message()).contains("check-" + (nodes - 3) + " yes").endsWith("grow: add 1 -> 3");

        d = h.run(1, Map.of("cpu", 30.0));
        assertThat(d.proposals().get(0).message()).as("the no branch of check-30 ends at the shared leaf").contains("check-30 no").endsWith("healthy");

        Trace.Builder trace = Trace.builder();
        for (int m = 0; m < 5; m++) trace.add("cpu", Harness.T0.plusSeconds(60L * m), 90);
        TargetResult simulated = new Simulator().run(List.of(spec), trace.build(), SimulationOptions.DEFAULTS).target("t");
        assertThat(simulated.rows()).isNotEmpty().allMatch(r -> r.desiredReplicas() >= 2);
        assertThat(simulated.rows().get(simulated.size() - 1).desiredReplicas()).isGreaterThan(2);
    }
}
