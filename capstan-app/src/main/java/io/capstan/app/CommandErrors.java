package io.capstan.app;

import io.capstan.app.input.Problem;
import io.capstan.core.model.Durations;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** How the report-writing commands (forecast, plan) read duration options and say what is wrong, with their exit codes. */
public final class CommandErrors {
    public static final int BAD_INPUT = 1;
    public static final int USAGE = 2;

    private CommandErrors() {}

    /** A duration option of at least 1 ms; otherwise "OPTION TEXT: why" is added to {@code usage} and 1 ms returned. */
    public static Duration positiveDuration(String option, String text, List<String> usage) {
        try {
            Duration d = Durations.parse(text);
            if (d.isZero() || d.isNegative() || d.toMillis() == 0) {
                usage.add(option + " " + text + ": must be at least 1ms");
                return Duration.ofMillis(1);
            }
            return d;
        } catch (IllegalArgumentException e) {
            usage.add(option + " " + text + ": " + e.getMessage());
            return Duration.ofMillis(1);
        }
    }

    /** Prints each usage error and where to find the options; gives {@link #USAGE}. */
    public static int usage(PrintWriter err, String command, List<String> usage) {
        usage.forEach(u -> err.println("error: " + Problem.escape(u)));
        err.println("Try 'capstan " + command + " --help' for the options.");
        return USAGE;
    }

    /** Prints each problem; gives {@link #BAD_INPUT}. */
    public static int bad(PrintWriter err, List<String> problems) {
        problems.forEach(p -> err.println("error: " + Problem.escape(p)));
        return BAD_INPUT;
    }
}
