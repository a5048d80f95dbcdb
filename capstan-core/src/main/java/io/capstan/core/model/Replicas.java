package io.capstan.core.model;

/**
 * Replica arithmetic that saturates instead of wrapping. Every replica count a policy, a schedule
 * or a limiter computes goes through here before bounds apply: {@code 5 + 2147483647} must read as
 * "as many as possible" (which the bounds then clamp to max), never as a negative count that a
 * later stage turns into a scale-in.
 */
public final class Replicas {
    private Replicas() {}

    /** {@code n} held to [0, Integer.MAX_VALUE]. */
    public static int saturate(long n) {
        return n <= 0 ? 0 : n >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
    }

    /** {@code n} held to [0, Integer.MAX_VALUE]; NaN, which no finite input produces, reads as 0. */
    public static int saturate(double n) {
        return n > 0 ? (n >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n) : 0;
    }

    /** {@code current + change}, saturated; {@code change} may be negative. */
    public static int plus(int current, long change) {
        long sum = current + change;
        // the long sum itself overflowed only if both operands share a sign the sum lacks
        if (((current ^ sum) & (change ^ sum)) < 0) return change > 0 ? Integer.MAX_VALUE : 0;
        return saturate(sum);
    }

    /** A count as an explanation says it: a saturated one is not a number anyone asked for. */
    public static String said(int n) {
        return n == Integer.MAX_VALUE ? "more than " + (Integer.MAX_VALUE - 1) + " (saturated)" : Integer.toString(n);
    }

    /** {@code ceil(x)}, saturated. */
    public static int ceil(double x) {
        return saturate(Math.ceil(x));
    }
}
