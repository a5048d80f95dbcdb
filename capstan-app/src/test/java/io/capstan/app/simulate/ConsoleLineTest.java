package io.capstan.app.simulate;

import io.capstan.app.TestSpecs;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.simulate.Trace;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's replica range says where a run started when its first decision left that count (newcomer: starts 2, said 5-15). */
class ConsoleLineTest {
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

    private static TargetResult run(int initial, double cpu) {
        TargetSpec spec = TestSpecs.target("api", 1, 20, initial, List.of(TestSpecs.tracking("cpu", 50)), null, "cpu");
        Trace.Builder b = Trace.builder();
        for (int m = 0; m < 5; m++) b.add("cpu", T0.plusSeconds(60L * m), cpu);
        return new Simulator().run(List.of(spec), b.build(), SimulationOptions.DEFAULTS).target("api");
    }

    @Test
    void aRunThatLeftItsStartingCountAtOnceSaysWhereItStarted() {
        TargetResult r = run(2, 150); // 2 -> 6 at the first step, and on (observed cpu does not fall)
        assertThat(r.scorecard().minReplicas()).isEqualTo(6);
        assertThat(SimulateCommand.line(r, "a.yaml")).contains(", replicas 6-" + r.scorecard().maxReplicas() + " (starting at 2)");
    }

    @Test
    void aRangeThatHoldsTheStartingCountSaysNothingMore() {
        assertThat(SimulateCommand.line(run(4, 50), "a.yaml")).contains(", replicas 4-4").doesNotContain("starting at");
    }
}
