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
    @ValueSource(strings = {"", "m", "1 m", "300 millicores", "1KI", "1kb", "abc", "1e", "1.2.3", "0x10", " 1", "1 ", "1e1.5", "1Ki2"})
    void rejectsWhatKubernetesRejects(String text) {
        assertThat(Quantity.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e16", "8Ei", "9E", "1e400", "1e999", "-1e16", "9223372036854775808m", "1e99999999999999"})
    void outOfTheControllersRangeParsesButDoesNotFitMilli(String text) {
        assertThat(Quantity.parse(text)).hasValueSatisfying(q -> assertThat(q.fitsMilli()).isFalse());
    }

    @ParameterizedTest
    @CsvSource({"9223372036854775807m, 9223372036854775807", "7Ei, 8070450532247928832000", "1e-99999999999, 1", "0e99999999999, 0"})
    void edgesOfTheRange(String text, java.math.BigInteger milli) {
        assertThat(Quantity.parse(text)).hasValueSatisfying(q -> {
            if (milli.bitLength() < 64) assertThat(q.milliValue()).isEqualTo(milli.longValueExact());
            else assertThat(q.fitsMilli()).isFalse();
        });
    }
}
