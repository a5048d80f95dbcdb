package io.capstan.app.config;

import io.capstan.app.input.Problem;
import io.capstan.core.forecast.Model;
import io.capstan.core.policy.PredictivePolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code predictive} policy kind as the policy language spells it, and the mistakes it reports where they are. */
class PredictiveConfigTest {
    private static final Path FILE = Path.of("policy.yaml");

    private static String target(String service, String predictive) {
        return """
                targets:
                  - name: api
                    replicas: {min: 2, max: 40}
                    metrics: {cpu: {}}
                """ + service + """
                    policies:
                      - {name: cpu, targetTracking: {metric: cpu, target: 70}}
                      - name: forecast
                        predictive: %s
                """.formatted(predictive);
    }

    private static final String SERVICE = "    service: {capacityPerReplica: 100, startupSeconds: 300}\n";

    private static List<String> problems(String yaml) {
        return PolicyFile.parse(yaml, FILE).problems().stream().map(Problem::toString).toList();
    }

    @Test
    void theIssuesInterfaceReadsWithTheServiceAsCapacityAndLead() {
        PolicyFile.Result r = PolicyFile.parse(target(SERVICE, "{metric: request_rate, targetUtilization: 85}"), FILE);
        assertThat(r.problems()).isEmpty();
        PredictivePolicy p = (PredictivePolicy) r.targets().get(0).policies().get(1);
        assertThat(p.metric()).isEqualTo("request_rate");
        assertThat(p.capacityPerReplica()).isEqualTo(100);
        assertThat(p.lead()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.model()).isEqualTo(PredictivePolicy.DEFAULT_MODEL);
        assertThat(p.errorGuard()).isEqualTo(PredictivePolicy.ErrorGuard.DEFAULT);
        // ceil(forecast / (C x 0.85))
        assertThat(p.replicasFor(1000)).isEqualTo(12);
        assertThat(p.replicasFor(850)).isEqualTo(10);
    }

    @Test
    void everyKeyReads() {
        PolicyFile.Result r = PolicyFile.parse(target(SERVICE, "{metric: request_rate, targetUtilization: 90, model: seasonal-naive, step: 1h,"
                + " history: 21d, refit: 12h, bufferSeconds: 600, maxCapacityBuffer: 10, forecastOnly: true,"
                + " errorGuard: {metric: mape, window: 12h, above: 40}}"), FILE);
        assertThat(r.problems()).isEmpty();
        PredictivePolicy p = (PredictivePolicy) r.targets().get(0).policies().get(1);
        assertThat(p).isEqualTo(new PredictivePolicy("forecast", "request_rate", 90, 100, Duration.ofMinutes(10), Model.SEASONAL_NAIVE,
                Duration.ofHours(1), Duration.ofDays(21), Duration.ofHours(12), 10, true,
                new PredictivePolicy.ErrorGuard(PredictivePolicy.ErrorMeasure.MAPE, Duration.ofHours(12), 40)));
        PolicyFile.Result fallback = PolicyFile.parse(target(SERVICE, "{metric: request_rate, targetUtilization: 90, quantile: 75,"
                + " quantileOn: rises, fallbackUtilization: 70}"), FILE);
        assertThat(fallback.problems()).isEmpty();
        PredictivePolicy f = (PredictivePolicy) fallback.targets().get(0).policies().get(1);
        assertThat(f.fallbackUtilization()).isEqualTo(70);
        assertThat(f.quantile()).isEqualTo(75);
        assertThat(f.quantileOn()).isEqualTo(PredictivePolicy.QuantileOn.RISES);
        assertThat(p.quantileOn()).isEqualTo(PredictivePolicy.QuantileOn.EVERY_STEP);
        assertThat(p.fallbackUtilization()).as("none unless asked: reactive only").isZero();
        PolicyFile.Result off = PolicyFile.parse(target(SERVICE, "{metric: request_rate, targetUtilization: 85, errorGuard: off}"), FILE);
        assertThat(((PredictivePolicy) off.targets().get(0).policies().get(1)).errorGuard()).isNull();
    }

    @Test
    void withoutAServiceCapacityItIsAProblemAtThePolicy() {
        assertThat(problems(target("", "{metric: request_rate, targetUtilization: 85}"))).containsExactly(
                "policy.yaml:8:21: targets[0].policies[1].predictive: predictive needs the target's service {capacityPerReplica, startupSeconds}:"
                        + " the forecast load is turned into replicas through capacityPerReplica and planned startupSeconds ahead");
    }

    @Test
    void fallbackUtilizationOutsideZeroToAHundredIsAProblem() {
        assertThat(problems(target(SERVICE, "{metric: request_rate, targetUtilization: 90, fallbackUtilization: 0}"))).singleElement().asString()
                .contains("policy.yaml:9:", "targets[0].policies[1].predictive.fallbackUtilization",
                        "fallbackUtilization must be a percent in (0, 100], found 0");
        assertThat(problems(target(SERVICE, "{metric: request_rate, targetUtilization: 90, fallbackUtilization: 170}"))).singleElement().asString()
                .contains("found 170");
        assertThat(problems(target(SERVICE, "{metric: request_rate, targetUtilization: 90, fallbackUtilisation: 70}"))).singleElement().asString()
                .contains("fallbackUtilization");
        assertThat(PolicyFile.parse(target(SERVICE, "{metric: request_rate, targetUtilization: 90, quantileOn: rises}"), FILE).problems())
                .singleElement().satisfies(p -> assertThat(p.isError()).isFalse()).asString()
                .contains("policy.yaml:9:", "quantileOn has no effect at quantile 50");
        assertThat(problems(target(SERVICE, "{metric: request_rate, targetUtilization: 90, quantileOn: ramps}"))).singleElement().asString()
                .contains("targets[0].policies[1].predictive.quantileOn", "every-step", "rises");
    }

    @Test
    void targetUtilizationOutsideZeroToAHundredIsAProblem() {
        assertThat(problems(target(SERVICE, "{metric: request_rate, targetUtilization: 120}"))).singleElement().asString()
                .contains("targets[0].policies[1].predictive.targetUtilization", "targetUtilization must be a percent in (0, 100], found 120");
        assertThat(problems(target(SERVICE, "{metric: request_rate, targetUtilization: 0}"))).singleElement().asString()
                .contains("targetUtilization must be a percent in (0, 100], found 0");
    }

    @Test
    void misspelledKeysAndModelsGetADidYouMean() {
        assertThat(problems(target(SERVICE, "{metric: request_rate, targetUtilisation: 85}"))).anySatisfy(p -> assertThat(p)
                .contains("targetUtilisation", "did you mean 'targetUtilization'?"));
        assertThat(problems(target(SERVICE, "{metric: request_rate, targetUtilization: 85, model: holt-winter-additive}"))).singleElement()
                .asString().contains("predictive.model", "did you mean 'holt-winters-additive'?");
        assertThat(problems(target(SERVICE, "{metric: request_rate, targetUtilization: 85, errorGuard: {metric: mse}}"))).singleElement()
                .asString().contains("predictive.errorGuard.metric", "expected wape | mape");
    }

    @Test
    void validateReportsAPredictiveMistakeWhereItIsAndExitsOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        java.nio.file.Files.writeString(file, target("", "{metric: request_rate, targetUtilization: 85, model: holt-winter}"));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = io.capstan.app.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), "validate", file.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out + "" + err).contains(file + ":8:21: targets[0].policies[1].predictive: predictive needs the target's service",
                "predictive.model: expected", "did you mean 'holt-winters'?").doesNotContain("Exception");
    }
}
