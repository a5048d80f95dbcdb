package io.capstan.app.hpa;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Type;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource.Quantity ("300m", "1.5", "2Gi", "1e3", "1k", "-5n"), exact as a decimal, with the grammar of
 * k8s.io/apimachinery/pkg/api/resource: a signed number ({@code 5}, {@code 5.}, {@code .5}, {@code 5.5}) and one
 * suffix, binary (Ki Mi Gi Ti Pi Ei), decimal (n u m "" k M G T P E) or a decimal exponent (e or E, a signed whole
 * number). No spaces. {@link #milliValue()} rounds up as Quantity.MilliValue() does, since the HPA controller works in
 * milli-units held in an int64: a quantity beyond that is out of range, reported where it is written.
 */
public record Quantity(BigDecimal value) {

    private static final Pattern FORMAT = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(.*)", Pattern.DOTALL);
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")), Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));
    private static final Pattern EXPONENT = Pattern.compile("[eE]([+-]?)(\\d+)");
    /** Beyond this many powers of ten a value is out of any range, or rounds to the smallest step: no need to expand it. */
    private static final int EXPONENT_CAP = 1000;
    private static final BigDecimal MAX_MILLI = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal MIN_MILLI = BigDecimal.valueOf(Long.MIN_VALUE);

    /** What a quantity looks like, for error messages. */
    public static final String EXPECTED = "a Kubernetes quantity such as \"300m\", \"1.5\", \"2Gi\", \"1k\" or \"1e3\"";

    /** Parses a quantity string, or empty when it is not one. */
    public static Optional<Quantity> parse(String text) {
        if (text == null) return Optional.empty();
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) return Optional.empty();
        BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        String suffix = m.group(2);
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier != null) return Optional.of(new Quantity(number.multiply(multiplier)));
        Matcher e = EXPONENT.matcher(suffix);
        if (!e.matches()) return Optional.empty();
        String digits = e.group(2).replaceFirst("^0+(?=.)", "");
        int exp = digits.length() > 6 ? EXPONENT_CAP + 1 : Math.min(Integer.parseInt(digits), EXPONENT_CAP + 1);
        if (e.group(1).equals("-")) exp = -exp;
        return Optional.of(new Quantity(number.scaleByPowerOfTen(exp)));
    }

    public static Quantity of(BigDecimal value) {
        return new Quantity(value);
    }

    /** True when the value in milli-units fits the int64 the HPA controller holds it in. */
    public boolean fitsMilli() {
        if (value.signum() == 0) return true;
        // compare magnitudes before scaling, so 1e-1000000 or 1e1000000 costs nothing
        if (value.precision() - value.scale() > 25) return false;
        BigDecimal milli = value.movePointRight(3).setScale(0, RoundingMode.CEILING);
        return milli.compareTo(MAX_MILLI) <= 0 && milli.compareTo(MIN_MILLI) >= 0;
    }

    /** Quantity.MilliValue(): the value in thousandths, rounded up (towards positive infinity). */
    public long milliValue() {
        if (!fitsMilli()) throw new IllegalArgumentException("quantity " + value + " is out of range");
        if (value.signum() > 0 && value.precision() - value.scale() < -25) return 1;
        if (value.signum() <= 0 && value.precision() - value.scale() < -25) return 0;
        return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    public double doubleValue() {
        return value.doubleValue();
    }

    /** A quantity field: a quantity string or a plain number in base units. */
    public static final Type<Quantity> TYPE = new Type<>() {
        @Override
        public Quantity read(Node node, Problems problems) {
            Optional<Quantity> q = node instanceof Node.Scalar s && (s.isNumber() || s.kind() == Node.ScalarKind.TEXT)
                    ? parse(s.text()) : Optional.empty();
            if (q.isEmpty()) {
                problems.add(node, "expected " + EXPECTED + ", found " + node.describe());
                return null;
            }
            return q.get();
        }

        @Override
        public String expected() {
            return EXPECTED;
        }
    };

    /** A quantity in milli-units, which must fit the controller's int64. */
    public static final Type<Long> MILLI = TYPE.where(q -> q.fitsMilli() ? null
            : "quantity is out of range: the HPA controller holds quantities as int64 milli-units, so values up to about"
            + " 9.2e15 (\"9223372036854775807m\") in either direction are allowed").map(Quantity::milliValue);

    /** A quantity node in milli-units, or null after reporting why it is not one or is out of range. */
    public static Long milli(Node node, Problems problems) {
        return MILLI.read(node, problems);
    }
}
