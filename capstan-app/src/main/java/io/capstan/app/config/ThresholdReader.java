package io.capstan.app.config;

import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Types;
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
    static final Field<Node> WHEN = Field.required("when", Types.any("a condition"), "a condition such as \"avg(cpu, 5m) > 70\"");
    static final Field<Duration> FOR = Field.optional("for", PolicyTypes.DURATION, Duration.ZERO,
            "how long the whole condition must hold before the action fires");
    static final Field<Severity> SEVERITY = Field.optional("severity", Types.choice(SEVERITIES), Severity.WARNING, "info, warning or critical");
    static final Field<Node> ACTION = Field.required("action", Types.any("an action"), "what to do, e.g. {add: 2}");
    static final Schema THRESHOLD = Schema.of("a threshold rule {when, for, severity, action, cooldown}", WHEN, FOR, SEVERITY, ACTION,
            DampingReader.POLICY_COOLDOWN);

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
        int before = problems.count();
        Fields f = fields(node, path, THRESHOLD);
        if (f == null) return null;
        Condition when = f.has(WHEN.name()) ? conditions.condition(f.get(WHEN.name()), f.path(WHEN.name()), metrics) : null;
        Duration sustain = f.value(FOR);
        Severity severity = f.value(SEVERITY);
        Action action = f.has(ACTION.name()) ? actions.action(f.get(ACTION.name()), f.path(ACTION.name())) : null;
        Cooldowns cooldowns = damping.policyCooldowns(f);
        if (problems.count() > before || name == null) return null;
        return build(node, path, () -> new ThresholdPolicy(name, when, sustain, severity, action, cooldowns));
    }
}
