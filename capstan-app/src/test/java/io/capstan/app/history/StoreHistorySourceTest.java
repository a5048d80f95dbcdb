package io.capstan.app.history;

import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.simulate.SeriesCursor;
import io.capstan.core.simulate.Trace;
import io.capstan.core.spi.HistoryStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's history read back as a trace series, as capstan plan reads it, through {@code --history store:DIR}. */
class StoreHistorySourceTest {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    static List<double[]> points(Trace.Series s) {
        List<double[]> out = new ArrayList<>();
        try (SeriesCursor c = s.cursor()) {
            for (; c.time() != SeriesCursor.END; c.advance()) out.add(new double[]{(c.time() - T0.toEpochMilli()) / 60_000.0, c.value()});
        }
        return out;
    }

    @Test
    void storeStepsAreCombinedIntoTheAskedStepByCountWeightedMeanOrByMax() throws Exception {
        Path data = dir.resolve("capstan-data");
        try (JdbcDecisionStore store = JdbcDecisionStore.open(StoreConfig.embedded(data))) {
            store.appendHistory(List.of(
                    new HistoryStep("web", "rps", T0, MINUTE, 1, 10, 10, 10),
                    new HistoryStep("web", "rps", T0.plusSeconds(60), MINUTE, 3, 60, 5, 40),
                    new HistoryStep("web", "rps", T0.plusSeconds(300), MINUTE, 2, 8, 3, 5),
                    new HistoryStep("web", "rps", T0.plusSeconds(600), MINUTE, 1, 99, 99, 99),
                    new HistoryStep("web", "cpu", T0, MINUTE, 1, 50, 50, 50)));
        }
        try (HistorySource h = HistorySource.open("store:" + data, null, null)) {
            Trace.Series mean = h.series("web", "rps", T0, T0.plusSeconds(600), Duration.ofMinutes(5), HistorySource.Aggregate.MEAN);
            Trace.Series max = h.series("web", "rps", T0, T0.plusSeconds(600), Duration.ofMinutes(5), HistorySource.Aggregate.MAX);

            assertThat(mean.name()).isEqualTo("web.rps");
            // 10:00-10:05: (10 + 60) / 4 samples; 10:05-10:10: 8 / 2; the step at 10:10 is at the end, not in [from, to)
            assertThat(points(mean)).containsExactly(new double[]{0, 17.5}, new double[]{5, 4});
            assertThat(points(max)).containsExactly(new double[]{0, 40}, new double[]{5, 5});
            assertThat(h.series("web", "rps", T0.plusSeconds(3600), T0.plusSeconds(7200), MINUTE, HistorySource.Aggregate.MEAN)).isNull();
            Trace both = h.trace(List.of(new HistorySource.Series("web", "rps"), new HistorySource.Series("web", "cpu"),
                    new HistorySource.Series("api", "rps")), T0, T0.plusSeconds(600), MINUTE, HistorySource.Aggregate.MEAN);
            assertThat(both.names()).containsExactly("web.rps", "web.cpu");
            assertThat(both.seriesFor("web", "cpu").size()).isEqualTo(1);
        }
    }

    @Test
    void aHistoryOptionThatNamesNoStoreOrNoKnownKindSaysSo() {
        assertThatThrownBy(() -> HistorySource.open("store:" + dir, null, null)).isInstanceOf(HistorySource.Unreadable.class)
                .hasMessageContaining("no Capstan store in " + dir);
        assertThatThrownBy(() -> HistorySource.open("store", null, null)).isInstanceOf(HistorySource.Unreadable.class)
                .hasMessageContaining("write store:DIR or store:jdbc:URL");
        assertThatThrownBy(() -> HistorySource.open("csv:x", null, null)).isInstanceOf(HistorySource.Unreadable.class)
                .hasMessageContaining("expected store, store:DIR, store:jdbc:URL, prometheus or prometheus:URL");
        assertThatThrownBy(() -> HistorySource.open("prometheus:ftp://x", null, null)).isInstanceOf(HistorySource.Unreadable.class)
                .hasMessageContaining("expected an http:// or https:// URL");
        assertThatThrownBy(() -> HistorySource.open("prometheus", null, null)).isInstanceOf(HistorySource.Unreadable.class)
                .hasMessageContaining("no metric read from Prometheus");
    }
}
