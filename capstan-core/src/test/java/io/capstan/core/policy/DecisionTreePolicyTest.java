package io.capstan.core.policy;

import io.capstan.core.model.Severity;
import io.capstan.core.signal.Aggregation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Phoenix runbook's tree (000), walked through every branch. */
class DecisionTreePolicyTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    static Condition gt(String metric, double v) {
        return new Condition.Compare(metric, Aggregation.AVG, Duration.ofMinutes(5), Comparator.GT, v, Duration.ZERO);
    }

    static DecisionTreePolicy phoenix() {
        var healthy = new DecisionTreePolicy.Healthy("healthy");
        var horizontal = new DecisionTreePolicy.Outcome("horizontal-scale", new Action.Named("horizontal-scale", Map.of("platform", "kubernetes")),
                Severity.CRITICAL, null, null);
        var agents200 = new DecisionTreePolicy.Check("agents-over-200", gt("agents", 200), horizontal, healthy);
        var separation = new DecisionTreePolicy.Outcome("component-separation", new Action.Named("component-separation", Map.of()),
                Severity.WARNING, Duration.ofHours(2), agents200);
        var stillOver = new DecisionTreePolicy.Check("still-over", new Condition.AnyOf(java.util.List.of(gt("cpu", 70), gt("memory", 80))),
                separation, healthy);
        var vertical = new DecisionTreePolicy.Outcome("vertical-scale", new Action.Named("vertical-scale", Map.of("to", "t3.large")),
                Severity.WARNING, Duration.ofMinutes(30), stillOver);
        var filters = new DecisionTreePolicy.Outcome("deploy-filters", new Action.Named("deploy-filters", Map.of()), null, null, null);
        var caching = new DecisionTreePolicy.Outcome("enable-caching", new Action.Named("enable-caching", Map.of()), null, null, null);
        var metrics = new DecisionTreePolicy.Check("metrics-high", gt("metrics_per_second", 800_000), filters, healthy);
        var agents = new DecisionTreePolicy.Check("agents-high", gt("agents", 150), separation, metrics);
        var latency = new DecisionTreePolicy.Check("latency-high", gt("latency_p95_ms", 200), caching, agents);
        var memory = new DecisionTreePolicy.Check("memory-high", gt("memory", 80), vertical, latency);
        return new DecisionTreePolicy("guide", new DecisionTreePolicy.Check("cpu-high", gt("cpu", 70), vertical, memory));
    }

    private final DecisionTreePolicy tree = phoenix();
    private final PolicyTestSupport.TestMemory memory = new PolicyTestSupport.TestMemory();

    Proposal at(Instant now, Map<String, Double> values) {
        Proposal p = tree.propose(PolicyTestSupport.input(now, 1, 1, 1, 1, values, memory));
        memory.commit();
        if (p instanceof Proposal.Act a) memory.actions.put(a.action(), now);
        return p;
    }

    static Map<String, Double> load(double cpu, double memory, double latency, double agents, double mps) {
        Map<String, Double> m = new HashMap<>();
        m.put("cpu", cpu);
        m.put("memory", memory);
        m.put("latency_p95_ms", latency);
        m.put("agents", agents);
        m.put("metrics_per_second", mps);
        return m;
    }

    @Test
    void healthyWhenNothingIsHigh() {
        assertThat(at(T0, load(40, 50, 100, 100, 100_000))).isInstanceOfSatisfying(Proposal.Hold.class,
                h -> assertThat(h.message()).endsWith("healthy").contains("cpu-high no"));
    }

    @Test
    void eachFirstLevelBranch() {
        assertThat(((Proposal.Act) at(T0, load(40, 50, 300, 100, 0))).action()).isEqualTo("enable-caching");
        assertThat(((Proposal.Act) at(T0, load(40, 50, 100, 160, 0))).action()).isEqualTo("component-separation");
        assertThat(((Proposal.Act) at(T0, load(40, 50, 100, 100, 900_000))).action()).isEqualTo("deploy-filters");
        assertThat(((Proposal.Act) at(T0, load(40, 85, 100, 100, 0))).action()).isEqualTo("vertical-scale");
    }

    @Test
    void stillOverThresholdAfterTheVerticalScaleLeadsToSeparationThenKubernetes() {
        Proposal first = at(T0, load(90, 50, 100, 100, 0));
        assertThat(first).isInstanceOfSatisfying(Proposal.Act.class, a -> {
            assertThat(a.action()).isEqualTo("vertical-scale");
            assertThat(a.params()).containsEntry("to", "t3.large");
        });
        // within the 30 minutes it is given to work: wait
        assertThat(at(T0.plus(Duration.ofMinutes(10)), load(90, 50, 100, 100, 0)))
                .isInstanceOfSatisfying(Proposal.Hold.class, h -> assertThat(h.message()).contains("settling"));
        // still over threshold after it settled: component separation
        Proposal second = at(T0.plus(Duration.ofMinutes(31)), load(90, 50, 100, 100, 0));
        assertThat(((Proposal.Act) second).action()).isEqualTo("component-separation");
        assertThat(second.message()).contains("still-over yes");
        // separation settled, 250 agents: horizontal scale on Kubernetes
        Proposal third = at(T0.plus(Duration.ofMinutes(31 + 121)), load(90, 50, 100, 250, 0));
        assertThat(third).isInstanceOfSatisfying(Proposal.Act.class, a -> {
            assertThat(a.action()).isEqualTo("horizontal-scale");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        });
    }

    @Test
    void verticalScaleThatWorkedEndsHealthy() {
        at(T0, load(90, 50, 100, 100, 0));
        assertThat(at(T0.plus(Duration.ofMinutes(40)), load(30, 50, 100, 100, 0)))
                .isInstanceOfSatisfying(Proposal.Hold.class, h -> assertThat(h.message()).endsWith("healthy"));
    }

    @Test
    void missingMetricOnThePathIsNoData() {
        Map<String, Double> m = load(40, 50, 100, 100, 0);
        m.remove("latency_p95_ms");
        assertThat(at(T0, m)).isInstanceOfSatisfying(Proposal.NoData.class, n -> assertThat(n.metric()).isEqualTo("latency_p95_ms"));
    }

    @Test
    void outcomesAreRecordedUnderTheirActionsName() {
        var healthy = new DecisionTreePolicy.Healthy("ok");
        var resize = new DecisionTreePolicy.Outcome("bigger-vm", new Action.Named("resize", Map.of("to", "t3.large")), null,
                Duration.ofMinutes(30), healthy);
        var tree = new DecisionTreePolicy("t", new DecisionTreePolicy.Check("hot", gt("cpu", 70), resize, healthy));
        PolicyTestSupport.TestMemory mem = new PolicyTestSupport.TestMemory();
        Proposal first = tree.propose(PolicyTestSupport.input(T0, 1, 1, 1, 1, load(90, 50, 100, 100, 0), mem));
        assertThat(first).isInstanceOfSatisfying(Proposal.Act.class, a -> assertThat(a.action()).isEqualTo("resize"));
        mem.actions.put("resize", T0);
        Proposal later = tree.propose(PolicyTestSupport.input(T0.plus(Duration.ofMinutes(5)), 1, 1, 1, 1, load(90, 50, 100, 100, 0), mem));
        assertThat(later).isInstanceOfSatisfying(Proposal.Hold.class, h -> assertThat(h.message()).contains("settling"));
    }
}
