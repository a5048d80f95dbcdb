package io.capstan.app.trace;

import io.capstan.app.TestSpecs;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TraceCheckTest {
    @TempDir
    Path dir;

    private LoadedTrace load(String header) throws IOException {
        Path p = dir.resolve("t.csv");
        int cells = header.split(",").length;
        Files.writeString(p, header + "\n2024-01-01T00:00:00Z" + ",1".repeat(cells - 1) + "\n");
        TraceCsv.Result r = TraceCsv.read(List.of(new TraceSource(null, p)), Dedupe.ERROR);
        assertThat(r.problems()).isEmpty();
        return r.trace();
    }

    private final TargetSpec api = TestSpecs.cpuThresholds("api", TestSpecs.service(10, Duration.ZERO, 0));
    private final TargetSpec worker = TestSpecs.cpuThresholds("worker", null);

    @Test
    void declaredColumnsPass() throws IOException {
        assertThat(TraceCheck.against(load("timestamp,api.cpu,worker.cpu,api.demand"), List.of(api, worker), null)).isEmpty();
    }

    @Test
    void aMetricNoTargetDeclaresIsAProblemListingDeclaredMetrics() throws IOException {
        List<TraceProblem> problems = TraceCheck.against(load("timestamp,cpu,memroy"), List.of(api, worker), null);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.file()).isEqualTo(dir.resolve("t.csv"));
            assertThat(p.message()).contains("column memroy names a metric no target declares; declared metrics: cpu; the demand column is demand");
        });
    }

    /** --demand names the demand column; it is not listed as a declared metric, and a column "demand" is told how to be read. */
    @Test
    void theDemandOptionIsNotListedAsADeclaredMetric() throws IOException {
        assertThat(TraceCheck.against(load("timestamp,demand"), List.of(api, worker), "dmnd")).first()
                .satisfies(p -> assertThat(p.message()).isEqualTo("column demand names a metric no target declares; declared metrics: cpu; "
                        + "the demand column is dmnd (--demand dmnd names the demand column; leave it out to read this column as demand)"));
    }

    @Test
    void aColumnNamedInTheWrongCaseSuggestsTheDeclaredMetric() throws IOException {
        assertThat(TraceCheck.against(load("Timestamp,CPU"), List.of(api, worker), null)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("column CPU names a metric no target declares").endsWith("; did you mean 'cpu'?"));
        assertThat(TraceCheck.against(load("timestamp,worker.CPU"), List.of(api, worker), null)).singleElement()
                .satisfies(p -> assertThat(p.message()).endsWith("; did you mean 'cpu'?"));
    }

    @Test
    void aTargetColumnMustNameAMetricOfThatTarget() throws IOException {
        List<TraceProblem> problems = TraceCheck.against(load("timestamp,worker.demand"), List.of(api, worker), null);
        assertThat(problems).singleElement().satisfies(p ->
                assertThat(p.message()).contains("target worker does not declare; it declares cpu").contains("service model on worker"));
    }

    @Test
    void demandWithoutAnyServiceModelIsAProblem() throws IOException {
        List<TraceProblem> problems = TraceCheck.against(load("timestamp,demand"), List.of(worker), null);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("demand needs a target with a service model"));
    }

    @Test
    void namedDemandMetricMustBeInTheTrace() throws IOException {
        List<TraceProblem> problems = TraceCheck.against(load("timestamp,cpu"), List.of(api), "rps");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("--demand rps: no trace column rps"));
        assertThat(TraceCheck.against(load("timestamp,rps"), List.of(api), "rps")).isEmpty();
    }

    @Test
    void theLongestTargetNamePrefixWins() throws IOException {
        TargetSpec apiV2 = TestSpecs.target("api.v2", 1, 5, 1, List.of(TestSpecs.tracking("latency", 100)), null, "latency");
        assertThat(TraceCheck.against(load("timestamp,api.v2.latency,api.cpu"), List.of(api, apiV2), null)).isEmpty();
    }
}
