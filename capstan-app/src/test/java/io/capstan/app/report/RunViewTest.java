package io.capstan.app.report;

import io.capstan.core.explain.Reason;
import io.capstan.core.simulate.Row;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's view stays bounded whatever the run's length, and loses no extreme and no event it keeps. */
class RunViewTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(1);

    private static Row row(long i, int desired, Double cpu, String action) {
        return new Row(T0.plus(STEP.multipliedBy(i)), desired, desired, cpu == null ? Map.of() : Map.of("cpu", cpu), action, Reason.NoChange, "s");
    }

    private static RunView.Collector collector(long steps) {
        return RunView.collector(T0, STEP, steps, Map.of("api", List.of("cpu")), List.of());
    }

    @Test
    void aMillionStepsGiveAtMostTwoPointsABucketAndKeepEverySpike() {
        int n = 1_000_000;
        RunView.Collector c = collector(n);
        for (int i = 0; i < n; i++) {
            double cpu = i == 123_457 ? 999 : i == 765_431 ? 0.5 : 50;
            int desired = i >= 500_000 && i < 500_003 ? 9 : 3; // a three-minute excursion
            c.row("api", row(i, desired, cpu, desired == 9 && i == 500_000 ? Row.SCALE_OUT : i == 500_003 ? Row.SCALE_IN : Row.HOLD), null);
        }
        RunView.TargetView v = c.view().target("api");
        RunView.Series cpu = v.metric("cpu");
        assertThat(cpu.size()).isLessThanOrEqualTo(2 * RunView.BUCKETS);
        assertThat(max(cpu.values())).isEqualTo(999);
        assertThat(min(cpu.values())).isEqualTo(0.5);
        assertThat(v.desired().size()).isLessThanOrEqualTo(2 * RunView.BUCKETS);
        assertThat(max(v.desired().values())).isEqualTo(9);
        assertThat(v.events()).hasSize(2);
        assertThat(v.eventCount()).isEqualTo(2);
        assertThat(v.steps()).isEqualTo(n);
        for (int i = 1; i < cpu.size(); i++) assertThat(cpu.times()[i]).isGreaterThan(cpu.times()[i - 1]);
    }

    @Test
    void eventsAreCappedButCounted() {
        int n = 3 * RunView.MAX_EVENTS;
        RunView.Collector c = collector(n);
        for (int i = 0; i < n; i++) c.row("api", row(i, 2 + i % 2, 50.0, i % 2 == 0 ? Row.SCALE_IN : Row.SCALE_OUT), null);
        RunView.TargetView v = c.view().target("api");
        assertThat(v.events()).hasSize(RunView.MAX_EVENTS);
        assertThat(v.eventCount()).isEqualTo(n);
    }

    @Test
    void aBucketWithoutDataIsAGapAndShortRunsKeepEveryPoint() {
        RunView.Collector c = collector(5);
        c.row("api", row(0, 2, 10.0, Row.HOLD), null);
        c.row("api", row(1, 2, null, Row.HOLD), null);
        c.row("api", row(2, 2, 30.0, Row.HOLD), null);
        RunView.Series cpu = c.view().target("api").metric("cpu");
        assertThat(cpu.values()).containsExactly(10.0, Double.NaN, 30.0);
    }

    @RepeatedTest(5)
    void downsamplingKeepsTheExtremesOfEveryBucket() {
        Random random = new Random(42);
        int n = 5_000 + random.nextInt(50_000);
        double[] values = new double[n];
        RunView.Collector c = collector(n);
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble() * 100;
            c.row("api", row(i, 1, values[i], Row.HOLD), null);
        }
        RunView.Series cpu = c.view().target("api").metric("cpu");
        assertThat(cpu.size()).isLessThanOrEqualTo(2 * RunView.BUCKETS);
        assertThat(max(cpu.values())).isEqualTo(max(values));
        assertThat(min(cpu.values())).isEqualTo(min(values));
        for (int i = 0; i < cpu.size(); i++) {
            int step = (int) ((cpu.times()[i] - T0.toEpochMilli()) / STEP.toMillis());
            assertThat(cpu.values()[i]).isEqualTo(values[step]);
        }
    }

    @Test
    void underProvisionedStepsMergeIntoIntervals() {
        RunView.Collector c = RunView.collector(T0, STEP, 6, Map.of("api", List.of("cpu", "demand")),
                List.of(io.capstan.app.TestSpecs.cpuThresholds("api", io.capstan.app.TestSpecs.service(10, Duration.ZERO, 0))));
        double[] demand = {10, 30, 30, 10, 40, 10};
        for (int i = 0; i < demand.length; i++) {
            c.row("api", new Row(T0.plus(STEP.multipliedBy(i)), 2, 2, Map.of("demand", demand[i]), Row.HOLD, Reason.NoChange, "s"), null);
        }
        assertThat(c.view().target("api").underProvisioned()).containsExactly(
                new RunView.Interval(T0.plus(STEP), T0.plus(STEP.multipliedBy(3)), ""),
                new RunView.Interval(T0.plus(STEP.multipliedBy(4)), T0.plus(STEP.multipliedBy(5)), ""));
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) if (!Double.isNaN(v)) m = Math.max(m, v);
        return m;
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) if (!Double.isNaN(v)) m = Math.min(m, v);
        return m;
    }
}
