package io.capstan.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code capstan} command line. */
@Command(name = "capstan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An explainable scaling control plane: validate policies, explain decisions, replay real load.",
        subcommands = {io.capstan.app.config.ValidateCommand.class, io.capstan.app.explain.ExplainCommand.class,
                io.capstan.app.simulate.SimulateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

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
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // A bug in Capstan is reported as one line plus where to look; bad input never reaches here.
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("capstan: internal error: " + ex + " (please report it with the command line used)");
            return 70;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"capstan " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
