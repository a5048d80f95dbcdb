package io.capstan.app.simulate;

import io.capstan.app.TestSpecs;
import io.capstan.app.trace.Dedupe;
import io.capstan.app.trace.TraceCsv;
import io.capstan.app.trace.TraceSource;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.Scorecard;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.simulate.Trace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden replays of the shipped NAB EC2 cpu trace (14 days, 5-minute samples, median 43 %).
 * They pin decision counts and minutes under-provisioned, and check the absence of flapping;
 * a change here means the engine decides differently on real data, which must be deliberate.
 */
class NabGoldenTest {
    private static Trace trace;

    @BeforeAll
    static void load() throws Exception {
        Path p = Path.of("..", "examples", "traces", "ec2-cpu-5f5533.csv");
        TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource("cpu", p)), Dedupe.ERROR);
        assertThat(r.problems()).isEmpty();
        trace = r.trace().trace();
    }

    private static TargetResult replay(TargetSpec spec, SimulationOptions options) {
        return new Simulator().run(List.of(spec), trace, options).target(spec.name());
    }

    /** No scale-in sooner than the scale-in cooldown after any scaling, no scale-out sooner than the scale-out one. */
    private static void assertNoFlapping(TargetResult r) {
        Instant lastScale = null;
        Instant lastOut = null;
        for (Row row : r.rows()) {
            boolean out = row.action().startsWith(Row.SCALE_OUT);
            boolean in = row.action().startsWith(Row.SCALE_IN);
            if (in && lastScale != null) {
                assertThat(Duration.between(lastScale, row.at())).as("scale-in at " + row.at()).isGreaterThanOrEqualTo(r.spec().cooldowns().scaleIn());
            }
            if (out && lastOut != null) {
                assertThat(Duration.between(lastOut, row.at())).as("scale-out at " + row.at()).isGreaterThanOrEqualTo(r.spec().cooldowns().scaleOut());
            }
            if (out) lastOut = row.at();
            if (out || in) lastScale = row.at();
        }
    }

    @Test
    void observedTrackingAt50PercentStaysCalm() {
        TargetResult r = replay(TestSpecs.cpuTracking("api", 50, null), SimulationOptions.DEFAULTS.withStep(Duration.ofMinutes(5)));
        Scorecard s = r.scorecard();
        assertThat(r.size()).isEqualTo(4032);
        assertThat(s.scaleOutEvents()).isEqualTo(GOLDEN_TRACKING_OUT);
        assertThat(s.scaleInEvents()).isEqualTo(GOLDEN_TRACKING_IN);
        assertThat(s.minReplicas()).isEqualTo(GOLDEN_TRACKING_MIN);
        assertThat(s.maxReplicas()).isEqualTo(GOLDEN_TRACKING_MAX);
        assertNoFlapping(r);
    }

    @Test
    void demandReplayOfTheSameTrace() {
        // cpu % read as demand, 10 units per replica, 5-minute startup: the oracle needs ceil(cpu / 10) replicas.
        TargetSpec spec = TestSpecs.cpuTracking("api", 70, TestSpecs.service(10, Duration.ofMinutes(5), 0.1));
        TargetResult r = replay(spec, SimulationOptions.DEFAULTS.withDemandMetric("cpu"));
        Scorecard s = r.scorecard();
        assertThat(r.mode()).isEqualTo(TargetResult.Mode.DEMAND);
        assertThat(s.scaleOutEvents()).isEqualTo(GOLDEN_DEMAND_OUT);
        assertThat(s.scaleInEvents()).isEqualTo(GOLDEN_DEMAND_IN);
        assertThat(s.underProvisionedMinutes()).isEqualTo(GOLDEN_DEMAND_UNDER);
        assertThat(s.replicaHours()).isGreaterThanOrEqualTo(s.oracleReplicaHours());
        // A 70 % target on noisy 5-minute demand with a 5m average keeps re-deciding: about 37 events a day.
        // The first minutes overshoot to max: 2 replicas at 259 % scale to 8, and the 5m average still
        // holds the 259 % samples when the 8 are ready.
        assertThat(s.maxReplicas()).isEqualTo(20);
        assertThat(r.rows().subList(60, r.size())).extracting(Row::desiredReplicas).allMatch(d -> d <= 12);
        assertNoFlapping(r);
    }

    @Test
    void thresholdsHeldByTheFlappingGuard() {
        TargetResult r = replay(TestSpecs.cpuThresholds("api", null), SimulationOptions.DEFAULTS);
        assertThat(r.scorecard().scaleOutEvents()).isZero();
        assertThat(r.scorecard().scaleInEvents()).isZero();
        assertThat(r.rows()).anyMatch(row -> row.reason() == io.capstan.core.explain.Reason.FlappingGuard);
    }

    // Pinned from a run on 2026-11-23 (Decider without a behavior stage, interim Window).
    static final int GOLDEN_TRACKING_OUT = 6;
    static final int GOLDEN_TRACKING_IN = 7;
    static final int GOLDEN_TRACKING_MIN = 2;
    static final int GOLDEN_TRACKING_MAX = 7;
    static final int GOLDEN_DEMAND_OUT = 497;
    static final int GOLDEN_DEMAND_IN = 539;
    static final double GOLDEN_DEMAND_UNDER = 5;
}
