package io.capstan.app.config;

import io.capstan.app.input.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages that said something other than what was written or what is wrong (issue 5 review, items 11, 18, 19). */
class ReviewedMessagesTest {
    @TempDir
    Path dir;

    private List<String> problems(String yaml) throws IOException {
        Path f = Files.writeString(dir.resolve("p.yaml"), yaml);
        return PolicyFile.load(f).problems().stream().map(Problem::toString).map(s -> s.substring(dir.toString().length() + 1)).toList();
    }

    private static String target(String extra) {
        return "targets:\n  - name: web\n    replicas: {min: 1, max: 5}\n" + extra;
    }

    @Test
    void yesAndOnAreNotBooleansAndTheMessageSaysWhatWasWritten() throws IOException {
        String policy = "    policies:\n      - name: p\n        threshold: {when: \"avg(cpu) > 1\", action: {toMax: %s}}\n    metrics: {cpu: }\n";
        assertThat(problems(target(policy.formatted("yes")))).singleElement().asString()
                .contains("toMax").contains("expected true or false, found text 'yes'").doesNotContain("toMax: false");
        assertThat(problems(target(policy.formatted("on")))).singleElement().asString().contains("found text 'on'");
        assertThat(problems(target(policy.formatted("true")))).isEmpty();
        assertThat(problems(target("    flappingGuard: yes\n"))).singleElement().asString()
                .isEqualTo("p.yaml:4:20: targets[0].flappingGuard: expected on | off, found text 'yes'");
        assertThat(problems(target("    flappingGuard: off\n"))).isEmpty();
    }

    @Test
    void controlCharactersInNamesAreEscaped() throws IOException {
        List<String> p = problems("targets:\n  - {name: \"a\\u202eb\\u001b[31mRED\", replicas: {min: 1, max: 2}}\n"
                + "  - {name: \"a\\u202eb\\u001b[31mRED\", replicas: {min: 1, max: 2}}\n");
        assertThat(p).isNotEmpty().allSatisfy(s -> assertThat(s).doesNotContain("\u001b", "\u202e"));
        assertThat(String.join("\n", p)).contains("a\\u202Eb\\u001B[31mRED");
        List<String> nul = problems(target("    metrics: {\"cpu\\0\": }\n"));
        assertThat(nul).singleElement().asString().contains("metric name 'cpu\\u0000' contains a control character")
                .doesNotContain("\u0000").doesNotContain("must start with a letter");
    }

    @Test
    void wholeNumbersBeyondTheirTypeNameTheLimit() throws IOException {
        assertThat(problems("targets:\n  - name: web\n    replicas: {min: 1, max: 2147483648}\n")).singleElement().asString()
                .contains("expected a whole number of at most 2147483647, found 2147483648");
    }

    @Test
    void leadingZerosAreOneErrorWhetherYamlReadsThemAsNumberOrText() throws IOException {
        assertThat(problems("targets:\n  - name: web\n    replicas: {min: 1, max: 09}\n")).singleElement().asString()
                .contains("found 09: write numbers without leading zeros");
        assertThat(problems("targets:\n  - name: web\n    replicas: {min: 1, max: 010}\n")).singleElement().asString()
                .contains("found 010: write numbers without leading zeros");
    }

    @Test
    void aTooLongMaxAgeSaysSoAsEveryDurationDoes() throws IOException {
        assertThat(problems(target("    metrics: {cpu: {onMissing: {lastKnown: {maxAge: 367d}}}}\n"))).singleElement().asString()
                .contains("duration 367d is longer than the maximum of 366d");
    }

    @Test
    void onMissingWordsMatchWithoutRegardToCaseAsEveryChoiceDoes() throws IOException {
        assertThat(problems(target("    metrics: {cpu: {onMissing: UPONLY, scope: Target}}\n"))).isEmpty();
        assertThat(problems(target("    metrics: {cpu: {onMissing: Hold}}\n"))).isEmpty();
    }

    @Test
    void countsAboveTheTargetsMaxAreErrorsWhereTheyAreWritten() throws IOException {
        List<String> p = problems(target("""
                    policies:
                      - name: s
                        schedule:
                          - {name: a, cron: "0 8 * * *", duration: 1h, min: 6, desired: 7, set: 8}
                          - {name: b, cron: "0 9 * * *", duration: 1h, min: 5, desired: 5, set: 5}
                """));
        assertThat(p).containsExactly(
                "p.yaml:7:61: targets[0].policies[0].schedule[0].min: min 6 is above the target's max 5 (replicas.max bounds every count a schedule sets)",
                "p.yaml:7:73: targets[0].policies[0].schedule[0].desired: desired 7 is above the target's max 5 (replicas.max bounds every count a schedule sets)",
                "p.yaml:7:81: targets[0].policies[0].schedule[0].set: set 8 is above the target's max 5 (replicas.max bounds every count a schedule sets)");
        assertThat(problems(target("    metrics: {q: {onMissing: {fallback: 9}}}\n"))).singleElement().asString()
                .contains("targets[0].metrics.q.onMissing.fallback: fallback 9 is above the target's max 5");
        assertThat(problems(target("    metrics: {q: {onMissing: {fallback: 5}}}\n"))).isEmpty();
    }

    @Test
    void serviceModelNumbersStayWhereTheScorecardIsFinite() throws IOException {
        assertThat(problems(target("    service: {capacityPerReplica: 1e-300}\n"))).singleElement().asString()
                .contains("service.capacityPerReplica: capacityPerReplica must be at least 0.000001 (1e-6)");
        assertThat(problems(target("    service: {capacityPerReplica: 10, costPerReplicaHour: 1e308}\n"))).singleElement().asString()
                .contains("service.costPerReplicaHour: costPerReplicaHour must be at most 1000000 (1e6)");
        assertThat(problems(target("    service: {capacityPerReplica: 0.000001, costPerReplicaHour: 1000000}\n"))).isEmpty();
    }

    @Test
    void aManifestWithoutAnAutoscalerSaysSoNotThatItsKeysAreUnknown() throws IOException {
        assertThat(problems("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n")).containsExactly(
                "p.yaml:1:1: no HorizontalPodAutoscaler in this file: it is a Kubernetes manifest of kind Deployment; "
                        + "validate reads Capstan policy files and HorizontalPodAutoscaler manifests");
        // The autoscaler after the Deployment is found, not read as a policy.
        Path f = Files.writeString(dir.resolve("two.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n"
                + "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\n"
                + "spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 4}\n");
        assertThat(PolicyFile.load(f).targets()).hasSize(1);
    }

    @Test
    void aWindowInADaylightSavingGapSaysSo() throws IOException {
        assertThat(problems(target("""
                    policies:
                      - name: s
                        schedule:
                          - {name: a, start: "2026-03-29T02:30", end: "2026-03-29T03:30", timeZone: Europe/Berlin, desired: 3}
                """))).singleElement().asString()
                .contains("end 2026-03-29T01:30:00Z is not after start 2026-03-29T01:30:00Z; 2026-03-29T02:30 does not exist in Europe/Berlin "
                        + "(the clocks skip it for daylight saving time), so it reads as 2026-03-29T03:30");
    }

    @Test
    void errorsInsideMultiLineScalarsPointAtTheRealLineAndColumn() throws IOException {
        String head = target("    metrics: {cpu: }\n    policies:\n      - name: p\n        threshold:\n          action: {add: 1}\n");
        // The operator >> is on the scalar's second source line, at column 13; SnakeYAML only knows where the scalar starts.
        List<String> folded = problems(head + "          when: >\n            avg(cpu, 5m)\n            >> 70\n");
        assertThat(folded).singleElement().asString().startsWith("p.yaml:11:13: ");
        List<String> quoted = problems(head + "          when: \"avg(cpu, 5m)\n            >> 70\"\n");
        assertThat(quoted).singleElement().asString().startsWith("p.yaml:10:13: ");
        List<String> single = problems(head + "          when: \"avg(cpu, 5m) >> 70\"\n");
        assertThat(single).singleElement().asString().startsWith("p.yaml:9:31: ");
    }

    @Test
    void aQuestionMarkIsForTheDayFieldsOnly() throws IOException {
        String entry = "    policies:\n      - name: s\n        schedule:\n          - {name: a, cron: \"%s\", duration: 1h, desired: 3}\n";
        assertThat(problems(target(entry.formatted("0 8 ? * ?")))).isEmpty();
        assertThat(problems(target(entry.formatted("0 8 * ? 1-5")))).singleElement().asString()
                .contains("cron month field '?': ? (any day) belongs to the day-of-month and day-of-week fields, not the month field");
    }
}
