package io.capstan.app;

import io.capstan.app.input.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** The {@code capstan} command line. */
@Command(name = "capstan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An explainable scaling control plane: validate policies, explain decisions, replay real load, run the live loop and operate it.",
        subcommands = {io.capstan.app.config.ValidateCommand.class, io.capstan.app.explain.ExplainCommand.class,
                io.capstan.app.simulate.SimulateCommand.class, io.capstan.app.forecast.ForecastCommand.class,
                io.capstan.app.run.RunCommand.class, io.capstan.app.run.PushCommand.class,
                io.capstan.app.client.StatusCommand.class, io.capstan.app.client.HistoryCommand.class,
                io.capstan.app.client.ChangeCommands.Scale.class, io.capstan.app.client.ChangeCommands.Pause.class,
                io.capstan.app.client.ChangeCommands.Resume.class, io.capstan.app.client.ChangeCommands.Emergency.class,
                io.capstan.app.client.ChangeCommands.DryRun.class,
                io.capstan.app.tune.TuneCommand.class, io.capstan.app.plan.PlanCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'capstan help COMMAND' for a command's options and exit codes.",
                "Docs: docs/policy.md (policy files), docs/hpa.md (HPA manifests, explain scenarios), docs/forecast.md (forecasts),"
                        + " docs/run.md (capstan run and its client commands), docs/tune.md (tune), docs/plan.md (plan)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:bad input or problems found", "2:usage error (no command, unknown option)",
                "70:internal error (a bug in Capstan: please report it)"})
public final class Main implements Callable<Integer> {
    /** Exit code of a command line that names no command: a usage error, as for any other. */
    static final int USAGE = 2;
    /** Exit code of a bug (EX_SOFTWARE from sysexits.h). */
    static final int INTERNAL_ERROR = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given streams; returns the exit code. Used by main and by tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return fatal(e, err);
        }
    }

    /**
     * A JVM error escaping a command: running out of heap is the user's input meeting this JVM's limit, so
     * it says how to proceed (exit 1); anything else is a bug (exit 70). Never a stack trace.
     */
    static int fatal(VirtualMachineError e, PrintWriter err) {
        if (e instanceof OutOfMemoryError) {
            err.println("capstan: out of memory: the input needs more than this JVM's heap of " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB; raise it (CAPSTAN_JAVA_OPTS=-Xmx2g ./capstan ...) or read less (a shorter --from/--to range,"
                    + " a coarser --step, a lower --max-trace-bytes)");
            err.flush();
            return 1;
        }
        err.println("capstan: internal error: " + e + " (please report it with the command line used)");
        err.flush();
        return INTERNAL_ERROR;
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // A bug in Capstan is reported as one line plus where to look; bad input never reaches here.
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex.getCause() instanceof VirtualMachineError vm) return fatal(vm, commandLine.getErr());
            commandLine.getErr().println("capstan: internal error: " + ex + " (please report it with the command line used)");
            return INTERNAL_ERROR;
        });
        cli.setParameterExceptionHandler(Main::usageError);
        return cli;
    }

    private static final java.util.regex.Pattern INVALID_VALUE =
            java.util.regex.Pattern.compile("Invalid value for (?:option '([^']*)'|positional parameter at index \\S+ \\(([^)]*)\\)): (.*)", java.util.regex.Pattern.DOTALL);

    /**
     * Every usage error of every command in one shape: one line saying what is wrong, in Capstan's words
     * ({@code --max-steps 0: expected ...}, not picocli's "Invalid value for positional parameter at index 0..*"),
     * then where to look, and exit 2. The full usage is what --help is for.
     */
    public static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        PrintWriter err = c.getErr();
        err.println("error: " + Problem.escape(usageMessage(ex)));
        String name = c.getCommandSpec().qualifiedName(" ").replaceFirst("^capstan ?", "");
        // the whole command as typed: "capstan run --help", not "run --help" (which is no command of its own)
        err.println("Try 'capstan " + (name.isEmpty() ? "" : name + " ") + "--help' for the options.");
        err.flush();
        return USAGE;
    }

    static String usageMessage(CommandLine.ParameterException ex) {
        String message = String.valueOf(ex.getMessage());
        java.util.regex.Matcher m = INVALID_VALUE.matcher(message);
        if (!m.matches()) return message;
        String why = m.group(3);
        if (m.group(1) == null) return why; // a positional value: the converter's message names it
        String value = ex.getValue();
        return m.group(1) + (value == null || value.isBlank() ? "" : " " + value) + ": " + why;
    }

    /** No command given: the usage goes where usage errors go, and the exit code says it was one. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Missing command: validate, explain, simulate, forecast, tune, run, push, status, history, scale, pause, resume,"
                + " emergency or dry-run.");
        spec.commandLine().usage(err);
        err.flush();
        return USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"capstan " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
