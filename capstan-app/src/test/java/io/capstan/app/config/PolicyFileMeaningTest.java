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
 * Meaning checks beyond syntax, one file per case, each with every problem it must produce
 * (exactly those, so a stray cascade fails the test).
 */
class PolicyFileMeaningTest {
    private static final Path FILE = Path.of("m.yaml");

    private static String target(String body) {
        return "targets:\n  - name: w\n    replicas: {min: 1, max: 10}\n    metrics: {cpu: {}, queue: {}}\n" + body.indent(4);
    }

    record Case(String name, String yaml, List<String> problems) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, String yaml, String... problems) {
        return new Case(name, yaml, List.of(problems));
    }

    static Stream<Case> cases() {
        return Stream.of(
                c("window entry with a duration", target("""
                        policies:
                          - name: s
                            schedule: [{name: e, start: "2026-01-01T00:00", end: "2026-01-02T00:00", duration: 1h, min: 2}]
                        """), "m.yaml:7:82: targets[0].policies[0].schedule[0].duration: duration belongs to cron entries; a window lasts from its start to its end"),
                c("entry that is neither kind", target("""
                        policies:
                          - name: s
                            schedule: [{name: e, min: 2}]
                        """), "m.yaml:7:20: targets[0].policies[0].schedule[0]: expected cron (a recurring period) or start and end (a one-off window), found neither"),
                c("window without end", target("""
                        policies:
                          - name: s
                            schedule: [{name: e, start: "2026-01-01T00:00", min: 2}]
                        """), "m.yaml:7:20: targets[0].policies[0].schedule[0]: missing required field 'end' (when the window closes, e.g. 2026-03-10T14:00)"),
                c("bad local date-time", target("""
                        policies:
                          - name: s
                            schedule: [{name: e, start: "tomorrow", end: "2026-01-02T00:00", min: 2}]
                        """), "m.yaml:7:37: targets[0].policies[0].schedule[0].start: expected a date-time such as 2026-03-10T09:30 (in the entry's timeZone) or 2026-03-10T08:30:00Z, found 'tomorrow'"),
                c("schedule max below min", target("""
                        policies:
                          - name: s
                            schedule: [{name: e, cron: "0 8 * * *", min: 5, max: 2}]
                        """), "m.yaml:7:20: targets[0].policies[0].schedule[0]: schedule max 2 is below schedule min 5"),
                c("entry setting nothing", target("""
                        policies:
                          - name: s
                            schedule: [{name: e, cron: "0 8 * * *"}]
                        """), "m.yaml:7:20: targets[0].policies[0].schedule[0]: a schedule entry must set at least one of min, max, desired, set"),
                c("duplicate entry names", target("""
                        policies:
                          - name: s
                            schedule: [{name: e, cron: "0 8 * * *", min: 1}, {name: e, cron: "0 9 * * *", min: 2}]
                        """), "m.yaml:7:65: targets[0].policies[0].schedule[1].name: duplicate schedule entry name 'e'; it is already used on line 7"),
                c("empty schedule", target("""
                        policies:
                          - {name: s, schedule: []}
                        """), "m.yaml:6:29: targets[0].policies[0].schedule: expected at least one schedule entry, found an empty list"),
                c("cron with too few fields", target("""
                        policies:
                          - {name: s, schedule: [{name: e, cron: "0 8 * *", min: 1}]}
                        """), "m.yaml:6:46: targets[0].policies[0].schedule[0].cron: cron '0 8 * *' has 4 fields, expected 5: minute hour day-of-month month day-of-week"),
                c("outcome with run and action", target("""
                        policies:
                          - name: t
                            decisionTree:
                              root: a
                              nodes: {a: {run: {name: x}, action: {add: 1}}}
                        """), "m.yaml:9:22: targets[0].policies[0].decisionTree.nodes.a: an outcome has run or action, found both"),
                c("healthy false", target("""
                        policies:
                          - name: t
                            decisionTree: {root: a, nodes: {a: {healthy: false}}}
                        """), "m.yaml:7:54: targets[0].policies[0].decisionTree.nodes.a.healthy: healthy: false is not a node; write healthy: true"),
                c("check missing else", target("""
                        policies:
                          - name: t
                            decisionTree: {root: a, nodes: {a: {if: "avg(cpu) > 1", then: b}, b: {healthy: true}}}
                        """), "m.yaml:7:44: targets[0].policies[0].decisionTree.nodes.a: missing required field 'else' (the id of the node to go to)"),
                c("empty nodes", target("""
                        policies:
                          - name: t
                            decisionTree: {root: a, nodes: {}}
                        """), "m.yaml:7:40: targets[0].policies[0].decisionTree.nodes: expected at least one node, found an empty map"),
                c("unknown metric inside a tree check", target("""
                        policies:
                          - name: t
                            decisionTree: {root: a, nodes: {a: {if: "avg(mem) > 1", then: b, else: b}, b: {healthy: true}}}
                        """), "m.yaml:7:49: targets[0].policies[0].decisionTree.nodes.a.if: unknown metric 'mem'; declared metrics are cpu, queue"),
                c("two missing rules at once", "targets:\n  - name: w\n    replicas: {min: 1, max: 10}\n    metrics: {cpu: {onMissing: {hold: {}, fallback: 2}}}\n", "m.yaml:4:32: targets[0].metrics.cpu.onMissing: expected exactly one rule, found hold and fallback"),
                c("hold with settings", "targets:\n  - name: w\n    replicas: {min: 1, max: 10}\n    metrics: {cpu: {onMissing: {hold: 5m}}}\n", "m.yaml:4:39: targets[0].metrics.cpu.onMissing.hold: hold takes no settings; write onMissing: hold"),
                c("metric name with a space", "targets:\n  - name: w\n    replicas: {min: 1, max: 10}\n    metrics: {\"cpu load\": {}}\n", "m.yaml:4:15: targets[0].metrics.cpu load: metric name 'cpu load' must start with a letter or _ and use only letters, digits and _ . : / -"),
                c("toMax false", target("""
                        policies: [{name: p, threshold: {when: "avg(cpu) > 1", action: {toMax: false}}}]
                        """), "m.yaml:5:76: targets[0].policies[0].threshold.action.toMax: toMax: false does nothing; write toMax: true or choose another action"),
                c("params that are not single values", target("""
                        policies: [{name: p, threshold: {when: "avg(cpu) > 1", action: {run: {name: x, params: {sizes: [1, 2]}}}}}]
                        """), "m.yaml:5:100: targets[0].policies[0].threshold.action.run.params.sizes: expected a single value (text or number), found a list"),
                c("empty run name", target("""
                        policies: [{name: p, threshold: {when: "avg(cpu) > 1", action: {run: {name: ""}}}}]
                        """), "m.yaml:5:81: targets[0].policies[0].threshold.action.run.name: expected a non-empty action name, found an empty one"),
                c("empty action", target("""
                        policies: [{name: p, threshold: {when: "avg(cpu) > 1", action: {}}}]
                        """), "m.yaml:5:68: targets[0].policies[0].threshold.action: expected one of {add: N}, {remove: N}, {addPercent: P}, {removePercent: P}, {set: N}, {toMax: true}, {run: {name, params}}, found an empty map"),
                c("unknown action with did-you-mean", target("""
                        policies: [{name: p, threshold: {when: "avg(cpu) > 1", action: {ad: 1}}}]
                        """), "m.yaml:5:69: targets[0].policies[0].threshold.action.ad: unknown field 'ad'; did you mean 'add'? Accepted fields: add, remove, addPercent, removePercent, set, toMax, run"),
                c("minAdjustmentMagnitude without percent", target("""
                        policies: [{name: p, step: {metric: cpu, op: ">", threshold: 1, minAdjustmentMagnitude: 2, steps: [{lower: 0, adjustment: 1}]}}]
                        """), "m.yaml:5:93: targets[0].policies[0].step.minAdjustmentMagnitude: minAdjustmentMagnitude applies only to adjustmentType PercentChangeInCapacity"),
                c("two steps open below", target("""
                        policies: [{name: p, step: {metric: cpu, op: "<", threshold: 50, steps: [{upper: -10, adjustment: -2}, {upper: 0, adjustment: -1}]}}]
                        """), "m.yaml:5:108: targets[0].policies[0].step.steps[1]: only one step may leave out lower (minus infinity); targets[0].policies[0].step.steps[0] does too"),
                c("below-threshold steps bounded below", target("""
                        policies: [{name: p, step: {metric: cpu, op: "<=", threshold: 50, steps: [{lower: -20, upper: 0, adjustment: -1}]}}]
                        """), "m.yaml:5:79: targets[0].policies[0].step.steps[0]: the lowest step must leave out lower (minus infinity): a breach below -20 would match no step"),
                c("below-threshold steps ending under zero", target("""
                        policies: [{name: p, step: {metric: cpu, op: "<", threshold: 50, steps: [{upper: -5, adjustment: -1}]}}]
                        """), "m.yaml:5:78: targets[0].policies[0].step.steps[0]: gap between -5 and 0: the alarm fires from the threshold down, so the highest step must end at 0 or above"),
                c("step lower not below upper", target("""
                        policies: [{name: p, step: {metric: cpu, op: ">", threshold: 50, steps: [{lower: 10, upper: 10, adjustment: 1}]}}]
                        """), "m.yaml:5:78: targets[0].policies[0].step.steps[0]: lower 10 must be below upper 10"),
                c("fractional change", target("""
                        policies: [{name: p, step: {metric: cpu, op: ">", threshold: 50, steps: [{lower: 0, adjustment: 1.5}]}}]
                        """), "m.yaml:5:101: targets[0].policies[0].step.steps[0].adjustment: adjustment must be a whole number, found 1.5"),
                c("negative exact capacity", target("""
                        policies: [{name: p, step: {metric: cpu, op: ">", threshold: 50, adjustmentType: ExactCapacity, steps: [{lower: 0, adjustment: -1}]}}]
                        """), "m.yaml:5:132: targets[0].policies[0].step.steps[0].adjustment: an ExactCapacity adjustment is a replica count and must be zero or more, found -1"),
                c("empty steps", target("""
                        policies: [{name: p, step: {metric: cpu, op: ">", threshold: 50, steps: []}}]
                        """), "m.yaml:5:77: targets[0].policies[0].step.steps: expected at least one step adjustment, found an empty list"),
                c("empty rate policies without Disabled", target("""
                        behavior: {scaleUp: {policies: []}}
                        """), "m.yaml:5:36: targets[0].behavior.scaleUp.policies: expected at least one rate policy, found an empty list (use selectPolicy: Disabled to forbid this direction)"),
                c("zero rate value", target("""
                        behavior: {scaleUp: {policies: [{type: Pods, value: 0, periodSeconds: 15}]}}
                        """), "m.yaml:5:57: targets[0].behavior.scaleUp.policies[0].value: value must be a positive whole number, found 0"),
                c("negative behavior tolerance", target("""
                        behavior: {scaleDown: {tolerance: -0.1}}
                        """), "m.yaml:5:39: targets[0].behavior.scaleDown.tolerance: tolerance must be at least 0 and below 1 (a fraction: 0.1 is 10 %), found -0.1"),
                c("a condition given as a bare list", target("""
                        policies: [{name: p, threshold: {when: ["avg(cpu) > 1"], action: {add: 1}}}]
                        """), "m.yaml:5:44: targets[0].policies[0].threshold.when: expected a condition, found a list; write {allOf: [...]} or {anyOf: [...]} to combine conditions"),
                c("allOf and anyOf together", target("""
                        policies: [{name: p, threshold: {when: {allOf: ["avg(cpu) > 1"], anyOf: ["avg(cpu) > 2"]}, action: {add: 1}}}]
                        """), "m.yaml:5:44: targets[0].policies[0].threshold.when: expected allOf or anyOf, found both; nest one inside the other"),
                c("empty anyOf", target("""
                        policies: [{name: p, threshold: {when: {anyOf: []}, action: {add: 1}}}]
                        """), "m.yaml:5:52: targets[0].policies[0].threshold.when.anyOf: expected at least one condition, found an empty list"),
                c("problems in several items of an allOf", target("""
                        policies: [{name: p, threshold: {when: {allOf: ["avg(cpux) > 1", "avg(cpu) >> 2", {metric: queue, op: ">"}]}, action: {add: 1}}}]
                        """),
                        "m.yaml:5:53: targets[0].policies[0].threshold.when.allOf[0]: unknown metric 'cpux'; declared metrics are cpu, queue; did you mean 'cpu'?",
                        "m.yaml:5:80: targets[0].policies[0].threshold.when.allOf[1]: unknown comparator '>>', expected one of >, >=, <, <=",
                        "m.yaml:5:87: targets[0].policies[0].threshold.when.allOf[2]: missing required field 'value' (the threshold, a number)"),
                c("missing policy name", target("""
                        policies: [{targetTracking: {metric: cpu, target: 1}}]
                        """), "m.yaml:5:16: targets[0].policies[0]: missing required field 'name' (the policy's name)"),
                c("targets not a list", "targets: {name: w}\n", "m.yaml:1:10: targets: expected a list of targets, found a map"),
                c("empty targets", "targets: []\n", "m.yaml:1:10: targets: expected at least one target, found an empty list"),
                c("negative min", "targets: [{name: w, replicas: {min: -1, max: 2}}]\n", "m.yaml:1:37: targets[0].replicas.min: min must be zero or more, found -1"),
                c("missing max", "targets: [{name: w, replicas: {min: 1}}]\n", "m.yaml:1:31: targets[0].replicas: missing required field 'max' (the largest replica count)"),
                c("blank target name", "targets: [{name: ' ', replicas: {min: 1, max: 2}}]\n", "m.yaml:1:18: targets[0].name: expected a non-empty target name, found an empty one"),
                c("service missing capacity", target("""
                        service: {startupSeconds: 10, costPerReplicaHour: -1}
                        """),
                        "m.yaml:5:14: targets[0].service: missing required field 'capacityPerReplica' (the demand one replica serves at 100 %)",
                        "m.yaml:5:55: targets[0].service.costPerReplicaHour: costPerReplicaHour must be zero or more, found -1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyTheseProblems(Case c) {
        PolicyFile.Result r = PolicyFile.parse(c.yaml(), FILE);
        assertThat(r.problems()).extracting(Problem::toString).as(c.yaml()).containsExactlyElementsOf(c.problems());
        assertThat(r.targets()).isEmpty();
    }

    @Test
    void policyNamesMayRepeatAcrossTargets() {
        String yaml = """
                targets:
                  - {name: a, replicas: {min: 1, max: 2}, metrics: {cpu: {}}, policies: [{name: p, targetTracking: {metric: cpu, target: 50}}]}
                  - {name: b, replicas: {min: 1, max: 2}, metrics: {cpu: {}}, policies: [{name: p, targetTracking: {metric: cpu, target: 50}}]}
                """;
        assertThat(PolicyFile.parse(yaml, FILE).problems()).isEmpty();
    }

    @Test
    void aSharedNodeIsNotACycle() {
        String yaml = target("""
                policies:
                  - name: t
                    decisionTree:
                      root: a
                      nodes:
                        a: {if: "avg(cpu) > 1", then: b, else: c}
                        b: {if: "avg(cpu) > 2", then: c, else: c}
                        c: {run: {name: x}, next: d}
                        d: {healthy: true}
                """);
        assertThat(PolicyFile.parse(yaml, FILE).problems()).isEmpty();
    }
}
