package io.capstan.app.config;

import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.signal.Reading;
import io.capstan.core.state.ScalingState;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** behavior.scaleUp/scaleDown.tolerance reach targetTracking from a policy file, as in Kubernetes. */
class TargetTrackingToleranceTest {

    private static Decision decide(String scaleDownTolerance, double cpu) {
        PolicyFile.Result r = PolicyFile.parse("""
                targets:
                  - name: api
                    replicas: {min: 1, max: 10, initial: 3}
                    metrics: {cpu: {}}
                    behavior:
                      scaleDown: {stabilizationWindowSeconds: 0%s}
                    policies:
                      - name: cpu-target
                        targetTracking: {metric: cpu, target: 100}
                """.formatted(scaleDownTolerance), Path.of("p.yaml"));
        assertThat(r.problems()).isEmpty();
        TargetSpec spec = r.targets().get(0);
        return new Decider().decide(spec, ScalingState.EMPTY, new Decider.Observation(3, 3),
                (metric, agg, window) -> new Reading.Present(cpu, 1, 1.0), Instant.parse("2026-03-02T10:00:00Z")).decision();
    }

    @Test
    void aScaleDownToleranceOfHalfKeepsThreeAtSixtyFivePercent() {
        Decision d = decide(", tolerance: 0.5", 65);
        assertThat(d.to()).as(d.summary()).isEqualTo(3);
        assertThat(d.summary()).contains("ratio 0.65 within scale-down tolerance 0.5: keep 3");
    }

    @Test
    void withoutItThePolicyToleranceApplies() {
        Decision d = decide("", 65);
        assertThat(d.to()).as(d.summary()).isEqualTo(2);
    }
}
