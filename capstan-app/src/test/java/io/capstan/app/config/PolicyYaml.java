package io.capstan.app.config;

import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.hpa.HpaScalingRules;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.Durations;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.MissingRule;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.DecisionTreePolicy;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.policy.StepPolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.ThresholdPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Prints specs in the policy language, mixing the equivalent spellings (string or map
 * conditions, {@code run:} or {@code action: {run:}}, short or long onMissing forms) by a seeded
 * choice, so a round trip exercises all of them.
 */
final class PolicyYaml {
    private final Random style;
    private final StringBuilder out = new StringBuilder();

    private PolicyYaml(Random style) {
        this.style = style;
    }

    static String print(List<TargetSpec> targets, Random style) {
        PolicyYaml y = new PolicyYaml(style);
        y.out.append("targets:\n");
        for (TargetSpec t : targets) y.target(t);
        return y.out.toString();
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String d(Duration d) {
        return Durations.format(d);
    }

    private static String n(double v) {
        return ConditionText.number(v);
    }

    private void line(int indent, String text) {
        out.append(" ".repeat(indent)).append(text).append('\n');
    }

    private void target(TargetSpec t) {
        line(2, "- name: " + q(t.name()));
        line(4, "replicas: {min: " + t.bounds().min() + ", max: " + t.bounds().max()
                + (t.initialReplicas() == t.bounds().min() && style.nextBoolean() ? "" : ", initial: " + t.initialReplicas()) + "}");
        line(4, "metrics:");
        for (MetricSpec m : t.metrics().values()) {
            line(6, q(m.name()) + ": {scope: " + m.scope().name().toLowerCase(Locale.ROOT) + ", onMissing: " + missing(m.onMissing())
                    + ", staleAfter: " + d(m.staleAfter()) + "}");
        }
        if (t.service() != null) {
            line(4, "service: {capacityPerReplica: " + n(t.service().capacityPerReplica()) + ", startupSeconds: " + t.service().startup().toSeconds()
                    + ", costPerReplicaHour: " + n(t.service().costPerReplicaHour()) + "}");
        }
        // an explicit zero cooldown declares the target's damping (no default behavior), so it is printed only when set
        boolean explicitZero = style.nextBoolean() && t.behavior() != PolicyReader.KUBERNETES_DEFAULT_BEHAVIOR;
        if (!t.cooldowns().isNone() || explicitZero) line(4, "cooldown: " + cooldowns(t.cooldowns()));
        line(4, "flappingGuard: " + t.flappingGuard().name().toLowerCase(Locale.ROOT));
        if (t.behavior() != null) {
            line(4, "behavior:");
            line(6, "scaleUp: " + rules(t.behavior().scaleUp()));
            line(6, "scaleDown: " + rules(t.behavior().scaleDown()));
        }
        if (!t.policies().isEmpty()) {
            line(4, "policies:");
            for (Policy p : t.policies()) policy(p);
        }
    }

    private String missing(MissingRule rule) {
        return switch (rule) {
            case MissingRule.Hold h -> "hold";
            case MissingRule.UpOnly u -> "upOnly";
            case MissingRule.LastKnown l -> style.nextBoolean() ? "{lastKnown: " + d(l.maxAge()) + "}" : "{lastKnown: {maxAge: " + d(l.maxAge()) + "}}";
            case MissingRule.Fallback f -> style.nextBoolean() ? "{fallback: " + f.replicas() + "}" : "{fallback: {replicas: " + f.replicas() + "}}";
        };
    }

    private String cooldowns(Cooldowns c) {
        if (c.scaleOut().equals(c.scaleIn()) && style.nextBoolean()) return d(c.scaleOut());
        return "{scaleOut: " + d(c.scaleOut()) + ", scaleIn: " + d(c.scaleIn()) + "}";
    }

    private static String rules(HpaScalingRules r) {
        List<String> ps = new ArrayList<>();
        for (HpaRatePolicy p : r.policies()) {
            ps.add("{type: " + (p.type() == HpaRatePolicy.PolicyType.PODS ? "Pods" : "Percent") + ", value: " + p.value() + ", periodSeconds: " + p.period().toSeconds() + "}");
        }
        String select = switch (r.selectPolicy()) {
            case MAX -> "Max";
            case MIN -> "Min";
            case DISABLED -> "Disabled";
        };
        return "{" + (r.stabilizationWindowSeconds() == null ? "" : "stabilizationWindowSeconds: " + r.stabilizationWindowSeconds() + ", ")
                + "selectPolicy: " + select
                + (r.tolerance() == null ? "" : ", tolerance: " + n(r.tolerance())) + ", policies: [" + String.join(", ", ps) + "]}";
    }

    private String condition(Condition c) {
        return switch (c) {
            case Condition.Compare cmp -> style.nextBoolean() ? q(ConditionText.format(cmp))
                    : "{metric: " + q(cmp.metric()) + ", agg: " + cmp.aggregation().id() + ", window: " + d(cmp.window()) + ", op: " + q(cmp.op().symbol())
                    + ", value: " + n(cmp.value()) + (cmp.sustain().isZero() && style.nextBoolean() ? "" : ", for: " + d(cmp.sustain())) + "}";
            case Condition.AllOf a -> "{allOf: [" + String.join(", ", a.all().stream().map(this::condition).toList()) + "]}";
            case Condition.AnyOf a -> "{anyOf: [" + String.join(", ", a.any().stream().map(this::condition).toList()) + "]}";
        };
    }

    private static String run(Action.Named a) {
        List<String> ps = new ArrayList<>();
        new LinkedHashMap<>(a.params()).forEach((k, v) -> ps.add(q(k) + ": " + q(v)));
        return "{name: " + q(a.name()) + (ps.isEmpty() ? "" : ", params: {" + String.join(", ", ps) + "}") + "}";
    }

    private static String action(Action a) {
        return switch (a) {
            case Action.Add x -> "{add: " + x.replicas() + "}";
            case Action.Remove x -> "{remove: " + x.replicas() + "}";
            case Action.AddPercent x -> "{addPercent: " + n(x.percent()) + "}";
            case Action.RemovePercent x -> "{removePercent: " + n(x.percent()) + "}";
            case Action.Set x -> "{set: " + x.replicas() + "}";
            case Action.ToMax x -> "{toMax: true}";
            case Action.Named x -> "{run: " + run(x) + "}";
        };
    }

    private void policy(Policy p) {
        line(6, "- name: " + q(p.name()));
        switch (p) {
            case ThresholdPolicy t -> {
                line(8, "threshold:");
                line(10, "when: " + condition(t.when()));
                line(10, "for: " + d(t.sustain()));
                line(10, "severity: " + t.severity().name().toLowerCase(Locale.ROOT));
                line(10, "action: " + action(t.action()));
                if (t.cooldowns() != null) line(10, "cooldown: " + cooldowns(t.cooldowns()));
            }
            case TargetTrackingPolicy t -> {
                String type = switch (t.type()) {
                    case UTILIZATION -> "utilization";
                    case AVERAGE_VALUE -> "averageValue";
                    case VALUE -> "value";
                };
                line(8, "targetTracking: {metric: " + q(t.metric()) + ", agg: " + t.aggregation().id() + ", window: " + d(t.window()) + ", type: " + type
                        + ", target: " + n(t.target()) + ", tolerance: " + n(t.tolerance()) + ", scaleIn: " + t.scaleIn().name().toLowerCase(Locale.ROOT)
                        + (t.cooldowns() == null ? "" : ", cooldown: " + cooldowns(t.cooldowns())) + "}");
            }
            case StepPolicy s -> {
                String type = switch (s.adjustmentType()) {
                    case CHANGE_IN_CAPACITY -> "ChangeInCapacity";
                    case PERCENT_CHANGE_IN_CAPACITY -> "PercentChangeInCapacity";
                    case EXACT_CAPACITY -> "ExactCapacity";
                };
                line(8, "step:");
                line(10, "metric: " + q(s.metric()));
                line(10, "agg: " + s.aggregation().id());
                line(10, "window: " + d(s.window()));
                line(10, "op: " + q(s.op().symbol()));
                line(10, "threshold: " + n(s.threshold()));
                line(10, "for: " + d(s.sustain()));
                line(10, "adjustmentType: " + type);
                if (s.adjustmentType() == StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY) line(10, "minAdjustmentMagnitude: " + s.minAdjustmentMagnitude());
                line(10, "steps:");
                for (StepPolicy.StepAdjustment a : s.steps()) {
                    line(12, "- {" + (a.lower() == null ? "" : "lower: " + n(a.lower()) + ", ") + (a.upper() == null ? "" : "upper: " + n(a.upper()) + ", ")
                            + "adjustment: " + n(a.adjustment()) + "}");
                }
                if (s.cooldowns() != null) line(10, "cooldown: " + cooldowns(s.cooldowns()));
            }
            case SchedulePolicy s -> {
                line(8, "schedule:");
                for (SchedulePolicy.Entry e : s.entries()) {
                    String setting = (e.setting().min() == null ? "" : ", min: " + e.setting().min())
                            + (e.setting().max() == null ? "" : ", max: " + e.setting().max())
                            + (e.setting().desired() == null ? "" : ", desired: " + e.setting().desired());
                    switch (e) {
                        case SchedulePolicy.Recurring c -> line(10, "- {name: " + q(c.name()) + ", cron: " + q(c.cron().toString()) + ", timeZone: " + q(c.zone().getId())
                                + (c.duration() == null ? "" : ", duration: " + d(c.duration())) + setting + "}");
                        case SchedulePolicy.Window w -> line(10, "- {name: " + q(w.name()) + ", start: " + q(w.start().toString()) + ", end: " + q(w.end().toString()) + setting + "}");
                    }
                }
            }
            case DecisionTreePolicy t -> {
                line(8, "decisionTree:");
                line(10, "root: " + q(t.root().id()));
                line(10, "nodes:");
                Map<String, DecisionTreePolicy.Node> all = new LinkedHashMap<>();
                collect(t.root(), all);
                for (DecisionTreePolicy.Node node : all.values()) {
                    String body = switch (node) {
                        case DecisionTreePolicy.Healthy h -> "{healthy: true}";
                        case DecisionTreePolicy.Check c -> "{if: " + condition(c.when()) + ", then: " + q(c.then().id()) + ", else: " + q(c.otherwise().id()) + "}";
                        case DecisionTreePolicy.Outcome o -> "{" + (o.action() instanceof Action.Named named && style.nextBoolean() ? "run: " + run(named) : "action: " + action(o.action()))
                                + ", severity: " + o.severity().name().toLowerCase(Locale.ROOT) + ", settle: " + d(o.settle())
                                + (o.next() == null ? "" : ", next: " + q(o.next().id())) + "}";
                    };
                    line(12, q(node.id()) + ": " + body);
                }
            }
            case io.capstan.core.policy.PredictivePolicy f -> line(8, "predictive: {metric: " + q(f.metric()) + ", targetUtilization: "
                    + n(f.targetUtilization()) + ", model: " + f.model().id() + ", step: " + d(f.step()) + ", history: " + d(f.history())
                    + ", refit: " + d(f.refit()) + ", bufferSeconds: " + d(f.lead()) + ", maxCapacityBuffer: " + n(f.maxCapacityBuffer())
                    + ", forecastOnly: " + f.forecastOnly() + ", errorGuard: " + (f.errorGuard() == null ? "off" : "{metric: "
                    + f.errorGuard().measure().id() + ", window: " + d(f.errorGuard().window()) + ", above: " + n(f.errorGuard().above()) + "}") + ", quantile: " + n(f.quantile()) + "}");
        }
    }

    private static void collect(DecisionTreePolicy.Node node, Map<String, DecisionTreePolicy.Node> all) {
        if (all.putIfAbsent(node.id(), node) != null) return;
        switch (node) {
            case DecisionTreePolicy.Check c -> {
                collect(c.then(), all);
                collect(c.otherwise(), all);
            }
            case DecisionTreePolicy.Outcome o -> {
                if (o.next() != null) collect(o.next(), all);
            }
            case DecisionTreePolicy.Healthy h -> { }
        }
    }
}
