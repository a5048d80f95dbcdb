package io.capstan.core.policy;

import io.capstan.core.explain.Explanation;
import io.capstan.core.explain.Reason;
import io.capstan.core.model.Durations;
import io.capstan.core.model.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * An ordered runbook tree: checks with yes/no branches ending in outcomes. An outcome that has
 * already been decided is given {@code settle} time to work; after that its {@code next} node
 * runs, which is how "still over threshold after the vertical scale, then component separation"
 * is written. Nodes may be shared (two branches leading to the same outcome); the tree is a DAG.
 */
public record DecisionTreePolicy(String name, Node root) implements Policy {

    /** Time an outcome is given to work when the tree does not say. */
    public static final Duration DEFAULT_SETTLE = Duration.ofMinutes(30);

    public DecisionTreePolicy {
        Objects.requireNonNull(name, "policy name");
        Objects.requireNonNull(root, "root of " + name);
    }

    public sealed interface Node {
        String id();
    }

    public record Check(String id, Condition when, Node then, Node otherwise) implements Node {
        public Check {
            Objects.requireNonNull(id, "check id");
            Objects.requireNonNull(when, "condition of check " + id);
            Objects.requireNonNull(then, "then branch of check " + id);
            Objects.requireNonNull(otherwise, "else branch of check " + id);
        }
    }

    /** @param next evaluated once this outcome was decided and has settled; null to end here */
    public record Outcome(String id, Action action, Severity severity, Duration settle, Node next) implements Node {
        public Outcome {
            Objects.requireNonNull(id, "outcome id");
            Objects.requireNonNull(action, "action of outcome " + id);
            severity = severity == null ? Severity.WARNING : severity;
            settle = settle == null ? DEFAULT_SETTLE : settle;
        }

        /**
         * The name its decision is recorded under: the named action's own name (so two outcomes
         * running the same action share its settle clock), or the node id for a replica change.
         */
        String recordedAs() {
            return action instanceof Action.Named n ? n.name() : id;
        }
    }

    /** A leaf where nothing needs doing ("System healthy, continue monitoring"). */
    public record Healthy(String id) implements Node {}

    @Override
    public String kind() {
        return "decisionTree";
    }

    @Override
    public Proposal propose(PolicyInput in) {
        StringBuilder path = new StringBuilder();
        Node node = root;
        // Nodes are immutable and built children first, so no node can lead back to itself: every
        // walk ends at a leaf or a settling outcome, however large the tree.
        while (true) {
            switch (node) {
                case Healthy h -> {
                    return new Proposal.Hold(name, Reason.DecisionTreeOutcome, trail(path, h.id()));
                }
                case Check c -> {
                    Truth t = Truth.evaluate(c.when(), StateKeys.check(name, c), in);
                    if (t.value() == Truth.Value.UNKNOWN) {
                        return new Proposal.NoData(name, t.missingMetric(), trail(path, c.id() + ": " + t.detail()));
                    }
                    path.append(c.id()).append(t.isTrue() ? " yes (" : " no (").append(t.detail().toString()).append(") -> ");
                    node = t.isTrue() ? c.then() : c.otherwise();
                }
                case Outcome o -> {
                    Instant decided = in.memory().actionDecidedAt(o.recordedAs());
                    if (decided == null || (o.next() == null && !in.now().isBefore(decided.plus(o.settle())))) {
                        in.memory().decided(o.recordedAs());
                        return propose(o, in, trail(path, o.id()));
                    }
                    Duration since = Duration.between(decided, in.now());
                    if (since.compareTo(o.settle()) < 0) {
                        return new Proposal.Hold(name, Reason.OutcomeSettling, trail(path, o.id() + " is settling until "
                                + decided.plus(o.settle()) + " (decided " + Durations.format(since) + " ago, settle "
                                + Durations.format(o.settle()) + ")"));
                    }
                    path.append(o.id()).append(" (decided ").append(Durations.format(since)).append(" ago) -> ");
                    node = o.next();
                }
            }
        }
    }

    /** Every node reachable from the root, once each (a shared node is listed once), depth first from the root. */
    public List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        Set<Node> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (!seen.add(n)) continue;
            out.add(n);
            switch (n) {
                case Check c -> {
                    stack.push(c.otherwise());
                    stack.push(c.then());
                }
                case Outcome o -> {
                    if (o.next() != null) stack.push(o.next());
                }
                case Healthy h -> { }
            }
        }
        return out;
    }

    private Proposal propose(Outcome o, PolicyInput in, Explanation trail) {
        String why = trail.toString();
        if (o.action() instanceof Action.Named n) {
            return new Proposal.Act(name, n.name(), n.params(), Reason.DecisionTreeOutcome,
                    Explanation.text(why + ": " + o.action().describe()), o.severity());
        }
        int replicas = o.action().replicasFrom(in.currentReplicas(), in.bounds());
        return new Proposal.Scale(name, replicas, Reason.DecisionTreeOutcome,
                Explanation.text(why + ": " + o.action().describe() + " -> " + replicas), o.severity(), null);
    }

    private static Explanation trail(StringBuilder path, String end) {
        return Explanation.text(path + end);
    }
}
