package io.capstan.app.simulate;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyLoaderTest {
    @Test
    void yamlLoaderReadsTheExamples() throws Exception {
        assertThat(PolicyLoader.yaml().load(Path.of("..", "examples", "hyperverge.yaml")))
                .extracting(io.capstan.core.target.TargetSpec::name).containsExactly("api", "worker", "scheduler", "notifier");
    }

    @Test
    void yamlLoaderGivesEveryProblemWithItsLocation(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, "targets:\n  - name: a\n    replicas: {min: 3, max: 1}\n");
        assertThatThrownBy(() -> PolicyLoader.yaml().load(bad))
                .isInstanceOf(io.capstan.app.input.InputException.class)
                .satisfies(e -> assertThat(((io.capstan.app.input.InputException) e).problems())
                        .anyMatch(p -> p.toString().startsWith(bad + ":3:") && p.message().contains("max 1 is below min 3")));
    }

    @Test
    void loadExceptionKeepsEveryProblem() {
        io.capstan.app.input.InputException e = new io.capstan.app.input.InputException(List.of(
                io.capstan.app.input.Problem.error(Path.of("p.yaml"), 3, 5, "", "bad"),
                io.capstan.app.input.Problem.error(Path.of("p.yaml"), 9, 1, "", "worse")));
        assertThat(e.problems()).extracting(Object::toString).containsExactly("p.yaml:3:5: bad", "p.yaml:9:1: worse");
        assertThat(e.getMessage()).isEqualTo("p.yaml:3:5: bad\np.yaml:9:1: worse");
    }
}
