package io.capstan.app.source.prometheus;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric's PromQL template and, when it is grouped, the label that tells its targets apart.
 *
 * <p>Variables are written {@code {{target}}} (the target's name) and {@code {{metric}}} (the metric's name in the
 * policy), spaces inside the braces allowed. They are replaced when a poll sends the query, escaped as inside a PromQL
 * double-quoted string ({@code \}, {@code "} and line breaks).
 *
 * <p>Grouping is explicit: with {@code groupBy: deployment}, every {@code {{target}}} must be written as the label
 * matcher {@code deployment="{{target}}"}. Then the requests of all targets whose templates are equal are one query
 * in which that matcher reads {@code deployment=~"a|b|c"}, and the answer is split by the {@code deployment} label
 * of each series. Because the target appears nowhere else, the grouped query selects exactly the union of what the
 * per-target queries select; the query must keep the label in its answer (aggregate {@code by (deployment)}), or
 * each target reads as failed with a message saying so.
 *
 * <p>The template travels in {@link io.capstan.core.spi.SeriesRequest#query()} with its variables in place (so equal
 * templates are equal requests) and, when grouped, a last PromQL comment line {@code # groupBy: <label>}.
 */
record PromQuery(String template, String groupBy) {
    static final List<String> VARIABLES = List.of("target", "metric");
    static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String GROUP_MARK = "\n# groupBy: ";

    /** The request query that carries this template. */
    String spelling() {
        return groupBy == null ? template : template + GROUP_MARK + groupBy;
    }

    static PromQuery parse(String spelling) {
        int mark = spelling.lastIndexOf(GROUP_MARK);
        if (mark >= 0 && LABEL.matcher(spelling.substring(mark + GROUP_MARK.length())).matches()) {
            return new PromQuery(spelling.substring(0, mark), spelling.substring(mark + GROUP_MARK.length()));
        }
        return new PromQuery(spelling, null);
    }

    /**
     * Null when the template can be sent: every variable known, every brace pair closed, and when grouped every
     * {@code {{target}}} a matcher on the group label. Else why not.
     */
    String whyNot() {
        if (template.isBlank()) return "the PromQL query is empty";
        if (template.contains(GROUP_MARK.substring(1))) return "a line starting '# groupBy:' is Capstan's; write groupBy as a key";
        Matcher m = VARIABLE.matcher(template);
        int targets = 0;
        while (m.find()) {
            String name = m.group(1);
            if (!VARIABLES.contains(name)) {
                String near = io.capstan.app.input.NearMiss.closest(name, VARIABLES);
                return "unknown variable {{" + name + "}} in the query" + (near == null ? "" : "; did you mean {{" + near + "}}?")
                        + " Variables: {{target}} (the target's name), {{metric}} (the metric's name)";
            }
            if (name.equals("target")) targets++;
        }
        String rest = VARIABLE.matcher(template).replaceAll("");
        if (rest.contains("{{") || rest.contains("}}")) {
            return "unclosed variable in the query: write {{target}} or {{metric}}";
        }
        if (groupBy == null) return null;
        if (targets == 0) {
            return "groupBy: " + groupBy + " needs the query to select each target by that label: write " + groupBy + "=\"{{target}}\"";
        }
        int matchers = 0;
        Matcher g = matcher(groupBy).matcher(template);
        while (g.find()) matchers++;
        if (matchers != targets) {
            return "with groupBy: " + groupBy + ", {{target}} may appear only as the label matcher " + groupBy
                    + "=\"{{target}}\" (so one query can select every target with " + groupBy + "=~\"a|b\"); "
                    + (targets - matchers) + " other use" + (targets - matchers == 1 ? "" : "s") + " found";
        }
        return null;
    }

    /** The query for one target, variables replaced. */
    String forTarget(String target, String metric) {
        return substitute(template, target, metric);
    }

    /** The grouped query selecting every one of {@code targets} (after the template's {@link #whyNot} check). */
    String forTargets(List<String> targets, String metric) {
        StringBuilder alternatives = new StringBuilder();
        for (String t : targets) {
            if (!alternatives.isEmpty()) alternatives.append('|');
            alternatives.append(regexQuote(t));
        }
        String selector = groupBy + "=~\"" + stringEscape(alternatives.toString()) + "\"";
        return substitute(matcher(groupBy).matcher(template).replaceAll(Matcher.quoteReplacement(selector)), null, metric);
    }

    private static Pattern matcher(String label) {
        return Pattern.compile("(?<![a-zA-Z0-9_])" + Pattern.quote(label) + "\\s*=\\s*\"\\{\\{\\s*target\\s*}}\"");
    }

    private static String substitute(String template, String target, String metric) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder b = new StringBuilder(template.length() + 32);
        while (m.find()) {
            String v = switch (m.group(1)) {
                case "target" -> target;
                case "metric" -> metric;
                default -> null;
            };
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : stringEscape(v)));
        }
        return m.appendTail(b).toString();
    }

    /** As inside a PromQL double-quoted string. */
    static String stringEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A literal for Prometheus' RE2 regular expressions (anchored by Prometheus itself). */
    static String regexQuote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) b.append('\\');
            b.append(c);
        }
        return b.toString();
    }
}
