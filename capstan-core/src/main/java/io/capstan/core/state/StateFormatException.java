package io.capstan.core.state;

/** Saved state that cannot be read, located by line and column (1-based) in its text. */
public final class StateFormatException extends IllegalArgumentException {
    private final int line;
    private final int column;

    StateFormatException(int line, int column, String message) {
        super(line + ":" + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
