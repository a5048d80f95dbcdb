package io.capstan.app.source.prometheus;

import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
import io.capstan.app.source.SourceConfigs;
import io.capstan.app.source.SourceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusSourceConfigTest {
    @TempDir
    Path dir;

    private static SourceConfigs.Read metric(String spelling) {
        return SourceConfigs.read(SourceConfigs.withMetric("{prometheus: " + spelling + "}", "  prometheus: {url: http://127.0.0.1:9090}\n"));
    }

    private static SourceConfigs.Read section(String section) {
        return SourceConfigs.read(SourceConfigs.withMetric("{prometheus: up}", "  prometheus: " + section + "\n"));
    }

    /** The settings a section gives, read by a factory that sees the given environment. */
    private static PrometheusSettings settings(String section, Map<String, String> env, List<String> problemsOut) {
        Problems problems = new Problems(Path.of("capstan.yaml"));
        Node root = Tree.single(Tree.read("prometheus: " + section, Tree.Format.YAML, InputLimits.DEFAULT, problems), Tree.Format.YAML, "", problems);
        SourceFactory.Configured c = new PrometheusSourceFactory(env::get).read((Node.Mapping) ((Node.Mapping) root).get("prometheus"), root, problems);
        problems.list().stream().map(Problem::toString).forEach(problemsOut::add);
        if (c == null) return null;
        try (PrometheusSource s = (PrometheusSource) c.open()) {
            return s.settings();
        }
    }

    @Test
    void theIssueSpellingReadsWithItsDefaults() {
        List<String> problems = new java.util.ArrayList<>();
        PrometheusSettings s = settings("{url: http://127.0.0.1:9090}", Map.of(), problems);

        assertThat(problems).isEmpty();
        assertThat(s.queryEndpoint()).hasToString("http://127.0.0.1:9090/api/v1/query");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.staleness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.auth()).isEqualTo(new Auth.None());
        assertThat(s.groupSize()).isEqualTo(1000);
        assertThat(s.concurrency()).isEqualTo(4);
    }

    @Test
    void aRoutePrefixInTheUrlIsKept() {
        List<String> problems = new java.util.ArrayList<>();
        PrometheusSettings s = settings("{url: 'https://metrics.example/prometheus/', timeout: 2s, staleness: 30s}", Map.of(), problems);

        assertThat(s.queryEndpoint()).hasToString("https://metrics.example/prometheus/api/v1/query");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.staleness()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anUnknownKeyIsNamedAtItsPlaceWithTheNearestKnownOne() {
        assertThat(section("{url: http://127.0.0.1:9090, timout: 5s}").problems()).containsExactly(
                "capstan.yaml:6:44: sources.prometheus.timout: unknown field 'timout'; did you mean 'timeout'? "
                        + "Accepted fields: url, timeout, staleness, auth, groupSize, concurrency");
    }

    @Test
    void aUrlThatIsNotHttpIsAnError() {
        assertThat(section("{url: 'ftp://127.0.0.1:9090'}").problems()).containsExactly("capstan.yaml:6:21: sources.prometheus.url: "
                + "expected an http:// or https:// URL with a host, e.g. http://127.0.0.1:9090, found 'ftp://127.0.0.1:9090'");
        assertThat(section("{url: 'http://'}").problems()).singleElement().asString().contains("sources.prometheus.url: expected an http:// or https:// URL");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutBeingEchoed() {
        assertThat(section("{url: 'http://admin:hunter2@127.0.0.1:9090'}").problems()).singleElement().asString()
                .contains("the URL must not hold credentials; write them in auth")
                .doesNotContain("hunter2");
    }

    @Test
    void aMetricReadingPrometheusNeedsTheSection() {
        SourceConfigs.Read r = SourceConfigs.read(SourceConfigs.withMetric("{prometheus: 'sum(my_queue_depth)'}", null));

        assertThat(r.config()).isNull();
        assertThat(r.problems()).containsExactly("capstan.yaml:4:32: targets[0].metrics.m.source.prometheus: this metric reads from "
                + "Prometheus, but the config has no sources.prometheus section; add sources: {prometheus: {url: http://127.0.0.1:9090}}");
    }

    @Test
    void theSectionNeedsAUrl() {
        assertThat(section("{timeout: 5s}").problems()).singleElement().asString()
                .contains("sources.prometheus: missing required field 'url'");
    }

    @Test
    void aTemplateWithAnUnknownVariableIsAnErrorWithTheNearestVariable() {
        assertThat(metric("'sum(q{deployment=\"{{taget}}\"})'").problems()).containsExactly(
                "capstan.yaml:4:32: targets[0].metrics.m.source.prometheus: unknown variable {{taget}} in the query; did you mean "
                        + "{{target}}? Variables: {{target}} (the target's name), {{metric}} (the metric's name)");
        assertThat(metric("'sum(q{deployment=\"{{target}\"})'").problems()).singleElement().asString()
                .endsWith("unclosed variable in the query: write {{target}} or {{metric}}");
    }

    @Test
    void groupByNeedsTheTargetAsAMatcherOnThatLabel() {
        assertThat(metric("{query: 'sum by (deployment) (q{deployment=\"{{target}}\"})', groupBy: deployment}").problems()).isEmpty();
        assertThat(metric("{query: 'sum(q)', groupBy: deployment}").problems()).singleElement().asString()
                .contains("groupBy: deployment needs the query to select each target by that label: write deployment=\"{{target}}\"");
        assertThat(metric("{query: 'sum by (job) (q{job=\"{{target}}\", env=\"{{target}}\"})', groupBy: job}").problems())
                .singleElement().asString().contains("{{target}} may appear only as the label matcher job=\"{{target}}\"")
                .contains("1 other use found");
        assertThat(metric("{query: 'sum(q)', groupBy: 'my-label'}").problems()).singleElement().asString()
                .contains("expected a Prometheus label name");
        assertThat(metric("{qeury: 'sum(q)'}").problems()).contains(
                "capstan.yaml:4:32: targets[0].metrics.m.source.prometheus: missing required field 'query' (the PromQL query, with {{target}} and {{metric}})");
    }

    @Test
    void aBearerTokenComesFromAFileThatMustBeReadable() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "s3cr3t-token\n");
        List<String> problems = new java.util.ArrayList<>();
        PrometheusSettings s = settings("{url: http://h:9090, auth: {bearerTokenFile: '" + token + "'}}", Map.of(), problems);
        assertThat(problems).isEmpty();
        assertThat(s.auth().header()).isEqualTo("Bearer s3cr3t-token");
        assertThat(s.toString()).doesNotContain("s3cr3t");

        List<String> missing = new java.util.ArrayList<>();
        settings("{url: http://h:9090, auth: {bearerTokenFile: '" + dir.resolve("nope") + "'}}", Map.of(), missing);
        assertThat(missing).singleElement().asString().contains(": prometheus.auth.bearerTokenFile: cannot read the file "
                + dir.resolve("nope") + ": file not found");
    }

    @Test
    void basicAuthTakesItsPasswordFromTheEnvironment() {
        List<String> problems = new java.util.ArrayList<>();
        PrometheusSettings s = settings("{url: http://h:9090, auth: {basic: {user: capstan, passwordEnv: PROM_PASSWORD}}}",
                Map.of("PROM_PASSWORD", "pa55"), problems);
        assertThat(problems).isEmpty();
        assertThat(s.auth().header()).isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("capstan:pa55".getBytes()));

        List<String> unset = new java.util.ArrayList<>();
        settings("{url: http://h:9090, auth: {basic: {user: capstan, passwordEnv: PROM_PASSWORD}}}", Map.of(), unset);
        assertThat(unset).singleElement().asString().contains("the environment variable PROM_PASSWORD is not set");
    }

    @Test
    void authNamesExactlyOneWay() {
        List<String> both = new java.util.ArrayList<>();
        settings("{url: http://h:9090, auth: {bearerTokenEnv: A, basic: {user: u, passwordEnv: B}}}", Map.of("A", "x", "B", "y"), both);
        assertThat(both).singleElement().asString().contains("expected exactly one of bearerTokenFile, bearerTokenEnv or basic, found bearerTokenEnv and basic");

        List<String> neither = new java.util.ArrayList<>();
        settings("{url: http://h:9090, auth: {basic: {user: u}}}", Map.of(), neither);
        assertThat(neither).singleElement().asString().contains("missing passwordFile or passwordEnv");

        List<String> typo = new java.util.ArrayList<>();
        settings("{url: http://h:9090, auth: {bearerTokenFiel: /x}}", Map.of(), typo);
        assertThat(typo).singleElement().asString().contains("unknown field 'bearerTokenFiel'; did you mean 'bearerTokenFile'?");
    }
}
