package io.capstan.app.hpa;

/**
 * Carries a {@link Problem} out of a deep reader to the boundary that turns it back into a value; it never leaves
 * this package's public methods. No stack trace: it is control flow, not a bug.
 */
public final class ProblemException extends Exception {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.toString(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
