package io.capstan.core.spi;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpiRecordsTest {
    @Test
    void capacityKeepsReadyWithinCurrentAndCopiesItsNotes() {
        List<String> notes = new ArrayList<>(List.of("member 1 is starting"));
        Capacity c = new Capacity(3, 2, 1, Instant.EPOCH, notes);
        notes.clear();
        assertThat(c.notes()).containsExactly("member 1 is starting");
        assertThat(c.starting()).isEqualTo(1);
        assertThatThrownBy(() -> new Capacity(3, 2, 3, Instant.EPOCH, List.of())).hasMessageContaining("ready 3");
        assertThatThrownBy(() -> new Capacity(-1, 0, 0, Instant.EPOCH, List.of())).hasMessageContaining("zero or more");
    }

    @Test
    void anActuationNeedsADecisionIdAndACountOfZeroOrMore() {
        assertThatThrownBy(() -> new Actuation(" ", "web", 2, "why")).hasMessageContaining("decision id");
        assertThatThrownBy(() -> new Actuation("d1", "web", -1, "why")).hasMessageContaining("zero or more");
        assertThat(new Actuation("d1", "web", 0, "why").desired()).isZero();
    }

    @Test
    void everyOutcomeNamesItsDecisionAndWhatChanged() {
        List<Outcome> outcomes = List.of(new Outcome.Applied("d1", 1, 2, List.of("started member 1")),
                new Outcome.AlreadyApplied("d1", 2), new Outcome.Failed("d2", true, "timeout", List.of()));
        assertThat(outcomes).extracting(Outcome::decisionId).containsExactly("d1", "d1", "d2");
        assertThat(outcomes.get(0).changes()).containsExactly("started member 1");
        assertThat(outcomes.get(1).changes()).isEmpty();
    }
}
