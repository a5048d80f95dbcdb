package io.capstan.app.config;

import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random valid specs, printed in the policy language and loaded back, come back equal. */
class PolicyFilePropertyTest {
    private static final long SEED_BASE = 3140;

    @RepeatedTest(300)
    void printThenLoadIsIdentity(RepetitionInfo info) {
        long seed = SEED_BASE + info.getCurrentRepetition();
        Random r = new Random(seed);
        List<TargetSpec> targets = PolicyGenerator.targets(r);
        String yaml = PolicyYaml.print(targets, new Random(seed * 31));
        PolicyFile.Result loaded = PolicyFile.parse(yaml, Path.of("generated-" + seed + ".yaml"));
        assertThat(loaded.problems()).as("seed %d:%n%s", seed, yaml).isEmpty();
        assertThat(loaded.targets()).as("seed %d:%n%s", seed, yaml).isEqualTo(targets);
    }
}
