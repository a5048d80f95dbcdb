package io.capstan.core.forecast;

/**
 * Nelder-Mead simplex minimisation inside a box (each trial point is clamped into the box). Used to fit a
 * handful of smoothing parameters on one-step squared error: no gradient is needed, and with 3-5 parameters
 * it converges in a few hundred evaluations of an O(n) recursion.
 *
 * <p>Most trial points are compared only with a bound (is the reflection worse than the worst vertex? the expansion
 * worse than the reflection?), so each evaluation is told that bound and may stop as soon as it knows it is above
 * it: an error that is a sum of squares, accumulated in order, crosses the bound long before the end for a bad
 * point. The search takes exactly the same steps as with full evaluations; only rejected points are cut short.
 */
final class NelderMead {
    private NelderMead() {}

    /** An objective that may stop early: any value above {@code bound} once the true value is known to exceed it. */
    @FunctionalInterface
    interface Objective {
        double value(double[] x, double bound);
    }

    /**
     * The point of the box {@code [lo, hi]} with the least {@code f} found from {@code start}, within {@code maxEvaluations}
     * evaluations or until the simplex's values differ by less than {@code tolerance} (relative).
     *
     * @param size the initial simplex's edge, as a fraction of each parameter's range
     */
    static double[] minimize(Objective f, double[] start, double[] lo, double[] hi, double size, int maxEvaluations,
                             double tolerance) {
        int d = start.length;
        double[][] p = new double[d + 1][];
        double[] v = new double[d + 1];
        p[0] = clamp(start.clone(), lo, hi);
        for (int i = 0; i < d; i++) {
            double[] x = p[0].clone();
            double delta = size * (hi[i] - lo[i]);
            x[i] = x[i] + delta <= hi[i] ? x[i] + delta : x[i] - delta;
            p[i + 1] = clamp(x, lo, hi);
        }
        int evaluations = 0;
        for (int i = 0; i <= d; i++) {
            v[i] = f.value(p[i], Double.POSITIVE_INFINITY);
            evaluations++;
        }
        double[] centroid = new double[d];
        while (evaluations < maxEvaluations) {
            sort(p, v);
            if (Math.abs(v[d] - v[0]) <= tolerance * (Math.abs(v[0]) + 1e-300)) break;
            java.util.Arrays.fill(centroid, 0);
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) centroid[j] += p[i][j] / d;
            double[] reflected = along(centroid, p[d], -1, lo, hi);
            double fr = f.value(reflected, v[d]);
            evaluations++;
            if (fr < v[0]) {
                double[] expanded = along(centroid, p[d], -2, lo, hi);
                double fe = f.value(expanded, fr);
                evaluations++;
                if (fe < fr) {
                    p[d] = expanded;
                    v[d] = fe;
                } else {
                    p[d] = reflected;
                    v[d] = fr;
                }
            } else if (fr < v[d - 1]) {
                p[d] = reflected;
                v[d] = fr;
            } else {
                boolean outside = fr < v[d];
                double[] contracted = along(centroid, outside ? reflected : p[d], 0.5, lo, hi);
                double fc = f.value(contracted, Math.min(fr, v[d]));
                evaluations++;
                if (fc < Math.min(fr, v[d])) {
                    p[d] = contracted;
                    v[d] = fc;
                } else {
                    for (int i = 1; i <= d; i++) {
                        for (int j = 0; j < d; j++) p[i][j] = p[0][j] + 0.5 * (p[i][j] - p[0][j]);
                        v[i] = f.value(p[i], Double.POSITIVE_INFINITY);
                        evaluations++;
                    }
                }
            }
        }
        sort(p, v);
        return p[0];
    }

    /** centroid + t * (x - centroid), clamped. */
    private static double[] along(double[] centroid, double[] x, double t, double[] lo, double[] hi) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) out[j] = centroid[j] + t * (x[j] - centroid[j]);
        return clamp(out, lo, hi);
    }

    private static double[] clamp(double[] x, double[] lo, double[] hi) {
        for (int j = 0; j < x.length; j++) x[j] = Math.min(hi[j], Math.max(lo[j], x[j]));
        return x;
    }

    /** Insertion sort of the d + 1 vertices by value (NaN last). */
    private static void sort(double[][] p, double[] v) {
        for (int i = 1; i < v.length; i++) {
            double key = v[i];
            double[] kp = p[i];
            int j = i - 1;
            while (j >= 0 && greater(v[j], key)) {
                v[j + 1] = v[j];
                p[j + 1] = p[j];
                j--;
            }
            v[j + 1] = key;
            p[j + 1] = kp;
        }
    }

    private static boolean greater(double a, double b) {
        return Double.isNaN(a) ? !Double.isNaN(b) : a > b;
    }
}
