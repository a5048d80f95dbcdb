package io.capstan.app.explain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.Fields;
import io.capstan.app.input.InputException;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.decide.NamedAction;
import io.capstan.core.decide.ReadingUsed;
import io.capstan.core.model.Durations;
import io.capstan.core.signal.Reading;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.StateKeys;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.Proposal;
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.state.ScalingState;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.capstan.app.explain.ScenarioFields.*;

/**
 * An explain scenario whose policy is a Capstan policy file: the named target's decision for one
 * instant, from metric values (or timed samples) and the state that survives between decisions.
 * See docs/policy.md ("Explaining one decision") for the format.
 */
final class PolicyScenario {
    private PolicyScenario() {}

    static ObjectNode explain(Node root, Scenario.PolicyText policy, InputLimits limits, Problems problems, ObjectNode out) throws InputException {
        Fields f = POLICY_SCENARIO.open(root, problems);
        if (f == null) problems.check();
        // the text Scenario read to tell a policy file from a manifest: parsed, not read again
        PolicyFile.Result loaded = PolicyFile.parse(policy.text(), policy.file(), limits);
        if (!loaded.isValid()) {
            // warnings (a cron that never fires) do not stop validate or simulate, so they do not stop explain
            List<Problem> errors = loaded.problems().stream().filter(Problem::isError).toList();
            problems.add(f.node(POLICY), "the policy file has " + errors.size() + " problem(s), first: " + errors.get(0));
            problems.check();
        }
        TargetSpec spec = target(f, loaded.targets(), problems);
        Fields state = f.has(STATE) ? POLICY_STATE.open(f.node(STATE), problems) : null;
        Instant given = f.has(SCENARIO_NOW) ? f.get(SCENARIO_NOW) : Scenario.NOW;
        // the state is read against its target, so it waits for that; a bad "now" is one problem among the state's own:
        // the state is checked against a stand-in instant, and the check below stops before anything is decided
        if (spec == null || state == null) problems.check();
        Instant now = given != null ? given : Scenario.NOW;
        Integer current = state.get(SPEC_REPLICAS);
        Integer status = state.get(STATUS_REPLICAS);
        Long held = state.get(HELD_FOR);
        ScalingState base = new ScalingState(ScalingState.CURRENT_VERSION, Scenario.recommendations(state, problems),
                Scenario.events(state, SCALE_UP_EVENTS, problems), Scenario.events(state, SCALE_DOWN_EVENTS, problems),
                ago(now, state.get(LAST_SCALE_OUT)), ago(now, state.get(LAST_SCALE_IN)), Map.of(), actions(spec, state, now, problems),
                scheduled(spec, state, now, problems));
        TargetRuntime runtime = new TargetRuntime(spec, new Decider(), base);
        feedMetrics(spec, state, runtime, now, problems);
        problems.check();
        int ready = status != null ? status : current;
        Decider.Observation observed = new Decider.Observation(current, ready);
        if (held != null) {
            // The conditions that hold now are taken to have held this long: their clocks are set before the decision.
            Map<String, Instant> since = new HashMap<>();
            for (String key : runtime.preview(observed, now).next().sustain().keySet()) since.put(key, now.minusSeconds(held));
            runtime.restore(new ScalingState(base.version(), base.recommendations(), base.scaleUpEvents(), base.scaleDownEvents(),
                    base.lastScaleOut(), base.lastScaleIn(), since, base.actions(), base.scheduled()));
        }
        write(runtime.tick(observed, now), out);
        return out;
    }

    private static TargetSpec target(Fields root, List<TargetSpec> targets, Problems problems) {
        List<String> names = targets.stream().map(TargetSpec::name).toList();
        if (!root.has(TARGET)) {
            if (targets.size() == 1) return targets.get(0);
            problems.add(root.mapping(), "the policy file has " + targets.size() + " targets " + names + "; name one with \"target\"");
            return null;
        }
        String name = root.get(TARGET);
        if (name == null) return null;
        for (TargetSpec s : targets) if (s.name().equals(name)) return s;
        problems.add(root.node(TARGET), "no target named \"" + name + "\"; the policy file has " + names + NearMiss.suggestion(name, names));
        return null;
    }

    /** Metrics as an array in the target's declared order, or an object keyed by metric name; an absent metric has no data. */
    private static void feedMetrics(TargetSpec spec, Fields state, TargetRuntime signals, Instant now, Problems problems) {
        Node metrics = state.node(METRICS);
        if (metrics == null) return;
        List<String> declared = new ArrayList<>(spec.metrics().keySet());
        if (metrics instanceof Node.Sequence seq) {
            if (seq.items().size() != declared.size()) {
                problems.add(metrics, "expected " + declared.size() + " metric entries, one per declared metric in order " + declared
                        + ", got " + seq.items().size() + " (or give an object keyed by metric name)");
                return;
            }
            for (int i = 0; i < seq.items().size(); i++) feed(declared.get(i), seq.items().get(i), signals, now, problems);
        } else if (metrics instanceof Node.Mapping map) {
            for (Node.Entry e : map.entries().values()) {
                if (!spec.metrics().containsKey(e.key())) {
                    problems.add(e.line(), e.column(), e.value().path(), "unknown metric '" + e.key() + "'; the target declares " + declared
                            + NearMiss.suggestion(e.key(), declared));
                    continue;
                }
                feed(e.key(), e.value(), signals, now, problems);
            }
        } else {
            problems.add(metrics, "expected an array or an object of metric entries, found " + metrics.describe());
        }
    }

    private static void feed(String metric, Node node, TargetRuntime signals, Instant now, Problems problems) {
        Fields m = POLICY_METRIC.open(node, problems);
        if (m == null) return;
        // One of the three: a second one was silently ignored before (value won over samples).
        List<String> given = java.util.stream.Stream.of(NUMBER.name(), SAMPLES.name(), UNAVAILABLE.name())
                .filter(k -> m.mapping().get(k) != null).toList();
        if (given.size() > 1) {
            Node second = m.mapping().get(given.get(1));
            problems.add(second, "a metric entry gives one of \"value\", \"samples\" or \"unavailable\", found " + String.join(" and ", given));
            return;
        }
        if (Boolean.TRUE.equals(m.get(UNAVAILABLE))) return;
        if (m.has(NUMBER)) {
            Double v = m.get(NUMBER);
            if (v != null) signals.add(metric, now.toEpochMilli(), v);
            return;
        }
        Node.Sequence samples = m.get(SAMPLES);
        if (samples == null || samples.items().isEmpty()) {
            if (!m.has(SAMPLES) || samples != null) {
                problems.add(node, "expected \"value\", \"samples\" or \"unavailable\" for metric " + metric);
            }
            return;
        }
        long previous = Long.MAX_VALUE;
        for (Node s : samples.items()) {
            Fields sf = SAMPLE.open(s, problems);
            if (sf == null) continue;
            Long ago = sf.get(AGO);
            Double value = sf.get(SAMPLE_VALUE);
            if (ago == null || value == null) continue;
            if (ago >= previous) {
                problems.add(s, "samples must be oldest first (secondsAgo decreasing)");
                continue;
            }
            previous = ago;
            signals.add(metric, now.minusSeconds(ago).toEpochMilli(), value);
        }
    }

    private static Instant ago(Instant now, Long seconds) {
        return seconds == null ? null : now.minusSeconds(seconds);
    }

    /** The last set firing each schedule has seen, by schedule policy name: what makes a later firing due. */
    private static Map<String, Instant> scheduled(TargetSpec spec, Fields state, Instant now, Problems problems) {
        Node.Mapping s = state.get(SCHEDULED);
        if (s == null) return Map.of();
        List<String> schedules = spec.policies().stream().filter(p -> p instanceof SchedulePolicy).map(Policy::name).toList();
        Map<String, Instant> out = new HashMap<>();
        for (Node.Entry e : s.entries().values()) {
            if (!schedules.contains(e.key())) {
                problems.add(e.line(), e.column(), e.value().path(), "unknown schedule '" + e.key() + "'; the target's schedules are "
                        + schedules + NearMiss.suggestion(e.key(), schedules));
                continue;
            }
            Instant at = INSTANT.read(e.value(), problems);
            if (at != null && at.isAfter(now)) {
                // a firing "seen" after now would silently swallow every firing due until then
                problems.add(e.value(), "the last firing seen, " + at + ", is after now (" + now + ")");
            } else if (at != null) {
                out.put(e.key(), at);
            }
        }
        return out;
    }

    /** When each named action was last decided; a name the target's policies never decide would be ignored, so it is an error. */
    private static Map<String, Instant> actions(TargetSpec spec, Fields state, Instant now, Problems problems) {
        Node.Mapping a = state.get(ACTIONS);
        if (a == null) return Map.of();
        java.util.Set<String> named = namedActions(spec);
        Map<String, Instant> out = new HashMap<>();
        for (Node.Entry e : a.entries().values()) {
            if (!named.contains(e.key())) {
                problems.add(e.line(), e.column(), e.value().path(), "unknown action '" + e.key() + "'; the target's policies name "
                        + (named.isEmpty() ? "no actions" : named.toString()) + NearMiss.suggestion(e.key(), named));
                continue;
            }
            Long ago = SECONDS_AGO.read(e.value(), problems);
            if (ago != null) out.put(e.key(), now.minusSeconds(ago));
        }
        return out;
    }

    /** The names decisions are recorded under: a threshold's named action, a decision tree outcome's action or id. */
    private static java.util.Set<String> namedActions(TargetSpec spec) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Policy p : spec.policies()) names.addAll(StateKeys.actionsOf(p));
        return names;
    }

    private static void write(Decision d, ObjectNode o) {
        o.put("target", d.target());
        o.put("currentReplicas", d.from());
        o.put("desiredReplicas", d.to());
        o.put("reason", d.reason().name());
        o.put("summary", d.summary());
        ArrayNode proposals = o.putArray("proposals");
        for (Proposal p : d.proposals()) {
            ObjectNode n = proposals.addObject().put("policy", p.policy()).put("kind", kind(p)).put("reason", p.reason().name());
            if (p instanceof Proposal.Scale s) n.put("replicas", s.replicas());
            if (p instanceof Proposal.Act a) n.put("action", a.action());
            if (p instanceof Proposal.NoData nd && nd.metric() != null) n.put("metric", nd.metric());
            n.put("message", p.message());
        }
        ExplainCommand.writeSteps(o.putArray("steps"), d.steps());
        ArrayNode actions = o.putArray("actions");
        for (NamedAction a : d.actions()) {
            ObjectNode n = actions.addObject().put("name", a.name()).put("policy", a.policy())
                    .put("severity", a.severity().name().toLowerCase(java.util.Locale.ROOT)).put("reason", a.reason());
            a.params().forEach(n.putObject("params")::put);
        }
        o.put("id", d.id().toString());
        ArrayNode readings = o.putArray("readings");
        for (ReadingUsed r : d.readings()) {
            ObjectNode n = readings.addObject().put("metric", r.metric()).put("aggregation", r.aggregation().id())
                    .put("window", Durations.format(r.window()));
            switch (r.reading()) {
                case Reading.Present p -> n.put("value", p.value());
                case Reading.Missing m -> n.put("missing", m.cause());
            }
            if (r.onMissing() != null) n.put("onMissing", r.onMissing());
        }
    }

    private static String kind(Proposal p) {
        return switch (p) {
            case Proposal.Scale s -> "scale";
            case Proposal.Act a -> "act";
            case Proposal.Hold h -> "hold";
            case Proposal.NoData n -> "noData";
            case Proposal.Bound b -> "bound";
            case Proposal.Floor f -> "floor";
        };
    }
}
