package io.capstan.core.cost;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Costs on a small price table, every number worked out by hand (730 hours a month). */
class CostPlanTest {
    static final Mix RUNBOOK_004 = new Mix(Map.of(PurchaseOption.RESERVED, 0.6, PurchaseOption.SPOT, 0.3, PurchaseOption.ON_DEMAND, 0.1));
    static final Map<PurchaseOption, Double> DISCOUNTS = Map.of(PurchaseOption.RESERVED, 0.4, PurchaseOption.SPOT, 0.7);

    static PriceTable table() {
        return PriceTable.of(List.of(
                InstanceSize.of("small", 1, 2, 0.05),
                InstanceSize.of("medium", 2, 4, 0.09),
                new InstanceSize("large", 4, 8, 0.20, Map.of(PurchaseOption.SPOT, 0.05), 300)), DISCOUNTS, RUNBOOK_004);
    }

    /** 004: 80 req/s per replica, 30 % kept for spikes, at least 2 replicas; peak 1000 req/s, average 400. */
    static CostPlan plan() {
        return CostPlan.of(table(), "small", 80, new Demand(1000, 400, 0.3, 2));
    }

    @Test
    void eachPurchaseOptionOnTheCurrentSize() {
        CostPlan p = plan();
        // usable per replica 80 x 0.7 = 56: peak ceil(1000/56) = 18 replicas, average ceil(400/56) = 8
        CostPlan.OptionCost onDemand = p.options().get(0);
        assertThat(onDemand.option()).isEqualTo("on-demand");
        assertThat(onDemand.hourlyPerReplica()).isEqualTo(0.05);
        assertThat(onDemand.monthlyAtPeak()).isCloseTo(18 * 0.05 * 730, within(1e-9)); // 657
        assertThat(onDemand.monthlyAtAverage()).isCloseTo(292, within(1e-9));
        // 292 over 400 req/s x 3600 s x 730 h = 1.0512e9 requests: 0.2778 per million
        assertThat(onDemand.perMillion()).isCloseTo(0.277778, within(1e-6));
        CostPlan.OptionCost reserved = p.options().get(1);
        assertThat(reserved.hourlyPerReplica()).isCloseTo(0.03, within(1e-12));
        assertThat(reserved.monthlyAtPeak()).isCloseTo(394.2, within(1e-9));
        CostPlan.OptionCost spot = p.options().get(2);
        assertThat(spot.monthlyAtAverage()).isCloseTo(87.6, within(1e-9));
        // the mix: 0.6 x 0.03 + 0.3 x 0.015 + 0.1 x 0.05 = 0.0275 per hour
        CostPlan.OptionCost mix = p.options().get(3);
        assertThat(mix.option()).isEqualTo("mix 60/30/10 % reserved/spot/on-demand");
        assertThat(mix.hourlyPerReplica()).isCloseTo(0.0275, within(1e-12));
        assertThat(mix.monthlyAtPeak()).isCloseTo(361.35, within(1e-9));
        assertThat(mix.monthlyAtAverage()).isCloseTo(160.6, within(1e-9));
    }

    @Test
    void scaleUpAgainstScaleOutOnTheMix() {
        CostPlan p = plan();
        CostPlan.SizeCost small = p.sizes().get(0);
        assertThat(small.shape()).isEqualTo(CostPlan.Shape.CURRENT);
        assertThat(small.replicasAtPeak()).isEqualTo(18);
        // medium: capacity from vCPUs, 80 x 2 = 160, usable 112: peak 9, average 4; mix 0.09 x 0.55 = 0.0495 per hour
        CostPlan.SizeCost medium = p.sizes().get(1);
        assertThat(medium.shape()).isEqualTo(CostPlan.Shape.SCALE_UP);
        assertThat(medium.capacity()).isEqualTo(160);
        assertThat(medium.replicasAtPeak()).isEqualTo(9);
        assertThat(medium.replicasAtAverage()).isEqualTo(4);
        assertThat(medium.monthlyAtPeak()).isCloseTo(325.215, within(1e-9));
        assertThat(medium.monthlyAtAverage()).isCloseTo(144.54, within(1e-9));
        // large: its own capacity 300 (less than 4 x 80), usable 210: peak 5, average 2; its explicit spot price 0.05
        // makes the mix 0.6 x 0.12 + 0.3 x 0.05 + 0.1 x 0.20 = 0.107
        CostPlan.SizeCost large = p.sizes().get(2);
        assertThat(large.replicasAtPeak()).isEqualTo(5);
        assertThat(large.replicasAtAverage()).isEqualTo(2);
        assertThat(large.hourlyPerReplica()).isCloseTo(0.107, within(1e-12));
        assertThat(large.monthlyAtPeak()).isCloseTo(390.55, within(1e-9));
        assertThat(large.monthlyAtAverage()).isCloseTo(156.22, within(1e-9));
        assertThat(p.cheapestAtPeak().size().name()).isEqualTo("medium");
        assertThat(p.currentSize().size().name()).isEqualTo("small");
    }

    @Test
    void aSmallerSizeIsScaleOut() {
        CostPlan p = CostPlan.of(table(), "medium", 160, new Demand(1000, 400, 0.3, 2));
        assertThat(p.sizes().get(0).shape()).isEqualTo(CostPlan.Shape.SCALE_OUT);
        assertThat(p.sizes().get(0).capacity()).as("half the vCPUs, half the capacity").isEqualTo(80);
        assertThat(p.sizes().get(1).shape()).isEqualTo(CostPlan.Shape.CURRENT);
    }

    @Test
    void replicasKeepTheReserveFreeAndNeverGoBelowTheMinimum() {
        Demand d = new Demand(1000, 400, 0.3, 2);
        assertThat(d.replicas(112, 80)).as("exactly two replicas' usable capacity").isEqualTo(2);
        assertThat(d.replicas(112.01, 80)).isEqualTo(3);
        assertThat(d.replicas(0, 80)).isEqualTo(2);
        assertThat(new Demand(10, 0, 0, 0).replicas(0, 80)).isZero();
    }

    @Test
    void withoutLoadThereIsNoCostPerMillion() {
        CostPlan p = CostPlan.of(table(), "small", 80, new Demand(0, 0, 0.3, 2));
        assertThat(p.options().get(0).perMillion()).isNaN();
        assertThat(p.options().get(0).monthlyAtAverage()).as("the minimum still runs").isCloseTo(2 * 0.05 * 730, within(1e-9));
    }

    @Test
    void theMixMustSumToOneHundredPercent() {
        assertThatThrownBy(() -> new Mix(Map.of(PurchaseOption.RESERVED, 0.6, PurchaseOption.SPOT, 0.3, PurchaseOption.ON_DEMAND, 0.05)))
                .hasMessage("the mix's shares must sum to 100 %, found 95 %");
        assertThat(new Mix(Map.of(PurchaseOption.RESERVED, 0.333, PurchaseOption.SPOT, 0.333, PurchaseOption.ON_DEMAND, 0.334)).share(PurchaseOption.SPOT))
                .isEqualTo(0.333);
    }

    @Test
    void aCurrentSizeWithoutCapacityNeedsThePlans() {
        assertThatThrownBy(() -> CostPlan.of(table(), "small", Double.NaN, new Demand(1, 1, 0, 1))).hasMessageContaining("has no capacity");
        assertThat(CostPlan.of(table(), "large", Double.NaN, new Demand(1000, 400, 0.3, 2)).currentSize().capacity()).isEqualTo(300);
        assertThatThrownBy(() -> table().size("huge")).hasMessage("no instance size huge in the price table; sizes: small, medium, large");
    }
}
