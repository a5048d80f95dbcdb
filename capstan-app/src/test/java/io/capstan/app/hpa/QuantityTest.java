package io.capstan.app.hpa;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class QuantityTest {

    @ParameterizedTest(name = "{0} = {1} milli")
    @CsvSource({
            "300m, 300", "1, 1000", "1.5, 1500", "0.1, 100", "1k, 1000000", "1e3, 1000000", "1E3, 1000000",
            "2Gi, 2147483648000", "1Ki, 1024000", "1Mi, 1048576000", "100u, 1", "1n, 1", "0, 0", "+2, 2000",
            "-300m, -300", "1.5e-3, 2", "1M, 1000000000", ".5, 500", "5., 5000", "10m, 10", "8600m, 8600",
    })
    void milliValueRoundsUpLikeQuantityMilliValue(String text, long milli) {
        assertThat(Quantity.parse(text)).hasValueSatisfying(q -> assertThat(q.milliValue()).isEqualTo(milli));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "1 m", "300 millicores", "1KI", "1kb", "abc", "1e", "1.2.3", "0x10", "1e999"})
    void rejectsWhatKubernetesRejects(String text) {
        assertThat(Quantity.parse(text)).isEmpty();
    }
}
