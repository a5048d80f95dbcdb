package io.capstan.app.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The capacity table and the sizing arithmetic against hand computations. */
class CapacityMathTest {
    /** Runbook 001's "Scaling Estimation": monitors to workers. */
    private static final CapacityTable MONITORS = new CapacityTable(List.of(new CapacityModel.Row(100, 2), new CapacityModel.Row(1000, 5),
            new CapacityModel.Row(10_000, 15), new CapacityModel.Row(100_000, 50)));

    @Test
    void theTableIsReadLinearlyBetweenRowsHeldBelowTheFirstAndNotExtrapolatedAboveTheLast() {
        assertThat(MONITORS.replicas(550)).isCloseTo(2 + 450.0 / 900 * 3, within(1e-12)); // 3.5
        assertThat(MONITORS.replicas(1000)).isEqualTo(5);
        assertThat(MONITORS.replicas(55_000)).isCloseTo(15 + 45_000.0 / 90_000 * 35, within(1e-9)); // 32.5
        assertThat(MONITORS.replicas(50)).isEqualTo(2);
        assertThat(MONITORS.replicas(100_000)).isEqualTo(50);
        assertThat(MONITORS.replicas(100_001)).isNaN();
    }

    @Test
    void theCapacityOfSomeReplicasIsTheLargestLoadTheTableGivesThemAndUnknownOutsideIt() {
        assertThat(MONITORS.capacity(10)).isCloseTo(1000 + 5.0 / 10 * 9000, within(1e-9)); // 5500
        assertThat(MONITORS.capacity(5)).isEqualTo(1000);
        assertThat(MONITORS.capacity(50)).isEqualTo(100_000);
        assertThat(MONITORS.capacity(51)).isNaN();
        assertThat(MONITORS.capacity(1)).isNaN();
        // a flat stretch: 4 replicas carry everything up to the last load that needs only 4
        CapacityTable flat = new CapacityTable(List.of(new CapacityModel.Row(10, 2), new CapacityModel.Row(20, 4), new CapacityModel.Row(40, 4),
                new CapacityModel.Row(60, 8)));
        assertThat(flat.capacity(4)).isEqualTo(40);
        assertThat(flat.replicas(30)).isEqualTo(4);
    }

    @Test
    void aSpikeReserveIsAShareOfCapacityKeptFree() {
        CapacityModel.PerReplica c150 = new CapacityModel.PerReplica(150, 150);
        // 105 / (150 x 0.7) is 1 exactly in decimals, 1.0000000000000002 in doubles: still one replica
        assertThat(Sizing.of(c150, 105, 30, null, "").replicas()).isEqualTo(1);
        assertThat(Sizing.of(c150, 106, 30, null, "").replicas()).isEqualTo(2);
        assertThat(Sizing.of(c150, 1000, 0, null, "").replicas()).isEqualTo(7); // 6.67
        Sizing s = Sizing.of(c150, 1000, 30, null, " req/s");
        assertThat(s.replicas()).isEqualTo(10); // 1000 / 105 = 9.52
        assertThat(s.working()).isEqualTo("ceil(1000 / (150 × (1 − 30 %))) = 10");
    }

    @Test
    void withABaselineTheLargerOfTheBaselineAndTheReservedPeakSizingWins() {
        CapacityModel.PerReplica arq = new CapacityModel.PerReplica(80, 150); // runbook 004
        // 987 / 105 = 9.4 -> 10 at peak with the reserve; 987 / 80 = 12.34 -> 13 at baseline
        Sizing s = Sizing.of(arq, 987, 30, null, "");
        assertThat(s.replicas()).isEqualTo(13);
        assertThat(s.working()).contains("= 10 at peak capacity").contains("ceil(987 / 80) = 13 at baseline");
        // with no reserve... and a reserve so large that the peak sizing wins: 987 / (150 x 0.4) = 16.45 -> 17
        assertThat(Sizing.of(arq, 987, 60, null, "").replicas()).isEqualTo(17);
    }

    @Test
    void aTableSizesTheLoadInflatedByTheReserveAndRefusesToExtrapolate() {
        CapacityModel.Table t = new CapacityModel.Table(MONITORS);
        // 3850 / 0.7 = 5500 -> 5 + 4500 / 9000 x 10 = 10 replicas exactly
        assertThat(Sizing.of(t, 3850, 30, null, "").replicas()).isEqualTo(10);
        // 3900 / 0.7 = 5571.4 -> 10.08 -> 11
        assertThat(Sizing.of(t, 3900, 30, null, "").replicas()).isEqualTo(11);
        Sizing beyond = Sizing.of(t, 80_000, 30, null, " monitors");
        assertThat(beyond.replicas()).isEqualTo(-1);
        assertThat(beyond.working()).contains("114286 monitors is beyond the capacity table's last row (100000 monitors → 50 replicas)");
    }

    @Test
    void aUtilizationScalesTheReplicasItWasMeasuredOn() {
        // 4 replicas at 91 % peak; keeping 30 % free means 70 % at most: 4 x 91 / 70 = 5.2 -> 6
        assertThat(Sizing.of(new CapacityModel.Utilization(), 91, 30, 4, "").replicas()).isEqualTo(6);
        assertThat(Sizing.of(new CapacityModel.Utilization(), 91, 30, null, "").replicas()).isEqualTo(-1);
    }

    @Test
    void theChartsForecastKeepsEachRunsPeaksWhenThinned() {
        double[] p50 = {1, 5, 2, 3, 9, 4, 7};
        double[] p10 = {0, 4, 1, 2, 8, 3, 6};
        double[] p90 = {2, 6, 3, 4, 10, 5, 8};
        io.capstan.core.forecast.Forecast f = new io.capstan.core.forecast.Forecast("m", 0, 60_000, p10, p50, p90, List.of(), List.of(), List.of());
        io.capstan.core.forecast.Forecast thin = PlanSections.envelope(f, 3);
        assertThat(thin.stepMillis()).isEqualTo(180_000);
        assertThat(thin.p50()).containsExactly(5, 9, 7);
        assertThat(thin.p90()).containsExactly(6, 10, 8);
        assertThat(thin.p10()).containsExactly(0, 2, 6);
        assertThat(PlanSections.envelope(f, 7)).isSameAs(f);
    }
}
