package io.capstan.app.plan;

import io.capstan.app.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code capstan plan} at the edges a newcomer's review found: capacities so large or small that a replica count
 * rounds to 0 or saturates an int, quantities and prices far past any real fleet, histories too short to read a
 * trend from, and spans under an hour.
 */
class PlanExtremesTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");

    @TempDir
    Path dir;

    private Path trace(String name, Duration step, int steps, IntToDoubleFunction value) throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,load\n");
        for (int i = 0; i < steps; i++) sb.append(T0.plus(step.multipliedBy(i))).append(',').append(value.applyAsDouble(i)).append('\n');
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    /** y = 100 + h hourly over 7 days: the forecast is 268 + k, its 30-day p90 peak 987 (no residuals). */
    private Path linear() throws IOException {
        return trace("linear.csv", Duration.ofHours(1), 7 * 24, h -> 100 + h);
    }

    private CliRun plan(String yaml, Path history, String lookahead) throws IOException {
        Path config = Files.writeString(dir.resolve("plan.yaml"), yaml);
        return CliRun.of("plan", "--config", config.toString(), "--history", history.toString(), "--lookahead", lookahead, "--out",
                dir.resolve("out").toString());
    }

    private String md() throws IOException {
        return Files.readString(dir.resolve("out/plan.md"));
    }

    @Test
    void aHugeCapacityPerReplicaStillNeedsOneReplicaForAPositiveLoad() throws IOException {
        // 987 / (1e13 x 0.7) = 1.4e-10: rounded it is 0, but a positive load needs a replica
        CliRun r = plan("plan:\n  replicas: 4\n  capacityPerReplica: 1e13\n", linear(), "30d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Replicas for the p50 peak: 1\n").contains("Replicas for the p90 peak: 1\n");
        assertThat(md()).contains("= 1 (at least 1 replica for a positive load)");
    }

    @Test
    void aCapacityTooSmallToCountIsRefusedWhereItIsRead() throws IOException {
        CliRun r = plan("plan:\n  replicas: 4\n  capacityPerReplica: 1e-300\n", linear(), "30d");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("plan.yaml:3:").contains("capacityPerReplica").contains("expected a capacity of at least 1.0E-6 per replica");
        CliRun peak = plan("plan:\n  replicas: 4\n  capacityPerReplica: {baseline: 1e-9, peak: 1}\n", linear(), "30d");
        assertThat(peak.exit()).isEqualTo(1);
        assertThat(peak.err()).contains("plan.yaml:3:").contains("baseline").contains("expected a capacity of at least");
    }

    @Test
    void moreReplicasThanAnIntCountsAreSaidSoNotPrintedSaturated() throws IOException {
        // 10000 + h: the 30-day peak is 10168 + 719 = 10887; 10887 / (1e-6 x 0.7) = 1.56e10 > 2,147,483,647
        Path history = trace("big.csv", Duration.ofHours(1), 7 * 24, h -> 10_000 + h);
        CliRun r = plan("plan:\n  replicas: 4\n  capacityPerReplica: 1e-6\n", history, "30d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Replicas for the p90 peak: not computed: ceil(10887 / (")
                .contains("is more than 2,147,483,647 replicas (the capacity per replica is too small for this load)")
                .doesNotContain("2147483647");
        assertThat(md()).doesNotContain("2147483647").doesNotContain("2,147,483,647 |");
    }

    @Test
    void aCapacityTableAndAUtilizationNeverSaturateAndAPositiveLoadNeedsOneReplica() throws IOException {
        // 987 / 0.7 = 1410 between rows (1, 1) and (100000, 1e15): about 1.41e13 replicas
        CliRun huge = plan("plan:\n  capacityTable: [{load: 1, replicas: 1}, {load: 100000, replicas: 1e15}]\n", linear(), "30d");
        assertThat(huge.exit()).as(huge.err()).isZero();
        assertThat(huge.out()).contains("is more than 2,147,483,647 replicas").doesNotContain("2147483647");
        // below the first row, whose replicas are 0: the table says 0, a positive load needs 1
        CliRun zero = plan("plan:\n  capacityTable: [{load: 10000, replicas: 0}, {load: 20000, replicas: 10}]\n", linear(), "30d");
        assertThat(zero.exit()).as(zero.err()).isZero();
        assertThat(zero.out()).contains("Replicas for the p90 peak: 1\n");
        // a utilization of 200000 % and more on 1,000,000 replicas: 1e6 x 200887 / 70 = 2.9e9
        Path percent = trace("util.csv", Duration.ofHours(1), 7 * 24, h -> 200_000 + h);
        CliRun util = plan("plan:\n  replicas: 1000000\n  utilization: true\n", percent, "30d");
        assertThat(util.exit()).as(util.err()).isZero();
        assertThat(util.out()).contains("is more than 2,147,483,647 replicas (the utilization is too high for a replica count)")
                .doesNotContain("2147483647");
    }

    @Test
    void theCostSectionRefusesAReplicaCountItCannotHold() throws IOException {
        Path history = trace("big.csv", Duration.ofHours(1), 7 * 24, h -> 10_000 + h);
        CliRun r = plan("plan:\n  replicas: 4\n  capacityPerReplica: 1e-6\ncost:\n  currentSize: small\n  sizes:\n"
                + "    - {name: small, vcpu: 1, memoryGiB: 2, onDemand: 0.04}\n", history, "30d");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("plan.yaml:").contains("needs more than 2,147,483,647 replicas").doesNotContain("2147483647");
    }

    @Test
    void rightsizingBoundsQuantitiesWhereTheyAreReadAndPricesCarryTheCurrency() throws IOException {
        String containers = "rightsizing:\n  containers:\n    - {name: api, requests: {cpu: 1, memory: 99999999999Ei}}\n";
        CliRun memory = plan("plan: {}\n" + containers, linear(), "1d");
        assertThat(memory.exit()).isEqualTo(1);
        assertThat(memory.err()).contains("plan.yaml:4:").contains("expected at most 1Pi bytes of memory");
        CliRun cpu = plan("plan: {}\n" + containers.replace("cpu: 1, memory: 99999999999Ei", "cpu: 20000, memory: 1Gi"), linear(), "1d");
        assertThat(cpu.exit()).isEqualTo(1);
        assertThat(cpu.err()).contains("plan.yaml:4:").contains("expected at most 10000 cores");
        CliRun price = plan("plan: {}\nrightsizing:\n  prices: {cpuCoreHour: 1e300, memoryGiBHour: 0}\n"
                + containers.replace("rightsizing:\n", "").replace("memory: 99999999999Ei", "memory: 1Gi"), linear(), "1d");
        assertThat(price.exit()).isEqualTo(1);
        assertThat(price.err()).contains("plan.yaml:3:").contains("cpuCoreHour");
        // 0.2 cores used: the target is 241m (PlanCostAndRightsizingTest), 759m freed x 1 EUR x 730 hours = 554.07
        StringBuilder usage = new StringBuilder("timestamp,load,api.cpu,api.memory\n");
        for (int h = 0; h < 7 * 24; h++) usage.append(T0.plus(Duration.ofHours(h))).append(',').append(100 + h).append(",0.2,").append(400L << 20).append('\n');
        Path history = Files.writeString(dir.resolve("usage.csv"), usage.toString());
        CliRun euro = plan("plan: {metric: load}\nrightsizing:\n  samplePeriod: 1h\n  prices: {cpuCoreHour: 1, memoryGiBHour: 0, currency: EUR}\n"
                + containers.replace("rightsizing:\n", "").replace("memory: 99999999999Ei", "memory: 1Gi"), history, "1d");
        assertThat(euro.exit()).as(euro.err()).isZero();
        assertThat(md()).contains(": 554.07 EUR a month at 1.00 EUR per core-hour");
    }

    @Test
    void underADayOfHistoryGrowthAndRunwayAreWarnedAboutAndAPeakBelowTheObservedIsSaid() throws IOException {
        // the first 6 hours of a daily cycle 1000 + 500 cos(2 pi t / 1 day) at 5m: falling from 1500 to 1000,
        // taken for a trend it forecasts below the 1500 just seen
        Path history = trace("sine.csv", Duration.ofMinutes(5), 72, i -> 1000 + 500 * Math.cos(2 * Math.PI * i / 288.0));
        CliRun r = plan("plan:\n  replicas: 4\n  capacityPerReplica: 1000\n", history, "30d");
        assertThat(r.exit()).as(r.err()).isZero();
        String warning = "The lookback holds only 6h, less than one day (one season of the daily cycle): growth, runway and the forecast";
        assertThat(r.err()).contains("warning: " + warning).contains("is below the observed peak of the last day, 1500 at 2024-03-04 00:00 UTC");
        String md = md();
        assertThat(md.indexOf("## Warnings")).isPositive().isLessThan(md.indexOf("## Current state"));
        assertThat(md).contains(warning);
        assertThat(Files.readString(dir.resolve("out/plan.html"))).contains(warning);
    }

    @Test
    void spansUnderAnHourReadAsDurations() throws IOException {
        CliRun r = plan("plan:\n  replicas: 4\n  capacityPerReplica: 100\n", trace("five.csv", Duration.ofMinutes(5), 7 * 288, i -> 100), "5m");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("not within the 5m lookahead");
        CliRun tiny = plan("plan: {}\n", trace("tiny.csv", Duration.ofMinutes(5), 3, i -> 1), "1d");
        assertThat(tiny.exit()).isEqualTo(1);
        assertThat(tiny.err()).contains("has 3 steps of 5m in the lookback");
    }
}
