package io.capstan.app.plan;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --history SOURCE}: the scheme picks the reader; a CSV file needs none. */
class HistorySourcesTest {
    @Test
    void aFileOrACsvSchemeIsACsvTrace() {
        assertThat(HistorySources.unsupported("examples/traces/x.csv")).isNull();
        assertThat(HistorySources.unsupported("csv:rps=x.csv")).isNull();
        assertThat(HistorySources.csv("csv:rps=x.csv").name()).isEqualTo("rps");
        assertThat(HistorySources.csv("csv:rps=x.csv").file()).isEqualTo(Path.of("x.csv"));
        assertThat(HistorySources.unsupported("/data/a:b.csv")).isNull();
        assertThat(HistorySources.unsupported("C:\\traces\\x.csv")).isNull();
        // a Prometheus recording rule's name holds a colon: still a NAME=FILE
        assertThat(HistorySources.unsupported("job:rate5m=x.csv")).isNull();
        assertThat(HistorySources.csv("job:rate5m=x.csv").name()).isEqualTo("job:rate5m");
    }

    @Test
    void theStoreAndPrometheusAreRefusedUntilTheirReadersLandAndAnUnknownSchemeIsNamed() {
        assertThat(HistorySources.unsupported("store:api/request_rate")).contains("store: history is not readable yet");
        assertThat(HistorySources.unsupported("prometheus:http://p:9090?query=up")).contains("prometheus: history is not readable yet");
        assertThat(HistorySources.unsupported("promethus:http://p:9090")).isEqualTo(
                "--history promethus:http://p:9090: unknown scheme 'promethus:'; expected a CSV trace ([csv:][NAME=]FILE.csv)");
    }
}
