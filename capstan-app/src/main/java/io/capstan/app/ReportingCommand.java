package io.capstan.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A command that writes to picocli's output and error streams: both are flushed however the command ends, so a
 * message printed just before an error exit is never lost in a buffer.
 */
public abstract class ReportingCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        try {
            return run(stdout, err);
        } finally {
            stdout.flush();
            err.flush();
        }
    }

    /** The command's work; returns its exit code. */
    protected abstract int run(PrintWriter stdout, PrintWriter err);
}
