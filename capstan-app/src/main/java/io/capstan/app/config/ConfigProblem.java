package io.capstan.app.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a policy file, at the place it is wrong. Problems are values: the loader
 * collects every one it finds and never throws them at the user.
 *
 * @param file    the file as the user named it
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when the problem concerns the whole file
 * @param path    where in the document, e.g. {@code targets[0].policies[2].threshold.when}; empty for the document itself
 * @param message what was expected and what was found
 */
public record ConfigProblem(Path file, int line, int column, String path, String message) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: path: message}, the form compilers use so editors can jump to it. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
