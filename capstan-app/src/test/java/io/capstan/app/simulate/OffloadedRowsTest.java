package io.capstan.app.simulate;

import io.capstan.core.explain.Reason;
import io.capstan.core.simulate.Row;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffloadedRowsTest {
    private static Row row(int i) {
        return new Row(Instant.ofEpochSecond(60L * i), 1, 1, Map.of(), Row.HOLD, Reason.NoChange, "step " + i);
    }

    @Test
    void everyRowArrivesInOrderAfterFinish() {
        List<String> seen = new ArrayList<>();
        int n = OffloadedRows.BATCH * (OffloadedRows.QUEUED + 3) + 17;
        try (OffloadedRows rows = new OffloadedRows((target, row, decision) -> seen.add(target + ":" + row.summary()))) {
            for (int i = 0; i < n; i++) rows.row(i % 2 == 0 ? "a" : "b", row(i), null);
            rows.finish();
        }
        assertThat(seen).hasSize(n);
        for (int i = 0; i < n; i++) assertThat(seen.get(i)).isEqualTo((i % 2 == 0 ? "a" : "b") + ":step " + i);
    }

    @Test
    void aFailingSinkFailsTheSimulatingThreadWithItsExceptionAndNeverBlocksIt() {
        UncheckedIOException full = new UncheckedIOException(new IOException("disk full"));
        int[] written = {0};
        try (OffloadedRows rows = new OffloadedRows((target, row, decision) -> {
            if (++written[0] > 5000) throw full;
        })) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1_000_000; i++) rows.row("a", row(i), null);
                rows.finish();
            }).isSameAs(full);
        }
        assertThat(written[0]).isEqualTo(5001);
    }
}
