package io.capstan.app.simulate;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyLoaderTest {
    @Test
    void unavailableLoaderSaysSoForTheFile() {
        assertThatThrownBy(() -> PolicyLoader.unavailable().load(Path.of("p.yaml")))
                .isInstanceOf(PolicyLoader.PolicyLoadException.class)
                .satisfies(e -> assertThat(((PolicyLoader.PolicyLoadException) e).problems()).singleElement().asString()
                        .startsWith("p.yaml: policy files cannot be loaded"));
    }

    @Test
    void loadExceptionKeepsEveryProblem() {
        PolicyLoader.PolicyLoadException e = new PolicyLoader.PolicyLoadException(List.of("p.yaml:3:5: bad", "p.yaml:9:1: worse"));
        assertThat(e.problems()).containsExactly("p.yaml:3:5: bad", "p.yaml:9:1: worse");
        assertThat(e.getMessage()).isEqualTo("p.yaml:3:5: bad\np.yaml:9:1: worse");
    }
}
