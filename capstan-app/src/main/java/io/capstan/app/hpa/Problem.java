package io.capstan.app.hpa;

/**
 * A user-caused input error, as a value: where it is (file, line, column and the JSON pointer of the node) and what
 * was expected there. {@code line} and {@code column} are 0 when the location is unknown.
 */
public record Problem(String file, int line, int column, String path, String message) {

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) b.append(':').append(line).append(':').append(column);
        b.append(": ");
        if (path != null && !path.isEmpty()) b.append("at ").append(path).append(": ");
        return b.append(message).toString();
    }
}
