package io.capstan.app.config;

import io.capstan.app.input.Problem;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damaged files never crash the loader: whatever the damage, the answer is a list of problems
 * with positions inside the file, or a valid load, and never the internal-error fallback.
 */
class PolicyFileFuzzPropertyTest {
    private static final String[] JUNK = {":", "-", "{", "}", "[", "]", "\"", "'", "\n", " ", "  ", "#", "&a", "*a", "!!str", "?", ",",
            "-1", "0", "99999999999999999999", "1e400", ".nan", "0x1F", "5m", "-5m", "for", ">", "avg(", ")", "cpu", "null", "~", "true",
            "\t", "%", "@", "`", "|", ">-", "<<: *a", "—", "\u0000"};

    private static void assertLoadsOrExplains(String yaml, long seed) {
        PolicyFile.Result r = PolicyFile.parse(yaml, Path.of("fuzz.yaml"));
        int lines = (int) yaml.lines().count() + 2;
        for (Problem p : r.problems()) {
            assertThat(p.message()).as("seed %d:%n%s", seed, yaml).doesNotStartWith(PolicyFile.INTERNAL_ERROR);
            assertThat(p.line()).as("seed %d: %s", seed, p).isBetween(0, lines);
            assertThat(p.column()).as("seed %d: %s", seed, p).isGreaterThanOrEqualTo(0);
        }
        if (!r.problems().isEmpty()) assertThat(r.targets()).isEmpty();
    }

    @RepeatedTest(400)
    void damagedFilesGiveProblemsNotCrashes(RepetitionInfo info) throws IOException {
        long seed = 9_000L + info.getCurrentRepetition();
        Random r = new Random(seed);
        String base = r.nextBoolean() ? Files.readString(Path.of("src/test/resources/policies/full.yaml"))
                : PolicyYaml.print(PolicyGenerator.targets(r), r);
        StringBuilder s = new StringBuilder(base);
        int edits = 1 + r.nextInt(6);
        for (int i = 0; i < edits && !s.isEmpty(); i++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(4)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, JUNK[r.nextInt(JUNK.length)]);
                case 2 -> s.replace(at, Math.min(s.length(), at + 1 + r.nextInt(8)), JUNK[r.nextInt(JUNK.length)]);
                default -> {
                    int end = s.indexOf("\n", at);
                    if (end > 0) s.delete(at, end); // cut the rest of a line
                }
            }
        }
        assertLoadsOrExplains(s.toString(), seed);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a: &x {b: 1}\nc: *x\n",
            "targets: &t []\nother: *t\n",
            "targets:\n  - &w {name: w, replicas: {min: 1, max: 2}}\n  - *w\n",
            "targets: !!str x\n",
            "? [a, b]\n: c\n",
            "targets: [{name: w, replicas: {min: 1, max: 2}, cooldown: 99999999999999999999d}]\n",
            "targets: [{name: w, replicas: {min: 1, max: 2}, cooldown: 1e400}]\n",
            "targets: [{name: w, replicas: {min: .nan, max: .inf}}]\n",
            "targets: [{name: w, replicas: {min: 0x10, max: 0o20}}]\n",
            "targets: [{name: [w], replicas: {min: 1, max: 2}}]\n",
            "targets: [{name: w, replicas: {min: 1, max: 2}, metrics: {'a b': {}}}]\n",
            "targets: [{name: w, replicas: {min: 1, max: 2}, metrics: {cpu: []}}]\n",
            "targets: [{name: w, replicas: {min: 1, max: 2}, metrics: {cpu: {}}, policies: [{name: p, threshold: {when: \"avg(cpu, 99999999999999999d) > 1\", action: {add: 1}}}]}]\n",
            "targets: [{name: w, replicas: {min: 1, max: 2}, policies: [{name: p, schedule: [{name: e, cron: '*/0 * * * *', min: 1}]}]}]\n",
            "targets: [{name: w, replicas: {min: 1, max: 2}, policies: [{name: p, decisionTree: {root: a, nodes: {a: {next: a, run: {name: x}}}}}]}]\n",
            "\ufefftargets: []\n",
            "targets:\n\t- name: w\n",
    })
    void awkwardYamlIsExplained(String yaml) {
        assertLoadsOrExplains(yaml, 0);
    }
}
