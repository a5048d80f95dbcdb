package io.capstan.core.spi;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionStateTest {

    @Test
    void theTransferTableIsTheDiagram() {
        assertThat(ActionState.PLANNED.next()).containsExactlyInAnyOrder(ActionState.APPLYING, ActionState.ABANDONED);
        assertThat(ActionState.APPLYING.next()).containsExactlyInAnyOrder(ActionState.APPLIED, ActionState.FAILED, ActionState.ABANDONED);
        for (ActionState done : EnumSet.of(ActionState.APPLIED, ActionState.FAILED, ActionState.ABANDONED)) {
            assertThat(done.next()).as("%s is final", done).isEmpty();
            assertThat(done.unfinished()).isFalse();
        }
        assertThat(ActionState.sourcesOf(ActionState.ABANDONED)).containsExactlyInAnyOrder(ActionState.PLANNED, ActionState.APPLYING);
        assertThat(ActionState.sourcesOf(ActionState.PLANNED)).isEmpty();
    }

    @Test
    void aCursorTokenReadsBack() {
        PageCursor c = new PageCursor(Instant.parse("2026-03-02T10:00:00.123456789Z"), "d~1");
        assertThat(c.at()).isEqualTo(Instant.parse("2026-03-02T10:00:00.123456Z"));
        assertThat(PageCursor.parse(c.token())).isEqualTo(c);
        assertThatThrownBy(() -> PageCursor.parse("yesterday~d1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a cursor");
        assertThatThrownBy(() -> PageCursor.parse("d1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsRefuseWhatAStoreCouldNotKeep() {
        Instant t = Instant.parse("2026-03-02T10:00:00Z");
        assertThatThrownBy(() -> new StoredDecision(" ", "web", t, 1, 2, "R", "", "{}")).hasMessageContaining("decision id is blank");
        assertThatThrownBy(() -> new StoredDecision("d", "w".repeat(256), t, 1, 2, "R", "", "{}")).hasMessageContaining("at most 255");
        StoredDecision d = new StoredDecision("d", "web", t, 1, 2, "R", "", "{}");
        assertThatThrownBy(() -> Recording.of(d).withState(new StoredState("api", 1, "{}", t))).hasMessageContaining("state of api");
        assertThatThrownBy(() -> new ActuationAttempt("d", 1, t, t.minusSeconds(1), ActuationAttempt.Outcome.SUCCEEDED, ""))
                .hasMessageContaining("before it started");
        assertThat(Recording.of(d).planned().action()).isEqualTo(new PlannedAction("d", "web", 2, ActionState.PLANNED, t));
    }
}
