package io.capstan.app.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.core.decide.Decision;
import io.capstan.core.decide.NamedAction;
import io.capstan.core.decide.ReadingUsed;
import io.capstan.core.explain.Step;
import io.capstan.core.signal.Reading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The payload a decision is stored with, and what the API shows of it: the explanation and the readings used. */
final class DecisionJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private DecisionJson() {}

    /** What the action of a decision is, in one word: scaleOut, scaleIn or hold. */
    static String action(int from, int to) {
        return to > from ? "scaleOut" : to < from ? "scaleIn" : "hold";
    }

    static Map<String, Object> payload(Decision d, boolean dryRun) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id().toString());
        m.put("target", d.target());
        m.put("timestamp", d.at().toString());
        m.put("currentReplicas", d.from());
        m.put("readyReplicas", d.ready());
        m.put("desiredReplicas", d.to());
        m.put("action", action(d.from(), d.to()));
        m.put("reason", d.reason().name());
        m.put("summary", d.summary());
        m.put("dryRun", dryRun);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step s : d.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("stage", s.stage());
            step.put("reason", s.reason().name());
            step.put("before", s.before());
            step.put("after", s.after());
            step.put("message", s.message());
            steps.add(step);
        }
        m.put("steps", steps);
        List<Map<String, Object>> readings = new ArrayList<>();
        for (ReadingUsed r : d.readings()) {
            Map<String, Object> reading = new LinkedHashMap<>();
            reading.put("metric", r.metric());
            reading.put("aggregation", String.valueOf(r.aggregation()));
            reading.put("window", String.valueOf(r.window()));
            if (r.reading() instanceof Reading.Present p) reading.put("value", p.value());
            else if (r.reading() instanceof Reading.Missing miss) reading.put("missing", miss.cause());
            if (r.onMissing() != null) reading.put("onMissing", r.onMissing());
            readings.add(reading);
        }
        m.put("readings", readings);
        List<Map<String, Object>> actions = new ArrayList<>();
        for (NamedAction a : d.actions()) {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("name", a.name());
            action.put("policy", a.policy());
            action.put("params", a.params());
            action.put("reason", a.reason());
            actions.add(action);
        }
        m.put("namedActions", actions);
        return m;
    }

    /**
     * A manual scale as the decision history shows it: the fields of an engine decision, one step saying who asked
     * for what and why, and {@code by} and {@code why} on their own.
     */
    static Map<String, Object> manual(String id, String target, java.time.Instant at, int from, int ready, int to, String reason, String summary,
                                      String who, String why) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("target", target);
        m.put("timestamp", at.toString());
        m.put("currentReplicas", from);
        m.put("readyReplicas", ready);
        m.put("desiredReplicas", to);
        m.put("action", action(from, to));
        m.put("reason", reason);
        m.put("summary", summary);
        m.put("dryRun", false);
        m.put("by", who);
        m.put("why", why);
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("stage", "manual");
        step.put("reason", reason);
        step.put("before", from);
        step.put("after", to);
        step.put("message", summary);
        m.put("steps", List.of(step));
        m.put("readings", List.of());
        m.put("namedActions", List.of());
        return m;
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
