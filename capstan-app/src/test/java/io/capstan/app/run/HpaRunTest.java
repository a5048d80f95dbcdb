package io.capstan.app.run;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.core.spi.Sample;
import org.junit.jupiter.api.Test;

import io.capstan.app.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A target declared as an HPA manifest ({@code hpa:}) under {@code capstan run}: a real process pool follows the HPA
 * formula on pushed readings, deciding as {@code capstan explain} decides the same readings.
 */
class HpaRunTest extends InProcessRun {

    /** The example: per-direction tolerance, scale-down within 50 % of the target holds. */
    private static final String MANIFEST = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: web}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              minReplicas: 1
              maxReplicas: 10
              metrics:
                - type: Resource
                  resource: {name: cpu, target: {type: Utilization, averageUtilization: 100}}
              behavior:
                scaleDown: {stabilizationWindowSeconds: 0, tolerance: 0.5}
            """;

    /** Each reading is a 1m average (the metrics API's resolution, {@code HpaTargets.WINDOW}): past it, the last push alone. */
    private static final Duration PAST_WINDOW = Duration.ofSeconds(90);

    private int current() {
        return controller.targets().get("web").actuator.observe().current();
    }

    /** What {@code capstan explain} decides for the manifest at {@code replicas} ready pods each at {@code cpu} % of one core. */
    private int explain(int replicas, int cpu) throws Exception {
        Files.writeString(dir.resolve("web-hpa.yaml"), MANIFEST);
        StringBuilder pods = new StringBuilder();
        for (int i = 0; i < replicas; i++) {
            pods.append(i == 0 ? "" : ", ").append("{\"request\": \"1\", \"value\": \"").append(cpu * 10).append("m\", \"startedSecondsAgo\": 3600, \"readySinceSecondsAgo\": 3600}");
        }
        Path scenario = Files.writeString(dir.resolve("s.json"), """
                {"policy": "web-hpa.yaml", "state": {"specReplicas": %d, "metrics": [{"pods": [%s]}], "recommendations": [{"secondsAgo": 0, "replicas": %d}]}}
                """.formatted(replicas, pods, replicas));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "explain", scenario.toString())).as(err.toString()).isZero();
        return LiveCapstan.JSON.readTree(out.toString()).get(0).path("desiredReplicas").asInt();
    }

    @Test
    void anHpaManifestTargetRunsLiveWithTheSemanticsExplainHas() throws Exception {
        Path config = Files.writeString(dir.resolve("c.yaml"), "targets:\n  - name: web\n    hpa:\n" + MANIFEST.indent(6) + """
                    metrics:
                      cpu: {source: push}
                    actuator: {type: process, command: ["sleep", "%s"]}
                """.formatted(marker));
        PolicyFile.Live live = PolicyFile.loadLive(config, dir.resolve("data"), InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        assertThat(live.policy().targets().get(0).hpa()).isNotNull();
        controller = RunCommand.controller(live, store, dir.resolve("data"), clock, false);
        controller.resume();
        // the pool starts at zero: created at minReplicas, as a Deployment exists before its HPA acts
        controller.tick();
        await().until(controller::idle);
        assertThat(current()).isEqualTo(1);
        assertThat(store.decisions("web", null, 1).decisions().get(0).reason()).isEqualTo("ScaleTargetCreated");

        clock.advance(PAST_WINDOW);
        controller.push(List.of(new Sample("web", "cpu", clock.instant(), 250)));
        await().until(controller::idle);
        // ceil(1 x 250 / 100)
        assertThat(current()).isEqualTo(3).isEqualTo(explain(1, 250));
        assertThat(controller.targets().get("web").lastDecision.summary()).contains("tolerance [down:50.0%, up:10.0%]");

        // 65 % of the target: within the scale-down tolerance of 0.5, so it holds (the controller-wide 0.1 would scale to 2)
        clock.advance(PAST_WINDOW);
        controller.push(List.of(new Sample("web", "cpu", clock.instant(), 65)));
        await().until(controller::idle);
        assertThat(current()).isEqualTo(3).isEqualTo(explain(3, 65));
        // 40 %: beyond it, to ceil(3 x 0.4)
        clock.advance(PAST_WINDOW);
        controller.push(List.of(new Sample("web", "cpu", clock.instant(), 40)));
        await().until(controller::idle);
        assertThat(current()).isEqualTo(2).isEqualTo(explain(3, 40));
        await().until(() -> LiveCapstan.members("sleep " + marker).size() == 2);
    }

    @Test
    void anHpaTargetTakesOnlyTheSourcesOfTheManifestsMetrics() throws Exception {
        assertThat(problems("    replicas: {min: 1, max: 3}\n", "      cpu: {source: push}\n"))
                .anySatisfy(p -> assertThat(p).contains(":3:5: targets[0].replicas: unknown field 'replicas'; accepted fields: name, hpa, metrics, actuator"));
        List<String> metrics = problems("", "      memory: {source: push}\n      cpu: {source: push, onMissing: hold}\n");
        assertThat(metrics).anySatisfy(p -> assertThat(p).contains("targets[0].metrics.memory: the manifest has no metric 'memory'; its metrics are cpu"));
        assertThat(metrics).anySatisfy(p -> assertThat(p).contains("targets[0].metrics.cpu.onMissing: unknown field 'onMissing'"));
    }

    private List<String> problems(String extra, String metrics) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yaml"), "targets:\n  - name: web\n" + extra + "    hpa:\n" + MANIFEST.indent(6)
                + "    metrics:\n" + metrics + "    actuator: {type: process, command: [\"sleep\", \"" + marker + "\"]}\n");
        return PolicyFile.loadLive(config, dir.resolve("data"), InputLimits.DEFAULT).policy().problems().stream().map(Object::toString).toList();
    }
}
