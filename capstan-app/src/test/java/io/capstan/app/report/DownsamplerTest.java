package io.capstan.app.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DownsamplerTest {
    @Test
    void shortSeriesAreKeptExactly() {
        Downsampler d = new Downsampler(0, 10_000, 100);
        for (int i = 0; i <= 10; i++) d.add(i * 1000L, i == 5 ? Double.NaN : i);
        Downsampler.Points p = d.points();
        assertThat(p.size()).isEqualTo(11);
        assertThat(p.folded()).isFalse();
        assertThat(p.mean()[3]).isEqualTo(3);
        assertThat(p.mean()[5]).isNaN();
    }

    @Test
    void longSeriesFoldIntoOnePointPerColumnKeepingEveryExtreme() {
        int columns = 500;
        long n = 2_000_000;
        Downsampler d = new Downsampler(0, n - 1, columns);
        for (long i = 0; i < n; i++) d.add(i, i == 1_234_567 ? 1e6 : i == 765_432 ? -5 : i % 10);
        Downsampler.Points p = d.points();
        assertThat(p.size()).isLessThanOrEqualTo(columns);
        assertThat(p.folded()).isTrue();
        double hi = Double.NEGATIVE_INFINITY, lo = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.size(); i++) {
            hi = Math.max(hi, p.hi()[i]);
            lo = Math.min(lo, p.lo()[i]);
            assertThat(p.mean()[i]).isBetween(p.lo()[i], p.hi()[i]);
        }
        assertThat(hi).as("the one spike survives").isEqualTo(1e6);
        assertThat(lo).as("the one dip survives").isEqualTo(-5);
    }

    @Test
    void aColumnOfOnlyMissingSamplesIsAGapAndAColumnWithSomeValuesIsNot() {
        Downsampler d = new Downsampler(0, 999, 10);
        for (int i = 0; i < 1000; i++) d.add(i, i >= 300 && i < 400 ? Double.NaN : i >= 500 && i < 550 ? Double.NaN : 1);
        Downsampler.Points p = d.points();
        assertThat(p.size()).isEqualTo(10);
        assertThat(p.mean()[3]).isNaN();
        assertThat(p.mean()[5]).isEqualTo(1);
    }
}
