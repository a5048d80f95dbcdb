package io.capstan.app.input;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NearMissTest {
    private static final List<String> FIELDS = List.of("name", "replicas", "metrics", "cooldown", "flappingGuard", "behavior", "policies");

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "cooldwon, cooldown",      // transposition
            "metrcs, metrics",         // deletion
            "replica, replicas",
            "Policies, policies",      // case
            "flapingGuard, flappingGuard",
            "nmae, name",
            "zebra, -",                // nothing close
            "x, -",                    // too short to guess from
            "bhvr, -",                 // too far
    })
    void suggestsOnlyNearMisses(String given, String expected) {
        assertThat(NearMiss.closest(given, FIELDS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"abc, abc, 0", "abc, acb, 1", "abc, ab, 1", "abc, xbc, 1", "kitten, sitting, 3", "'', abc, 3"})
    void distance(String a, String b, int d) {
        assertThat(NearMiss.distance(a, b)).isEqualTo(d);
        assertThat(NearMiss.distance(b, a)).isEqualTo(d);
    }
}
