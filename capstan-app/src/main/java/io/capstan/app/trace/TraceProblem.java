package io.capstan.app.trace;

import java.nio.file.Path;

/**
 * Something wrong with a trace file, with where it is.
 *
 * @param line   1-based physical line, or 0 when the problem is about the file as a whole
 * @param column 1-based character column of the cell, or 0 when the problem is about the whole line
 */
public record TraceProblem(Path file, int line, int column, String message) {
    public TraceProblem(Path file, int line, String message) {
        this(file, line, 0, message);
    }

    /** {@code file:line:column: message}, the form compilers use, so editors can jump to it. */
    public String format() {
        return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
