package io.capstan.app.examples;

import io.capstan.app.config.PolicyFile;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.ThresholdPolicy;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.simulate.Trace;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A runbook example replayed through the real loader and simulator: a scripted trace (each step's
 * values from a function of the step's offset) over one of the shipped policy files.
 */
final class RunbookScenario {
    static final Path EXAMPLES = Path.of("..", "examples");

    final List<TargetSpec> targets;
    final SimulationResult result;

    private RunbookScenario(List<TargetSpec> targets, SimulationResult result) {
        this.targets = targets;
        this.result = result;
    }

    /**
     * @param script series name -> value for a step at {@code offset} from start; a missing key is a gap
     */
    static RunbookScenario run(String policyFile, Instant start, Duration length, Duration step,
                               Function<Duration, Map<String, Double>> script) {
        PolicyFile.Result loaded = PolicyFile.load(EXAMPLES.resolve(policyFile));
        assertThat(loaded.problems()).as(policyFile + " loads").isEmpty();
        Trace.Builder b = Trace.builder();
        for (Duration t = Duration.ZERO; t.compareTo(length) <= 0; t = t.plus(step)) {
            Instant at = start.plus(t);
            script.apply(t).forEach((series, value) -> b.add(series, at, value));
        }
        SimulationResult r = new Simulator().run(loaded.targets(), b.build(),
                SimulationOptions.DEFAULTS.withStep(step).withFrom(start).withTo(start.plus(length)));
        return new RunbookScenario(loaded.targets(), r);
    }

    /** A target of a shipped example as the loader reads it. */
    static TargetSpec spec(String policyFile, String target) {
        PolicyFile.Result loaded = PolicyFile.load(EXAMPLES.resolve(policyFile));
        assertThat(loaded.problems()).as(policyFile + " loads").isEmpty();
        return loaded.targets().stream().filter(t -> t.name().equals(target)).findFirst().orElseThrow();
    }

    /** The policy named {@code name} of {@code spec}, as its kind. */
    static <P extends Policy> P policy(TargetSpec spec, String name, Class<P> kind) {
        Policy p = spec.policies().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(spec.name() + " has no policy " + name));
        return kind.cast(p);
    }

    /** "avg(cpu, 1m) > 70 for 3m": a threshold's single comparison, with the rule's own {@code for} added. */
    static String when(TargetSpec spec, String threshold) {
        ThresholdPolicy t = policy(spec, threshold, ThresholdPolicy.class);
        return t.when().describe() + (t.sustain().isZero() ? "" : " (rule for " + io.capstan.core.model.Durations.format(t.sustain()) + ")");
    }

    /** What a threshold does, as the policy language writes it ("add 1", "alert-cpu-warn"). */
    static String does(TargetSpec spec, String threshold) {
        ThresholdPolicy t = policy(spec, threshold, ThresholdPolicy.class);
        return t.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + t.action().describe();
    }

    TargetResult target(String name) {
        return result.target(name);
    }

    /** The row of {@code target} at {@code offset} from the run's start. */
    Row at(String target, Duration offset) {
        Instant when = result.from().plus(offset);
        for (Row row : target(target).rows()) {
            if (row.at().equals(when)) return row;
        }
        throw new AssertionError("no row at " + when + " for " + target);
    }

    List<Row> events(String target) {
        return target(target).rows().stream().filter(Row::eventful).toList();
    }

    static Duration min(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    static Duration sec(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
