package io.capstan.core.hpa;

import io.capstan.core.explain.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.capstan.core.hpa.GoFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Normalization cases of kubernetes horizontal_test.go (TestConvertDesiredReplicasWithRules, TestScalingWithRules,
 * TestNormalizeDesiredReplicas, TestNormalizeDesiredReplicasWithBehavior, TestStoreScaleEvents,
 * TestCalculateScaleUp/DownLimit...), one row per Go case, named after it.
 */
class HpaNormalizerConformanceTest {

    /** generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow) with selectPolicy Max. */
    static HpaScalingRules rules(int pods, int podsPeriod, int percent, int percentPeriod, int window) {
        List<HpaRatePolicy> policies = new ArrayList<>();
        if (pods != 0) policies.add(HpaRatePolicy.pods(pods, podsPeriod));
        if (percent != 0) policies.add(HpaRatePolicy.percent(percent, percentPeriod));
        return new HpaScalingRules(window, SelectPolicy.MAX, policies, null);
    }

    /** generateEventsUniformDistribution: events centred in equal segments of the last periodSeconds. */
    static List<ScaleEvent> uniform(int periodSeconds, int... changes) {
        List<ScaleEvent> events = new ArrayList<>();
        double segment = (double) periodSeconds / changes.length;
        for (int i = 0; i < changes.length; i++) {
            long secondsAgo = (long) (periodSeconds - segment * (i + 1) + segment / 2);
            events.add(ScaleEvent.of(NOW.minusSeconds(secondsAgo), changes[i]));
        }
        return events;
    }

    static TimedRecommendation rec(int replicas, Duration ago) {
        return new TimedRecommendation(NOW.minus(ago), replicas);
    }

    // ---- TestConvertDesiredReplicasWithRules (legacy) ----

    record LegacyCase(String name, int current, int desired, int min, int max, int expected, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<LegacyCase> legacyCases() {
        return Stream.of(
                new LegacyCase("prenormalized desired replicas within range", 5, 7, 3, 8, 7, Reason.DesiredWithinRange),
                new LegacyCase("prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, Reason.TooFewReplicas),
                new LegacyCase("prenormalized desired zeroed replicas within range", 1, 0, 0, 10, 0, Reason.DesiredWithinRange),
                new LegacyCase("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10, Reason.TooManyReplicas),
                new LegacyCase("scaleUpLimit is the limit because scaleUpLimit < maxReplicas", 3, 1000, 1, 2000,
                        HpaNormalizer.calculateScaleUpLimit(3), Reason.ScaleUpLimit),
                new LegacyCase("(derived) scale-up floor of 4 from one replica", 1, 100, 1, 10, 4, Reason.ScaleUpLimit),
                new LegacyCase("(derived) TestUpscaleCap with the production factor 2", 3, 24, 1, 100, 6, Reason.ScaleUpLimit),
                new LegacyCase("(derived) TestUpscaleCapGreaterThanMaxReplicas with the production factor 2", 3, 24, 1, 5, 5, Reason.TooManyReplicas)
        );
    }

    @ParameterizedTest(name = "TestConvertDesiredReplicasWithRules/{0}")
    @MethodSource("legacyCases")
    void convertDesiredReplicasWithRules(LegacyCase c) {
        HpaNormalizer.Limited out = HpaNormalizer.convertDesiredReplicasWithRules(c.current, c.desired, c.min, c.max);
        assertThat(out.replicas()).isEqualTo(c.expected);
        assertThat(out.reason()).isEqualTo(c.reason);
    }

    // ---- TestScalingWithRules (behavior rate limits) ----

    record RateCase(String name, List<ScaleEvent> up, List<ScaleEvent> down, int min, int max,
                    HpaScalingRules upRules, HpaScalingRules downRules, int current, int desired, int expected, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static RateCase rate(String name, int min, int max, HpaScalingRules up, HpaScalingRules down, int current, int desired,
                         int expected, Reason reason) {
        return new RateCase(name, List.of(), List.of(), min, max, up, down, current, desired, expected, reason);
    }

    static RateCase rate(String name, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents, int min, int max,
                         HpaScalingRules up, HpaScalingRules down, int current, int desired, int expected, Reason reason) {
        return new RateCase(name, upEvents, downEvents, min, max, up, down, current, desired, expected, reason);
    }

    static Stream<RateCase> rateCases() {
        List<ScaleEvent> e159 = uniform(120, 1, 5, 9);
        List<ScaleEvent> e8129 = uniform(120, 8, 12, 9, 11);
        return Stream.of(
                rate("prenormalized desired replicas within range", 3, 8, null, null, 5, 7, 7, Reason.DesiredWithinRange),
                rate("prenormalized desired replicas < minReplicas", 2, 8, null, null, 3, 1, 2, Reason.TooFewReplicas),
                rate("prenormalized desired replicas within range when minReplicas is 0", 0, 10, null, null, 1, 0, 0, Reason.DesiredWithinRange),
                rate("maxReplicas is the limit because maxReplicas < scaleUpLimit", 1, 10, null, null, 20, 1000, 10, Reason.TooManyReplicas),
                rate("desired replica count is more than the maximum replica count", 100, 150, null, null, 100, 1000, 150, Reason.TooManyReplicas),
                rate("scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies", 1, 2000, rules(0, 0, 1, 60, 0), null, 3, 1000, 4, Reason.ScaleUpLimit),
                rate("scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies", 3, 2000, null, rules(20, 60, 0, 0, 0), 1000, 3, 980, Reason.ScaleDownLimit),
                rate("scaleUp with default behavior", 1, 1000, null, null, 10, 50, 20, Reason.ScaleUpLimit),
                rate("scaleUp with pods policy larger than percent policy", 1, 1000, rules(100, 60, 100, 60, 0), null, 10, 500, 110, Reason.ScaleUpLimit),
                rate("scaleUp with percent policy larger than pods policy", 1, 1000, rules(2, 60, 100, 60, 0), null, 10, 500, 20, Reason.ScaleUpLimit),
                rate("scaleUp with spec MaxReplicas limitation with large pod policy", 1, 1000, rules(100, 60, 0, 0, 0), null, 10, 50, 50, Reason.DesiredWithinRange),
                rate("scaleUp with spec MaxReplicas limitation with large percent policy", 1, 1000, rules(10000, 60, 0, 0, 0), null, 10, 50, 50, Reason.DesiredWithinRange),
                rate("scaleUp with pod policy limitation", 1, 1000, rules(30, 60, 0, 0, 0), null, 10, 50, 40, Reason.ScaleUpLimit),
                rate("scaleUp with percent policy limitation", 1, 1000, rules(0, 0, 200, 60, 0), null, 10, 50, 30, Reason.ScaleUpLimit),
                rate("scaleDown with percent policy larger than pod policy", 1, 1000, null, rules(20, 60, 1, 60, 300), 100, 2, 80, Reason.ScaleDownLimit),
                rate("scaleDown with pod policy larger than percent policy", 1, 1000, null, rules(2, 60, 1, 60, 300), 100, 2, 98, Reason.ScaleDownLimit),
                rate("scaleDown with spec MinReplicas=nil limitation with large pod policy", 1, 1000, null, rules(100, 60, 0, 0, 300), 10, 0, 1, Reason.TooFewReplicas),
                rate("scaleDown with spec MinReplicas limitation with large percent policy", 5, 1000, null, rules(0, 0, 100, 60, 300), 10, 2, 5, Reason.TooFewReplicas),
                rate("scaleDown with pod policy limitation", 1, 1000, null, rules(5, 60, 0, 0, 300), 10, 2, 5, Reason.ScaleDownLimit),
                rate("scaleDown with percent policy limitation", 1, 1000, null, rules(0, 0, 50, 60, 300), 10, 5, 5, Reason.DesiredWithinRange),
                rate("scaleUp with spec MaxReplicas limitation with large pod policy and events", e159, List.of(), 1, 200, rules(300, 60, 0, 0, 0), null, 100, 500, 200, Reason.TooManyReplicas),
                rate("scaleUp with spec MaxReplicas limitation with large percent policy and events", e159, List.of(), 1, 200, rules(0, 0, 10000, 60, 0), null, 100, 500, 200, Reason.TooManyReplicas),
                rate("scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events", e159, List.of(), 1, 1000, rules(5, 120, 0, 0, 0), null, 100, 500, 100, Reason.ScaleUpLimit),
                rate("scaleUp with pod policy and previous scale up events", e159, List.of(), 1, 1000, rules(150, 120, 0, 0, 0), null, 100, 500, 235, Reason.ScaleUpLimit),
                rate("scaleUp with percent policy and previous scale up events", e159, List.of(), 1, 1000, rules(0, 0, 200, 120, 0), null, 100, 500, 255, Reason.ScaleUpLimit),
                rate("scaleUp with percent policy and previous scale up and down events", uniform(120, 4), uniform(120, 2), 1, 1000, rules(0, 0, 300, 300, 0), null, 6, 24, 16, Reason.ScaleUpLimit),
                rate("scaleDown with default policy and previous events", List.of(), e159, 1, 1000, null, null, 10, 5, 5, Reason.DesiredWithinRange),
                rate("scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events", List.of(), e159, 1, 1000, null, rules(115, 120, 0, 0, 300), 100, 0, 1, Reason.TooFewReplicas),
                rate("scaleDown with spec MinReplicas limitation with large pod policy and previous events", List.of(), e159, 5, 1000, null, rules(130, 120, 0, 0, 300), 100, 0, 5, Reason.TooFewReplicas),
                rate("scaleDown with spec MinReplicas limitation with large percent policy and previous events", List.of(), e159, 5, 1000, null, rules(0, 0, 100, 120, 300), 100, 2, 5, Reason.TooFewReplicas),
                rate("scaleDown with pod policy limitation and previous events", List.of(), e159, 1, 1000, null, rules(5, 120, 0, 0, 300), 100, 2, 100, Reason.ScaleDownLimit),
                rate("scaleDown with percent policy limitation and previous events", List.of(), uniform(120, 2, 4, 6), 1, 1000, null, rules(0, 0, 50, 120, 300), 100, 0, 56, Reason.ScaleDownLimit),
                rate("scaleDown with percent policy and previous scale up and down events", uniform(120, 2), uniform(120, 4), 1, 1000, null, rules(0, 0, 50, 180, 0), 10, 1, 6, Reason.ScaleDownLimit),
                rate("scaleDown with previous events preventing further scale down", List.of(), uniform(120, 10, 10, 10), 1, 1000, null, rules(0, 0, 10, 120, 300), 100, 0, 100, Reason.ScaleDownLimit),
                rate("scaleDown with with previous events still allowing more scale down", List.of(), uniform(120, 10, 10, 10), 1, 1000, null, rules(0, 0, 1000, 120, 300), 10, 5, 5, Reason.DesiredWithinRange),
                rate("check 'outdated' flag for events for one behavior for up", e8129, List.of(), 1, 1000, rules(1000, 60, 0, 0, 0), null, 100, 200, 200, Reason.DesiredWithinRange),
                rate("check that events were not marked 'outdated' for two different policies in the behavior for up", e8129, List.of(), 1, 1000, rules(1000, 120, 100, 60, 0), null, 100, 200, 200, Reason.DesiredWithinRange),
                rate("check that events were marked 'outdated' for two different policies in the behavior for up", e8129, List.of(), 1, 1000, rules(1000, 30, 100, 60, 0), null, 100, 200, 200, Reason.DesiredWithinRange),
                rate("check 'outdated' flag for events for one behavior for down", List.of(), e8129, 1, 1000, null, rules(1000, 60, 0, 0, 300), 100, 5, 5, Reason.DesiredWithinRange),
                rate("check that events were not marked 'outdated' for two different policies in the behavior for down", List.of(), e8129, 1, 1000, null, rules(1000, 120, 100, 60, 300), 100, 5, 5, Reason.DesiredWithinRange),
                rate("check that events were marked 'outdated' for two different policies in the behavior for down", List.of(), e8129, 1, 1000, null, rules(1000, 30, 100, 60, 300), 100, 5, 5, Reason.DesiredWithinRange),
                rate("(derived) scaleUp selectPolicy Disabled keeps the current count", 1, 1000,
                        new HpaScalingRules(0, SelectPolicy.DISABLED, null, null), null, 10, 50, 10, Reason.ScalingDisabled),
                rate("(derived) scaleDown selectPolicy Disabled keeps the current count", 1, 1000, null,
                        new HpaScalingRules(0, SelectPolicy.DISABLED, null, null), 10, 2, 10, Reason.ScalingDisabled),
                rate("(derived) scaleUp selectPolicy Min takes the smaller policy", 1, 1000,
                        new HpaScalingRules(0, SelectPolicy.MIN, List.of(HpaRatePolicy.pods(4, 60), HpaRatePolicy.percent(100, 60)), null), null, 10, 50, 14, Reason.ScaleUpLimit),
                rate("(derived) scaleDown selectPolicy Min takes the smaller change", 1, 1000, null,
                        new HpaScalingRules(0, SelectPolicy.MIN, List.of(HpaRatePolicy.pods(4, 60), HpaRatePolicy.percent(50, 60)), null), 10, 1, 6, Reason.ScaleDownLimit),
                rate("(derived) percent scale-up keeps Go's float error: 100 x 1.09 = 109.00000000000001 -> 110", 1, 1000,
                        rules(0, 0, 9, 60, 0), null, 100, 500, 110, Reason.ScaleUpLimit)
        );
    }

    @ParameterizedTest(name = "TestScalingWithRules/{0}")
    @MethodSource("rateCases")
    void convertDesiredReplicasWithBehaviorRate(RateCase c) {
        HpaBehavior behavior = HpaNormalizer.effectiveBehavior(new HpaBehavior(c.upRules, c.downRules), Duration.ofMinutes(5));
        HpaNormalizer.Limited out = HpaNormalizer.convertDesiredReplicasWithBehaviorRate(c.current, c.desired, c.min, c.max,
                behavior, c.up, c.down, NOW);
        assertThat(out.replicas()).isEqualTo(c.expected);
        assertThat(out.reason()).isEqualTo(c.reason);
    }

    @Test
    void TestCalculateScaleUpLimitWithScalingRules() {
        HpaScalingRules r = new HpaScalingRules(300, SelectPolicy.MIN, List.of(HpaRatePolicy.pods(2, 60), HpaRatePolicy.percent(50, 60)), null);
        assertThat(HpaNormalizer.calculateScaleUpLimitWithScalingRules(1, List.of(), List.of(), r, NOW)).isEqualTo(2);
    }

    @Test
    void TestCalculateScaleDownLimitWithBehaviors() {
        HpaScalingRules r = new HpaScalingRules(300, SelectPolicy.MIN, List.of(HpaRatePolicy.pods(2, 60), HpaRatePolicy.percent(50, 60)), null);
        assertThat(HpaNormalizer.calculateScaleDownLimitWithBehaviors(5, List.of(), List.of(), r, NOW)).isEqualTo(3);
    }

    // ---- TestNormalizeDesiredReplicas (legacy stabilization, 5 minute window) ----

    record StabilizeCase(String name, List<TimedRecommendation> history, int desired, int expected, int expectedLogLength) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<StabilizeCase> legacyStabilizeCases() {
        return Stream.of(
                new StabilizeCase("empty log", List.of(), 5, 5, 1),
                new StabilizeCase("stabilize", List.of(rec(4, Duration.ofMinutes(2)), rec(5, Duration.ofMinutes(1))), 3, 5, 3),
                new StabilizeCase("no stabilize", List.of(rec(1, Duration.ofMinutes(2)), rec(2, Duration.ofMinutes(1))), 3, 3, 3),
                new StabilizeCase("no stabilize - old recommendations", List.of(rec(10, Duration.ofMinutes(10)), rec(9, Duration.ofMinutes(9))), 3, 3, 2),
                new StabilizeCase("stabilize - old recommendations", List.of(rec(10, Duration.ofMinutes(10)), rec(4, Duration.ofMinutes(1)),
                        rec(5, Duration.ofMinutes(2)), rec(9, Duration.ofMinutes(9))), 3, 5, 4),
                new StabilizeCase("(derived) a recommendation exactly one window old still counts (Before(cutoff) is false)",
                        List.of(rec(7, Duration.ofMinutes(5))), 3, 7, 2),
                new StabilizeCase("(derived) one second older than the window no longer counts",
                        List.of(rec(7, Duration.ofMinutes(5).plusSeconds(1))), 3, 3, 1)
        );
    }

    @ParameterizedTest(name = "TestNormalizeDesiredReplicas/{0}")
    @MethodSource("legacyStabilizeCases")
    void stabilizeRecommendation(StabilizeCase c) {
        List<TimedRecommendation> history = new ArrayList<>(c.history);
        int out = HpaNormalizer.stabilizeRecommendation(c.desired, Duration.ofMinutes(5), history, NOW);
        assertThat(out).isEqualTo(c.expected);
        assertThat(history).hasSize(c.expectedLogLength);
    }

    // ---- TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors) ----

    record BehaviorStabilizeCase(String name, List<TimedRecommendation> history, int current, int desired, int expected,
                                 List<Integer> expectedHistory, int upWindow, int downWindow) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BehaviorStabilizeCase> behaviorStabilizeCases() {
        Duration m1 = Duration.ofMinutes(1), m2 = Duration.ofMinutes(2), m3 = Duration.ofMinutes(3);
        return Stream.of(
                new BehaviorStabilizeCase("empty recommendations for scaling down", List.of(), 100, 5, 5, List.of(5), 0, 0),
                new BehaviorStabilizeCase("simple scale down stabilization", List.of(rec(4, m2), rec(5, m1)), 100, 3, 5, List.of(4, 5, 3), 0, 180),
                new BehaviorStabilizeCase("simple scale up stabilization", List.of(rec(4, m2), rec(5, m1)), 1, 7, 4, List.of(4, 5, 7), 300, 0),
                new BehaviorStabilizeCase("no scale down stabilization", List.of(rec(1, m2), rec(2, m1)), 100, 3, 3, List.of(1, 2, 3), 300, 0),
                new BehaviorStabilizeCase("no scale up stabilization", List.of(rec(4, m2), rec(5, m1)), 1, 3, 3, List.of(4, 5, 3), 0, 300),
                new BehaviorStabilizeCase("no scale down stabilization, reuse recommendation element",
                        List.of(rec(10, Duration.ofMinutes(10)), rec(9, Duration.ofMinutes(9))), 100, 3, 3, List.of(10, 3), 0, 0),
                new BehaviorStabilizeCase("no scale up stabilization, reuse recommendation element",
                        List.of(rec(10, Duration.ofMinutes(10)), rec(9, Duration.ofMinutes(9))), 1, 100, 100, List.of(10, 100), 0, 0),
                new BehaviorStabilizeCase("scale down stabilization, reuse one of obsolete recommendation element",
                        List.of(rec(10, Duration.ofMinutes(10)), rec(4, m1), rec(5, m2), rec(9, Duration.ofMinutes(9))), 100, 3, 5, List.of(10, 4, 5, 3), 0, 180),
                new BehaviorStabilizeCase("scale up stabilization, reuse one of obsolete recommendation element",
                        List.of(rec(10, Duration.ofMinutes(100)), rec(6, m1), rec(5, m2), rec(9, m3)), 1, 100, 5, List.of(100, 6, 5, 9), 300, 0),
                new BehaviorStabilizeCase("scale up and down stabilization, do not scale up when prenormalized rec goes down",
                        List.of(rec(2, Duration.ofMinutes(100)), rec(3, m3)), 2, 1, 2, null, 300, 300),
                new BehaviorStabilizeCase("scale up and down stabilization, do not scale down when prenormalized rec goes up",
                        List.of(rec(2, Duration.ofMinutes(100)), rec(1, m3)), 2, 3, 2, null, 300, 300),
                new BehaviorStabilizeCase("(derived) a recommendation exactly one window old is outside it (After(cutoff) is false)",
                        List.of(rec(9, Duration.ofSeconds(300))), 10, 3, 3, List.of(9, 3), 0, 300)
        );
    }

    @ParameterizedTest(name = "TestNormalizeDesiredReplicasWithBehavior/{0}")
    @MethodSource("behaviorStabilizeCases")
    void stabilizeRecommendationWithBehaviors(BehaviorStabilizeCase c) {
        HpaBehavior behavior = new HpaBehavior(new HpaScalingRules(c.upWindow, null, null, null),
                new HpaScalingRules(c.downWindow, null, null, null));
        List<TimedRecommendation> history = new ArrayList<>(c.history);
        HpaNormalizer.Limited out = HpaNormalizer.stabilizeRecommendationWithBehaviors(c.current, c.desired, behavior, history, NOW);
        assertThat(out.replicas()).isEqualTo(c.expected);
        if (c.expectedHistory != null) {
            assertThat(history).extracting(TimedRecommendation::replicas).containsExactlyElementsOf(c.expectedHistory);
        }
        assertThat(out.reason()).isEqualTo(c.desired >= c.current ? Reason.ScaleUpStabilized : Reason.ScaleDownStabilized);
    }

    // ---- TestStoreScaleEvents ----

    record StoreCase(String name, List<ScaleEvent> prev, HpaScalingRules rules, List<Integer> expectedChanges,
                     List<Boolean> expectedOutdated, int expectedReplicasChange) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ScaleEvent ev(int change, int secondsAgo) {
        return ScaleEvent.of(NOW.minusSeconds(secondsAgo), change);
    }

    static Stream<StoreCase> storeCases() {
        return Stream.of(
                new StoreCase("empty entries with default behavior", List.of(), null, List.of(), List.of(), 0),
                new StoreCase("empty entries with two-policy-behavior", List.of(), rules(10, 60, 100, 60, 0), List.of(5), List.of(false), 0),
                new StoreCase("one outdated entry to be kept untouched without behavior", List.of(ev(7, 61)), null, List.of(7), List.of(false), 0),
                new StoreCase("one outdated entry to be replaced with behavior", List.of(ev(7, 61)), rules(10, 60, 100, 60, 0), List.of(5), List.of(false), 0),
                new StoreCase("one actual entry to be not touched with behavior", List.of(ev(7, 58)), rules(10, 60, 100, 60, 0), List.of(7, 5), List.of(false, false), 7),
                new StoreCase("two entries, one of them to be replaced", List.of(ev(7, 61), ev(6, 59)), rules(10, 60, 0, 0, 0), List.of(5, 6), List.of(false, false), 6),
                new StoreCase("replace one entry, use policies with different periods", List.of(ev(8, 29), ev(6, 59), ev(7, 61), ev(9, 61)),
                        rules(10, 60, 100, 30, 0), List.of(8, 6, 7, 5), List.of(false, false, true, false), 14),
                new StoreCase("two entries, both actual", List.of(ev(7, 58), ev(6, 59)), rules(10, 120, 100, 30, 0), List.of(7, 6, 5), List.of(false, false, false), 13)
        );
    }

    @ParameterizedTest(name = "TestStoreScaleEvents/{0}")
    @MethodSource("storeCases")
    void storeScaleEvents(StoreCase c) {
        assertThat(HpaNormalizer.getReplicasChangePerPeriod(60, c.prev, NOW)).isEqualTo(c.expectedReplicasChange);

        HpaBehavior up = c.rules == null ? null : new HpaBehavior(c.rules, null);
        List<ScaleEvent> ups = HpaNormalizer.storeScaleEvent(up, Duration.ofMinutes(5), c.prev, List.of(), 10, 15, NOW).scaleUp();
        assertThat(ups).extracting(ScaleEvent::replicaChange).containsExactlyElementsOf(c.expectedChanges);
        assertThat(ups).extracting(ScaleEvent::outdated).containsExactlyElementsOf(c.expectedOutdated);

        HpaBehavior down = c.rules == null ? null : new HpaBehavior(null, c.rules);
        List<ScaleEvent> downs = HpaNormalizer.storeScaleEvent(down, Duration.ofMinutes(5), List.of(), c.prev, 10, 5, NOW).scaleDown();
        assertThat(downs).extracting(ScaleEvent::replicaChange).containsExactlyElementsOf(c.expectedChanges);
        assertThat(downs).extracting(ScaleEvent::outdated).containsExactlyElementsOf(c.expectedOutdated);
    }

    // ---- the public normalizer, end to end ----

    @Test
    void normalize_withBehavior_stabilizesThenLimitsAndChainsSteps() {
        HpaBehavior behavior = new HpaBehavior(null, new HpaScalingRules(null, null, List.of(HpaRatePolicy.pods(1, 60)), null));
        HpaNormalizer.Normalized out = HpaNormalizer.normalize(10, 2, 1, 20, behavior, Duration.ofSeconds(120),
                List.of(rec(8, Duration.ofSeconds(60)), rec(12, Duration.ofSeconds(200))), List.of(), List.of(), NOW);
        // window 120s from the controller flag: 8 (60s ago) holds the scale-down at 8; then 1 pod per 60s allows 9
        assertThat(out.replicas()).isEqualTo(9);
        assertThat(out.steps()).extracting(s -> s.reason()).containsExactly(Reason.ScaleDownStabilized, Reason.ScaleDownLimit);
        assertThat(out.steps().get(0).before()).isEqualTo(2);
        assertThat(out.steps().get(0).after()).isEqualTo(8);
        assertThat(out.steps().get(1).before()).isEqualTo(8);
        assertThat(out.steps().get(1).after()).isEqualTo(9);
        // the 200s-old sample is older than both windows (0s up, 120s down), so the proposal replaces it
        assertThat(out.recommendations()).containsExactly(rec(8, Duration.ofSeconds(60)), new TimedRecommendation(NOW, 2));
    }

    @Test
    void normalize_legacy_stabilizesOverTheControllerWindowThenCaps() {
        HpaNormalizer.Normalized out = HpaNormalizer.normalize(3, 100, 1, 50, null, Duration.ofMinutes(5),
                List.of(), List.of(), List.of(), NOW);
        assertThat(out.replicas()).isEqualTo(6);
        assertThat(out.steps()).extracting(s -> s.reason()).containsExactly(Reason.ReadyForNewScale, Reason.ScaleUpLimit);
        assertThat(out.recommendations()).containsExactly(new TimedRecommendation(NOW, 100));
    }

    @Test
    void normalize_doesNotMutateItsInputs() {
        List<TimedRecommendation> history = new ArrayList<>(List.of(rec(4, Duration.ofMinutes(10))));
        HpaNormalizer.normalize(3, 2, 1, 5, null, Duration.ofMinutes(5), history, List.of(), List.of(), NOW);
        assertThat(history).containsExactly(rec(4, Duration.ofMinutes(10)));
    }

    @Test
    void effectiveBehavior_fillsScaleDownWindowFromTheControllerOnlyWhenUnset() {
        HpaBehavior unset = HpaNormalizer.effectiveBehavior(new HpaBehavior(null, null), Duration.ofSeconds(42));
        assertThat(unset.scaleDown().stabilizationWindowSeconds()).isEqualTo(42);
        assertThat(unset.scaleUp().stabilizationWindowSeconds()).isZero();
        HpaBehavior set = HpaNormalizer.effectiveBehavior(new HpaBehavior(null, new HpaScalingRules(7, null, null, null)), Duration.ofSeconds(42));
        assertThat(set.scaleDown().stabilizationWindowSeconds()).isEqualTo(7);
    }

    static Instant at(int secondsAgo) {
        return NOW.minusSeconds(secondsAgo);
    }
}
