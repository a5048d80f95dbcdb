package io.capstan.app.config;

import io.capstan.core.model.Cooldowns;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A policy's cooldown map that leaves a direction out takes the target's for it. */
class CooldownInheritanceTest {

    @Test
    void omittedDirectionsComeFromTheTarget() {
        PolicyFile.Result r = PolicyFile.parse("""
                targets:
                  - name: worker
                    replicas: {min: 1, max: 10}
                    metrics: {cpu: {}}
                    policies:
                      - name: track
                        targetTracking: {metric: cpu, target: 70, cooldown: {scaleOut: 60s}}
                      - name: hot
                        threshold: {when: "avg(cpu) > 90", action: {add: 2}, cooldown: {scaleIn: 10m}}
                      - name: both
                        threshold: {when: "avg(cpu) > 95", action: {add: 3}, cooldown: 30s}
                    cooldown: {scaleOut: 2m, scaleIn: 5m}
                """, Path.of("p.yaml"));
        assertThat(r.problems()).isEmpty();
        TargetSpec t = r.targets().get(0);
        assertThat(t.cooldowns()).isEqualTo(new Cooldowns(Duration.ofMinutes(2), Duration.ofMinutes(5)));
        assertThat(((TargetTrackingPolicy) t.policies().get(0)).cooldowns()).isEqualTo(new Cooldowns(Duration.ofSeconds(60), Duration.ofMinutes(5)));
        assertThat(((ThresholdPolicy) t.policies().get(1)).cooldowns()).isEqualTo(new Cooldowns(Duration.ofMinutes(2), Duration.ofMinutes(10)));
        assertThat(((ThresholdPolicy) t.policies().get(2)).cooldowns()).isEqualTo(Cooldowns.both(Duration.ofSeconds(30)));
    }

    @Test
    void withoutATargetCooldownAnOmittedDirectionIsZero() {
        PolicyFile.Result r = PolicyFile.parse("""
                targets:
                  - name: worker
                    replicas: {min: 1, max: 10}
                    metrics: {cpu: {}}
                    policies:
                      - name: track
                        targetTracking: {metric: cpu, target: 70, cooldown: {scaleOut: 60s}}
                  - name: other
                    replicas: {min: 1, max: 10}
                    metrics: {cpu: {}}
                    cooldown: 5m
                """, Path.of("p.yaml"));
        assertThat(r.problems()).isEmpty();
        assertThat(((TargetTrackingPolicy) r.targets().get(0).policies().get(0)).cooldowns())
                .isEqualTo(new Cooldowns(Duration.ofSeconds(60), Duration.ZERO));
    }

    @Test
    void betweenEventsIsReadAtBothLevelsAndInherited() {
        PolicyFile.Result r = PolicyFile.parse("""
                targets:
                  - name: app
                    replicas: {min: 2, max: 20}
                    metrics: {cpu: {}}
                    cooldown: {betweenEvents: 5m}
                    policies:
                      - name: hot
                        threshold: {when: "avg(cpu) > 90", action: {add: 2}, cooldown: {scaleOut: 1m}}
                      - name: own
                        threshold: {when: "avg(cpu) > 95", action: {add: 3}, cooldown: {betweenEvents: 10m}}
                """, Path.of("p.yaml"));
        assertThat(r.problems()).isEmpty();
        TargetSpec t = r.targets().get(0);
        assertThat(t.cooldowns()).isEqualTo(new Cooldowns(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5)));
        assertThat(((ThresholdPolicy) t.policies().get(0)).cooldowns()).isEqualTo(new Cooldowns(Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(5)));
        assertThat(((ThresholdPolicy) t.policies().get(1)).cooldowns()).isEqualTo(new Cooldowns(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10)));
    }
}
