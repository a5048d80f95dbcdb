package io.capstan.app.explain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.app.config.ConfigProblem;
import io.capstan.app.config.PolicyFile;
import io.capstan.app.hpa.LocatedTree;
import io.capstan.app.hpa.ProblemException;
import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.decide.NamedAction;
import io.capstan.core.hpa.ScaleEvent;
import io.capstan.core.hpa.TimedRecommendation;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Proposal;
import io.capstan.core.target.Signals;
import io.capstan.core.state.ScalingState;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An explain scenario whose policy is a Capstan policy file: the named target's decision for one
 * instant, from metric values (or timed samples) and the state that survives between decisions.
 * See docs/policy.md ("Explaining one decision") for the format.
 */
final class PolicyScenario {
    private PolicyScenario() {}

    static ObjectNode explain(LocatedTree.Node root, Path policyFile, LocatedTree.Node policyNode, ObjectNode out) throws ProblemException {
        PolicyFile.Result loaded = PolicyFile.load(policyFile);
        if (!loaded.problems().isEmpty()) {
            ConfigProblem p = loaded.problems().get(0);
            throw policyNode.problem("the policy file has " + loaded.problems().size() + " problem(s), first: " + p);
        }
        TargetSpec spec = target(root, loaded.targets());
        LocatedTree.Node state = root.require("state", "the state of the decision (specReplicas, metrics, ...)");
        int current = state.require("specReplicas", "specReplicas as an integer").integer("specReplicas as an integer, 0 or more");
        if (current < 0) throw state.get("specReplicas").problem("expected specReplicas of 0 or more");
        int ready = state.has("statusReplicas") ? state.get("statusReplicas").integer("statusReplicas as an integer") : current;

        Signals signals = Signals.of(spec);
        feedMetrics(spec, state, signals);

        ScalingState base = new ScalingState(ScalingState.CURRENT_VERSION, recommendations(state), events(state, "scaleUpEvents"),
                events(state, "scaleDownEvents"), ago(state, "lastScaleOutSecondsAgo"), ago(state, "lastScaleInSecondsAgo"),
                Map.of(), actions(state));
        Decider decider = new Decider();
        Decider.Observation observed = new Decider.Observation(current, ready);
        Decider.Result result = decider.decide(spec, base, observed, signals.at(Scenario.NOW), Scenario.NOW);
        if (state.has("heldForSeconds")) {
            // The conditions that hold now are taken to have held this long: decide again with their clocks set.
            long held = state.get("heldForSeconds").seconds("heldForSeconds");
            Map<String, Instant> since = new HashMap<>();
            for (String key : result.next().sustain().keySet()) since.put(key, Scenario.NOW.minusSeconds(held));
            ScalingState sustained = new ScalingState(base.version(), base.recommendations(), base.scaleUpEvents(), base.scaleDownEvents(),
                    base.lastScaleOut(), base.lastScaleIn(), since, base.actions());
            result = decider.decide(spec, sustained, observed, signals.at(Scenario.NOW), Scenario.NOW);
        }
        write(result.decision(), out);
        return out;
    }

    private static TargetSpec target(LocatedTree.Node root, List<TargetSpec> targets) throws ProblemException {
        List<String> names = targets.stream().map(TargetSpec::name).toList();
        if (!root.has("target")) {
            if (targets.size() == 1) return targets.get(0);
            throw root.problem("the policy file has " + targets.size() + " targets " + names + "; name one with \"target\"");
        }
        LocatedTree.Node t = root.get("target");
        String name = t.text("the target's name");
        for (TargetSpec s : targets) if (s.name().equals(name)) return s;
        throw t.problem("no target named \"" + name + "\"; the policy file has " + names);
    }

    /** Metrics as an array in the target's declared order, or an object keyed by metric name; an absent metric has no data. */
    private static void feedMetrics(TargetSpec spec, LocatedTree.Node state, Signals signals) throws ProblemException {
        LocatedTree.Node metrics = state.get("metrics");
        if (metrics == null) return;
        List<String> declared = new ArrayList<>(spec.metrics().keySet());
        if (metrics.json().isArray()) {
            List<LocatedTree.Node> entries = metrics.elements();
            if (entries.size() != declared.size()) {
                throw metrics.problem("expected " + declared.size() + " metric entries, one per declared metric in order " + declared
                        + ", got " + entries.size() + " (or give an object keyed by metric name)");
            }
            for (int i = 0; i < entries.size(); i++) feed(declared.get(i), entries.get(i), signals);
        } else if (metrics.json().isObject()) {
            var names = metrics.json().fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!spec.metrics().containsKey(name)) {
                    throw metrics.get(name) == null ? metrics.problem("unknown metric " + name)
                            : metrics.get(name).problem("unknown metric \"" + name + "\"; the target declares " + declared);
                }
                LocatedTree.Node entry = metrics.get(name);
                if (entry != null) feed(name, entry, signals);
            }
        } else {
            throw metrics.problem("expected an array or an object of metric entries, got " + metrics.shown());
        }
    }

    private static void feed(String metric, LocatedTree.Node m, Signals signals) throws ProblemException {
        if (!m.json().isObject()) throw m.problem("expected {\"value\": N}, {\"samples\": [...]} or {\"unavailable\": true}, got " + m.shown());
        if (m.has("unavailable") && m.get("unavailable").bool("unavailable")) return;
        if (m.has("value")) {
            signals.add(metric, Scenario.NOW.toEpochMilli(), finite(m.get("value")));
            return;
        }
        List<LocatedTree.Node> samples = m.array("samples", "{secondsAgo, value} samples");
        if (samples.isEmpty()) throw m.problem("expected \"value\", \"samples\" or \"unavailable\" for metric " + metric);
        List<long[]> order = new ArrayList<>();
        for (LocatedTree.Node s : samples) {
            long ago = s.require("secondsAgo", "secondsAgo as a whole number of seconds").seconds("secondsAgo");
            if (!order.isEmpty() && ago >= order.get(order.size() - 1)[0]) {
                throw s.problem("samples must be oldest first (secondsAgo decreasing)");
            }
            order.add(new long[] {ago});
            signals.add(metric, Scenario.NOW.minusSeconds(ago).toEpochMilli(), finite(s.require("value", "the sample's value")));
        }
    }

    private static double finite(LocatedTree.Node n) throws ProblemException {
        double v = n.number("a finite number");
        if (!Double.isFinite(v)) throw n.problem("expected a finite number, got " + n.shown());
        return v;
    }

    private static Instant ago(LocatedTree.Node state, String field) throws ProblemException {
        return state.has(field) ? Scenario.NOW.minusSeconds(state.get(field).seconds(field)) : null;
    }

    private static List<TimedRecommendation> recommendations(LocatedTree.Node state) throws ProblemException {
        List<TimedRecommendation> out = new ArrayList<>();
        for (LocatedTree.Node r : state.array("recommendations", "{secondsAgo, replicas} entries")) {
            out.add(new TimedRecommendation(Scenario.NOW.minusSeconds(r.require("secondsAgo", "secondsAgo").seconds("secondsAgo")),
                    r.require("replicas", "replicas as an integer").integer("replicas as an integer")));
        }
        return out;
    }

    private static List<ScaleEvent> events(LocatedTree.Node state, String field) throws ProblemException {
        List<ScaleEvent> out = new ArrayList<>();
        for (LocatedTree.Node e : state.array(field, "{secondsAgo, replicaChange} entries")) {
            out.add(ScaleEvent.of(Scenario.NOW.minusSeconds(e.require("secondsAgo", "secondsAgo").seconds("secondsAgo")),
                    e.require("replicaChange", "replicaChange as a positive integer").integer("replicaChange as a positive integer")));
        }
        return out;
    }

    private static Map<String, Instant> actions(LocatedTree.Node state) throws ProblemException {
        LocatedTree.Node a = state.get("actions");
        if (a == null) return Map.of();
        if (!a.json().isObject()) throw a.problem("expected an object of action name -> secondsAgo, got " + a.shown());
        Map<String, Instant> out = new HashMap<>();
        var names = a.json().fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            out.put(name, Scenario.NOW.minusSeconds(a.get(name).seconds(name)));
        }
        return out;
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
    }

    private static String kind(Proposal p) {
        return switch (p) {
            case Proposal.Scale s -> "scale";
            case Proposal.Act a -> "act";
            case Proposal.Hold h -> "hold";
            case Proposal.NoData n -> "noData";
            case Proposal.Bound b -> "bound";
        };
    }
}
