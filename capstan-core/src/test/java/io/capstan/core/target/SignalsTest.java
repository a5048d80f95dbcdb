package io.capstan.core.target;

import io.capstan.core.model.Bounds;
import io.capstan.core.model.MetricScope;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.MissingRule;
import io.capstan.core.model.Severity;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;
import io.capstan.core.signal.Window;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignalsTest {
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    static TargetSpec target(Duration window, MetricSpec cpu) {
        return new TargetSpec("t", new Bounds(1, 5), 1, Map.of("cpu", cpu), List.of(new ThresholdPolicy("hot",
                new Condition.Compare("cpu", Aggregation.AVG, window, Comparator.GT, 70, Duration.ZERO), Duration.ZERO,
                Severity.WARNING, new Action.Add(1), null)), null, null, null, null);
    }

    @Test
    void aLongWindowAtOneSampleASecondKeepsEverySample() {
        Signals s = Signals.of(target(Duration.ofHours(2), MetricSpec.of("cpu")));
        for (int i = 0; i < 7200; i++) s.add("cpu", T0.plusSeconds(i).toEpochMilli(), i < 3600 ? 100 : 0);
        Reading r = s.at(T0.plusSeconds(7199)).read("cpu", Aggregation.AVG, Duration.ofHours(2));
        assertThat(r).isInstanceOfSatisfying(Reading.Present.class, p -> {
            assertThat(p.samples()).isEqualTo(7200);
            assertThat(p.value()).isEqualTo(50.0);
        });
        assertThat(Signals.capacityFor(Duration.ofMinutes(5))).isEqualTo(Window.DEFAULT_CAPACITY);
    }

    @Test
    void staleNeverSampledAndLastKnownAreTold() {
        MetricSpec cpu = new MetricSpec("cpu", MetricScope.REPLICA, new MissingRule.LastKnown(Duration.ofMinutes(10)), Duration.ofMinutes(2));
        Signals s = Signals.of(target(Duration.ofMinutes(1), cpu));
        assertThat(s.at(T0).read("cpu", Aggregation.AVG, Duration.ofMinutes(1)))
                .isEqualTo(new Reading.Missing("no samples yet"));
        s.add("cpu", T0.toEpochMilli(), 80);
        Signals.View later = s.at(T0.plus(Duration.ofMinutes(5)));
        assertThat(later.read("cpu", Aggregation.AVG, Duration.ofMinutes(1))).isInstanceOfSatisfying(Reading.Present.class,
                p -> assertThat(p.value()).isEqualTo(80));
        assertThat(later.substitutions()).singleElement().asString().isEqualTo("cpu: last known 80 from 5m ago (onMissing lastKnown 10m)");
        assertThat(s.at(T0.plus(Duration.ofMinutes(11))).read("cpu", Aggregation.AVG, Duration.ofMinutes(1)))
                .isEqualTo(new Reading.Missing("no samples in the last 1m (the last sample is 11m old, and staleAfter 2m takes only younger ones)"));
    }

    @Test
    void aMissingReadingNamesTheEmptyWindowBeforeStaleness() {
        // the newcomer's case: a 1m window empty and the last sample exactly staleAfter old: the window is the cause
        Signals s = Signals.of(target(Duration.ofMinutes(1), MetricSpec.of("cpu")));
        s.add("cpu", T0.toEpochMilli(), 80);
        assertThat(s.at(T0.plus(Duration.ofMinutes(5))).read("cpu", Aggregation.AVG, Duration.ofMinutes(1)))
                .isEqualTo(new Reading.Missing("no samples in the last 1m (the last sample is 5m old, and staleAfter 5m takes only younger ones)"));
        // a window that still holds the sample: missing only because it is stale
        Signals wide = Signals.of(target(Duration.ofMinutes(10), MetricSpec.of("cpu")));
        wide.add("cpu", T0.toEpochMilli(), 80);
        assertThat(wide.at(T0.plus(Duration.ofMinutes(6))).read("cpu", Aggregation.AVG, Duration.ofMinutes(10)))
                .isEqualTo(new Reading.Missing("stale: the last sample is 6m old, and staleAfter 5m takes only younger ones"));
    }
}
