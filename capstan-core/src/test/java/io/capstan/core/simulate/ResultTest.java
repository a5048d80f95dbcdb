package io.capstan.core.simulate;

import io.capstan.core.explain.Reason;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.capstan.core.simulate.Specs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultTest {
    private final TargetSpec spec = target("api", 1, 10, 2, List.of(above("up", "cpu", 70, Duration.ZERO, new Action.Add(1))),
            new Cooldowns(Duration.ofHours(1), Duration.ZERO), null, "cpu");

    @Test
    void rowsAreAViewOfTheColumns() {
        Trace trace = perMinute(Trace.builder(), "cpu", 50, 90, 50).build();
        TargetResult r = new Simulator().run(List.of(spec), trace, SimulationOptions.DEFAULTS).target("api");
        assertThat(r.rows()).hasSize(3);
        assertThat(r.rows().get(1)).isEqualTo(r.row(1));
        assertThat(r.row(1)).isEqualTo(new Row(minute(1), 3, 3, Map.of("cpu", 90.0), Row.SCALE_OUT, Reason.ThresholdSustained, r.row(1).summary()));
        assertThat(r.row(1).summary()).startsWith("scale out 2 -> 3");
        assertThatThrownBy(() -> r.rows().add(r.row(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.row(0).metrics().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eventfulMeansAChangeOrANamedAction() {
        assertThat(new Row(minute(0), 1, 1, Map.of(), Row.HOLD, Reason.NoChange, "").eventful()).isFalse();
        assertThat(new Row(minute(0), 1, 1, Map.of(), "hold;x", Reason.NoChange, "").eventful()).isTrue();
        assertThat(new Row(minute(0), 1, 1, Map.of(), Row.SCALE_IN, Reason.NoChange, "").eventful()).isTrue();
    }

    @Test
    void resultNamesItsTargets() {
        Trace trace = perMinute(Trace.builder(), "cpu", 50).build();
        SimulationResult r = new Simulator().run(List.of(spec), trace, SimulationOptions.DEFAULTS);
        assertThat(r.target("api").target()).isEqualTo("api");
        assertThat(r.target("api").spec()).isSameAs(spec);
        assertThatThrownBy(() -> r.target("web")).hasMessage("no target web in this simulation");
        assertThat(r.steps()).isEqualTo(1);
        assertThat(r.from()).isEqualTo(r.to());
    }

    @Test
    void scorecardActionsAreSortedAndUnmodifiable() {
        Scorecard s = new Scorecard(1, null, null, 0, 0, 1, 1, null, Map.of("b", 1, "a", 2));
        assertThat(s.actions().keySet()).containsExactly("a", "b");
        assertThatThrownBy(() -> s.actions().put("c", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRunBeforeTheTraceHasNoDataAndHolds() {
        Trace trace = perMinute(Trace.builder(), "cpu", 90, 90).build();
        TargetResult r = new Simulator().run(List.of(spec), trace, SimulationOptions.DEFAULTS.withFrom(minute(-10))).target("api");
        assertThat(r.size()).isEqualTo(12);
        assertThat(r.row(0).metrics()).isEmpty();
        assertThat(r.rows().subList(0, 10)).extracting(Row::desiredReplicas).containsOnly(2);
        assertThat(r.row(10).desiredReplicas()).isEqualTo(3);
    }

    @Test
    void samplesBeforeTheFirstStepAreNotReplayed() {
        // from minute 5: the samples of minutes 0..3 are outside (from - step, from] and never fed.
        Trace trace = perMinute(Trace.builder(), "cpu", 90, 90, 90, 90, 10, 10).build();
        TargetResult r = new Simulator().run(List.of(spec), trace, SimulationOptions.DEFAULTS.withFrom(minute(5))).target("api");
        assertThat(r.rows()).extracting(Row::desiredReplicas).containsOnly(2);
    }

    @Test
    void optionsDefaultAndCopy() {
        SimulationOptions o = SimulationOptions.DEFAULTS;
        assertThat(o.step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.demandMetric()).isEqualTo("demand");
        assertThat(o.progressEvery()).isEqualTo(1000);
        assertThat(o.withTo(minute(3)).to()).isEqualTo(minute(3));
        assertThat(o.withDemandMetric(" ").demandMetric()).isEqualTo("demand");
    }
}
