package io.capstan.app.input;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with an input (a policy file, an HPA manifest, an explain scenario, an option), at the place it is
 * wrong. Problems are values: readers collect every one they find in {@link Problems} and never throw them at the user.
 *
 * @param file     the file as the user named it
 * @param line     1-based line, or 0 when the problem concerns the whole file
 * @param column   1-based column, or 0 when the problem concerns the whole file
 * @param path     where in the document, e.g. {@code targets[0].policies[2].threshold.when}; empty for the document itself
 * @param severity an error makes the input unusable; a warning is printed and the input still loads
 * @param message  what was expected and what was found
 */
public record Problem(Path file, int line, int column, String path, Severity severity, String message) {

    public enum Severity { ERROR, WARNING }

    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Problem error(Path file, int line, int column, String path, String message) {
        return new Problem(file, line, column, path, Severity.ERROR, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * {@code file:line:column: path: message}, the form compilers use so editors can jump to it; a warning says so
     * after the location, and a problem about the whole file has no line and column.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(escapeName(String.valueOf(file)));
        if (line > 0) b.append(':').append(line).append(':').append(Math.max(column, 1));
        b.append(": ");
        if (severity == Severity.WARNING) b.append("warning: ");
        if (!path.isEmpty()) b.append(escape(shortened(path))).append(": ");
        return b.append(escape(shortened(message))).toString();
    }

    /**
     * Messages echo what was written; a multi-megabyte value is shown by its start, how much is left out
     * and its end (where a cycle closes or a value ends), not whole.
     */
    static final int MAX_ECHO = 1000;

    static String shortened(String text) {
        if (text.length() <= MAX_ECHO) return text;
        int half = MAX_ECHO / 2;
        return text.substring(0, half) + " ... (" + (text.length() - MAX_ECHO) + " characters left out) ... " + text.substring(text.length() - half);
    }

    /**
     * The text with control and formatting characters (ESC, NUL, bidi overrides such as U+202E) written as
     * {@code \u001B}: messages echo what the user wrote, and a raw ESC or RTL override would repaint the terminal or
     * reorder the line it is printed on.
     */
    public static String escape(String text) {
        return escape(text, true);
    }

    /** A file or other name: as {@link #escape}, and a line break too, which no name spans (a message may). */
    public static String escapeName(String name) {
        return escape(name, false);
    }

    private static String escape(String text, boolean keepLineBreaks) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean hide = (type == Character.CONTROL && (c != '\n' || !keepLineBreaks)) || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            if (hide && b == null) b = new StringBuilder(text.length() + 8).append(text, 0, i);
            if (hide) b.append(String.format("\\u%04X", (int) c));
            else if (b != null) b.append(c);
        }
        return b == null ? text : b.toString();
    }
}
