package io.capstan.core.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class StepPolicyTest {

    /** AWS PercentChangeInCapacity rounding, from the Application Auto Scaling documentation's examples. */
    @ParameterizedTest(name = "{0} replicas {1}% min {2} -> change {3}")
    @CsvSource({
            "10, 25, 0, 2",     // 2.5 rounds down
            "3, 10, 0, 1",      // 0.3 becomes 1
            "3, -10, 0, -1",    // -0.3 becomes -1
            "15, -45, 0, -6",   // -6.75 rounds toward zero
            "10, 10, 2, 2",     // 1 raised to the minimum magnitude
            "10, -10, 3, -3",
            "4, 0, 2, 0",
    })
    void percentChangeRounding(int current, double percent, int minMagnitude, int expected) {
        assertThat(StepPolicy.percentChange(current, percent, minMagnitude)).isEqualTo(expected);
    }
}
