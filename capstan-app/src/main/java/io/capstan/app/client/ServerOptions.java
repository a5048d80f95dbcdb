package io.capstan.app.client;

import io.capstan.core.model.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** Where the API of {@code capstan run} is and how to talk to it: the options every client command shares. */
public final class ServerOptions {
    /** The environment variable naming the server when --server is not given. */
    public static final String SERVER_VARIABLE = "CAPSTAN_SERVER";

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:" + SERVER_VARIABLE + ":-http://127.0.0.1:8080}",
            description = "the API of capstan run (default: $" + SERVER_VARIABLE + ", else http://127.0.0.1:8080, run's default --listen)")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding the API token (instead of $" + ApiClient.TOKEN_VARIABLE + ")")
    Path tokenFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "how long to wait for the server's answer (default: 10s)")
    String timeout;

    /**
     * The client these options describe. A malformed --server or --timeout is a usage error (exit 2); a token file that
     * cannot be read is a {@link ApiClient.Failure} (exit 1).
     */
    public ApiClient client(CommandLine commandLine) {
        return new ApiClient(serverUri(commandLine), token(), timeout(commandLine));
    }

    private URI serverUri(CommandLine cli) {
        String hint = "expected a URL such as http://127.0.0.1:8080";
        URI u;
        try {
            u = new URI(server.strip());
        } catch (URISyntaxException e) {
            throw new CommandLine.ParameterException(cli, "--server " + server + ": " + hint);
        }
        if (u.getScheme() == null || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                || u.getHost() == null) {
            throw new CommandLine.ParameterException(cli, "--server " + server + ": " + hint
                    + (u.getScheme() != null && !u.getScheme().startsWith("http") && u.getHost() == null ? " (with http://)" : ""));
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new CommandLine.ParameterException(cli, "--server " + server + ": " + hint + ", without user, query or fragment");
        }
        return u;
    }

    private Duration timeout(CommandLine cli) {
        Duration d;
        try {
            d = Durations.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--timeout " + timeout + ": " + e.getMessage());
        }
        if (d.isZero() || d.isNegative()) throw new CommandLine.ParameterException(cli, "--timeout " + timeout + ": expected a duration above 0, such as 10s");
        return d;
    }

    private String token() {
        if (tokenFile != null) {
            String t;
            try {
                t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            } catch (NoSuchFileException e) {
                throw new ApiClient.Failure("cannot read --token-file " + tokenFile + ": no such file");
            } catch (IOException e) {
                throw new ApiClient.Failure("cannot read --token-file " + tokenFile + ": " + e.getMessage());
            }
            if (t.isEmpty()) throw new ApiClient.Failure("--token-file " + tokenFile + " is empty");
            return t;
        }
        String t = System.getenv(ApiClient.TOKEN_VARIABLE);
        return t == null || t.isBlank() ? null : t.strip();
    }
}
