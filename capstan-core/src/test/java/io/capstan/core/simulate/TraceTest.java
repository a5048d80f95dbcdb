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
        try (SeriesCursor c = t.series("cpu").cursor()) {
            assertThat(c.time()).isEqualTo(minute(5).toEpochMilli());
            c.advance();
            assertThat(c.value()).isEqualTo(3);
            c.advance();
            assertThat(c.time()).isEqualTo(SeriesCursor.END);
        }
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
        assertThat(s.after(minute(5).toEpochMilli()).time()).isEqualTo(minute(10).toEpochMilli());
        assertThat(s.after(minute(6).toEpochMilli()).time()).isEqualTo(minute(10).toEpochMilli());
        assertThat(s.after(minute(-1).toEpochMilli()).time()).isEqualTo(minute(0).toEpochMilli());
        assertThat(s.after(minute(15).toEpochMilli()).time()).isEqualTo(SeriesCursor.END);
        assertThat(s.after(minute(99).toEpochMilli()).time()).isEqualTo(SeriesCursor.END);
        assertThat(s.medianSpacing()).isEqualTo(5 * 60_000);
    }
}
