package io.capstan.core.spi;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void withoutJitterItDoublesUpToTheCap() {
        Backoff b = new Backoff(SECOND, MINUTE, 2, 0, 7);
        List<Long> seconds = new ArrayList<>();
        for (int n = 1; n <= 9; n++) seconds.add(b.delay(n).toSeconds());
        assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void theHundredThousandthFailureWaitsTheCapNotAnOverflow() {
        Backoff b = new Backoff(SECOND, MINUTE, 3, 0, 1);
        assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(MINUTE);
        assertThat(b.delay(100_000)).isEqualTo(MINUTE);
    }

    @Test
    void theSameSeedGivesTheSameDelaysAndAnotherSeedOthers() {
        Backoff a = Backoff.exponential(SECOND, MINUTE, 42);
        Backoff again = Backoff.exponential(SECOND, MINUTE, 42);
        Backoff other = a.withSeed(43);
        List<Duration> first = new ArrayList<>();
        List<Duration> second = new ArrayList<>();
        List<Duration> third = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            first.add(a.delay(n));
            second.add(again.delay(n));
            third.add(other.delay(n));
        }
        assertThat(second).isEqualTo(first);
        assertThat(third).isNotEqualTo(first);
    }

    @RepeatedTest(20)
    void jitterOnlyShortensAndStaysWithinItsShare(org.junit.jupiter.api.RepetitionInfo info) {
        Random r = new Random(9_000 + info.getCurrentRepetition());
        Duration initial = Duration.ofMillis(1 + r.nextInt(5_000));
        Duration max = initial.plusMillis(r.nextInt(600_000));
        double multiplier = 1 + r.nextDouble() * 3;
        double jitter = r.nextDouble();
        Backoff jittered = new Backoff(initial, max, multiplier, jitter, r.nextLong());
        Backoff plain = new Backoff(initial, max, multiplier, 0, 0);
        for (int n = 1; n <= 40; n++) {
            long base = plain.delay(n).toMillis();
            long d = jittered.delay(n).toMillis();
            assertThat(d).as("failure %d of %s", n, jittered).isBetween(Math.max(1, (long) Math.floor(base * (1 - jitter)) - 1), base);
            if (n > 1) assertThat(base).isGreaterThanOrEqualTo(plain.delay(n - 1).toMillis());
        }
    }

    @Test
    void jitterDrawsSpreadOverTheWholeShare() {
        // a draw stuck near one end would not spread retries apart
        double low = 1;
        double high = 0;
        for (int n = 1; n <= 2_000; n++) {
            double u = Backoff.unit(5, n);
            low = Math.min(low, u);
            high = Math.max(high, u);
        }
        assertThat(low).isLessThan(0.01);
        assertThat(high).isGreaterThan(0.99);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, MINUTE, 2, 0, 0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Backoff(MINUTE, SECOND, 2, 0, 0)).hasMessageContaining("below initial");
        assertThatThrownBy(() -> new Backoff(SECOND, MINUTE, 0.5, 0, 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Backoff(SECOND, MINUTE, Double.NaN, 0, 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Backoff(SECOND, MINUTE, 2, 1.5, 0)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> Backoff.exponential(SECOND, MINUTE, 0).delay(0)).hasMessageContaining("from 1");
    }
}
