package io.capstan.app.client;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A command that talks to the API of a running {@code capstan run}: the shared options, and one line on stderr with
 * exit 1 for whatever the server or the way to it refused.
 */
abstract class ClientCommand implements Callable<Integer> {
    static final String EXIT_HEADING = "%nExit codes:%n";
    static final String FOOTER = "%nThe API token comes from $CAPSTAN_API_TOKEN or --token-file; the server from --server or"
            + " $CAPSTAN_SERVER. Docs: docs/run.md (Operating from a shell).";

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "table (default): for people; json: the server's JSON as it answered, for scripts")
    Output output = Output.table;

    enum Output { table, json }

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(server.client(spec.commandLine()), out, err);
        } catch (ApiClient.Failure f) {
            out.flush();
            err.println("capstan " + spec.name() + ": " + f.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Does the command's work; a refusal on the way is an {@link ApiClient.Failure}. Returns the exit code. */
    abstract int run(ApiClient client, PrintWriter out, PrintWriter err);
}
