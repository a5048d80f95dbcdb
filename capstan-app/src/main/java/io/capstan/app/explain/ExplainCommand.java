package io.capstan.app.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.app.input.InputException;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.InputPathConverter;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.explain.Step;
import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.hpa.HpaState;
import io.capstan.core.state.ScalingState;
import io.capstan.core.target.HpaTargets;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.hpa.ScaleEvent;
import io.capstan.core.hpa.TimedRecommendation;
import picocli.CommandLine.Command;
import io.capstan.app.input.InputSizeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code capstan explain SCENARIO.json...}: one Kubernetes HPA decision per scenario, explained step by step, printed
 * as one JSON array. A scenario that cannot be read becomes {@code {"file", "error"}} and the exit status 1; the
 * others are still evaluated and printed.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain one decision per scenario file, as a JSON array: a Kubernetes HPA (exact controller semantics)"
                + " or a target of a Capstan policy file.",
        footer = {"", "Docs: docs/hpa.md (the scenario format for HPA manifests), docs/policy.md, 'Explaining one decision'"
                + " (scenarios for Capstan policy files)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every scenario was explained", "1:a scenario cannot be read or is invalid (its entry holds the error;"
                + " the others are still explained)", "2:usage error", "70:internal error (a bug in Capstan: please report it)"})
public final class ExplainCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SCENARIO.json", converter = InputPathConverter.class, description = "scenario files, evaluated in order")
    List<Path> scenarios;

    @Spec
    CommandSpec spec;

    @Option(names = "--max-input-size", paramLabel = "SIZE", converter = InputSizeConverter.class,
            description = "the largest scenario or policy file read (default: 4MiB); e.g. 16MiB")
    InputLimits limits = InputLimits.DEFAULT;

    /** Built on first use: picocli instantiates every subcommand, and a mapper costs ~60 ms of every start. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Override
    public Integer call() throws JsonProcessingException {
        ArrayNode out = Json.MAPPER.createArrayNode();
        boolean failed = false;
        for (Path file : scenarios) {
            ObjectNode result = explain(file, limits);
            failed |= result.has("error");
            out.add(result);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println(Json.MAPPER.writeValueAsString(out));
        w.flush();
        return failed ? 1 : 0;
    }

    /** Evaluates one scenario file into its JSON result (or error entry). */
    static ObjectNode explain(Path file, InputLimits limits) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("file", file.toString());
        Scenario s;
        try {
            Problems problems = new Problems(file);
            Node root = Scenario.root(file, limits, problems);
            Scenario.PolicyText policy = Scenario.policyFile(file, root, limits);
            if (policy != null && !policy.hpa()) return PolicyScenario.explain(root, policy, limits, problems, o);
            s = Scenario.read(root, policy, limits, problems);
        } catch (InputException e) {
            o.put("error", e.getMessage());
            return o;
        }
        TargetRuntime runtime = runtime(s);
        Decision d = runtime.tick(observation(s), Scenario.NOW);
        ScalingState next = runtime.state();
        o.put("currentReplicas", s.state().specReplicas());
        o.put("desiredReplicas", d.to());
        writeSteps(o.putArray("steps"), d.steps());
        ArrayNode recs = o.putArray("recommendations");
        for (TimedRecommendation r : next.recommendations()) {
            recs.addObject().put("secondsAgo", secondsAgo(r.at())).put("replicas", r.replicas());
        }
        events(o.putArray("scaleUpEvents"), next.scaleUpEvents());
        events(o.putArray("scaleDownEvents"), next.scaleDownEvents());
        return o;
    }

    /**
     * The manifest as the target every driver runs (simulate and the controller load it the same way), with
     * the scenario's controller flags and its history as the saved state.
     */
    static TargetRuntime runtime(Scenario s) {
        TargetSpec target = HpaTargets.toTarget("hpa", s.spec(), s.settings(), s.state().specReplicas());
        ScalingState saved = new ScalingState(ScalingState.CURRENT_VERSION, s.state().recommendations(), s.state().scaleUpEvents(),
                s.state().scaleDownEvents(), null, null, java.util.Map.of(), java.util.Map.of());
        return new TargetRuntime(target, new Decider(), saved);
    }

    /** The scale subresource and what the metrics APIs answered: the per-pod inputs a trace cannot give, used as given. */
    static Decider.Observation observation(Scenario s) {
        HpaState st = s.state();
        return new Decider.Observation(st.specReplicas(), st.statusReplicas(), st.statusReplicas(), s.inputs());
    }

    /** Steps as explain prints them, for HPA and Capstan scenarios alike. */
    static void writeSteps(ArrayNode out, List<Step> steps) {
        for (Step st : steps) {
            out.addObject().put("stage", st.stage()).put("reason", st.reason().name())
                    .put("before", st.before()).put("after", st.after()).put("message", st.message());
        }
    }

    private static void events(ArrayNode out, List<ScaleEvent> events) {
        for (ScaleEvent e : events) out.addObject().put("secondsAgo", secondsAgo(e.at())).put("replicaChange", e.replicaChange());
    }

    private static long secondsAgo(java.time.Instant at) {
        return Scenario.NOW.getEpochSecond() - at.getEpochSecond();
    }
}
