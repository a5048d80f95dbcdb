package io.capstan.app.tune;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What tune minimises and what it must keep within a bound: "replicaHours subject to underProvisionedMinutes <= 30"
 * or "underProvisionedMinutes subject to replicaHours <= 500".
 */
record Objective(Measure minimise, Measure bounded, double bound) {
    enum Measure {
        REPLICA_HOURS("replicaHours"), UNDER_PROVISIONED_MINUTES("underProvisionedMinutes");

        final String word;

        Measure(String word) {
            this.word = word;
        }

        double of(Score s) {
            return this == REPLICA_HOURS ? s.replicaHours() : s.underProvisionedMinutes();
        }
    }

    private static final Pattern FORM = Pattern.compile("\\s*(\\w+)\\s+subject\\s+to\\s+(\\w+)\\s*<=\\s*(\\S+)\\s*");

    /** The objective, or null after adding why not to {@code usage}. */
    static Objective parse(String text, List<String> usage) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            usage.add("--objective '" + text + "': expected 'MEASURE subject to MEASURE <= N', e.g. 'replicaHours subject to underProvisionedMinutes <= 30'");
            return null;
        }
        Measure min = measure(text, m.group(1), usage);
        Measure bounded = measure(text, m.group(2), usage);
        double bound = Double.NaN;
        try {
            bound = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (!Double.isFinite(bound) || bound < 0) usage.add("--objective '" + text + "': the bound must be a number of 0 or more, found '" + m.group(3) + "'");
        if (min != null && min == bounded) usage.add("--objective '" + text + "': minimise one measure subject to a bound on the other, not the same one");
        if (min == null || bounded == null || min == bounded || !Double.isFinite(bound) || bound < 0) return null;
        return new Objective(min, bounded, bound);
    }

    private static Measure measure(String text, String word, List<String> usage) {
        for (Measure m : Measure.values()) if (m.word.equals(word)) return m;
        List<String> words = java.util.Arrays.stream(Measure.values()).map(x -> x.word).toList();
        usage.add("--objective '" + text + "': unknown measure '" + word + "', expected replicaHours or underProvisionedMinutes"
                + io.capstan.app.input.NearMiss.suggestion(word, words));
        return null;
    }

    boolean feasible(Score s) {
        return bounded.of(s) <= bound;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s subject to %s <= %s", minimise.word, bounded.word, io.capstan.core.model.Numbers.format(bound));
    }
}
