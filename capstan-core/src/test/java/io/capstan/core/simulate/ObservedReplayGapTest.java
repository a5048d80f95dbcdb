package io.capstan.core.simulate;

import io.capstan.core.model.Cooldowns;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.capstan.core.simulate.Specs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Observed replay scores a gap in the trace as demand replay scores a gap in the demand: a step at
 * which no metric has usable data is time the policies did not run on, so it is not billed (the
 * newcomer's trace of two minutes a year apart scored 8,760 replica-hours).
 */
class ObservedReplayGapTest {

    @Test
    void stepsWithoutUsableDataAreNotScored() {
        Trace.Builder b = Trace.builder();
        for (int m = 0; m < 80; m++) if (m < 10 || m >= 70) b.add("cpu", minute(m), 50);
        // the last sample before the gap (minute 9) is stale (5m) from minute 14: minutes 14-69 have no usable data
        TargetSpec spec = target("api", 1, 20, 4, List.of(tracking("cpu", 50)), Cooldowns.NONE, null, "cpu");
        TargetResult r = new Simulator().run(List.of(spec), b.build(), SimulationOptions.DEFAULTS).target("api");

        assertThat(r.mode()).isEqualTo(TargetResult.Mode.OBSERVED);
        assertThat(r.size()).isEqualTo(80);
        assertThat(r.rows()).extracting(Row::desiredReplicas).containsOnly(4);
        assertThat(r.scorecard().replicaHours()).isCloseTo(24 * 4 / 60.0, within(1e-9));
        assertThat(r.scorecard().unscoredMinutes()).isCloseTo(56, within(1e-9));
        assertThat(r.notes()).anyMatch(n -> n.startsWith("56m of steps at which no metric had usable data"));
    }

    @Test
    void aTraceWithoutGapsIsScoredWhole() {
        Trace.Builder b = Trace.builder();
        for (int m = 0; m < 80; m++) b.add("cpu", minute(m), 50);
        TargetSpec spec = target("api", 1, 20, 4, List.of(tracking("cpu", 50)), Cooldowns.NONE, null, "cpu");
        TargetResult r = new Simulator().run(List.of(spec), b.build(), SimulationOptions.DEFAULTS).target("api");

        assertThat(r.scorecard().replicaHours()).isCloseTo(80 * 4 / 60.0, within(1e-9));
        assertThat(r.scorecard().unscoredMinutes()).isZero();
        assertThat(r.notes()).noneMatch(n -> n.contains("no metric had usable data"));
    }
}
