package io.capstan.app.history;

import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.spi.HistoryStep;
import io.capstan.core.spi.MetricHistory;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The live loop's history in memory and in a real (H2) store: one batch per step, nothing lost or counted twice. */
class HistoryRecorderTest {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    /** The real store, counting the batches it is handed. */
    static final class Counting implements MetricHistory {
        final MetricHistory store;
        final List<Integer> batches = new ArrayList<>();
        int failNext;

        Counting(MetricHistory store) {
            this.store = store;
        }

        @Override
        public void appendHistory(List<HistoryStep> steps) throws StoreException {
            if (failNext > 0) {
                failNext--;
                throw new StoreException("store down (test)");
            }
            batches.add(steps.size());
            store.appendHistory(steps);
        }

        @Override
        public List<HistoryStep> history(String target, String metric, Instant from, Instant to) throws StoreException {
            return store.history(target, metric, from, to);
        }

        @Override
        public int purgeHistory(Instant cutoff) throws StoreException {
            return store.purgeHistory(cutoff);
        }
    }

    private JdbcDecisionStore store;
    private Counting counting;
    private HistoryRecorder recorder;

    @BeforeEach
    void open() throws Exception {
        store = JdbcDecisionStore.open(StoreConfig.inMemory("history-" + ThreadLocalRandom.current().nextLong()));
        counting = new Counting(store);
        recorder = new HistoryRecorder(counting, MINUTE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Sample s(String target, String metric, Instant at, double v) {
        return new Sample(target, metric, at, v);
    }

    @Test
    void samplesAreAggregatedPerStepAndAStepIsWrittenOnceItIsOver() throws Exception {
        recorder.add(s("web", "rps", T0.plusSeconds(5), 10));
        recorder.add(s("web", "rps", T0.plusSeconds(20), 30));
        recorder.add(s("web", "rps", T0.plusSeconds(59), 20));
        recorder.add(s("web", "rps", T0.plusSeconds(61), 7));

        assertThat(recorder.flush(T0.plusSeconds(59))).isZero();
        assertThat(recorder.flush(T0.plusSeconds(90))).isEqualTo(1);
        assertThat(store.history("web", "rps", T0, T0.plusSeconds(600)))
                .containsExactly(new HistoryStep("web", "rps", T0, MINUTE, 3, 60, 10, 30));
        // the same step boundary again: nothing is written, however often the loop ticks
        recorder.add(s("web", "rps", T0.plusSeconds(100), 9));
        assertThat(recorder.flush(T0.plusSeconds(119))).isZero();
        assertThat(recorder.flush(T0.plusSeconds(120))).isEqualTo(1);
        assertThat(store.history("web", "rps", T0.plusSeconds(60), T0.plusSeconds(600)))
                .containsExactly(new HistoryStep("web", "rps", T0.plusSeconds(60), MINUTE, 2, 16, 7, 9));
        assertThat(counting.batches).containsExactly(1, 1);
    }

    @Test
    void aSampleForAStepAlreadyWrittenIsAddedToItNotLost() throws Exception {
        recorder.add(s("web", "rps", T0.plusSeconds(10), 4));
        recorder.flush(T0.plusSeconds(60));
        recorder.add(s("web", "rps", T0.plusSeconds(30), 8));
        recorder.flush(T0.plusSeconds(120));

        assertThat(store.history("web", "rps", T0, T0.plusSeconds(60))).containsExactly(new HistoryStep("web", "rps", T0, MINUTE, 2, 12, 4, 8));
    }

    @Test
    void tenThousandTargetsWithThreeMetricsAreOneBatchAMinute() throws Exception {
        for (int minute = 0; minute < 2; minute++) {
            for (int sample = 0; sample < 4; sample++) {
                Instant at = T0.plusSeconds(60L * minute + 15L * sample);
                for (int t = 0; t < 10_000; t++) {
                    for (String m : List.of("rps", "cpu", "queue")) recorder.add(s("t" + t, m, at, t + sample));
                }
            }
            recorder.flush(T0.plusSeconds(60L * minute + 60));
        }

        assertThat(counting.batches).containsExactly(30_000, 30_000);
        assertThat(store.history("t42", "cpu", T0, T0.plusSeconds(120))).containsExactly(
                new HistoryStep("t42", "cpu", T0, MINUTE, 4, 42 * 4 + 6, 42, 45),
                new HistoryStep("t42", "cpu", T0.plusSeconds(60), MINUTE, 4, 42 * 4 + 6, 42, 45));
    }

    @Test
    void aBatchTheStoreRefusesIsKeptAndWrittenWithTheNext() throws Exception {
        recorder.add(s("web", "rps", T0.plusSeconds(10), 4));
        counting.failNext = 1;
        assertThatThrownBy(() -> recorder.flush(T0.plusSeconds(60))).isInstanceOf(StoreException.class);
        assertThat(recorder.pending()).isEqualTo(1);
        recorder.add(s("web", "rps", T0.plusSeconds(70), 6));

        assertThat(recorder.flush(T0.plusSeconds(120))).isEqualTo(2);
        assertThat(store.history("web", "rps", T0, T0.plusSeconds(120))).extracting(HistoryStep::sum).containsExactly(4.0, 6.0);
        assertThat(recorder.pending()).isZero();
    }

    @Test
    void atShutdownTheStepInProgressIsWrittenAndARestartInItAddsToIt() throws Exception {
        recorder.add(s("web", "rps", T0.plusSeconds(10), 4));
        assertThat(recorder.flushAll()).isEqualTo(1);
        HistoryRecorder restarted = new HistoryRecorder(counting, MINUTE);
        restarted.add(s("web", "rps", T0.plusSeconds(40), 2));
        restarted.flush(T0.plusSeconds(60));

        assertThat(store.history("web", "rps", T0, T0.plusSeconds(60))).containsExactly(new HistoryStep("web", "rps", T0, MINUTE, 2, 6, 2, 4));
    }
}
