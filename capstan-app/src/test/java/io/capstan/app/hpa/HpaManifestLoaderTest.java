package io.capstan.app.hpa;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.capstan.core.hpa.HpaMetric;
import io.capstan.core.hpa.HpaRatePolicy;
import io.capstan.core.hpa.HpaSpec;
import io.capstan.core.hpa.HpaTarget;
import io.capstan.core.hpa.SelectPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HpaManifestLoaderTest {

    static HpaSpec load(String yaml) throws ProblemException {
        List<LocatedTree.Node> docs = LocatedTree.read(new YAMLFactory(), yaml, "hpa.yaml");
        return HpaManifestLoader.select(docs, null, "hpa.yaml").spec();
    }

    static final String HEAD = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n";

    @Test
    void apiServerDefaults_minReplicasOneAndCpuEighty_noBehavior() throws Exception {
        HpaSpec spec = load(HEAD + "  maxReplicas: 5\n");
        assertThat(spec.minReplicas()).isEqualTo(1);
        assertThat(spec.metrics()).containsExactly(new HpaMetric.Resource("cpu", HpaTarget.utilization(80)));
        assertThat(spec.behavior()).isNull();
    }

    @Test
    void behaviorDefaultsAreFilledOnlyWhenBehaviorIsPresent() throws Exception {
        HpaSpec spec = load(HEAD + "  maxReplicas: 5\n  behavior:\n    scaleDown:\n      selectPolicy: Min\n      tolerance: 50m\n");
        assertThat(spec.behavior().scaleUp().policies()).containsExactly(HpaRatePolicy.pods(4, 15), HpaRatePolicy.percent(100, 15));
        assertThat(spec.behavior().scaleUp().stabilizationWindowSeconds()).isZero();
        assertThat(spec.behavior().scaleDown().selectPolicy()).isEqualTo(SelectPolicy.MIN);
        assertThat(spec.behavior().scaleDown().stabilizationWindowSeconds()).as("left to the controller flag").isNull();
        assertThat(spec.behavior().scaleDown().tolerance()).isEqualTo(0.05);
    }

    @Test
    void everyMetricSourceType() throws Exception {
        HpaSpec spec = load(HEAD + """
                  minReplicas: 0
                  maxReplicas: 5
                  metrics:
                    - type: Resource
                      resource: {name: memory, target: {type: AverageValue, averageValue: 1Gi}}
                    - type: ContainerResource
                      containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}
                    - type: Pods
                      pods: {metric: {name: qps}, target: {type: AverageValue, averageValue: "1k"}}
                    - type: Object
                      object: {metric: {name: rps}, describedObject: {kind: Ingress, name: main}, target: {type: Value, value: 10k}}
                    - type: External
                      external: {metric: {name: queue}, target: {type: AverageValue, averageValue: 30}}
                """);
        assertThat(spec.minReplicas()).isZero();
        assertThat(spec.metrics()).containsExactly(
                new HpaMetric.Resource("memory", HpaTarget.averageValue(1073741824000L)),
                new HpaMetric.ContainerResource("cpu", "app", HpaTarget.utilization(60)),
                new HpaMetric.Pods("qps", HpaTarget.averageValue(1_000_000)),
                new HpaMetric.ObjectMetric("rps", "Ingress", "main", HpaTarget.value(10_000_000)),
                new HpaMetric.External("queue", HpaTarget.averageValue(30_000)));
    }

    @Test
    void errorsNameFileLineColumnAndWhatWasExpected() {
        assertThatThrownBy(() -> load(HEAD + "  maxReplicas: many\n"))
                .isInstanceOf(ProblemException.class)
                .hasMessage("hpa.yaml:6:16: at /spec/maxReplicas: expected maxReplicas as an integer, got \"many\"");
        assertThatThrownBy(() -> load(HEAD + "  maxReplicas: 5\n  behavior:\n    scaleUp:\n      policies:\n        - {type: Pods, value: 2, periodSeconds: 9000}\n"))
                .hasMessageContaining("hpa.yaml:10:").hasMessageContaining("expected periodSeconds in (0, 1800], got 9000");
        assertThatThrownBy(() -> load(HEAD + "  minReplicas: 6\n  maxReplicas: 5\n"))
                .hasMessageContaining("maxReplicas 5 is below minReplicas 6");
        assertThatThrownBy(() -> load("kind: Deployment\n")).hasMessageContaining("only HorizontalPodAutoscaler manifests");
    }

    @Test
    void severalAutoscalersNeedATarget() throws Exception {
        Path file = Path.of(getClass().getResource("/hpa-conformance/policies/two-hpas.yaml").toURI());
        assertThat(HpaManifestLoader.load(file, "cpu").spec().maxReplicas()).isEqualTo(10);
        assertThat(HpaManifestLoader.load(file, "qps").spec().minReplicas()).isEqualTo(2);
        assertThatThrownBy(() -> HpaManifestLoader.load(file, null)).hasMessageContaining("2 HorizontalPodAutoscalers found");
        assertThatThrownBy(() -> HpaManifestLoader.load(file, "nope")).hasMessageContaining("no HorizontalPodAutoscaler named \"nope\"; found [cpu, qps]");
    }
}
