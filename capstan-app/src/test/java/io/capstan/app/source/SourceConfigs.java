package io.capstan.app.source;

import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;

import java.nio.file.Path;
import java.util.List;

/** Reads a config text's sources as {@code capstan run} will, for tests. */
public final class SourceConfigs {
    private SourceConfigs() {}

    /** What reading gave: the config (null when an error was found) and every problem as printed. */
    public record Read(Sources.Config config, List<String> problems) {}

    public static Read read(String yaml) {
        Problems problems = new Problems(Path.of("capstan.yaml"));
        Node root = Tree.single(Tree.read(yaml, Tree.Format.YAML, InputLimits.DEFAULT, problems), Tree.Format.YAML, "a config", problems);
        Sources.Config config = Sources.installed().read(root, problems);
        return new Read(config, problems.list().stream().map(Problem::toString).toList());
    }

    /** A config with one target {@code web} whose metric {@code m} reads {@code source}, and a sources section. */
    public static String withMetric(String source, String sources) {
        return "targets:\n"
                + "  - name: web\n"
                + "    metrics:\n"
                + "      m: {source: " + source + "}\n"
                + (sources == null ? "" : "sources:\n" + sources);
    }
}
