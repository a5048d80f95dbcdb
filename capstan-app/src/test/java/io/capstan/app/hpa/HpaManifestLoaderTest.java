package io.capstan.app.hpa;

import io.capstan.app.input.InputException;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
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

    static HpaSpec load(String yaml) throws InputException {
        Problems problems = new Problems(Path.of("hpa.yaml"));
        List<Node> docs = Tree.read(yaml, Tree.Format.YAML, InputLimits.DEFAULT, problems);
        List<HpaManifestLoader.NamedSpec> all = HpaManifestLoader.parseAll(docs, problems);
        problems.check();
        assertThat(all).hasSize(1);
        return all.get(0).spec();
    }

    static final String HEAD = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n";

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
                .isInstanceOf(InputException.class)
                .hasMessage("hpa.yaml:7:16: spec.maxReplicas: expected a whole number of 1 or more, found text 'many'");
        assertThatThrownBy(() -> load(HEAD + "  maxReplicas: 5\n  behavior:\n    scaleUp:\n      policies:\n        - {type: Pods, value: 2, periodSeconds: 9000}\n"))
                .hasMessageContaining("hpa.yaml:11:").hasMessageContaining("expected a whole number from 1 to 1800, found 9000");
        assertThatThrownBy(() -> load(HEAD + "  minReplicas: 6\n  maxReplicas: 5\n"))
                .hasMessageContaining("maxReplicas 5 is below minReplicas 6");
        assertThatThrownBy(() -> load("kind: Deployment\n")).hasMessageContaining("only HorizontalPodAutoscaler manifests");
    }

    @Test
    void unknownKeysAreErrorsWithDidYouMean() {
        assertThatThrownBy(() -> load(HEAD + "  maxReplicas: 5\n  behavior:\n    scaleDown:\n      stabilizationWindowSecond: 60\n"))
                .hasMessageStartingWith("hpa.yaml:10:7: spec.behavior.scaleDown.stabilizationWindowSecond: unknown field"
                        + " 'stabilizationWindowSecond'; did you mean 'stabilizationWindowSeconds'?");
        assertThatThrownBy(() -> load(HEAD + "  maxReplica: 5\n")).hasMessageContaining("did you mean 'maxReplicas'?");
    }

    @Test
    void metadataAndStatusBelongToKubernetes() throws Exception {
        HpaSpec spec = load(HEAD.replace("  name: web\n", "  name: web\n  labels: {app: web}\n  annotations: {a: b}\n")
                + "  maxReplicas: 5\nstatus:\n  currentReplicas: 2\n");
        assertThat(spec.maxReplicas()).isEqualTo(5);
    }

    @Test
    void aRepeatedKeyIsAnErrorNotTheLastValue() {
        assertThatThrownBy(() -> load(HEAD + "  maxReplicas: 5\n  maxReplicas: 50\n"))
                .hasMessageContaining("hpa.yaml:8:3: spec.maxReplicas: duplicate key 'maxReplicas'; it is already set on line 7");
    }

    @Test
    void noDocumentIsDroppedSilently(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("hpa.yaml");
        java.nio.file.Files.writeString(file, HEAD + "  maxReplicas: 5\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n");
        io.capstan.app.config.PolicyFile.Result r = io.capstan.app.config.PolicyFile.load(file);
        assertThat(r.targets()).hasSize(1);
        assertThat(r.warnings()).extracting(Object::toString)
                .containsExactly(file + ":9:1: warning: skipped a document of kind Deployment: only HorizontalPodAutoscalers are read");

        java.nio.file.Files.writeString(file, HEAD + "  maxReplicas: 5\n---\n" + HEAD + "  maxReplicas: 5\n  minReplica: 2\n");
        assertThat(io.capstan.app.config.PolicyFile.load(file).problems()).extracting(Object::toString)
                .anySatisfy(p -> assertThat(p).startsWith(file + ":16:3: spec.minReplica: unknown field 'minReplica'"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"\"1e16\"", "\"8Ei\"", "\"9E\"", "1e400", "\"1e999999999999\""})
    void quantitiesBeyondTheControllersRangeAreLocatedErrors(String quantity) {
        assertThatThrownBy(() -> load(HEAD + "  maxReplicas: 5\n  metrics:\n    - type: Pods\n      pods:\n        metric: {name: qps}\n"
                + "        target: {type: AverageValue, averageValue: " + quantity + "}\n"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("hpa.yaml:12:52: spec.metrics[0].pods.target.averageValue: quantity is out of range");
    }

    @Test
    void severalAutoscalersNeedATarget() throws Exception {
        Path file = Path.of(getClass().getResource("/hpa-conformance/policies/two-hpas.yaml").toURI());
        assertThat(HpaManifestLoader.load(file, "cpu").spec().maxReplicas()).isEqualTo(10);
        assertThat(HpaManifestLoader.load(file, "qps").spec().minReplicas()).isEqualTo(2);
        assertThatThrownBy(() -> HpaManifestLoader.load(file, null)).hasMessageContaining("2 HorizontalPodAutoscalers found");
        assertThatThrownBy(() -> HpaManifestLoader.load(file, "nope")).hasMessageContaining("no HorizontalPodAutoscaler named \"nope\"; found [cpu, qps]");
    }

    @Test
    void aResourceMetricWithAValueTargetIsRejectedAsTheApiServerDoes() {
        assertThatThrownBy(() -> load(HEAD + "  maxReplicas: 5\n  metrics:\n    - type: Resource\n"
                + "      resource: {name: cpu, target: {type: Value, value: 5}}\n"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("hpa.yaml:10:37: spec.metrics[0].resource.target: expected target type Utilization or AverageValue "
                        + "(Kubernetes: must set either a target raw value or a target utilization) for a Resource metric");
        assertThatThrownBy(() -> load(HEAD + "  maxReplicas: 5\n  metrics:\n    - type: ContainerResource\n"
                + "      containerResource: {name: cpu, container: app, target: {type: Value, value: 5}}\n"))
                .hasMessageContaining("for a ContainerResource metric");
    }

    @Test
    void aTargetSetsTheOneFieldItsTypeNames() {
        assertThatThrownBy(() -> load(HEAD + "  maxReplicas: 5\n  metrics:\n    - type: Resource\n"
                + "      resource: {name: cpu, target: {type: Utilization, averageUtilization: 50, averageValue: 500m}}\n"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("hpa.yaml:10:95: spec.metrics[0].resource.target.averageValue: a target of type Utilization is set by "
                        + "'averageUtilization'; 'averageValue' belongs to type AverageValue");
        assertThatThrownBy(() -> load(HEAD + "  maxReplicas: 5\n  metrics:\n    - type: External\n"
                + "      external: {metric: {name: q}, target: {type: Value, value: 5, averageValue: 2}}\n"))
                .hasMessageContaining("external.target.averageValue: a target of type Value is set by 'value'");
    }

    @Test
    void metadataAndScaleTargetRefAreRequiredAsKubernetesRequiresThem() {
        assertThatThrownBy(() -> load("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec:\n  maxReplicas: 5\n"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("hpa.yaml:1:1: missing required field 'metadata'")
                .hasMessageContaining("hpa.yaml:4:3: spec: missing required field 'scaleTargetRef'");
        assertThatThrownBy(() -> load(HEAD.replace("  name: web\n", "  labels: {app: web}\n") + "  maxReplicas: 5\n"))
                .hasMessageContaining("hpa.yaml:4:3: metadata: missing required field 'name'");
    }

    @Test
    void v2beta2IsReadWithADeprecationWarning() throws Exception {
        Problems problems = new Problems(Path.of("hpa.yaml"));
        List<Node> docs = Tree.read(HEAD.replace("autoscaling/v2", "autoscaling/v2beta2") + "  maxReplicas: 5\n", Tree.Format.YAML,
                InputLimits.DEFAULT, problems);
        assertThat(HpaManifestLoader.parseAll(docs, problems)).hasSize(1);
        assertThat(problems.hasErrors()).isFalse();
        assertThat(problems.list()).extracting(Object::toString).containsExactly(
                "hpa.yaml:1:13: warning: apiVersion: autoscaling/v2beta2 is deprecated and was removed in Kubernetes 1.26; read as autoscaling/v2 "
                        + "(the same fields), write apiVersion: autoscaling/v2");
    }

    @Test
    void minReplicasZeroWithoutAnObjectOrExternalMetricIsRefusedAsKubernetesDoes() {
        assertThatThrownBy(() -> load(HEAD + "  minReplicas: 0\n  maxReplicas: 5\n"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("hpa.yaml:7:16: spec.minReplicas: 0 needs at least one Object or External metric");
    }

    @Test
    void minReplicasZeroWithAnExternalMetricIsReadWithAWarningNamingTheGate() throws Exception {
        Problems problems = new Problems(Path.of("hpa.yaml"));
        List<Node> docs = Tree.read(HEAD + """
                  minReplicas: 0
                  maxReplicas: 5
                  metrics:
                    - type: External
                      external: {metric: {name: queue_depth}, target: {type: AverageValue, averageValue: "100"}}
                """, Tree.Format.YAML, InputLimits.DEFAULT, problems);
        assertThat(HpaManifestLoader.parseAll(docs, problems)).singleElement().satisfies(n -> assertThat(n.spec().minReplicas()).isZero());
        assertThat(problems.hasErrors()).isFalse();
        assertThat(problems.list()).extracting(Object::toString).singleElement().asString()
                .startsWith("hpa.yaml:7:16: warning: spec.minReplicas: 0 is accepted by Kubernetes only with the HPAScaleToZero feature gate")
                .contains("starts at 1 replica");
    }
}
