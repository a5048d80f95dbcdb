package io.capstan.app.input;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Carries the problems of an input out of a reader that cannot go on (a scenario whose policy is unreadable) to the
 * boundary that prints them. No stack trace: it is control flow, not a bug.
 */
public final class InputException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public InputException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        if (problems.isEmpty()) throw new IllegalArgumentException("an input exception needs a problem");
        this.problems = List.copyOf(problems);
    }

    public InputException(Problem problem) {
        this(List.of(problem));
    }

    /** Every problem, errors and warnings, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    /** The first error, for a one-line report. */
    public Problem first() {
        return problems.stream().filter(Problem::isError).findFirst().orElse(problems.get(0));
    }
}
