package io.capstan.app.trace;

import java.nio.file.Path;

/**
 * Something wrong with a trace file, with where it is.
 *
 * @param line 1-based physical line, or 0 when the problem is about the file as a whole
 */
public record TraceProblem(Path file, int line, String message) {
    /** {@code file:line: message}, the form compilers use, so editors can jump to it. */
    public String format() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
