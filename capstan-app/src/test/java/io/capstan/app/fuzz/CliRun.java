package io.capstan.app.fuzz;

import io.capstan.app.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One in-process run of the CLI ({@link Main#run}) and what a user must never see from it: an exit code other than
 * 0, 1 or 2, "internal error", a stack trace or a Java exception name. A Throwable escaping {@code Main.run} (an
 * Error that picocli does not catch) is captured as such a finding rather than thrown at the test.
 */
record CliRun(List<String> args, int exit, String out, String err, Throwable thrown) {
    static final Set<Integer> EXIT_CODES = Set.of(0, 1, 2);
    /** A class name the user would have to read Java to understand: FooException, StackOverflowError, java.lang.X. */
    // Anchored at a word start: unanchored, a 100 KB word would make the match quadratic.
    private static final Pattern JAVA_NAME = Pattern.compile("\\b[A-Z][A-Za-z]*(?:Exception|Error)\\b|\\bjava\\.[a-z]+\\.[A-Z]\\w*");

    private static final Pattern EXIT_CODE_LINE = Pattern.compile("(?m)^\\s+70\\s+internal error .*$");

    static CliRun of(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
            return new CliRun(List.copyOf(args), exit, out.toString(), err.toString(), null);
        } catch (Throwable t) {
            return new CliRun(List.copyOf(args), -1, out.toString(), err.toString(), t);
        }
    }

    /** What is wrong with this run as a user sees it; empty when nothing is. */
    List<String> findings() {
        List<String> found = new ArrayList<>();
        if (thrown != null) found.add("threw " + thrown);
        else if (!EXIT_CODES.contains(exit)) found.add("exit code " + exit + " (expected 0, 1 or 2)");
        for (String stream : List.of("out", "err")) {
            // Usage and help list exit code 70 as "internal error": that line is documentation, not one.
            String text = EXIT_CODE_LINE.matcher(stream.equals("out") ? out : err).replaceAll("");
            if (text.toLowerCase(java.util.Locale.ROOT).contains("internal error")) found.add(stream + " says 'internal error'");
            if (text.contains("\tat ")) found.add(stream + " holds a stack trace");
            Matcher m = JAVA_NAME.matcher(text);
            if (m.find()) found.add(stream + " names a Java class: " + m.group());
        }
        return found;
    }

    /** The run as a failure report shows it, long outputs cut. */
    String describe() {
        return "capstan " + String.join(" ", args.stream().map(CliRun::quote).toList()) + "\n  exit " + exit
                + (thrown == null ? "" : ", threw " + thrown) + "\n  out: " + cut(out) + "\n  err: " + cut(err);
    }

    private static String quote(String arg) {
        return arg.matches("[\\w./=:,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    private static String cut(String s) {
        String oneLine = s.strip().replace("\n", "\n       ");
        return oneLine.length() <= 1500 ? oneLine : oneLine.substring(0, 1500) + " ...(" + s.length() + " chars)";
    }
}
