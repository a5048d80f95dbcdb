package io.capstan.app.plan;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.core.rightsize.ContainerUsage;
import io.capstan.core.rightsize.Recommendation;
import io.capstan.core.rightsize.Recommender;
import io.capstan.core.rightsize.RightsizingSettings;
import io.capstan.core.simulate.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.capstan.app.plan.CostSectionTest.FILE;
import static io.capstan.app.plan.CostSectionTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

class RightsizingSectionTest {
    static final double MIB = RightsizingSettings.MIB;

    static RightsizingSection.RightsizingConfig read(String yaml, Problems p) {
        return RightsizingSection.read(((Node.Mapping) parse(yaml, p)).get("rightsizing"), p);
    }

    static List<String> problems(String yaml) {
        Problems p = new Problems(FILE);
        assertThat(read(yaml, p)).isNull();
        return p.list().stream().map(Problem::toString).toList();
    }

    @Test
    void withoutSettingsItIsTheVpa() {
        Problems p = new Problems(FILE);
        RightsizingSection.RightsizingConfig c = read("""
                rightsizing:
                  containers:
                    - {name: api, requests: {cpu: 500m, memory: 1Gi}}
                """, p);
        assertThat(p.list()).isEmpty();
        assertThat(c.settings()).isEqualTo(RightsizingSettings.VPA);
        assertThat(c.replicas()).isEqualTo(1);
        RightsizingSection.Container api = c.containers().get(0);
        assertThat(api.requests()).isEqualTo(new RightsizingSettings.Resources(0.5, 1024 * MIB));
        assertThat(api.cpuSeries()).isEqualTo("api.cpu");
        assertThat(api.memorySeries()).isEqualTo("api.memory");
        assertThat(api.oomWritten()).isFalse();
    }

    @Test
    void everyNumberCanBeSet() {
        Problems p = new Problems(FILE);
        RightsizingSection.RightsizingConfig c = read("""
                rightsizing:
                  targetPercentile: 95
                  lowerBoundPercentile: 60
                  upperBoundPercentile: 99
                  safetyMargin: 20
                  halfLife: 12h
                  memoryPeakInterval: 6h
                  oomBumpRatio: 1.5
                  oomMinBump: 200Mi
                  podMinCpu: 50m
                  podMinMemory: 128Mi
                  minAllowed: {cpu: 100m}
                  maxAllowed: {cpu: 2, memory: 4Gi}
                  samplePeriod: 5m
                  replicas: 6
                  prices: {cpuCoreHour: 0.03, memoryGiBHour: 0.004}
                  containers:
                    - {name: api, requests: {cpu: 1, memory: 2Gi}, cpu: cpu_cores, memory: rss, oom: kills}
                """, p);
        assertThat(p.list()).isEmpty();
        RightsizingSettings s = c.settings();
        assertThat(s).isEqualTo(new RightsizingSettings(0.95, 0.6, 0.99, 0.2, Duration.ofHours(12), Duration.ofHours(6), 1.5, 200 * MIB, 0.05,
                128 * MIB, new RightsizingSettings.Resources(0.1, 0), new RightsizingSettings.Resources(2, 4096 * MIB), Duration.ofMinutes(5)));
        assertThat(c.replicas()).isEqualTo(6);
        assertThat(c.prices()).isEqualTo(new RightsizingSection.UnitPrices(0.03, 0.004, "$"));
        assertThat(c.containers().get(0).oomSeries()).isEqualTo("kills");
        assertThat(c.containers().get(0).oomWritten()).isTrue();
    }

    @Test
    void problemsAreLocatedWithDidYouMean() {
        assertThat(problems("""
                rightsizing:
                  targetPercentil: 90
                  halfLife: soon
                  containers:
                    - {name: api, requests: {cpu: lots}}
                """)).containsExactly(
                "plan.yaml:2:3: rightsizing.targetPercentil: unknown field 'targetPercentil'; did you mean 'targetPercentile'? Accepted fields: "
                        + "targetPercentile, lowerBoundPercentile, upperBoundPercentile, safetyMargin, halfLife, memoryPeakInterval, oomBumpRatio, "
                        + "oomMinBump, podMinCpu, podMinMemory, minAllowed, maxAllowed, samplePeriod, replicas, prices, containers",
                "plan.yaml:3:13: rightsizing.halfLife: expected a duration such as 90s, 5m or 1h30m, found 'soon'",
                "plan.yaml:5:35: rightsizing.containers[0].requests.cpu: expected a Kubernetes quantity such as \"300m\", \"1.5\", \"2Gi\", \"1k\" or \"1e3\", found text 'lots'");
    }

    @Test
    void percentilesOutOfOrderAndMinAboveMaxAreProblemsAtTheSection() {
        assertThat(problems("""
                rightsizing:
                  targetPercentile: 40
                  containers:
                    - {name: api, requests: {cpu: 1}}
                """)).containsExactly("plan.yaml:2:3: rightsizing: percentiles must be ordered lowerBound <= target <= upperBound, found 50.0 %, 40.0 %, 95.0 %");
        assertThat(problems("""
                rightsizing:
                  minAllowed: {memory: 2Gi}
                  maxAllowed: {memory: 1Gi}
                  containers:
                    - {name: api, requests: {cpu: 1}}
                """)).hasSize(1).allMatch(s -> s.startsWith("plan.yaml:2:3: rightsizing: minAllowed") && s.contains("is above maxAllowed"));
    }

    @Test
    void usageComesFromTheHistorysSeriesAndAnOomSeriesMarksKills() {
        Problems p = new Problems(FILE);
        RightsizingSection.RightsizingConfig c = read("""
                rightsizing:
                  containers:
                    - {name: api, requests: {cpu: 1, memory: 200Mi}}
                """, p);
        Instant t0 = Instant.parse("2026-03-02T00:00:00Z");
        Trace.Builder b = Trace.builder();
        for (int i = 0; i < 10; i++) {
            Instant at = t0.plus(Duration.ofMinutes(i));
            b.add("api.cpu", at, 0.2);
            b.add("api.memory", at, 300 * MIB);
            b.add("api.oom", at, i == 5 ? 1 : 0);
        }
        Trace trace = b.build();
        List<ContainerUsage> usage = UsageHistory.of(c, UsageHistory.Source.of(trace), null, p);
        assertThat(p.list()).isEmpty();
        assertThat(usage.get(0).oomKills()).containsExactly(t0.plus(Duration.ofMinutes(5)).toEpochMilli());
        assertThat(usage.get(0).cpu().size()).isEqualTo(10);
        assertThat(UsageHistory.of(c, UsageHistory.Source.of(trace), Duration.ofMinutes(3), p).get(0).cpu().size())
                .as("the last 3 minutes: the samples at 6, 7, 8 and 9").isEqualTo(4);
        Recommendation r = Recommender.recommend(usage, c.settings()).get(0);
        assertThat(r.oomKills()).isEqualTo(1);
        // the kill bumps 300 MiB to 400 MiB (+100 MiB beats x1.2), whose bucket's end plus 15 % is the target
        assertThat(r.memory().target()).isGreaterThan(400 * MIB * 1.15);
    }

    @Test
    void aMissingSeriesIsAProblemAtItsContainer() {
        Problems p = new Problems(FILE);
        RightsizingSection.RightsizingConfig c = read("""
                rightsizing:
                  containers:
                    - {name: api, requests: {cpu: 1}, oom: api.kills}
                """, p);
        Trace history = Trace.builder().add("api.cpu", Instant.EPOCH, 1).add("api.memroy", Instant.EPOCH, 1).build();
        assertThat(UsageHistory.of(c, UsageHistory.Source.of(history), null, p)).isNull();
        assertThat(p.list().stream().map(Problem::toString)).containsExactly(
                "plan.yaml:3:7: rightsizing.containers[0].memory: no series 'api.memory' in the history for container api; did you mean 'api.memroy'?"
                        + " (the history has: api.cpu, api.memroy)",
                "plan.yaml:3:7: rightsizing.containers[0].oom: no series 'api.kills' in the history for container api (the history has: api.cpu, api.memroy)");
    }
}
