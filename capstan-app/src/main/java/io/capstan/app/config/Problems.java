package io.capstan.app.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The problems found in one file so far, in the order found. */
final class Problems {
    private final Path file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(int line, int column, String path, String message) {
        found.add(new ConfigProblem(file, line, column, path, message));
    }

    void add(YamlNode at, String path, String message) {
        add(at.line(), at.column(), path, message);
    }

    int count() {
        return found.size();
    }

    /** By position in the file, so they read top to bottom; problems about the whole file first. */
    List<ConfigProblem> list() {
        List<ConfigProblem> sorted = new ArrayList<>(found);
        sorted.sort(java.util.Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return List.copyOf(sorted);
    }
}
