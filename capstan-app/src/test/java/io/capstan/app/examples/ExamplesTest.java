package io.capstan.app.examples;

import io.capstan.app.Main;
import io.capstan.app.config.PolicyFile;
import io.capstan.core.model.RateLimiting;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shipped example loads, with the target names its runbook uses. */
class ExamplesTest {

    @ParameterizedTest
    @ValueSource(strings = {"phoenix.yaml:phoenix", "hyperverge.yaml:api,worker,scheduler,notifier", "sergas.yaml:api-server",
            "ci-failure-agent.yaml:ci-failure-agent", "arq.yaml:app", "sergas-hpa.yaml:api-server"})
    void loadsWithTheRunbooksTargetNames(String fileAndTargets) {
        String[] parts = fileAndTargets.split(":");
        PolicyFile.Result r = PolicyFile.load(RunbookScenario.EXAMPLES.resolve(parts[0]));
        assertThat(r.problems()).isEmpty();
        assertThat(r.targets()).extracting(TargetSpec::name).containsExactly(parts[1].split(","));
    }

    @Test
    void theRunbooksOwnHpaLoadsWithItsBehavior() {
        TargetSpec hpa = PolicyFile.load(RunbookScenario.EXAMPLES.resolve("sergas-hpa.yaml")).targets().get(0);
        assertThat(hpa.bounds().min()).isEqualTo(3);
        assertThat(hpa.bounds().max()).isEqualTo(20);
        assertThat(hpa.rateLimiting()).isEqualTo(RateLimiting.BEHAVIOR);
        assertThat(hpa.behavior().scaleUp().policies()).hasSize(2);
    }

    @Test
    void comparingTheRunbookPolicyWithItsHpaScoresBothOnTheSameService(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "simulate",
                "--policy", "../examples/sergas.yaml", "--compare", "../examples/sergas-hpa.yaml",
                "--trace", "../examples/traces/mongodb-app-rps.csv", "--out", dir.toString());
        assertThat(code).as(err.toString()).isZero();
        // the HPA has no service model of its own: it is replayed on sergas.yaml's, closed loop
        List<String> lines = out.toString().lines().filter(l -> l.contains("api-server [")).toList();
        assertThat(lines).hasSize(2).allMatch(l -> l.contains("demand replay") && l.contains("oracle 1310.3"));
        String summary = Files.readString(dir.resolve("summary.json"));
        assertThat(summary).contains("\"comparison\"").contains("sergas-hpa.yaml");
    }
}
