package io.capstan.app.hpa;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource.Quantity ("300m", "1.5", "2Gi", "1e3", "1k"), exact as a decimal.
 * {@link #milliValue()} rounds up as Quantity.MilliValue() does, since the HPA controller works in milli-units.
 */
public record Quantity(BigDecimal value) {

    private static final Pattern FORMAT = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(.*)");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")), Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));
    private static final Pattern EXPONENT = Pattern.compile("[eE]([+-]?\\d+)");

    /** What a quantity looks like, for error messages. */
    public static final String EXPECTED = "a Kubernetes quantity such as \"300m\", \"1.5\", \"2Gi\", \"1k\" or \"1e3\"";

    /** Parses a quantity string, or empty when it is not one. */
    public static Optional<Quantity> parse(String text) {
        if (text == null) return Optional.empty();
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) return Optional.empty();
        BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        String suffix = m.group(2);
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier == null) {
            Matcher e = EXPONENT.matcher(suffix);
            if (!e.matches()) return Optional.empty();
            int exp;
            try {
                exp = Integer.parseInt(e.group(1));
            } catch (NumberFormatException tooBig) {
                return Optional.empty();
            }
            if (Math.abs(exp) > 100) return Optional.empty();
            multiplier = BigDecimal.ONE.scaleByPowerOfTen(exp);
        }
        return Optional.of(new Quantity(number.multiply(multiplier)));
    }

    public static Quantity of(BigDecimal value) {
        return new Quantity(value);
    }

    /** Quantity.MilliValue(): the value in thousandths, rounded up (towards positive infinity). */
    public long milliValue() {
        return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    public double doubleValue() {
        return value.doubleValue();
    }
}
