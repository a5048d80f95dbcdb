package io.capstan.core.model;

import java.math.BigDecimal;
import java.math.MathContext;

/** Number formatting for explanations: 70 not 70.0, 0.25 not 0.25000000001. */
public final class Numbers {
    private Numbers() {}

    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (!Double.isFinite(v)) return Double.toString(v);
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
