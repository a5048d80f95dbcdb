package io.capstan.app.actuator.process;

import io.capstan.core.spi.Backoff;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A process pool as configured: see {@link ProcessActuatorFactory} for the keys and docs/run.md for what they mean.
 *
 * @param workingDirectory null for Capstan's own
 * @param portBase         null when members get no {@code PORT}
 * @param readiness        null when a running member counts as ready
 * @param logDirectory     null for {@code <data>/process/<target>/logs}
 */
record PoolSettings(List<String> command, Map<String, String> env, Path workingDirectory, Duration gracePeriod,
                    Integer portBase, Readiness readiness, Restart restart, Path logDirectory) {
    PoolSettings {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /**
     * How crashed members come back.
     *
     * @param backoff        the wait before each restart, by crashes in a row
     * @param resetAfter     a member that ran this long without crashing starts counting its crashes from zero again
     * @param crashLoopAfter from this many crashes in a row on, the member is reported as crash-looping
     */
    record Restart(Backoff backoff, Duration resetAfter, int crashLoopAfter) {}

    /**
     * What of the settings this machine lacks now: the working directory or the program (an executable file, or a
     * bare name on the PATH members get); null when nothing.
     */
    String missingHere() {
        if (workingDirectory != null && !java.nio.file.Files.isDirectory(workingDirectory)) return "working directory " + workingDirectory + " does not exist";
        String program = command.get(0);
        String path = env.getOrDefault("PATH", System.getenv("PATH"));
        if (ProcessTree.executable(program, path, workingDirectory) != null) return null;
        return program.contains(java.io.File.separator) ? "command " + program + " is not an executable file"
                : "command '" + program + "' is not found on the PATH";
    }
}
