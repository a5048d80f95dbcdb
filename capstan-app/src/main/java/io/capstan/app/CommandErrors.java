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
        // the one duration grammar of every option (simulate's --warm-up, tune's, a policy file's): 90s, 1h30m, 2d, 1e3
        Duration d = io.capstan.app.input.OptionValue.read(option, text, io.capstan.app.input.Types.duration(Duration.ofMillis(1)), usage);
        return d == null ? Duration.ofMillis(1) : d;
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
