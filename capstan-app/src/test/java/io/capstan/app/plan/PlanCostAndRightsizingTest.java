package io.capstan.app.plan;

import io.capstan.app.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost and right-sizing sections of {@code capstan plan} end to end, on a history whose numbers are worked out by
 * hand: load 100 + h per hour for 7 days (so the 30-day forecast is 268 + k, peak 987, mean 627.5), and a container
 * using 0.2 cores and 400 MiB throughout.
 */
class PlanCostAndRightsizingTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private Path history() throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,load,api.cpu,api.memory\n");
        for (int h = 0; h < 7 * 24; h++) {
            sb.append(T0.plus(Duration.ofHours(h))).append(',').append(100 + h).append(",0.2,").append(400 * MIB).append('\n');
        }
        return Files.writeString(dir.resolve("history.csv"), sb.toString());
    }

    private CliRun plan(String yaml) throws IOException {
        Path config = Files.writeString(dir.resolve("plan.yaml"), yaml);
        return CliRun.of("plan", "--config", config.toString(), "--history", history().toString(), "--lookahead", "30d", "--out",
                dir.resolve("out").toString());
    }

    private static final String PLAN = """
            plan:
              metric: load
              unit: req/s
              replicas: 4
              capacityPerReplica: 100
            """;

    private static final String COST = """
            cost:
              currentSize: small
              minReplicas: 2
              sizes:
                - {name: small, vcpu: 1, memoryGiB: 2, onDemand: 0.04}
                - {name: large, vcpu: 4, memoryGiB: 8, onDemand: 0.14}
              discounts: {reserved: 40, spot: 70}
              mix: {reserved: 60, spot: 30, onDemand: 10}
            """;

    @Test
    void costPerOptionAndScaleUpAgainstScaleOut() throws IOException {
        CliRun r = plan(PLAN + COST);
        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(dir.resolve("out/plan.md"));
        // small carries 100, 70 with the 30 % reserve: ceil(987 / 70) = 15 at peak, ceil(627.5 / 70) = 9 at average
        assertThat(md).contains("## Cost").contains("so 15 replicas at peak and 9 at average");
        // on-demand 0.04: 15 x 0.04 x 730 = 438, 9 x 0.04 x 730 = 262.80; per million: 262.80 / (627.5 x 3600 x 730) x 1e6 = 0.1594
        assertThat(md).contains("| on-demand | $0.04 | $438.00 | $262.80 | $0.1594 |")
                .contains("| reserved | $0.024 | $262.80 | $157.68 |")
                // the mix: 0.6 x 0.024 + 0.3 x 0.012 + 0.1 x 0.04 = 0.022; 15 x 0.022 x 730 = 240.90, 9 x 0.022 x 730 = 144.54
                .contains("| mix 60/30/10 % reserved/spot/on-demand | $0.022 | $240.90 | $144.54 | $0.08765 |");
        // large: 4 vCPUs carry 400 (by vCPUs), 280 with the reserve: 4 at peak, 3 at average; mix 0.14 x 0.55 = 0.077
        assertThat(md).contains("| small | current | 1 | 2 GiB | 100 req/s (the plan's) | 15 | 9 | $0.022 | $240.90 | $144.54 |")
                .contains("| large | scale up | 4 | 8 GiB | 400 req/s (by vCPUs) | 4 | 3 | $0.077 | $224.84 | $168.63 |")
                .contains("Cheapest at peak: large (scale up), 4 replicas for $224.84 a month against $240.90 on small: $16.06 (6.67 %) less.");
        String html = Files.readString(dir.resolve("out/plan.html"));
        assertThat(html).contains("<h2>Cost</h2>").contains("Monthly cost per size on the mix").contains("large × 4");
    }

    @Test
    void aMixThatDoesNotSumTo100IsALocatedErrorAndExit1() throws IOException {
        CliRun r = plan(PLAN + COST.replace("onDemand: 10}", "onDemand: 20}"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("plan.yaml:13:8: cost.mix: the mix's shares must sum to 100 %, found 110 %").doesNotContain("Exception");
    }

    @Test
    void withACapacityTableTheCurrentSizeNeedsItsOwnCapacity() throws IOException {
        CliRun r = plan(PLAN.replace("capacityPerReplica: 100", "capacityTable: [{load: 100, replicas: 1}, {load: 10000, replicas: 50}]") + COST);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("cost: the current size small needs a capacity");
        CliRun ok = plan(PLAN.replace("capacityPerReplica: 100", "capacityTable: [{load: 100, replicas: 1}, {load: 10000, replicas: 50}]")
                + COST.replace("onDemand: 0.04}", "onDemand: 0.04, capacity: 100}"));
        assertThat(ok.exit()).as(ok.err()).isZero();
    }

    @Test
    void rightsizingRecommendsFromTheContainersUsage() throws IOException {
        CliRun r = plan(PLAN + """
                rightsizing:
                  samplePeriod: 1h
                  replicas: 4
                  prices: {cpuCoreHour: 0.04, memoryGiBHour: 0.005}
                  containers:
                    - {name: api, requests: {cpu: 1, memory: 1Gi}}
                """);
        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(dir.resolve("out/plan.md"));
        // 0.2 cores: bucket end 0.209348, + 15 % = 241m; 167 hours of span, 168 hourly samples: 6.958 days of confidence,
        // the upper bound 0.240750 x (1 + 1 / 6.958) = 276m. 400 MiB: bucket end 445019988.7 bytes, + 15 % = 488.1 MiB
        assertThat(md).contains("## Right-sizing")
                .contains("| api | cpu | 1000m | 241m | 241m | 276m | over-provisioned | 759m | 3036m |")
                .contains("| api | memory | 1024 MiB | 488.1 MiB |")
                .contains("api: 7.0 days of confidence (168 CPU samples, 168 memory samples, 0 OOM kills)");
        // freed: 4 x 759m = 3.036 cores, 4 x (1 GiB - 511772988 bytes) = 2.0935 GiB; (3.036 x 0.04 + 2.0935 x 0.005) x 730 = 96.29
        assertThat(md).contains("frees 3036m of CPU and 2144 MiB of memory over 4 pods (negative: more is needed): $96.29 a month at $0.04 per core-hour");
        assertThat(Files.readString(dir.resolve("out/plan.html"))).contains("CPU requests: now, recommended, and the upper bound");
    }

    @Test
    void aContainerWhoseSeriesIsMissingIsALocatedError() throws IOException {
        CliRun r = plan(PLAN + """
                rightsizing:
                  containers:
                    - {name: web, requests: {cpu: 1}}
                """);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("plan.yaml:8:7: rightsizing.containers[0].cpu: no series 'web.cpu' in the history for container web");
    }
}
