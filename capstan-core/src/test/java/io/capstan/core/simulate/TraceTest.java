package io.capstan.core.simulate;

import org.junit.jupiter.api.Test;

import static io.capstan.core.simulate.Specs.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceTest {
    @Test
    void keepsSeriesInOrderAndSpansAllOfThem() {
        Trace t = Trace.builder().add("cpu", minute(5), 1).add("api.cpu", minute(1), 2).add("cpu", minute(9), 3).build();
        assertThat(t.names()).containsExactly("cpu", "api.cpu");
        assertThat(t.start()).isEqualTo(minute(1));
        assertThat(t.end()).isEqualTo(minute(9));
        assertThat(t.series("cpu").size()).isEqualTo(2);
        assertThat(t.series("cpu").value(1)).isEqualTo(3);
        assertThat(t.series("cpu").time(0)).isEqualTo(minute(5));
    }

    @Test
    void targetSeriesWinsOverTheSharedOne() {
        Trace t = Trace.builder().add("cpu", minute(0), 1).add("api.cpu", minute(0), 2).build();
        assertThat(t.seriesFor("api", "cpu").name()).isEqualTo("api.cpu");
        assertThat(t.seriesFor("worker", "cpu").name()).isEqualTo("cpu");
        assertThat(t.seriesFor("worker", "memory")).isNull();
    }

    @Test
    void rejectsWhatAReaderShouldHaveCaught() {
        assertThatThrownBy(() -> Trace.builder().add("cpu", minute(1), Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> Trace.builder().add("cpu", minute(1), 1).add("cpu", minute(1), 2)).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> Trace.builder().build()).hasMessageContaining("at least one sample");
        assertThatThrownBy(() -> Trace.builder().declare("cpu").build()).hasMessageContaining("at least one sample");
    }

    @Test
    void findsTheFirstSampleAfterAnInstantAndTheMedianSpacing() {
        Trace.Builder b = Trace.builder();
        for (int m = 0; m < 20; m += 5) b.add("cpu", minute(m), m);
        Trace.Series s = b.build().series("cpu");
        assertThat(s.firstAfter(minute(5).toEpochMilli())).isEqualTo(2);
        assertThat(s.firstAfter(minute(6).toEpochMilli())).isEqualTo(2);
        assertThat(s.firstAfter(minute(-1).toEpochMilli())).isZero();
        assertThat(s.firstAfter(minute(99).toEpochMilli())).isEqualTo(4);
        assertThat(s.medianSpacing()).isEqualTo(5 * 60_000);
    }
}
