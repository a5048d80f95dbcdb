package io.capstan.core.signal;

/**
 * A running sum with Neumaier's compensation (improved Kahan summation). A sliding window adds
 * every value once and subtracts it once; plain summation would let the rounding of large values
 * that have left the window linger in the sum of the small values that remain. The compensation
 * term keeps the lost low-order bits, so the error stays near one ulp of the terms rather than
 * growing with the number of additions. {@link Window} also recomputes from scratch now and then.
 */
final class CompensatedSum {
    private double sum;
    private double compensation;

    void add(double x) {
        double t = sum + x;
        if (Math.abs(sum) >= Math.abs(x)) {
            compensation += (sum - t) + x;
        } else {
            compensation += (x - t) + sum;
        }
        sum = t;
    }

    double value() {
        return sum + compensation;
    }

    void reset() {
        sum = 0.0;
        compensation = 0.0;
    }
}
