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
    void theStoreAndPrometheusReadKeptHistoryAndAnUnknownSchemeIsNamed() {
        for (String kept : new String[]{"store", "store:data", "store:jdbc:postgresql://db/capstan", "prometheus", "Prometheus:http://p:9090"}) {
            assertThat(HistorySources.unsupported(kept)).isNull();
            assertThat(HistorySources.kept(kept)).as(kept).isTrue();
            assertThat(HistorySources.files(kept)).isEmpty();
        }
        assertThat(HistorySources.kept("store.csv")).isFalse();
        assertThat(HistorySources.kept("rps=x.csv")).isFalse();
        assertThat(HistorySources.unsupported("promethus:http://p:9090")).isEqualTo("--history promethus:http://p:9090: unknown scheme 'promethus:';"
                + " expected a CSV trace ([csv:][NAME=]FILE.csv), store[:DIR|:jdbc:URL] or prometheus[:URL]");
    }

    @Test
    void aKeptSeriesNameIsTargetDotMetricSplitAtTheFirstDot() {
        assertThat(HistorySources.Target.of("api.request_rate")).isEqualTo(new HistorySources.Target("api", "request_rate"));
        assertThat(HistorySources.Target.of("api.http.rate")).isEqualTo(new HistorySources.Target("api", "http.rate"));
        assertThat(HistorySources.Target.of("request_rate")).isNull();
        assertThat(HistorySources.Target.of(".rate")).isNull();
        assertThat(HistorySources.Target.of("api.")).isNull();
    }
}
