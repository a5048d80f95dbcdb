package io.capstan.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait after the n-th failure in a row: exponential from {@code initial} by {@code multiplier}, capped at
 * {@code max}, then shortened by a jitter drawn from {@code seed} and n. The jitter keeps many retries (members of a
 * pool, targets of a controller) from firing in step; drawing it from a seed instead of a random source makes every
 * delay reproducible in tests and in an audit record.
 *
 * @param jitter the largest share of a delay the jitter may take off, from 0 (none) to 1
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter, long seed) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) throw new IllegalArgumentException("initial backoff must be positive, found " + initial);
        if (max.compareTo(initial) < 0) throw new IllegalArgumentException("max backoff " + max + " is below initial " + initial);
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) throw new IllegalArgumentException("multiplier must be finite and at least 1, found " + multiplier);
        if (!(jitter >= 0 && jitter <= 1)) throw new IllegalArgumentException("jitter must be within 0 and 1, found " + jitter);
    }

    /** Doubling from {@code initial} to {@code max}, taking off up to a fifth at random (seeded). */
    public static Backoff exponential(Duration initial, Duration max, long seed) {
        return new Backoff(initial, max, 2, 0.2, seed);
    }

    /** The same policy with another seed: one per member or target, so their jitters differ. */
    public Backoff withSeed(long newSeed) {
        return new Backoff(initial, max, multiplier, jitter, newSeed);
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first); never more than {@code max}. */
    public Duration delay(int failures) {
        if (failures < 1) throw new IllegalArgumentException("failures count from 1, found " + failures);
        double base = Math.min(max.toMillis(), initial.toMillis() * Math.pow(multiplier, failures - 1.0));
        double taken = base * jitter * unit(seed, failures);
        return Duration.ofMillis(Math.max(1, Math.round(base - taken)));
    }

    /** A value in [0, 1) fixed by (seed, n): SplitMix64's finalizer over the pair. */
    static double unit(long seed, int n) {
        long z = seed + 0x9E3779B97F4A7C15L * n;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
