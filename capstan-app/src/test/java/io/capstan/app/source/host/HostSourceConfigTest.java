package io.capstan.app.source.host;

import io.capstan.app.source.SourceConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostSourceConfigTest {
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "memory", "load1", "load5", "load15", "network.in", "network.out", "'disk:/'", "'disk:/var/lib'"})
    void everyDocumentedNameReads(String name) {
        SourceConfigs.Read r = SourceConfigs.read(SourceConfigs.withMetric("{host: " + name + "}", null));

        assertThat(r.problems()).isEmpty();
        assertThat(r.config().bindings()).singleElement().satisfies(b -> assertThat(b.request().query()).isEqualTo(name.replace("'", "")));
    }

    @Test
    void anUnknownNameSuggestsTheNearestAndListsThemAll() {
        SourceConfigs.Read r = SourceConfigs.read(SourceConfigs.withMetric("{host: cpus}", null));

        assertThat(r.problems()).containsExactly("capstan.yaml:4:26: targets[0].metrics.m.source.host: unknown host metric 'cpus';"
                + " expected cpu, memory, load1, load5, load15, network.in, network.out or disk:<path>; did you mean 'cpu'?");
    }

    @Test
    void diskNeedsAnAbsolutePath() {
        SourceConfigs.Read r = SourceConfigs.read(SourceConfigs.withMetric("{host: 'disk:var'}", null));

        assertThat(r.problems()).singleElement().asString().contains("disk needs an absolute path of the file system to measure");
    }

    @Test
    void theHostSectionTakesNoSettings() {
        SourceConfigs.Read r = SourceConfigs.read(SourceConfigs.withMetric("{host: cpu}", "  host: {interval: 5s}\n"));

        assertThat(r.problems()).containsExactly("capstan.yaml:6:10: sources.host.interval: unknown field 'interval'; the host source has no settings");
    }
}
