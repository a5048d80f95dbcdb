package io.capstan.app.config;

import io.capstan.app.input.Field;
import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Types;
import io.capstan.core.model.MetricScope;
import io.capstan.core.model.MetricSpec;
import io.capstan.core.model.MissingRule;
import io.capstan.core.model.ServiceModel;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** A target's metrics (scope, onMissing, staleAfter) and its service model. */
final class MetricsReader extends ReaderBase {
    /** The onMissing rules, written as a word or as a one-key map. */
    static final Schema MISSING_RULE = Schema.of("hold, upOnly, {lastKnown: <maxAge>} or {fallback: <replicas>}",
            Field.optional("hold", Types.any("nothing"), "keep the count"), Field.optional("upOnly", Types.any("nothing"), "only scale out"),
            Field.optional("lastKnown", Types.any("a duration or {maxAge}"), "use the last sample up to this age"),
            Field.optional("fallback", Types.any("a count or {replicas}"), "raise the target to this count"));
    static final List<String> MISSING_RULES = MISSING_RULE.names();
    static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:/-]*");

    static final Field<MetricScope> SCOPE = Field.optional("scope", Types.choice(Types.<MetricScope>options("replica", MetricScope.REPLICA,
            "target", MetricScope.TARGET)), "replica for per-replica metrics (cpu, memory), target for totals; default by name");
    static final Field<Node> ON_MISSING = Field.optional("onMissing", Types.any("an onMissing rule"),
            "what to do without data: hold, upOnly, {lastKnown: <maxAge>} or {fallback: <replicas>}");
    static final Field<Duration> STALE_AFTER = Field.optional("staleAfter", PolicyTypes.POSITIVE_DURATION, MetricSpec.DEFAULT_STALE_AFTER,
            "samples older than this count as missing");
    /** Read by {@link io.capstan.app.source.Sources} through {@link LiveSections}. */
    static final Field<Node> SOURCE = Field.optional(io.capstan.app.source.Sources.METRIC_KEY, Types.any("a source"),
            "where capstan run reads it: push, {host: cpu}, {prometheus: 'PromQL'}");
    static final Schema METRIC = Schema.of("the metric's settings {scope, onMissing, staleAfter, source}, or {} for the defaults",
            SCOPE, ON_MISSING, STALE_AFTER, SOURCE);

    /**
     * The service model's ranges. Below a millionth of a unit per replica, or above a million per replica-hour, the
     * scorecard's replica-hours and cost overflow into Infinity or absurd oracles (1e-300 gave 6e306 replica-hours).
     */
    static final double MIN_CAPACITY = 1e-6;
    static final double MAX_COST = 1e6;

    static final Field<Double> CAPACITY = Field.required("capacityPerReplica", PolicyTypes.NUMBER.where(c -> c < MIN_CAPACITY
                    ? "capacityPerReplica must be at least 0.000001 (1e-6), found " + ConditionText.number(c) : null),
            "the demand one replica serves at 100 %");
    static final Field<Integer> STARTUP = Field.optional("startupSeconds", PolicyTypes.NON_NEGATIVE_WHOLE, 0,
            "how long a new replica takes to become ready");
    static final Field<Double> COST = Field.optional("costPerReplicaHour", PolicyTypes.nonNegative("costPerReplicaHour").where(c -> c > MAX_COST
                    ? "costPerReplicaHour must be at most 1000000 (1e6), found " + ConditionText.number(c) : null), 0.0,
            "price for scorecards");
    static final Schema SERVICE = Schema.of("the service model {capacityPerReplica, startupSeconds, costPerReplicaHour}",
            CAPACITY, STARTUP, COST);

    /** The max of the target being read: a fallback above it could never hold. */
    int targetMax = Integer.MAX_VALUE;

    MetricsReader(Problems problems, List<String> lines) {
        super(problems, lines);
    }

    MetricSpec metric(Node.Entry entry, String path) {
        String name = entry.key();
        if (!METRIC_NAME.matcher(name).matches()) {
            problems.add(entry.line(), entry.column(), path, name.chars().anyMatch(Character::isISOControl)
                    ? "metric name '" + name + "' contains a control character; names use only letters, digits and _ . : / -"
                    : "metric name '" + name + "' must start with a letter or _ and use only letters, digits and _ . : / -");
            return null;
        }
        Node node = entry.value();
        if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.NULL) return MetricSpec.of(name);
        int before = problems.count();
        Fields f = fields(node, path, METRIC);
        if (f == null) return null;
        MetricScope scope = f.has("scope") ? f.value(SCOPE) : MetricSpec.defaultScope(name);
        MissingRule rule = f.has("onMissing") ? missingRule(f.get("onMissing"), f.path("onMissing")) : MissingRule.defaultRule();
        Duration stale = f.value(STALE_AFTER);
        if (problems.count() > before) return null;
        return build(node, path, () -> new MetricSpec(name, scope, rule, stale));
    }

    MissingRule missingRule(Node node, String path) {
        String expected = "hold, upOnly, {lastKnown: <maxAge>} or {fallback: <replicas>}";
        if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.TEXT) {
            // Choices match without regard to case (policy.md, Conventions), as Types.choice does.
            String word = MISSING_RULES.stream().filter(r -> r.equalsIgnoreCase(s.text().strip())).findFirst().orElse(s.text());
            switch (word) {
                case "hold": return new MissingRule.Hold();
                case "upOnly": return new MissingRule.UpOnly();
                case "lastKnown":
                    problems.add(node, path, "lastKnown needs a maximum age: write {lastKnown: 10m} or {lastKnown: {maxAge: 10m}}");
                    return null;
                case "fallback":
                    problems.add(node, path, "fallback needs a replica count: write {fallback: 5}");
                    return null;
                default:
                    problems.add(node, path, "expected " + expected + ", found " + node.describe() + NearMiss.suggestion(s.text(), MISSING_RULES));
                    return null;
            }
        }
        if (!(node instanceof Node.Mapping m)) {
            problems.add(node, path, "expected " + expected + ", found " + node.describe());
            return null;
        }
        Fields f = fields(node, path, MISSING_RULE);
        if (f == null) return null;
        if (m.entries().size() != 1) {
            if (!m.entries().isEmpty() && f.unknownCount() == 0) {
                problems.add(node, path, "expected exactly one rule, found " + String.join(" and ", m.entries().keySet()));
            } else if (m.entries().isEmpty()) {
                problems.add(node, path, "expected " + expected + ", found an empty map");
            }
            return null;
        }
        Node.Entry e = m.entries().values().iterator().next();
        String sub = child(path, e.key());
        Node v = e.value();
        return switch (e.key()) {
            case "hold" -> emptyOrNull(v) ? new MissingRule.Hold() : badRuleArgument(v, sub, "hold takes no settings; write onMissing: hold");
            case "upOnly" -> emptyOrNull(v) ? new MissingRule.UpOnly() : badRuleArgument(v, sub, "upOnly takes no settings; write onMissing: upOnly");
            case "lastKnown" -> {
                Located a = shortOrLong(v, sub, "maxAge", "<duration>", "how old the last sample may be, e.g. 10m");
                Duration maxAge = a == null ? null : duration(a.node(), Sign.POSITIVE);
                yield maxAge == null ? null : build(v, sub, () -> new MissingRule.LastKnown(maxAge));
            }
            case "fallback" -> {
                Located r = shortOrLong(v, sub, "replicas", "<count>", "the replica count to raise the target to");
                Integer replicas = r == null ? null : integer(r.node());
                if (replicas == null) yield null;
                if (replicas < 0) {
                    problems.add(r.node(), sub, "fallback replicas must be zero or more, found " + replicas);
                    yield null;
                }
                if (replicas > targetMax) {
                    problems.add(r.node(), sub, "fallback " + replicas + " is above the target's max " + targetMax);
                    yield null;
                }
                yield new MissingRule.Fallback(replicas);
            }
            default -> null; // unknown keys were reported by fields()
        };
    }

    MissingRule badRuleArgument(Node v, String path, String message) {
        problems.add(v, path, message);
        return null;
    }

    static boolean emptyOrNull(Node v) {
        return (v instanceof Node.Scalar s && (s.kind() == Node.ScalarKind.NULL || (s.kind() == Node.ScalarKind.BOOLEAN && s.text().equals("true"))))
                || (v instanceof Node.Mapping m && m.entries().isEmpty());
    }

    ServiceModel service(Node node, String path) {
        int before = problems.count();
        Fields f = fields(node, path, SERVICE);
        if (f == null) return null;
        Double capacity = f.value(CAPACITY);
        Integer startup = f.value(STARTUP);
        Double cost = f.value(COST);
        if (problems.count() > before) return null;
        return build(node, path, () -> new ServiceModel(capacity, Duration.ofSeconds(startup), cost));
    }
}
