package io.capstan.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.model.Durations;
import io.capstan.core.simulate.Scorecard;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.TargetResult;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code summary.json}: the run (policy file, traces, from, to, step, steps, warmUp: the time after from replayed
 * but not scored, and scoredFrom: the first scored step, from itself without a warm-up), per target its mode
 * and scorecard ({@code oracleReplicaHours} and {@code underProvisionedMinutes} are null in observed
 * replay; {@code cost} is null without a price; {@code unscoredMinutes} is the time left out of the
 * scores because demand was unknown, 0 when every step was scored) and, with {@code --compare}, a {@code comparison}
 * object with the other file's scorecards and, per line, which file did better.
 *
 * <p>Numbers are rounded as a reader would quote them: replica-hours and minutes to 0.1, cost to
 * cents ({@link #round}). Which file did better is decided on these rounded values, as the console and
 * the report show them.
 */
public final class SummaryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {}

    public static ObjectNode tree(SimulationRun run, SimulationRun compare, List<String> traces) {
        ObjectNode root = MAPPER.createObjectNode();
        SimulationResult r = run.result();
        root.put("policy", run.policyFile().toString());
        ArrayNode tr = root.putArray("traces");
        traces.forEach(tr::add);
        root.put("from", r.from().toString());
        root.put("to", r.to().toString());
        root.put("step", Durations.format(r.step()));
        root.put("steps", r.steps());
        root.put("warmUp", Durations.format(r.warmUp()));
        root.put("scoredFrom", r.scoredFrom().toString());
        root.set("targets", targets(r));
        if (compare != null) {
            ObjectNode c = root.putObject("comparison");
            c.put("policy", run.policyFile().toString());
            c.put("compare", compare.policyFile().toString());
            c.set("compareTargets", targets(compare.result()));
            Comparison cmp = Comparison.of(run, compare);
            ObjectNode per = c.putObject("targets");
            for (Comparison.TargetLines t : cmp.targets()) {
                ObjectNode tn = per.putObject(t.target());
                for (Comparison.Line l : t.lines()) {
                    ObjectNode ln = tn.putObject(l.metric());
                    putNullable(ln, "policy", round(l.metric(), l.policy()));
                    putNullable(ln, "compare", round(l.metric(), l.compare()));
                    if (l.better() == null) ln.putNull("better");
                    else ln.put("better", l.better());
                }
            }
            ArrayNode un = c.putArray("unmatchedTargets");
            cmp.unmatched().forEach(un::add);
        }
        return root;
    }

    private static ObjectNode targets(SimulationResult r) {
        ObjectNode targets = MAPPER.createObjectNode();
        for (TargetResult t : r.targets()) {
            ObjectNode n = targets.putObject(t.target());
            Scorecard s = t.scorecard();
            n.put("mode", t.mode().name().toLowerCase());
            n.put("replicaHours", round("replicaHours", s.replicaHours()));
            putNullable(n, "oracleReplicaHours", round("oracleReplicaHours", s.oracleReplicaHours()));
            putNullable(n, "underProvisionedMinutes", round("underProvisionedMinutes", s.underProvisionedMinutes()));
            n.put("scaleOutEvents", s.scaleOutEvents());
            n.put("scaleInEvents", s.scaleInEvents());
            n.put("minReplicas", s.minReplicas());
            n.put("maxReplicas", s.maxReplicas());
            putNullable(n, "cost", round("cost", s.cost()));
            n.put("unscoredMinutes", round("unscoredMinutes", s.unscoredMinutes()));
            ObjectNode actions = n.putObject("actions");
            s.actions().forEach(actions::put);
            ArrayNode notes = n.putArray("notes");
            t.notes().forEach(notes::add);
        }
        return targets;
    }

    /** A scorecard number as summary.json gives it: cost to cents, the rest (hours, minutes, counts) to 0.1. */
    static Double round(String field, Double v) {
        if (v == null || !Double.isFinite(v)) return v;
        int scale = field.equals("cost") ? 2 : 1;
        return java.math.BigDecimal.valueOf(v).setScale(scale, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }

    private static void putNullable(ObjectNode n, String field, Double v) {
        if (v == null) n.putNull(field);
        else n.put(field, v);
    }

    public static void write(SimulationRun run, SimulationRun compare, List<String> traces, Writer out) throws IOException {
        MAPPER.writeValue(out, tree(run, compare, traces));
    }
}
