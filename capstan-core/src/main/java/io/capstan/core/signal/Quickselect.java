package io.capstan.core.signal;

/**
 * In-place selection of order statistics (Hoare's quickselect with a median-of-three pivot), so a
 * quantile read costs O(n) expected on a reused scratch array instead of a sort and an allocation.
 */
final class Quickselect {
    private Quickselect() {
    }

    /**
     * The {@code k}-th smallest (0-based) of {@code a[0, n)}. Afterwards {@code a[0, k)} holds values
     * not above it and {@code a(k, n)} values not below it.
     */
    static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) swap(a, mid, lo);
            if (a[hi] < a[lo]) swap(a, hi, lo);
            if (a[hi] < a[mid]) swap(a, hi, mid);
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** Smallest of {@code a[from, n)}; {@code from < n}. */
    static double min(double[] a, int from, int n) {
        double m = a[from];
        for (int i = from + 1; i < n; i++) {
            if (a[i] < m) m = a[i];
        }
        return m;
    }

    /**
     * The {@code q}-quantile of {@code a[0, n)} with linear interpolation between the closest ranks,
     * as Prometheus' {@code quantile_over_time}: rank = q(n-1), and the value is the weighted mean of the
     * order statistics at floor(rank) and floor(rank)+1. Reorders {@code a}.
     */
    static double quantile(double[] a, int n, double q) {
        double rank = q * (n - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(n - 1, lower + 1);
        double weight = rank - lower;
        double lo = select(a, n, lower);
        double hi = upper == lower ? lo : min(a, upper, n);
        return lo * (1 - weight) + hi * weight;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
