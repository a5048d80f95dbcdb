package io.capstan.app.plan;

import io.capstan.app.CliRun;
import io.capstan.app.input.InputException;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plan file: what it reads, defaults from the runbooks, and every mistake located at its line and column. */
class PlanFileTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("plan.yaml"), yaml);
    }

    private PlanConfig read(String yaml) throws IOException, InputException {
        return PlanFile.read(file(yaml), InputLimits.DEFAULT).plan();
    }

    /** The problems of a wrong file, one "file:line:column: path: message" each. */
    private List<String> problems(String yaml) throws IOException {
        Path f = file(yaml);
        try {
            PlanFile.read(f, InputLimits.DEFAULT);
        } catch (InputException e) {
            return e.problems().stream().map(Problem::toString).map(s -> s.substring(f.toString().length())).toList();
        }
        throw new AssertionError("read without a problem: " + yaml);
    }

    @Test
    void defaultsAreTheRunbooks() throws Exception {
        PlanConfig p = read("plan: {}\n");
        assertThat(p.thresholds()).containsExactly(new PlanConfig.Level("plan", 70), new PlanConfig.Level("act", 85));
        assertThat(p.spikeReserve()).isEqualTo(30);
        assertThat(p.capacity()).isNull();
        assertThat(p.zone().getId()).isEqualTo("UTC");
    }

    @Test
    void readsEachCapacityModel() throws Exception {
        assertThat(read("plan: {capacityPerReplica: 150}\n").capacity()).isEqualTo(new CapacityModel.PerReplica(150, 150));
        assertThat(read("plan: {capacityPerReplica: {baseline: 80, peak: 150}}\n").capacity()).isEqualTo(new CapacityModel.PerReplica(80, 150));
        assertThat(read("plan: {utilization: true}\n").capacity()).isEqualTo(new CapacityModel.Utilization());
        CapacityModel t = read("plan:\n  capacityTable:\n    - {load: 100, replicas: 2}\n    - {load: 1000, replicas: 5}\n").capacity();
        assertThat(((CapacityModel.Table) t).table().rows()).containsExactly(new CapacityModel.Row(100, 2), new CapacityModel.Row(1000, 5));
    }

    @Test
    void anUnknownKeyIsLocatedWithADidYouMean() throws IOException {
        assertThat(problems("plan:\n  replicas: 4\n  capacityPerReplcia: 150\n")).containsExactly(
                ":3:3: plan.capacityPerReplcia: unknown field 'capacityPerReplcia'; did you mean 'capacityPerReplica'? Accepted fields: metric, query, unit, "
                        + "zone, replicas, capacityPerReplica, capacityTable, utilization, spikeReserve, thresholds, phases");
        assertThat(problems("plans: {}\n")).anySatisfy(p -> assertThat(p).contains("unknown field 'plans'; did you mean 'plan'?"));
        assertThat(problems("plans: {}\n")).anySatisfy(p -> assertThat(p).contains("missing required field 'plan'"));
    }

    @Test
    void misorderedThresholdsAreLocatedAtTheOneThatDoesNotRise() throws IOException {
        assertThat(problems("plan:\n  thresholds:\n    - {name: act, at: 85}\n    - {name: plan, at: 70}\n")).containsExactly(
                ":4:24: plan.thresholds[1].at: plan at 70 % is not above act at 85 %: list the levels rising, each above the one before");
        assertThat(problems("plan:\n  thresholds:\n    - {name: plan, at: 70}\n    - {name: plan, at: 85}\n")).containsExactly(
                ":4:14: plan.thresholds[1].name: the name 'plan' is used twice: each level needs its own");
        assertThat(problems("plan:\n  thresholds:\n    - {name: plan, at: 170}\n")).containsExactly(
                ":3:24: plan.thresholds[0].at: expected a number from 0 to 100, found 170");
    }

    @Test
    void anUnsortedOrDuplicateCapacityTableIsLocatedAtTheRow() throws IOException {
        assertThat(problems("plan:\n  capacityTable:\n    - {load: 1000, replicas: 5}\n    - {load: 100, replicas: 2}\n")).containsExactly(
                ":4:14: plan.capacityTable[1].load: load 100 is below the row before's 1000: list the rows by rising load");
        assertThat(problems("plan:\n  capacityTable:\n    - {load: 100, replicas: 2}\n    - {load: 100, replicas: 3}\n")).containsExactly(
                ":4:14: plan.capacityTable[1].load: load 100 repeats the row before: each load may appear once");
        assertThat(problems("plan:\n  capacityTable:\n    - {load: 100, replicas: 5}\n    - {load: 1000, replicas: 2}\n")).containsExactly(
                ":4:30: plan.capacityTable[1].replicas: replicas 2 are fewer than the row before's 5 for a larger load: a larger load never needs fewer replicas");
        assertThat(problems("plan:\n  capacityTable: []\n")).containsExactly(
                ":2:18: plan.capacityTable: expected at least one {load, replicas} row, found an empty list");
    }

    @Test
    void capacityMistakesAreLocated() throws IOException {
        assertThat(problems("plan:\n  capacityPerReplica: {baseline: 150, peak: 80}\n")).containsExactly(
                ":2:34: plan.capacityPerReplica.baseline: baseline 150 is above peak 80: the baseline is what a replica carries comfortably, the peak the most it carries");
        assertThat(problems("plan:\n  capacityPerReplica: 0\n")).containsExactly(":2:23: plan.capacityPerReplica: expected a number above 0, found 0");
        assertThat(problems("plan:\n  capacityPerReplica: 100\n  utilization: true\n")).singleElement().asString()
                .contains("give one capacity model, found capacityPerReplica and utilization: true");
        assertThat(problems("plan:\n  spikeReserve: 100\n")).singleElement().asString().startsWith(":2:17: plan.spikeReserve: ");
        assertThat(problems("plan:\n  zone: Mars/Olympus\n")).containsExactly(
                ":2:9: plan.zone: unknown time zone 'Mars/Olympus': expected UTC, an offset such as +02:00 or a region such as Europe/Berlin");
    }

    @Test
    void theCommandPrintsTheProblemsAndExitsOne() throws IOException {
        Path trace = Files.writeString(dir.resolve("t.csv"), "timestamp,load\n2024-03-04T00:00:00Z,1\n2024-03-04T01:00:00Z,2\n");
        Path config = file("plan:\n  thresholds:\n    - {name: act, at: 85}\n    - {name: plan, at: 70}\n");
        CliRun r = CliRun.of("plan", "--config", config.toString(), "--history", trace.toString(), "--lookahead", "1d", "--out", dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: " + config + ":4:24: plan.thresholds[1].at: plan at 70 % is not above act at 85 %: list the levels rising, "
                + "each above the one before" + System.lineSeparator());
        assertThat(Files.exists(dir.resolve("o"))).isFalse();
    }

    @Test
    void aMissingFileIsABadInputNotAStackTrace() {
        assertThatThrownBy(() -> PlanFile.read(dir.resolve("none.yaml"), InputLimits.DEFAULT)).isInstanceOf(InputException.class)
                .hasMessageContaining("file not found");
    }
}
