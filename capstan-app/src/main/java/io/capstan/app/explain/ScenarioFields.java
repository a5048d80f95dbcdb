package io.capstan.app.explain;

import io.capstan.app.input.Field;
import io.capstan.app.input.Node;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;
import io.capstan.app.trace.TraceCsv;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The keys of explain scenarios, HPA and Capstan alike, each declared once with its range. See docs/hpa.md and docs/policy.md. */
final class ScenarioFields {
    private ScenarioFields() {}

    /**
     * The oldest "seconds ago" a scenario may name: 100 years. Scenarios are relative to a fixed instant in 2001 (or a
     * policy scenario's {@code now}), so every time they describe stays a valid date, and a pod started decades ago is
     * still expressible.
     */
    static final long MAX_SECONDS_AGO = 100L * 365 * 86_400;

    static final Type<Long> SECONDS_AGO = Types.wholeNumber(0, MAX_SECONDS_AGO);
    static final Type<Long> PERIOD_SECONDS = Types.wholeNumber(0, Types.MAX_DURATION.toSeconds());
    static final Type<Integer> REPLICAS = Types.integer(0, Integer.MAX_VALUE);
    static final Type<Node> ANY = Types.any("anything");

    // the scenario
    static final Field<Node> POLICY = Field.required("policy", ANY,
            "an autoscaling/v2 HorizontalPodAutoscaler object, or a path to one or to a Capstan policy file");
    static final Field<String> TARGET = Field.optional("target", Types.string("the target's name"), "the target, when the policy file has several");
    static final Field<Node> CONTROLLER = Field.optional("controller", ANY, "the controller's flags (HPA scenarios)");
    static final Field<Node> STATE = Field.required("state", ANY, "the state of the sync (specReplicas, metrics, ...)");
    // annotations: JSON has no comments, and the conformance scenarios name their Go test and its expectation
    static final Field<Node> NOTE = Field.optional("note", ANY, "free text, ignored");
    static final Field<Node> GO_TEST = Field.optional("goTest", ANY, "the Kubernetes test a scenario is derived from, ignored");
    static final Field<Node> EXPECTED = Field.optional("expectedDesiredReplicas", ANY, "the expected decision, ignored by explain");
    static final Schema HPA_SCENARIO = Schema.of("a scenario object {policy, target, controller, state}", POLICY, TARGET, CONTROLLER, STATE,
            NOTE, GO_TEST, EXPECTED);
    /** An absolute instant with its offset, in the years 0001-9999 so that a scenario's "secondsAgo" stay dates. */
    static final Type<Instant> INSTANT = Types.string("an ISO-8601 instant such as 2026-10-25T00:30:00Z").map(ScenarioFields::instant);
    static final Field<Instant> SCENARIO_NOW = Field.optional("now", INSTANT,
            "the instant the decision is evaluated at (schedules read it); default 2001-09-09T01:46:40Z");
    static final Schema POLICY_SCENARIO = Schema.of("a scenario object {policy, target, now, state}", POLICY, TARGET, SCENARIO_NOW, STATE,
            NOTE, GO_TEST, EXPECTED);

    // controller flags
    static final Field<Double> TOLERANCE = Field.optional("tolerance", Types.number(0, Double.MAX_VALUE), "the tolerance, 0 or more");
    static final Field<Long> CPU_INITIALIZATION = Field.optional("cpuInitializationPeriodSeconds", PERIOD_SECONDS, "seconds");
    static final Field<Long> READINESS_DELAY = Field.optional("initialReadinessDelaySeconds", PERIOD_SECONDS, "seconds");
    static final Field<Long> DOWNSCALE_WINDOW = Field.optional("downscaleStabilizationSeconds", PERIOD_SECONDS, "seconds");
    static final Schema CONTROLLER_SCHEMA = Schema.of("the controller flags", TOLERANCE, CPU_INITIALIZATION, READINESS_DELAY, DOWNSCALE_WINDOW);

    // state, shared
    static final Field<Integer> SPEC_REPLICAS = Field.required("specReplicas", REPLICAS, "the current replica count, 0 or more");
    static final Field<Integer> STATUS_REPLICAS = Field.optional("statusReplicas", REPLICAS, "the ready replica count (default specReplicas)");
    static final Field<Node> METRICS = Field.optional("metrics", ANY, "the metric observations");
    static final Field<Node.Sequence> RECOMMENDATIONS = Field.optional("recommendations", Types.sequence("a list of {secondsAgo, replicas}"),
            "the stabilization history");
    static final Field<Node.Sequence> SCALE_UP_EVENTS = Field.optional("scaleUpEvents", Types.sequence("a list of {secondsAgo, replicaChange}"),
            "scale-up events for rate limits");
    static final Field<Node.Sequence> SCALE_DOWN_EVENTS = Field.optional("scaleDownEvents",
            Types.sequence("a list of {secondsAgo, replicaChange}"), "scale-down events for rate limits");
    static final Schema HPA_STATE = Schema.of("the state of the sync", SPEC_REPLICAS, STATUS_REPLICAS, METRICS, RECOMMENDATIONS,
            SCALE_UP_EVENTS, SCALE_DOWN_EVENTS);

    // state, Capstan only
    static final Field<Long> HELD_FOR = Field.optional("heldForSeconds", SECONDS_AGO, "how long the conditions that hold now have held");
    static final Field<Long> LAST_SCALE_OUT = Field.optional("lastScaleOutSecondsAgo", SECONDS_AGO, "the scale-out cooldown clock");
    static final Field<Long> LAST_SCALE_IN = Field.optional("lastScaleInSecondsAgo", SECONDS_AGO, "the scale-in cooldown clock");
    static final Field<Node.Mapping> ACTIONS = Field.optional("actions", Types.mapping("an object of action name -> secondsAgo"),
            "named actions already decided");
    static final Field<Node.Mapping> SCHEDULED = Field.optional("scheduled", Types.mapping("an object of schedule name -> instant"),
            "per schedule policy, the last set firing it has seen");
    static final Schema POLICY_STATE = HPA_STATE.with(HELD_FOR, LAST_SCALE_OUT, LAST_SCALE_IN, ACTIONS, SCHEDULED);

    // history entries
    static final Field<Long> AGO = Field.required("secondsAgo", SECONDS_AGO, "a whole number of seconds, 0 or more");
    static final Field<Integer> REC_REPLICAS = Field.required("replicas", REPLICAS, "the recommended replica count");
    static final Field<Integer> REPLICA_CHANGE = Field.required("replicaChange", Types.integer(1, Integer.MAX_VALUE),
            "replicaChange above 0 (the direction is the list it is in)");
    static final Schema RECOMMENDATION = Schema.of("a recommendation {secondsAgo, replicas}", AGO, REC_REPLICAS);
    static final Schema EVENT = Schema.of("a scale event {secondsAgo, replicaChange}", AGO, REPLICA_CHANGE);

    // HPA metric observations and pods
    static final Field<Node> PODS = Field.optional("pods", ANY, "the pods of the target with their samples");
    static final Field<Node.Sequence> UNMATCHED = Field.optional("unmatchedPodValues", Types.sequence("a list of quantities"),
            "samples of pods outside the pod list");
    static final Field<Long> SAMPLED_AGO = Field.optional("sampledSecondsAgo", SECONDS_AGO, 0L, "when the metrics were sampled");
    static final Field<Long> WINDOW = Field.optional("windowSeconds", PERIOD_SECONDS, 60L, "the sample window");
    static final Field<Node> VALUE = Field.optional("value", ANY, "the value: a quantity (HPA) or a number (Capstan)");
    static final Field<Node> VALUES = Field.optional("values", ANY, "the external metric's values as a list of quantities");
    static final Field<Boolean> UNAVAILABLE = Field.optional("unavailable", Types.bool(), false, "the metrics API failed for this metric");
    static final Schema HPA_METRIC = Schema.of("a metric observation", PODS, UNMATCHED, SAMPLED_AGO, WINDOW, VALUE, VALUES, UNAVAILABLE);

    static final Field<Node> REQUEST = Field.optional("request", ANY, "the pod's request as a quantity");
    static final Field<Node> READY = Field.optional("ready", ANY, "true, false or null (no Ready condition)");
    static final Field<String> PHASE = Field.optional("phase", Types.string("a phase"), "Pending, Running, Succeeded, Failed or Unknown");
    static final Field<Boolean> DELETING = Field.optional("deleting", Types.bool(), false, "the pod is being deleted");
    static final Field<Long> STARTED_AGO = Field.optional("startedSecondsAgo", SECONDS_AGO, "when the pod started");
    static final Field<Long> READY_AGO = Field.optional("readySinceSecondsAgo", SECONDS_AGO, "when the pod became ready");
    static final Schema POD = Schema.of("a pod", REQUEST, VALUE, READY, PHASE, DELETING, STARTED_AGO, READY_AGO);

    // Capstan metric entries
    static final Field<Double> NUMBER = Field.optional("value", Types.number(0, TraceCsv.MAX_VALUE), "the value now");
    static final Field<Node.Sequence> SAMPLES = Field.optional("samples", Types.sequence("a list of {secondsAgo, value}"),
            "samples, oldest first");
    static final Schema POLICY_METRIC = Schema.of("a metric entry {value} | {samples} | {unavailable}", NUMBER, SAMPLES, UNAVAILABLE);
    static final Field<Double> SAMPLE_VALUE = Field.required("value", Types.number(0, TraceCsv.MAX_VALUE), "the sample's value");
    static final Schema SAMPLE = Schema.of("a sample {secondsAgo, value}", AGO, SAMPLE_VALUE);

    private static boolean hasNoOffset(String text) {
        try {
            java.time.LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Instant instant(String text) {
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            // the text has the form, but the calendar has no such day or time: 2026-02-30, 2026-13-01, 25:00
            if (e.getCause() instanceof java.time.DateTimeException impossible) {
                String why = String.valueOf(impossible.getMessage());
                throw new IllegalArgumentException("'" + text + "' is not a real date and time: " + why.substring(0, 1).toLowerCase(java.util.Locale.ROOT)
                        + why.substring(1));
            }
            String missing = hasNoOffset(text) ? "; add Z for UTC or an offset such as +01:00" : "";
            throw new IllegalArgumentException("expected an ISO-8601 instant with an offset, such as 2026-10-25T00:30:00Z, found '" + text + "'" + missing);
        }
        Instant at = t.toInstant();
        if (t.getYear() < 1 || t.getYear() > 9999 || at.isBefore(Instant.parse("0001-01-01T00:00:00Z"))
                || at.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
            throw new IllegalArgumentException("instant '" + text + "' is outside the years 0001-9999");
        }
        return at;
    }
}
