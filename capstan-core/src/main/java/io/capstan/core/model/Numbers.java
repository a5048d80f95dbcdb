package io.capstan.core.model;

import java.math.BigDecimal;
import java.math.MathContext;

/** Number formatting for explanations: 70 not 70.0, 0.25 not 0.25000000001. */
public final class Numbers {
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L};

    private Numbers() {}

    /**
     * Whole numbers print whole; others with at most two decimals from 1 up, four significant
     * digits below 1, and
     * scientific notation with four significant digits (1.5e-7, 2e300) below 1e-4 and from 1e15 up. Explanations are built on every evaluation, so the common cases avoid BigDecimal.
     */
    public static String format(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        double abs = Math.abs(v);
        if (v == Math.rint(v) && abs < 1e15) return Long.toString((long) v);
        if (abs >= 1 && abs < 1e13) {
            long hundredths = Math.round(abs * 100);
            long whole = hundredths / 100;
            int frac = (int) (hundredths % 100);
            StringBuilder sb = new StringBuilder(24);
            if (v < 0) sb.append('-');
            sb.append(whole);
            if (frac != 0) {
                sb.append('.').append((char) ('0' + frac / 10));
                if (frac % 10 != 0) sb.append((char) ('0' + frac % 10));
            }
            return sb.toString();
        }
        if (abs >= 1e-3 && abs < 1) {
            int decimals = 3 - (int) Math.floor(Math.log10(abs));
            long scaled = Math.round(abs * POW10[decimals]);
            if (scaled >= POW10[decimals]) return v < 0 ? "-1" : "1";
            StringBuilder sb = new StringBuilder(12);
            if (v < 0) sb.append('-');
            sb.append("0.");
            String digits = Long.toString(scaled);
            for (int i = digits.length(); i < decimals; i++) sb.append('0');
            int end = digits.length();
            while (end > 1 && digits.charAt(end - 1) == '0') end--;
            return sb.append(digits, 0, end).toString();
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
        if (abs >= 1e-4 && abs < 1e15) return rounded.toPlainString();
        // Beyond these bounds a plain form runs to hundreds of digits (1e-320, 1e300): scientific instead.
        int exponent = rounded.precision() - rounded.scale() - 1;
        return rounded.movePointLeft(exponent).toPlainString() + "e" + exponent;
    }
}
