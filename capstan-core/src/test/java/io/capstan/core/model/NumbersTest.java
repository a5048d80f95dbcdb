package io.capstan.core.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NumbersTest {
    @ParameterizedTest
    @CsvSource({"70, 70", "70.0, 70", "-3, -3", "0.25, 0.25", "0.25000000001, 0.25", "1.5, 1.5", "1.05, 1.05", "1.006, 1.01",
            "99.999, 100", "-12.34, -12.34", "0.000123456, 0.0001235", "1234567.891, 1234567.89", "0.1, 0.1", "0.82, 0.82", "-0.0123456, -0.01235", "0.99996, 1", "0.001, 0.001", "1e20, 100000000000000000000"})
    void formatsForHumans(double v, String expected) {
        assertThat(Numbers.format(v)).isEqualTo(expected);
    }
}
