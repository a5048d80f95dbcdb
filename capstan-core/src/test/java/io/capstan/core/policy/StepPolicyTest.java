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

    /** Explanations print the interval contains() tests: lower inclusive above the threshold, upper inclusive below it. */
    @ParameterizedTest(name = "{0}, {1}, above {2}: {3}")
    @CsvSource(delimiter = ';', value = {
            "0; 15; true; [0, 15)",
            "15; ; true; [15, inf)",
            "; 0; false; (-inf, 0]",   // the newcomer's scale-in step, printed as "[inf, 0)" before
            "-10; 0; false; (-10, 0]",
            "; ; true; (-inf, inf)",
    })
    void aStepPrintsTheIntervalItMatches(Double lower, Double upper, boolean above, String expected) {
        StepPolicy.StepAdjustment step = new StepPolicy.StepAdjustment(lower, upper, 1);
        assertThat(step.interval(above)).isEqualTo(expected);
        if (lower != null) assertThat(step.contains(lower, above)).isEqualTo(expected.startsWith("["));
        if (upper != null) assertThat(step.contains(upper, above)).isEqualTo(expected.endsWith("]"));
    }
}
