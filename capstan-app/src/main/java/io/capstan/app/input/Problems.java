package io.capstan.app.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The problems found in one file so far, in the order found. */
public final class Problems {
    private final Path file;
    private final List<Problem> found = new ArrayList<>();
    private int errors;

    public Problems(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void add(int line, int column, String path, String message) {
        found.add(Problem.error(file, line, column, path, message));
        errors++;
    }

    /** An error at a node, under the node's own path. */
    public void add(Node at, String message) {
        add(at.line(), at.column(), at.path(), message);
    }

    /** An error at a node, under another path (a key's position, or a field read from a longer path). */
    public void add(Node at, String path, String message) {
        add(at.line(), at.column(), path, message);
    }

    public void warn(Node at, String message) {
        found.add(new Problem(file, at.line(), at.column(), at.path(), Problem.Severity.WARNING, message));
    }

    /** The number of errors so far (warnings do not count): readers compare it before and after a part. */
    public int count() {
        return errors;
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    /** Throws the problems so far when any is an error; for readers that stop at the first wrong part. */
    public void check() throws InputException {
        if (errors > 0) throw new InputException(list());
    }

    /** By position in the file, so they read top to bottom; problems about the whole file first. */
    public List<Problem> list() {
        List<Problem> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return List.copyOf(sorted);
    }
}
