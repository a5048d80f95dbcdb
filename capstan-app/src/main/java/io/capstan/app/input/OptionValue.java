package io.capstan.app.input;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command-line option's value read with the same {@link Type} as a file's field: one grammar for durations, sizes,
 * whole numbers and choices, and the same messages, whether written in a policy file or after {@code --step}.
 */
public final class OptionValue {
    private OptionValue() {}

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9][0-9_]*");
    /** A decimal as a policy file's YAML reads one: 2.5, .5, 1e3, 2.0e+7. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9][0-9_]*)?(\\.[0-9_]*)?([eE][-+]?[0-9]+)?");

    /** The value, or null after adding "OPTION TEXT: why not" to {@code usage}. */
    public static <T> T read(String option, String text, Type<T> type, List<String> usage) {
        Problems problems = new Problems(Path.of(option));
        T value = type.read(scalar(option, text), problems);
        for (Problem p : problems.list()) usage.add(option + " " + text + ": " + p.message());
        return problems.hasErrors() ? null : value;
    }

    /** The value; what is wrong with it is thrown, for picocli converters (which name the option themselves). */
    public static <T> T read(String option, String text, Type<T> type) {
        Problems problems = new Problems(Path.of(option));
        T value = type.read(scalar(option, text), problems);
        if (problems.hasErrors()) {
            throw new IllegalArgumentException(String.join("; ", problems.list().stream().map(Problem::message).toList()));
        }
        return value;
    }

    /** The text as the scalar a policy file's YAML would make of it: 300, 2.5 and 1e3 are numbers, 5m and 4MiB text. */
    private static Node.Scalar scalar(String option, String text) {
        String t = text.strip();
        Node.ScalarKind kind = INTEGER.matcher(t).matches() ? Node.ScalarKind.INTEGER
                : DECIMAL.matcher(t).matches() && t.matches(".*[0-9].*") ? Node.ScalarKind.DECIMAL
                : Node.ScalarKind.TEXT;
        return new Node.Scalar(kind, t, 0, 0, option);
    }
}
