package io.capstan.app.config;

import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.signal.Reading;
import io.capstan.core.state.ScalingState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The case, from a policy file: a legal huge scale-out saturates and lands on max, never wraps into a scale-in. */
class ReplicaArithmeticFromAFileTest {

    @ParameterizedTest
    @ValueSource(strings = {"{add: 2147483647}", "{addPercent: 1e300}"})
    void aHugeScaleOutAtFiveReplicasLandsOnMax(String action) {
        PolicyFile.Result r = PolicyFile.parse("""
                targets:
                  - name: api
                    replicas: {min: 1, max: 20, initial: 5}
                    metrics: {cpu: {}}
                    policies:
                      - name: hot
                        threshold: {when: "avg(cpu) > 80", action: %s}
                """.formatted(action), Path.of("p.yaml"));
        assertThat(r.problems()).isEmpty();
        Decision d = new Decider().decide(r.targets().get(0), ScalingState.EMPTY, new Decider.Observation(5, 5),
                (metric, agg, window) -> new Reading.Present(90, 1, 1.0), Instant.parse("2026-03-02T10:00:00Z")).decision();
        assertThat(d.to()).as(d.summary()).isEqualTo(20);
        // the target declares no damping, so it has the default scale-down behavior and the HPA port words the bound
        assertThat(d.summary()).startsWith("scale out 5 -> 20 (TooManyReplicas): ");
    }
}
