package io.capstan.app.actuator.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * When a running member counts as ready: a command that exits 0, or an HTTP GET that answers 2xx or 3xx, checked
 * every {@code interval}, each check given at most {@code timeout}.
 */
sealed interface Readiness {
    Duration interval();

    Duration timeout();

    /** Null when the member is ready, else why not ("HTTP 503 from ...", "exit code 1", "timed out after 1s"). */
    String check(Map<String, String> memberEnv, ProcessHandle member) throws InterruptedException;

    /** The command runs with the member's environment (its {@code CAPSTAN_MEMBER} and {@code PORT}) and its output discarded. */
    record Command(List<String> command, Duration interval, Duration timeout, java.nio.file.Path workingDirectory) implements Readiness {
        public Command {
            command = List.copyOf(command);
        }

        @Override
        public String check(Map<String, String> memberEnv, ProcessHandle member) throws InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (workingDirectory != null) pb.directory(workingDirectory.toFile());
            pb.environment().putAll(memberEnv);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return "readiness command cannot start: " + e.getMessage();
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return "readiness command timed out after " + io.capstan.core.model.Durations.format(timeout);
            }
            return p.exitValue() == 0 ? null : "readiness command exited with code " + p.exitValue();
        }
    }

    /** {@code url} may hold {@code ${PORT}} and {@code ${CAPSTAN_MEMBER}}, replaced per member. */
    record Http(String url, Duration interval, Duration timeout) implements Readiness {
        private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();

        String urlFor(Map<String, String> memberEnv) {
            String u = url;
            for (String name : ProcessActuatorFactory.PLACEHOLDERS) {
                String value = memberEnv.get(name);
                if (value != null) u = u.replace("${" + name + "}", value);
            }
            return u;
        }

        @Override
        public String check(Map<String, String> memberEnv, ProcessHandle member) throws InterruptedException {
            String u = urlFor(memberEnv);
            HttpRequest request = HttpRequest.newBuilder(URI.create(u)).timeout(timeout).GET().build();
            try {
                int status = CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status >= 200 && status < 400 ? null : "HTTP " + status + " from " + u;
            } catch (java.net.http.HttpTimeoutException e) {
                return "no answer from " + u + " within " + io.capstan.core.model.Durations.format(timeout);
            } catch (IOException e) {
                return "cannot reach " + u + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
    }
}
