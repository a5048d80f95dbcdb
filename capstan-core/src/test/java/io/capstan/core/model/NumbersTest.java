package io.capstan.core.model;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NumbersTest {
    @ParameterizedTest
    @CsvSource({"70, 70", "70.0, 70", "-3, -3", "0.25, 0.25", "0.25000000001, 0.25", "1.5, 1.5", "1.05, 1.05", "1.006, 1.01",
            "99.999, 100", "-12.34, -12.34", "0.000123456, 0.0001235", "1234567.891, 1234567.89", "0.1, 0.1", "0.82, 0.82", "-0.0123456, -0.01235", "0.99996, 1", "0.001, 0.001", "1e20, 1e20",
            "1e-320, 1e-320", "1e300, 1e300", "-1.5e-7, -1.5e-7", "2.5e17, 2.5e17", "1.23456e16, 1.235e16", "0.00009999, 9.999e-5", "4.9e-324, 4.941e-324"})
    void formatsForHumans(double v, String expected) {
        assertThat(Numbers.format(v)).isEqualTo(expected);
    }

    @RepeatedTest(20)
    void neverPrintsHundredsOfDigits(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition());
        for (int i = 0; i < 1000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v)) continue;
            String s = Numbers.format(v);
            assertThat(s.length()).as("%s", v).isLessThanOrEqualTo(20);
            assertThat(Double.parseDouble(s)).as("%s", v).isCloseTo(v, org.assertj.core.data.Percentage.withPercentage(0.5));
        }
    }
}
