package io.capstan.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the CLI: its exit code and what it printed to each stream. */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
