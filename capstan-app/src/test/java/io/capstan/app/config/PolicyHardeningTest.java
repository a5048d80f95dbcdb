package io.capstan.app.config;

import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Problem;
import io.capstan.core.decide.Decider;
import io.capstan.core.state.ScalingState;
import io.capstan.core.target.Signals;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Legal extremes of policy files: limits, ranges, strictness, warnings and the safe default behavior (issue 5). */
class PolicyHardeningTest {
    private static final Path FILE = Path.of("p.yaml");

    private static List<String> problems(String yaml) {
        return PolicyFile.parse(yaml, FILE).problems().stream().map(Problem::toString).toList();
    }

    private static String target(String extra, String policies) {
        return "targets:\n  - name: w\n    replicas: {min: 1, max: 10}\n    metrics: {cpu: {}}\n" + extra + "    policies:\n" + policies;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "avg(cpu, 9223372036854775807) > 1         | 6:47 | window: duration 9223372036854775807 is longer than the maximum of 366d",
            "avg(cpu, 367d) > 1                        | 6:47 | window: duration 367d is longer than the maximum of 366d",
            "avg(cpu) > 1 for 200000000000d            | 6:55 | for: duration 200000000000d is longer than the maximum of 366d",
    })
    void everyDurationHasTheDocumentedMaximum(String when, String at, String message) {
        assertThat(problems(target("", "      - {name: a, threshold: {when: \"" + when + "\", action: {add: 1}}}\n")))
                .anySatisfy(p -> assertThat(p).startsWith("p.yaml:" + at.split(":")[0] + ":").contains(message));
    }

    @Test
    void durationFieldsHaveTheMaximumToo() {
        assertThat(problems(target("    cooldown: 200000000000d\n", "      - {name: a, threshold: {when: \"avg(cpu) > 1\", action: {add: 1}}}\n")))
                .containsExactly("p.yaml:5:15: targets[0].cooldown: duration 200000000000d is longer than the maximum of 366d");
        assertThat(problems(target("    cooldown: 366d\n", "      - {name: a, threshold: {when: \"avg(cpu) > 1\", action: {add: 1}}}\n"))).isEmpty();
    }

    @Test
    void aLongDecisionTreeValidatesWithoutRecursion() {
        int n = 5_000;
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String next = i + 1 < n ? "n" + (i + 1) : "ok";
            nodes.append("            n").append(i).append(": {if: \"avg(cpu) > ").append(i).append("\", then: ").append(next)
                    .append(", else: ok}\n");
        }
        nodes.append("            ok: {healthy: true}\n");
        String yaml = target("", "      - name: tree\n        decisionTree:\n          root: n0\n          nodes:\n" + nodes);
        PolicyFile.Result r = PolicyFile.parse(yaml, FILE);
        assertThat(r.problems()).isEmpty();
        String cyclic = yaml.replace("n4999: {if: \"avg(cpu) > 4999\", then: ok", "n4999: {if: \"avg(cpu) > 4999\", then: n2");
        assertThat(problems(cyclic)).singleElement().satisfies(p -> assertThat(p)
                .contains("targets[0].policies[0].decisionTree.nodes.n4999.then: the tree has a cycle: n2 -> n3 -> ")
                .contains("n4998 -> n4999 -> n2"));
    }

    /** A cycle, an unknown reference and unreachable nodes are found together: none of these checks needs another to pass. */
    @Test
    void aTreeCycleDoesNotHideUnreachableNodesOrUnknownReferences() {
        String yaml = target("", """
                      - name: tree
                        decisionTree:
                          root: a
                          nodes:
                            a: {if: "avg(cpu) > 70", then: b, else: a}
                            b: {action: {add: 1}, next: zz}
                            c: {healthy: true}
                            d: {action: {add: 1}, next: c}
                """);
        assertThat(problems(yaml)).anySatisfy(p -> assertThat(p).contains("nodes.a.else: the tree has a cycle: a -> a"))
                .anySatisfy(p -> assertThat(p).contains("nodes.b.next: unknown node 'zz'"))
                .anySatisfy(p -> assertThat(p).contains("nodes.c: node 'c' is not reachable from root 'a'"))
                .anySatisfy(p -> assertThat(p).contains("nodes.d: node 'd' is not reachable from root 'a'"))
                .hasSize(4);
    }

    @Test
    void aMergeKeyIsNamedAsUnsupported() {
        assertThat(problems("targets:\n- name: w\n  replicas: {min: 1, max: 2}\n  <<: {metrics: {cpu: {}}}\n")).anySatisfy(p -> assertThat(p)
                .startsWith("p.yaml:4:3: targets[0].<<: merge keys (<<) are not supported, nor anchors and aliases: write the fields out"));
    }

    @Test
    void aBadCronNamesEveryBadField() {
        assertThat(problems(target("", "      - {name: s, schedule: [{name: e, cron: \"61 25 0 13 8\", min: 2}]}\n")))
                .singleElement().satisfies(p -> assertThat(p)
                        .contains("cron minute field '61': 61 is outside 0-59; cron hour field '25': 25 is outside 0-23;"
                                + " cron day-of-month field '0': 0 is outside 1-31; cron month field '13': 13 is outside 1-12;"
                                + " cron day-of-week field '8': 8 is outside 0-7"));
    }

    @Test
    void aCronThatNeverFiresIsAWarning() {
        PolicyFile.Result r = PolicyFile.parse(target("", "      - {name: s, schedule: [{name: e, cron: \"0 0 31 2 *\", min: 2}]}\n"), FILE);
        assertThat(r.isValid()).isTrue();
        assertThat(r.targets()).hasSize(1);
        assertThat(r.warnings()).extracting(Problem::toString).containsExactly("p.yaml:6:46: warning: targets[0].policies[0].schedule[0].cron:"
                + " cron '0 0 31 2 *' never fires: none of its months has the day of the month it names, so this entry never applies");
        assertThat(PolicyFile.parse(target("", "      - {name: s, schedule: [{name: e, cron: \"0 0 29 2 *\", min: 2}]}\n"), FILE)
                .warnings()).as("the 29th of February comes every four years").isEmpty();
    }

    @Test
    void shortTimeZoneIdsAreReadWithAWarningThatSaysWhatTheyMean() {
        PolicyFile.Result est = PolicyFile.parse(target("",
                "      - {name: s, schedule: [{name: e, cron: \"0 8 * * *\", timeZone: EST, min: 2}]}\n"), FILE);
        assertThat(est.isValid()).isTrue();
        // the JDK maps EST to -05:00 or (since JDK 23) America/Panama: both are UTC-05:00 all year
        assertThat(est.warnings()).extracting(Problem::message).singleElement().satisfies(m -> assertThat(m).startsWith("'EST' is read as ")
                .contains("UTC-05:00 all year without daylight saving; write America/New_York for local time with daylight saving"));
        PolicyFile.Result pst = PolicyFile.parse(target("",
                "      - {name: s, schedule: [{name: e, cron: \"0 8 * * *\", timeZone: PST, min: 2}]}\n"), FILE);
        assertThat(pst.warnings()).extracting(Problem::message)
                .containsExactly("'PST' is an abbreviation, read as America/Los_Angeles; write America/Los_Angeles instead");
    }

    @Test
    void anEndlessFileStopsAtTheSizeLimit(@TempDir Path dir) {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero));
        PolicyFile.Result r = PolicyFile.load(zero, new InputLimits(1 << 16));
        assertThat(r.readError()).isNull();
        assertThat(r.problems()).extracting(Problem::toString).containsExactly(
                "/dev/zero: the file is larger than the input limit of 64 KiB; raise it with --max-input-size if the file is meant to be this large");
    }

    @Test
    void aFileJustUnderTheLimitWithTheLongestLinesLoads(@TempDir Path dir) throws Exception {
        String policy = target("", "      - {name: a, threshold: {when: \"avg(cpu) > 1\", action: {add: 1}}}\n");
        StringBuilder text = new StringBuilder(policy);
        String comment = "#" + "x".repeat(InputLimits.MAX_YAML_LINE - 1) + "\n";
        while (text.length() + comment.length() <= InputLimits.DEFAULT_MAX_BYTES) text.append(comment);
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, text);
        assertThat(Files.size(file)).isGreaterThan(InputLimits.DEFAULT_MAX_BYTES - InputLimits.MAX_YAML_LINE - 2);
        assertThat(PolicyFile.load(file).problems()).isEmpty();

        Files.writeString(file, policy + "#" + "x".repeat(InputLimits.MAX_YAML_LINE) + "\n");
        assertThat(PolicyFile.load(file).problems()).extracting(Problem::toString).containsExactly(file + ":7:16385: line 7 is 16385"
                + " characters long; YAML lines may be at most 16384 (fold long text with > or |, or split the comment)");
        Files.writeString(file, policy + "x".repeat(100));
        assertThat(PolicyFile.load(file, new InputLimits(policy.length() + 99)).problems()).extracting(Problem::message)
                .containsExactly("the file is larger than the input limit of " + (policy.length() + 99) + " bytes;"
                        + " raise it with --max-input-size if the file is meant to be this large");
    }

    @Test
    void aTargetWithoutBehaviorOrCooldownGetsKubernetesDefaultBehavior() {
        String tracking = "      - {name: t, targetTracking: {metric: cpu, target: 70}}\n";
        assertThat(PolicyFile.parse(target("", tracking), FILE).targets().get(0).behavior())
                .isEqualTo(PolicyReader.KUBERNETES_DEFAULT_BEHAVIOR);
        assertThat(PolicyFile.parse(target("    cooldown: 1m\n", tracking), FILE).targets().get(0).behavior()).as("declared a cooldown").isNull();
        assertThat(PolicyFile.parse(target("", "      - {name: t, targetTracking: {metric: cpu, target: 70, cooldown: 1m}}\n"), FILE)
                .targets().get(0).behavior()).as("a policy declared a cooldown").isNull();
        assertThat(PolicyFile.parse(target("    behavior: {scaleDown: {stabilizationWindowSeconds: 0}}\n", tracking), FILE)
                .targets().get(0).behavior().scaleDown().stabilizationWindowSeconds()).as("the explicit opt-out").isZero();
    }

    @Test
    void aColdSampleAfterADataGapIsDampedLikeAnHpa() {
        TargetSpec spec = PolicyFile.parse("""
                targets:
                  - name: web
                    replicas: {min: 2, max: 30, initial: 30}
                    metrics: {cpu: {onMissing: hold}}
                    policies:
                      - {name: track, targetTracking: {metric: cpu, target: 70}}
                """, FILE).targets().get(0);
        Decider decider = new Decider();
        Signals signals = Signals.of(spec);
        ScalingState state = ScalingState.EMPTY;
        int replicas = 30;
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<Integer> counts = new ArrayList<>();
        for (int minute = 0; minute <= 75; minute++) {
            Instant now = t0.plusSeconds(60L * minute);
            if (minute < 10) signals.add("cpu", now.toEpochMilli(), 70);   // steady at 30 replicas
            if (minute >= 70) signals.add("cpu", now.toEpochMilli(), 10);  // after an hour without data, cold
            Decider.Result r = decider.decide(spec, state, new Decider.Observation(replicas, replicas), signals.at(now), now);
            state = r.next();
            replicas = r.decision().to();
            if (minute >= 70) counts.add(replicas);
        }
        assertThat(counts.get(0)).as("the first cold sample (before: 30 -> 5, then 2)").isEqualTo(30);
        assertThat(counts.get(1)).isEqualTo(30);
        assertThat(counts.get(counts.size() - 1)).as("after the 300 s window the target follows the load").isLessThan(30);
    }
}
