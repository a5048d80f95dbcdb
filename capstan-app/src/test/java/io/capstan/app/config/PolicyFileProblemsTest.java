package io.capstan.app.config;

import io.capstan.app.input.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of mistake gives a problem at the right line:column, with a message naming what
 * was expected. Each case is a whole file and the one problem it must produce.
 */
class PolicyFileProblemsTest {
    private static final Path FILE = Path.of("policy.yaml");

    /** A target with declared metrics cpu, memory and queue_depth, and the given policy lines (indented 6). */
    private static String withPolicy(String policyLines) {
        return """
                targets:
                  - name: worker
                    replicas: {min: 2, max: 20}
                    metrics: {cpu: {}, memory: {}, queue_depth: {}}
                    policies:
                """ + policyLines.indent(6);
    }

    record Case(String name, String yaml, String location, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("unknown metric in a string condition", withPolicy("""
                        - name: q
                          threshold:
                            when: "avg(cpuu, 1m) > 1000"
                            action: {add: 5}
                        """), "8:17: targets[0].policies[0].threshold.when",
                        "unknown metric 'cpuu'; declared metrics are cpu, memory, queue_depth; did you mean 'cpu'?"),
                new Case("unknown metric in a map condition", withPolicy("""
                        - name: q
                          threshold: {when: {metric: mem, op: ">", value: 1}, action: {add: 1}}
                        """), "7:36: targets[0].policies[0].threshold.when.metric", "unknown metric 'mem'; declared metrics are cpu, memory, queue_depth"),
                new Case("unknown metric in target tracking", withPolicy("""
                        - {name: t, targetTracking: {metric: rps, target: 10}}
                        """), "6:44: targets[0].policies[0].targetTracking.metric", "unknown metric 'rps'"),
                new Case("metric used without any declared", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 2}
                            policies: [{name: t, targetTracking: {metric: cpu, target: 10}}]
                        """, "4:51: targets[0].policies[0].targetTracking.metric", "this target declares no metrics"),
                new Case("syntax error inside a condition string points at the character", withPolicy("""
                        - name: q
                          threshold:
                            when: "avg(cpu, 1m) => 1000"
                            action: {add: 5}
                        """), "8:31: targets[0].policies[0].threshold.when", "unknown comparator '=>', expected one of >, >=, <, <="),
                new Case("bad aggregation in a string", withPolicy("""
                        - name: q
                          threshold:
                            when: avgg(cpu) > 1
                            action: {add: 5}
                        """), "8:17: targets[0].policies[0].threshold.when", "unknown aggregation 'avgg', expected one of avg, max, min, p50, p95, p99, last, rate; did you mean 'avg'?"),
                new Case("bad aggregation in a map", withPolicy("""
                        - {name: q, threshold: {when: {metric: cpu, agg: mean, op: ">", value: 1}, action: {add: 1}}}
                        """), "6:56: targets[0].policies[0].threshold.when.agg", "expected avg | max | min | p50 | p95 | p99 | last | rate, found text 'mean'"),
                new Case("bad comparator in a map", withPolicy("""
                        - {name: q, threshold: {when: {metric: cpu, op: "==", value: 1}, action: {add: 1}}}
                        """), "6:55: targets[0].policies[0].threshold.when.op", "expected > | >= | < | <=, found text '=='"),
                new Case("zero window", withPolicy("""
                        - {name: q, threshold: {when: "avg(cpu, 0s) > 1", action: {add: 1}}}
                        """), "6:47: targets[0].policies[0].threshold.when", "window must be positive, found '0s'"),
                new Case("negative for", withPolicy("""
                        - {name: q, threshold: {when: "avg(cpu) > 1", for: -2m, action: {add: 1}}}
                        """), "6:58: targets[0].policies[0].threshold.for", "expected a duration of zero or more, found -2m"),
                new Case("bad duration unit", withPolicy("""
                        - {name: q, threshold: {when: "avg(cpu) > 1", for: 2min, action: {add: 1}}}
                        """), "6:58: targets[0].policies[0].threshold.for", "expected a duration such as 90s, 5m or 1h30m, found '2min'"),
                new Case("max below min", """
                        targets:
                          - name: w
                            replicas: {min: 5, max: 2}
                        """, "3:29: targets[0].replicas.max", "max 2 is below min 5"),
                new Case("initial outside bounds", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4, initial: 9}
                        """, "3:41: targets[0].replicas.initial", "initial 9 is outside min 1 and max 4"),
                new Case("missing replicas", """
                        targets:
                          - name: w
                        """, "2:5: targets[0]", "missing required field 'replicas' ({min, max} replica bounds)"),
                new Case("replicas not a number", """
                        targets:
                          - name: w
                            replicas: {min: two, max: 4}
                        """, "3:21: targets[0].replicas.min", "expected a whole number, found text 'two'"),
                new Case("unknown field with did-you-mean", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            cooldwon: 5m
                        """, "4:5: targets[0].cooldwon", "unknown field 'cooldwon'; did you mean 'cooldown'? Accepted fields: name, replicas, metrics, service, cooldown, flappingGuard, behavior, policies"),
                new Case("unknown field without a near name", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4, zebra: 1}
                        """, "3:32: targets[0].replicas.zebra", "unknown field 'zebra'; accepted fields: min, max, initial"),
                new Case("duplicate target names", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                          - name: w
                            replicas: {min: 1, max: 4}
                        """, "4:11: targets[1].name", "duplicate target name 'w'; it is already used on line 2"),
                new Case("duplicate policy names", withPolicy("""
                        - {name: a, targetTracking: {metric: cpu, target: 50}}
                        - {name: a, targetTracking: {metric: cpu, target: 60}}
                        """), "7:16: targets[0].policies[1].name", "duplicate policy name 'a'; it is already used on line 6"),
                new Case("duplicate key", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            replicas: {min: 1, max: 5}
                        """, "4:5: targets[0].replicas", "duplicate key 'replicas'; it is already set on line 3"),
                new Case("bad cron", withPolicy("""
                        - name: s
                          schedule:
                            - {name: m, cron: "0 25 * * *", min: 3}
                        """), "8:29: targets[0].policies[0].schedule[0].cron", "cron hour field '25': 25 is outside 0-23"),
                new Case("bad time zone", withPolicy("""
                        - name: s
                          schedule:
                            - {name: m, cron: "0 8 * * *", timeZone: Europe/Berln, min: 3}
                        """), "8:52: targets[0].policies[0].schedule[0].timeZone", "unknown time zone 'Europe/Berln', expected a region such as Europe/Berlin or an offset such as +01:00; did you mean 'Europe/Berlin'?"),
                new Case("window end before start", withPolicy("""
                        - name: s
                          schedule:
                            - {name: w, start: "2026-03-10T10:00", end: "2026-03-10T09:00", desired: 3}
                        """), "8:55: targets[0].policies[0].schedule[0].end", "is not after start"),
                new Case("schedule entry that is both kinds", withPolicy("""
                        - name: s
                          schedule:
                            - {name: w, cron: "0 8 * * *", start: "2026-03-10T10:00", end: "2026-03-10T11:00", desired: 3}
                        """), "8:42: targets[0].policies[0].schedule[0]", "an entry is either recurring (cron) or a one-off window (start, end), found both"),
                new Case("schedule desired above max", withPolicy("""
                        - name: s
                          schedule:
                            - {name: w, cron: "0 8 * * *", max: 3, desired: 5}
                        """), "8:13: targets[0].policies[0].schedule[0]", "schedule desired 5 is above schedule max 3"),
                new Case("overlapping steps", withPolicy("""
                        - name: st
                          step:
                            metric: cpu
                            op: ">"
                            threshold: 70
                            steps:
                              - {lower: 0, upper: 20, adjustment: 1}
                              - {lower: 10, adjustment: 3}
                        """), "13:15: targets[0].policies[0].step.steps[1]", "step [10, inf) overlaps step [0, 20) of targets[0].policies[0].step.steps[0]"),
                new Case("gap between steps", withPolicy("""
                        - name: st
                          step:
                            metric: cpu
                            op: ">"
                            threshold: 70
                            steps:
                              - {lower: 0, upper: 10, adjustment: 1}
                              - {lower: 20, adjustment: 3}
                        """), "13:15: targets[0].policies[0].step.steps[1]", "gap between 10 and 20: a breach there matches no step"),
                new Case("highest step bounded above", withPolicy("""
                        - name: st
                          step: {metric: cpu, op: ">", threshold: 70, steps: [{lower: 0, upper: 10, adjustment: 1}]}
                        """), "7:61: targets[0].policies[0].step.steps[0]", "the highest step must leave out upper (plus infinity)"),
                new Case("steps start above the threshold", withPolicy("""
                        - name: st
                          step: {metric: cpu, op: ">", threshold: 70, steps: [{lower: 5, adjustment: 1}]}
                        """), "7:61: targets[0].policies[0].step.steps[0]", "gap between 0 and 5"),
                new Case("step percent below -100", withPolicy("""
                        - name: st
                          step: {metric: cpu, op: "<", threshold: 30, adjustmentType: PercentChangeInCapacity, steps: [{adjustment: -150}]}
                        """), "7:115: targets[0].policies[0].step.steps[0].adjustment", "cannot remove more than 100 %"),
                new Case("bad adjustment type", withPolicy("""
                        - name: st
                          step: {metric: cpu, op: "<", threshold: 30, adjustmentType: ChangeCapacity, steps: [{adjustment: -1}]}
                        """), "7:69: targets[0].policies[0].step.adjustmentType", "expected ChangeInCapacity | PercentChangeInCapacity | ExactCapacity, found text 'ChangeCapacity'; did you mean 'ChangeInCapacity'?"),
                new Case("removePercent above 100", withPolicy("""
                        - {name: q, threshold: {when: "avg(cpu) < 5", action: {removePercent: 150}}}
                        """), "6:77: targets[0].policies[0].threshold.action.removePercent", "removePercent must be at most 100, got 150.0"),
                new Case("zero add", withPolicy("""
                        - {name: q, threshold: {when: "avg(cpu) > 5", action: {add: 0}}}
                        """), "6:67: targets[0].policies[0].threshold.action.add", "add must be a positive number of replicas, got 0"),
                new Case("two actions", withPolicy("""
                        - {name: q, threshold: {when: "avg(cpu) > 5", action: {add: 1, set: 3}}}
                        """), "6:61: targets[0].policies[0].threshold.action", "an action does one thing, found add and set"),
                new Case("bad severity", withPolicy("""
                        - {name: q, threshold: {when: "avg(cpu) > 5", severity: high, action: {add: 1}}}
                        """), "6:63: targets[0].policies[0].threshold.severity", "expected info | warning | critical, found text 'high'"),
                new Case("policy with two kinds", withPolicy("""
                        - name: q
                          threshold: {when: "avg(cpu) > 5", action: {add: 1}}
                          targetTracking: {metric: cpu, target: 50}
                        """), "8:9: targets[0].policies[0]", "a policy has exactly one kind, found threshold and targetTracking"),
                new Case("policy with no kind", withPolicy("""
                        - name: q
                        """), "6:9: targets[0].policies[0]", "expected one policy kind: threshold, targetTracking, step, schedule, decisionTree, predictive; found none"),
                new Case("bad tracking type", withPolicy("""
                        - {name: t, targetTracking: {metric: cpu, target: 50, type: average}}
                        """), "6:67: targets[0].policies[0].targetTracking.type", "expected utilization | averageValue | value, found text 'average'"),
                new Case("tracking tolerance out of range", withPolicy("""
                        - {name: t, targetTracking: {metric: cpu, target: 50, tolerance: 10}}
                        """), "6:72: targets[0].policies[0].targetTracking.tolerance", "tolerance must be at least 0 and below 1"),
                new Case("selectPolicy value", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            behavior: {scaleUp: {selectPolicy: Maximum}}
                        """, "4:40: targets[0].behavior.scaleUp.selectPolicy", "expected Max | Min | Disabled, found text 'Maximum'"),
                new Case("periodSeconds out of range", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            behavior:
                              scaleDown:
                                policies: [{type: Pods, value: 1, periodSeconds: 3600}]
                        """, "6:58: targets[0].behavior.scaleDown.policies[0].periodSeconds", "periodSeconds must be in 1..1800, found 3600"),
                new Case("stabilization window out of range", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            behavior: {scaleDown: {stabilizationWindowSeconds: 4000}}
                        """, "4:56: targets[0].behavior.scaleDown.stabilizationWindowSeconds", "stabilizationWindowSeconds must be in 0..3600, found 4000"),
                new Case("rate policy type", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            behavior: {scaleUp: {policies: [{type: Pod, value: 1, periodSeconds: 15}]}}
                        """, "4:44: targets[0].behavior.scaleUp.policies[0].type", "expected Pods | Percent, found text 'Pod'; did you mean 'Pods'?"),
                new Case("lastKnown without an age", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            metrics: {cpu: {onMissing: lastKnown}}
                        """, "4:32: targets[0].metrics.cpu.onMissing", "lastKnown needs a maximum age"),
                new Case("unknown missing rule", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            metrics: {cpu: {onMissing: upOnyl}}
                        """, "4:32: targets[0].metrics.cpu.onMissing", "expected hold, upOnly, {lastKnown: <maxAge>} or {fallback: <replicas>}, found text 'upOnyl'; did you mean 'upOnly'?"),
                new Case("negative fallback", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            metrics: {cpu: {onMissing: {fallback: -1}}}
                        """, "4:43: targets[0].metrics.cpu.onMissing.fallback", "fallback replicas must be zero or more, found -1"),
                new Case("zero staleAfter", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            metrics: {cpu: {staleAfter: 0s}}
                        """, "4:33: targets[0].metrics.cpu.staleAfter", "expected a positive duration, found 0s"),
                new Case("bad scope", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            metrics: {cpu: {scope: pod}}
                        """, "4:28: targets[0].metrics.cpu.scope", "expected replica | target, found text 'pod'"),
                new Case("negative cooldown", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            cooldown: {scaleIn: -1m}
                        """, "4:25: targets[0].cooldown.scaleIn", "expected a duration of zero or more, found -1m"),
                new Case("service capacity not positive", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            service: {capacityPerReplica: 0}
                        """, "4:35: targets[0].service.capacityPerReplica", "capacityPerReplica must be at least 0.000001 (1e-6), found 0"),
                new Case("flapping guard word", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4}
                            flappingGuard: maybe
                        """, "4:20: targets[0].flappingGuard", "expected on | off, found text 'maybe'"),
                new Case("tree reference to a missing node", withPolicy("""
                        - name: t
                          decisionTree:
                            root: a
                            nodes:
                              a: {if: "avg(cpu) > 1", then: b, else: c}
                              b: {healthy: true}
                        """), "10:52: targets[0].policies[0].decisionTree.nodes.a.else", "unknown node 'c'; nodes are a, b"),
                new Case("tree root missing", withPolicy("""
                        - name: t
                          decisionTree:
                            root: start
                            nodes:
                              b: {healthy: true}
                        """), "8:17: targets[0].policies[0].decisionTree.root", "unknown node 'start'; nodes are b"),
                new Case("tree cycle", withPolicy("""
                        - name: t
                          decisionTree:
                            root: a
                            nodes:
                              a: {if: "avg(cpu) > 1", then: b, else: ok}
                              b: {run: {name: vertical-scale}, next: c}
                              c: {if: "avg(cpu) > 1", then: a, else: ok}
                              ok: {healthy: true}
                        """), "12:43: targets[0].policies[0].decisionTree.nodes.c.then", "the tree has a cycle: a -> b -> c -> a"),
                new Case("tree node not reachable", withPolicy("""
                        - name: t
                          decisionTree:
                            root: ok
                            nodes:
                              ok: {healthy: true}
                              lost: {healthy: true}
                        """), "11:13: targets[0].policies[0].decisionTree.nodes.lost", "node 'lost' is not reachable from root 'ok'"),
                new Case("tree node of no kind", withPolicy("""
                        - name: t
                          decisionTree:
                            root: a
                            nodes:
                              a: {iff: "avg(cpu) > 1", then: ok, else: ok}
                              ok: {healthy: true}
                        """), "10:16: targets[0].policies[0].decisionTree.nodes.a", "found fields iff, then, else; did you mean 'if'?"),
                new Case("missing action", withPolicy("""
                        - {name: q, threshold: {when: "avg(cpu) > 1"}}
                        """), "6:30: targets[0].policies[0].threshold", "missing required field 'action'"),
                new Case("list where a map belongs", """
                        targets:
                          - name: w
                            replicas: [1, 4]
                        """, "3:15: targets[0].replicas", "expected replica bounds {min, max, initial}, found a list"),
                new Case("no targets", """
                        target: []
                        """, "1:1: target", "unknown field 'target'; did you mean 'targets'?"),
                new Case("YAML syntax error", """
                        targets:
                          - name: w
                            replicas: {min: 1, max: 4
                          - name: x
                        """, "4:9: ", "invalid YAML: while parsing a flow mapping expected ',' or '}'"),
                new Case("YAML aliases are refused by name", """
                        targets:
                          - &w {name: w, replicas: {min: 1, max: 2}}
                          - *w
                        """, "3:5: targets[1]", "expected a target, found the alias *w (anchors and aliases are not supported; write the value out)"),
                new Case("complex keys", """
                        ? [a, b]
                        : c
                        """, "1:4: ", "invalid YAML: expected a plain key, found a list or map used as a key"),
                new Case("tab indentation", "targets:\n\t- name: w\n", "2:1: ", "invalid YAML: while scanning for the next token found character '\\t(TAB)'"),
                new Case("HPA manifest is routed to the importer", """
                        apiVersion: autoscaling/v2
                        kind: HorizontalPodAutoscaler
                        metadata: {name: web}
                        """, "1:1: ", "missing required field 'spec' (the HorizontalPodAutoscaler spec)"),
                new Case("several documents", """
                        targets: []
                        ---
                        targets: []
                        """, "3:1: ", "expected one YAML document, found 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void problemIsReportedWhereItIs(Case c) {
        PolicyFile.Result r = PolicyFile.parse(c.yaml(), FILE);
        assertThat(r.targets()).isEmpty();
        String prefix = "policy.yaml:" + c.location() + (c.location().endsWith(": ") ? "" : ": ");
        assertThat(r.problems()).as(c.name()).extracting(Problem::toString)
                .anySatisfy(p -> assertThat(p).startsWith(prefix).contains(c.message()));
    }

    @Test
    void aTargetSoSmallThatTheRatioOverflowsIsRefusedWhereItIsWritten() {
        String yaml = """
                targets:
                  - name: w
                    replicas: {min: 1, max: 2}
                    metrics: {cpu: {}}
                    policies:
                      - {name: b, targetTracking: {metric: cpu, target: 1e-320}}
                """;
        assertThat(PolicyFile.parse(yaml, FILE).problems()).extracting(Problem::toString).singleElement().asString()
                .startsWith("policy.yaml:6:57: targets[0].policies[0].targetTracking.target: expected a positive number of at least 1e-9")
                .contains("found 1.0E-320");
        assertThat(PolicyFile.parse(yaml.replace("1e-320", "1e-9"), FILE).problems()).isEmpty();
    }

    @Test
    void everyProblemInAFileIsReported() {
        String yaml = """
                targets:
                  - name: w
                    replicas: {min: 5, max: 2}
                    metrics: {cpu: {onMissing: sometimes}}
                    cooldwon: 5m
                    policies:
                      - {name: a, threshold: {when: "avg(cpuu) > 1", action: {add: 1}}}
                      - {name: b, targetTracking: {metric: cpu, target: -5}}
                  - name: x
                    replicas: {min: 1, max: 2, initial: 3}
                """;
        List<String> problems = PolicyFile.parse(yaml, FILE).problems().stream().map(Problem::toString).toList();
        assertThat(problems).hasSize(6);
        assertThat(problems.get(0)).startsWith("policy.yaml:3:29: targets[0].replicas.max: max 2 is below min 5");
        assertThat(problems.get(1)).startsWith("policy.yaml:4:32: targets[0].metrics.cpu.onMissing: expected hold, upOnly");
        assertThat(problems.get(2)).startsWith("policy.yaml:5:5: targets[0].cooldwon: unknown field 'cooldwon'; did you mean 'cooldown'?");
        assertThat(problems.get(3)).startsWith("policy.yaml:7:37: targets[0].policies[0].threshold.when: unknown metric 'cpuu'");
        assertThat(problems.get(4)).startsWith("policy.yaml:8:57: targets[0].policies[1].targetTracking.target: expected a positive number of at least 1e-9");
        assertThat(problems.get(5)).startsWith("policy.yaml:10:41: targets[1].replicas.initial: initial 3 is outside min 1 and max 2");
    }

    @Test
    void aMistakeInsideAPolicyDoesNotCascade() {
        List<Problem> problems = PolicyFile.parse(withPolicy("""
                - {name: q, threshold: {when: "avg(cpu) >", action: {add: 1}}}
                """), FILE).problems();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).isEqualTo("expected a number after '>', found the end of the text");
    }

    @Test
    void emptyFileIsAProblemNotACrash() {
        assertThat(PolicyFile.parse("", FILE).problems()).extracting(Problem::message)
                .containsExactly("expected a policy document with a 'targets' list, found an empty file");
        assertThat(PolicyFile.parse("just text", FILE).problems()).extracting(Problem::message)
                .containsExactly("expected the policy document: a map with a 'targets' list, found text 'just text'");
    }

    @Test
    void unreadableFilesAreReportedAsSuch() {
        PolicyFile.Result r = PolicyFile.load(Path.of("does/not/exist.yaml"));
        assertThat(r.readError()).isEqualTo(io.capstan.app.input.InputFile.ReadError.NOT_FOUND);
        assertThat(r.problems()).extracting(Problem::toString).containsExactly("does/not/exist.yaml: file not found");
        assertThat(PolicyFile.load(Path.of("src")).readError()).isEqualTo(io.capstan.app.input.InputFile.ReadError.UNREADABLE);
    }
}
