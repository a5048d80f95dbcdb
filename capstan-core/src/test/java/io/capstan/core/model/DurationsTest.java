package io.capstan.core.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"90s, PT1M30S, 1m30s", "5m, PT5M, 5m", "1h30m, PT1H30M, 1h30m", "2d, PT48H, 2d", "300, PT5M, 5m", "366d, PT8784H, 366d", "500ms, PT0.5S, 500ms", "0s, PT0S, 0s"})
    void parsesAndFormats(String text, String iso, String formatted) {
        Duration d = Durations.parse(text);
        assertThat(d).isEqualTo(Duration.parse(iso));
        assertThat(Durations.format(d)).isEqualTo(formatted);
    }

    @ParameterizedTest
    @CsvSource({"5x, bad duration unit 'x'", "m, expected forms like", "'', empty duration",
            "200000000000d, longer than the maximum of 366d", "9223372036854775807, longer than the maximum of 366d",
            "367d, longer than the maximum of 366d", "366d1ms, longer than the maximum of 366d", "31622401, longer than the maximum of 366d", "1e400d, bad duration unit 'e'"})
    void rejectsWithWhatWasExpected(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
