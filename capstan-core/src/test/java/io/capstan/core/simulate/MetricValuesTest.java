package io.capstan.core.simulate;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A row's metrics map reads, iterates, compares and prints as the LinkedHashMap it replaces. */
class MetricValuesTest {

    @RepeatedTest(20)
    void behavesAsTheLinkedHashMapOfItsPresentValues(RepetitionInfo info) {
        Random rnd = new Random(5_500L + info.getCurrentRepetition());
        int n = rnd.nextInt(6);
        String[] names = new String[n];
        double[] values = new double[n];
        Map<String, Double> expected = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            names[k] = "m" + k;
            values[k] = rnd.nextInt(3) == 0 ? Double.NaN : rnd.nextDouble() * 100;
            if (!Double.isNaN(values[k])) expected.put(names[k], values[k]);
        }
        MetricValues actual = new MetricValues(names, values);
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).isEqualTo(actual);
        assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
        assertThat(actual.toString()).isEqualTo(expected.toString());
        assertThat(actual.size()).isEqualTo(expected.size());
        assertThat(List.copyOf(actual.keySet())).isEqualTo(List.copyOf(expected.keySet()));
        for (int k = 0; k < n; k++) {
            assertThat(actual.get(names[k])).isEqualTo(expected.get(names[k]));
            assertThat(actual.containsKey(names[k])).isEqualTo(expected.containsKey(names[k]));
        }
        assertThat(actual.get("absent")).isNull();
        assertThatThrownBy(() -> actual.put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        if (!actual.isEmpty()) {
            assertThatThrownBy(() -> actual.entrySet().iterator().next().setValue(1.0)).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
