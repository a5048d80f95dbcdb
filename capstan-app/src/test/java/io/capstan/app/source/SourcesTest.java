package io.capstan.app.source;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.spi.SeriesRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourcesTest {
    private record Named(String type) implements SourceFactory {
        @Override
        public String doc() {
            return "a test source";
        }

        @Override
        public String query(Node spelling, Problems problems) {
            return "";
        }

        @Override
        public Configured read(Node.Mapping section, Node usedAt, Problems problems) {
            return null;
        }
    }

    @Test
    void twoPluginsCannotClaimOneName() {
        assertThatThrownBy(() -> Sources.of(List.of(new Named("host"), new Named("host"))))
                .hasMessageContaining("two sources registered as 'host'");
    }

    @Test
    void hostAndPrometheusAreRegistered() {
        assertThat(Sources.installed().types()).contains("host", "prometheus");
    }

    @Test
    void eachMetricOfEachTargetBecomesARequestToItsSource() {
        SourceConfigs.Read r = SourceConfigs.read("""
                targets:
                  - name: worker
                    metrics:
                      queue_depth: {scope: target, source: {prometheus: 'sum(my_queue_depth)'}}
                      cpu: {source: {host: cpu}}
                      pushed: {source: push}
                      plain: {}
                  - name: api
                    metrics:
                      disk: {source: {host: "disk:/"}}
                sources:
                  prometheus: {url: http://127.0.0.1:9090}
                """);

        assertThat(r.problems()).isEmpty();
        assertThat(r.config().sources()).containsOnlyKeys("prometheus", "host");
        assertThat(r.config().bindings()).containsExactly(
                new Sources.Binding(new SeriesRequest("worker", "queue_depth", "sum(my_queue_depth)"), "prometheus"),
                new Sources.Binding(new SeriesRequest("worker", "cpu", "cpu"), "host"),
                new Sources.Binding(new SeriesRequest("api", "disk", "disk:/"), "host"));
    }

    @Test
    void anUnknownSourceTypeIsNamedWithTheNearestKnownOne() {
        SourceConfigs.Read r = SourceConfigs.read(SourceConfigs.withMetric("{promethus: 'up'}", null));

        assertThat(r.config()).isNull();
        assertThat(r.problems()).singleElement().asString()
                .startsWith("capstan.yaml:4:20: targets[0].metrics.m.source.promethus: unknown source type 'promethus'; did you mean 'prometheus'?");
    }

    @Test
    void aSourceThatNeedsASpellingSaysSoWhenWrittenAsAWord() {
        SourceConfigs.Read r = SourceConfigs.read(SourceConfigs.withMetric("host", null));

        assertThat(r.problems()).containsExactly(
                "capstan.yaml:4:19: targets[0].metrics.m.source: source host needs to be told what to read: write {host: ...}");
    }

    @Test
    void aBareWordIsPushOrAMistake() {
        assertThat(SourceConfigs.read(SourceConfigs.withMetric("push", null)).problems()).isEmpty();
        assertThat(SourceConfigs.read(SourceConfigs.withMetric("pusj", null)).problems()).containsExactly(
                "capstan.yaml:4:19: targets[0].metrics.m.source: unknown source 'pusj'; did you mean 'push'? Write push for pushed "
                        + "samples, or {<type>: <what to read>} with a type of host, prometheus");
    }

    @Test
    void aSectionForAnUnknownTypeIsAnErrorAndOneNoMetricUsesAWarning() {
        SourceConfigs.Read r = SourceConfigs.read(SourceConfigs.withMetric("{host: cpu}",
                "  prometheus: {url: http://127.0.0.1:9090}\n  redis: {}\n"));

        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0)).isEqualTo("capstan.yaml:6:15: warning: sources.prometheus: no metric reads from source prometheus; its settings are not used");
        assertThat(r.problems().get(1)).startsWith("capstan.yaml:7:3: sources.redis: unknown source type 'redis'; known types: host (CPU, memory, disk, load and network of this machine), prometheus (");
    }
}
