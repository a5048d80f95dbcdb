package io.capstan.app.tune;

import io.capstan.app.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code capstan tune} end to end on demand where the answer is known: a target whose policy never fires, so it runs
 * at its minimum all along, on demand of 350 (100 a replica): the fewest replicas with no under-provisioned minute is 4.
 */
class TuneCommandTest {
    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static final String POLICY = """
            # a fixed pool: the only policy never fires, so the minimum is what runs
            targets:
              - name: api
                replicas: {min: 1, max: 20}   # tuned
                metrics: {cpu: {}}
                service: {capacityPerReplica: 100, startupSeconds: 60}
                policies:
                  - name: never
                    threshold: {when: "avg(cpu, 1m) > 100000", action: {add: 1}}
                  - name: tracking
                    targetTracking: {metric: cpu, target: 99999, cooldown: {scaleOut: 300s, scaleIn: 300s}}
            """;

    /** Adds a replica while cpu is above a threshold (70 as written), never removes one. */
    static final String THRESHOLD = """
            targets:
              - name: api
                replicas: {min: 1, max: 20}
                metrics: {cpu: {}}
                service: {capacityPerReplica: 100, startupSeconds: 60}
                policies:
                  - name: cpu-high
                    threshold: {when: {metric: cpu, agg: avg, window: 1m, op: ">", value: 70}, action: {add: 1}}
            """;

    private Path policy() throws IOException {
        return Files.writeString(dir.resolve("pool.yaml"), POLICY);
    }

    /** 400 one-minute steps: {@code early} demand for the first 300, {@code late} for the last 100 (the 25 % holdout). */
    private Path trace(int early, int late) throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,demand\n");
        Instant t0 = Instant.parse("2024-03-04T00:00:00Z");
        for (int m = 0; m < 400; m++) sb.append(t0.plus(Duration.ofMinutes(m))).append(',').append(m < 300 ? early : late).append('\n');
        return Files.writeString(dir.resolve("demand-" + early + "-" + late + ".csv"), sb.toString());
    }

    private CliRun tune(Path trace, String knob, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("tune", "--policy", policy().toString(), "--trace", trace.toString(),
                "--knob", knob, "--objective", "replicaHours subject to underProvisionedMinutes <= 10", "--out", dir.resolve("out").toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void thePolicyFilesWarningsAreSaidNotDropped() throws IOException {
        // EST is a short time-zone id: the loader warns and names the zone it stands for
        Files.writeString(dir.resolve("pool.yaml"), POLICY
                + "      - name: mornings\n"
                + "        schedule:\n"
                + "          - {name: warm, cron: \"0 8 * * 1-5\", timeZone: EST, duration: 1h, min: 1}\n");
        List<String> args = List.of("tune", "--policy", dir.resolve("pool.yaml").toString(), "--trace", trace(350, 350).toString(),
                "--knob", "targets[0].replicas.min=1..6:1", "--objective", "replicaHours subject to underProvisionedMinutes <= 10",
                "--out", dir.resolve("out").toString());
        CliRun r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("pool.yaml:").contains("warning").contains("EST");
    }

    @Test
    void choosesTheOnlyValueThatMeetsTheBoundAtLeastCost() throws IOException {
        CliRun r = tune(trace(350, 350), "targets[0].replicas.min=1..10:1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Tried 10 candidates (the whole grid)").contains("Best on fit: candidate 4: targets[0].replicas.min = 4")
                .contains("fit:     20.0 replica-hours, 0.0 under-provisioned minutes")
                .doesNotContain("infeasible on the holdout");
        // the original text with only the tuned number replaced: comments and layout stay
        assertThat(Files.readString(dir.resolve("out/pool.yaml"))).isEqualTo(POLICY.replace("{min: 1, max: 20}", "{min: 4, max: 20}"));
        List<String> csv = Files.readAllLines(dir.resolve("out/candidates.csv"));
        assertThat(csv).hasSize(11);
        assertThat(csv.get(0)).startsWith("candidate,targets[0].replicas.min,fit_replica_hours,fit_under_provisioned_minutes,fit_feasible,");
        // 3 replicas: 300 fit minutes all short of 350; 15 replica-hours
        assertThat(csv.get(3)).startsWith("3,3,15.0000,300.0000,false,5.0000,100.0000,false,");
        assertThat(csv.get(4)).startsWith("4,4,20.0000,0.0000,true,").endsWith(",true,true,");
        String html = Files.readString(dir.resolve("out/tune.html"));
        assertThat(html).contains("<svg").contains("class=\"chosen\"").contains("class=\"front\"").contains("targets[0].replicas.min = 4");
    }

    /**
     * A threshold policy whose only knob is the threshold: add a replica while CPU (350 % of one replica's capacity
     * over the count) is above it, never remove one. The count settles at the fewest replicas with 350/n at most the
     * threshold: 40 -> 9, 60 -> 6, 80 -> 5, 100 -> 4, 120 -> 3, which is short of 350 all along. So 100 is the one
     * value that meets the bound at least cost.
     */
    @Test
    void tunesAThresholdToTheOneValueThatMeetsTheBoundAtLeastCost() throws IOException {
        String threshold = THRESHOLD;
        Path file = Files.writeString(dir.resolve("threshold.yaml"), threshold);
        CliRun r = run("tune", "--policy", file.toString(), "--trace", trace(350, 350).toString(), "--knob",
                "targets[0].policies[0].threshold.when.value=40..120:20", "--objective", "replicaHours subject to underProvisionedMinutes <= 30",
                "--out", dir.resolve("out").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Best on fit: candidate 4: targets[0].policies[0].threshold.when.value = 100");
        assertThat(Files.readString(dir.resolve("out/threshold.yaml"))).isEqualTo(threshold.replace("value: 70}", "value: 100}"));
        List<String> csv = Files.readAllLines(dir.resolve("out/candidates.csv"));
        assertThat(csv.get(5)).startsWith("5,120,").contains(",false,");
    }

    /**
     * The threshold policy above climbs one replica a minute from 1 to 4, so a replay that starts cold is short for its first
     * minutes: the holdout too, when it starts from the initial state at the split. With a 30m warm-up, the fit part is scored
     * from minute 30 (270 minutes at 4 replicas: 18 replica-hours) and the holdout is replayed from minute 270, so it is at 4
     * replicas when its scores begin (100 minutes: 6.6667 replica-hours), short for none of them.
     */
    @Test
    void aWarmUpLeavesEachPartsColdStartOutOfItsScores() throws IOException {
        Path file = Files.writeString(dir.resolve("threshold.yaml"), THRESHOLD);
        List<String> args = List.of("tune", "--policy", file.toString(), "--trace", trace(350, 350).toString(), "--knob",
                "targets[0].policies[0].threshold.when.value=100..100:20", "--objective", "replicaHours subject to underProvisionedMinutes <= 30",
                "--out", dir.resolve("out").toString());
        CliRun cold = run(args.toArray(String[]::new));
        assertThat(cold.exit()).as(cold.err()).isZero();
        String coldRow = Files.readAllLines(dir.resolve("out/candidates.csv")).get(1);
        assertThat(coldRow.split(",")[6]).as("the holdout replayed cold is short while it climbs: %s", coldRow).isNotEqualTo("0.0000");

        List<String> warm = new java.util.ArrayList<>(args);
        warm.addAll(List.of("--warm-up", "30m"));
        CliRun r = run(warm.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Warm-up 30m: fit scored from 2024-03-04T00:30:00Z; holdout replayed from 2024-03-04T04:30:00Z, scored from 2024-03-04T05:00:00Z");
        assertThat(Files.readAllLines(dir.resolve("out/candidates.csv")).get(1)).startsWith("1,100,18.0000,0.0000,true,6.6667,0.0000,true,");
        assertThat(r.err()).doesNotContain("warning");

        // a warm-up that leaves less of the fit part scored than the holdout is said, not refused
        List<String> most = new java.util.ArrayList<>(args);
        most.addAll(List.of("--warm-up", "4h"));
        CliRun thin = run(most.toArray(String[]::new));
        assertThat(thin.exit()).as(thin.err()).isZero();
        assertThat(thin.err()).contains("warning: after the 4h warm-up the fit part scores only 1h, less than the holdout's ",
                ": the choice rests on little of the history; a shorter --warm-up scores more of it");

        List<String> tooLong = new java.util.ArrayList<>(args);
        tooLong.addAll(List.of("--warm-up", "5h"));
        CliRun refused = run(tooLong.toArray(String[]::new));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).startsWith("error: --warm-up 5h: must be shorter than the fit part, 2024-03-04T00:00:00Z to 2024-03-04T05:00:00Z (5h),"
                + " so that some of it is scored");
    }

    @Test
    void aStepTheTraceDoesNotResolveIsRefusedAsSimulateRefusesIt() throws IOException {
        Path file = Files.writeString(dir.resolve("threshold.yaml"), THRESHOLD);
        CliRun r = run("tune", "--policy", file.toString(), "--trace", trace(350, 350).toString(), "--knob",
                "targets[0].policies[0].threshold.when.value=100..100:20", "--objective", "replicaHours subject to underProvisionedMinutes <= 30",
                "--step", "1d", "--out", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: --step 1d is coarser than the trace's resolution").doesNotContain("--allow-coarse-step")
                .endsWith("Try 'capstan tune --help' for the options.\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void theHoldoutIsScoredApartAndSaysWhenTheFitChoiceFailsThere() throws IOException {
        CliRun r = tune(trace(350, 550), "targets[0].replicas.min=1..10:1");
        assertThat(r.exit()).as(r.err()).isZero();
        // fitted on the first 300 minutes only: 4 replicas, although the holdout needs 6
        assertThat(r.out()).contains("Best on fit: candidate 4: targets[0].replicas.min = 4")
                .contains("holdout: 6.7 replica-hours, 100.0 under-provisioned minutes")
                .contains("warning: the best fit candidate is infeasible on the holdout: underProvisionedMinutes 100.0 > 10")
                .contains("note: on the holdout candidate 6 (targets[0].replicas.min = 6) does better");
        assertThat(Files.readString(dir.resolve("out/pool.yaml"))).contains("{min: 4, max: 20}");
    }

    @Test
    void theOtherObjectiveMinimisesShortfallWithinABudget() throws IOException {
        Path trace = trace(350, 350);
        CliRun r = run("tune", "--policy", policy().toString(), "--trace", trace.toString(), "--knob", "targets[0].replicas.min=1..10:1",
                "--objective", "underProvisionedMinutes subject to replicaHours <= 16", "--out", dir.resolve("out").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // 3 replicas (15 replica-hours on fit) is the most the budget allows; all are short, so the cheapest shortfall ties and the earliest wins
        assertThat(r.out()).contains("Best on fit: candidate 1: targets[0].replicas.min = 1");
    }

    @Test
    void aSampledSearchIsTheSameForTheSameSeedAndRefinesTowardsTheAnswer() throws IOException {
        Path trace = trace(350, 350);
        String knob = "targets[0].replicas.min=1..10:1";
        String second = "targets[0].replicas.max=10..40:1";
        CliRun a = run("tune", "--policy", policy().toString(), "--trace", trace.toString(), "--knob", knob, "--knob", second, "--objective",
                "replicaHours subject to underProvisionedMinutes <= 10", "--out", dir.resolve("a").toString(), "--max-candidates", "20", "--seed", "7");
        CliRun b = run("tune", "--policy", policy().toString(), "--trace", trace.toString(), "--knob", knob, "--knob", second, "--objective",
                "replicaHours subject to underProvisionedMinutes <= 10", "--out", dir.resolve("b").toString(), "--max-candidates", "20", "--seed", "7",
                "--threads", "1");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(a.out()).contains("Tried 20 candidates (Latin hypercube, seed 7, then local refinement)");
        assertThat(Files.readString(dir.resolve("a/candidates.csv"))).isEqualTo(Files.readString(dir.resolve("b/candidates.csv")));
        assertThat(a.out()).contains("targets[0].replicas.min = 4");
    }

    @Test
    void durationKnobsAreWrittenBackAsDurations() throws IOException {
        CliRun r = tune(trace(350, 350), "targets[0].policies[1].targetTracking.cooldown.scaleIn=60s..600s:60s", "--max-candidates", "10");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out/candidates.csv")).subList(1, 4)).extracting(l -> l.split(",")[1])
                .containsExactly("1m", "2m", "3m");
    }

    @Test
    void badKnobsAreLocatedInThePolicyFile() throws IOException {
        Path trace = trace(350, 350);
        CliRun typo = tune(trace, "targets[0].replicas.mni=1..5");
        assertThat(typo.exit()).isEqualTo(1);
        assertThat(typo.err()).contains("pool.yaml:4:15: targets[0].replicas: --knob targets[0].replicas.mni=1..5: targets[0].replicas has no key 'mni';"
                + " did you mean 'min'?");
        CliRun index = tune(trace, "targets[0].policies[5].threshold=1..5");
        assertThat(index.err()).contains("pool.yaml:8:7: targets[0].policies: --knob").contains("a list of 2 items, so there is no [5]");
        CliRun text = tune(trace, "targets[0].name=1..5");
        assertThat(text.err()).contains("pool.yaml:3:11: targets[0].name: --knob").contains("only a number or a duration can be tuned, found text 'api'");
        CliRun range = tune(trace, "targets[0].replicas.min=9..2");
        assertThat(range.exit()).isEqualTo(1);
        assertThat(range.err()).contains("pool.yaml:4:21: targets[0].replicas.min: --knob targets[0].replicas.min=9..2: MAX 2 is below MIN 9");
        CliRun form = tune(trace, "targets[0].replicas.min");
        assertThat(form.err()).contains("expected PATH=MIN..MAX[:STEP]");
        CliRun unit = tune(trace, "targets[0].policies[1].targetTracking.cooldown.scaleIn=1m..5x");
        assertThat(unit.err()).contains("targets[0].policies[1].targetTracking.cooldown.scaleIn: --knob").contains("MAX '5x'");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void badObjectivesAndHoldoutsAreUsageErrors() throws IOException {
        Path trace = trace(350, 350);
        CliRun measure = run("tune", "--policy", policy().toString(), "--trace", trace.toString(), "--knob", "targets[0].replicas.min=1..5",
                "--objective", "replicaHour subject to underProvisionedMinutes <= 5", "--out", dir.resolve("out").toString());
        assertThat(measure.exit()).isEqualTo(2);
        assertThat(measure.err()).contains("unknown measure 'replicaHour'").contains("did you mean 'replicaHours'?");
        CliRun form = run("tune", "--policy", policy().toString(), "--trace", trace.toString(), "--knob", "targets[0].replicas.min=1..5",
                "--objective", "minimise replicaHours", "--out", dir.resolve("out").toString());
        assertThat(form.exit()).isEqualTo(2);
        assertThat(form.err()).contains("expected 'MEASURE subject to MEASURE <= N'");
        CliRun holdout = run("tune", "--policy", policy().toString(), "--trace", trace.toString(), "--knob", "targets[0].replicas.min=1..5",
                "--objective", "replicaHours subject to underProvisionedMinutes <= 5", "--holdout", "0%", "--out", dir.resolve("out").toString());
        assertThat(holdout.exit()).isEqualTo(2);
        assertThat(holdout.err()).contains("--holdout 0%: expected a percentage above 0 and below 100");
    }

    @Test
    void refusesToOverwriteItsInputAndWritesNothing() throws IOException {
        Path trace = trace(350, 350);
        CliRun r = run("tune", "--policy", policy().toString(), "--trace", trace.toString(), "--knob", "targets[0].replicas.min=1..5",
                "--objective", "replicaHours subject to underProvisionedMinutes <= 5", "--out", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("would overwrite the input file").contains("pool.yaml");
        assertThat(Files.readString(dir.resolve("pool.yaml"))).isEqualTo(POLICY);
        assertThat(dir.resolve("candidates.csv")).doesNotExist();
    }

    @Test
    void needsADemandReplayToCountUnderProvisionedMinutes() throws IOException {
        Path noService = Files.writeString(dir.resolve("no-service.yaml"), POLICY.replace("    service: {capacityPerReplica: 100, startupSeconds: 60}\n", "")
                .replace("metrics: {cpu: {}}", "metrics: {demand: {}}").replace("metric: cpu", "metric: demand").replace("avg(cpu", "avg(demand"));
        CliRun r = run("tune", "--policy", noService.toString(), "--trace", trace(350, 350).toString(), "--knob", "targets[0].replicas.min=1..5",
                "--objective", "replicaHours subject to underProvisionedMinutes <= 5", "--out", dir.resolve("out").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("tune scores under-provisioned minutes, which need a demand replay");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun r = run("tune", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--knob=PATH=MIN..MAX[:STEP]").contains("--holdout").contains("Exit codes:").contains("docs/tune.md");
        assertThat(run().err()).contains("tune");
    }
}
