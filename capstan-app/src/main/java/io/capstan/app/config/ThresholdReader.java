package io.capstan.app.config;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.Severity;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Condition;
import io.capstan.core.policy.ThresholdPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code threshold}: when a condition holds (for a while), do an action. */
final class ThresholdReader extends ReaderBase {
    static final List<String> THRESHOLD_FIELDS = List.of("when", "for", "severity", "action", "cooldown");

    private final ConditionReader conditions;
    private final ActionReader actions;
    private final DampingReader damping;

    ThresholdReader(Problems problems, List<String> lines, ConditionReader conditions, ActionReader actions, DampingReader damping) {
        super(problems, lines);
        this.conditions = conditions;
        this.actions = actions;
        this.damping = damping;
    }

    ThresholdPolicy threshold(Node node, String path, String name, Set<String> metrics) {
        Fields f = fields(node, path, "a threshold rule {when, for, severity, action, cooldown}", THRESHOLD_FIELDS);
        if (f == null) return null;
        int before = problems.count();
        Node whenNode = f.required("when", "a condition such as \"avg(cpu, 5m) > 70\"");
        Condition when = whenNode == null ? null : conditions.condition(whenNode, f.path("when"), metrics);
        Duration sustain = f.has("for") ? duration(f.get("for"), f.path("for"), Sign.NON_NEGATIVE) : Duration.ZERO;
        Severity severity = f.has("severity") ? choice(f.get("severity"), f.path("severity"), SEVERITIES) : Severity.WARNING;
        Node actionNode = f.required("action", "what to do, e.g. {add: 2}");
        Action action = actionNode == null ? null : actions.action(actionNode, f.path("action"));
        Cooldowns cooldowns = f.has("cooldown") ? damping.cooldowns(f.get("cooldown"), f.path("cooldown")) : null;
        damping.policyCooldowns |= f.has("cooldown");
        if (problems.count() > before || name == null) return null;
        return build(node, path, () -> new ThresholdPolicy(name, when, sustain, severity, action, cooldowns));
    }
}
