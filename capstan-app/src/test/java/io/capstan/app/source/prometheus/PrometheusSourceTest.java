package io.capstan.app.source.prometheus;

import io.capstan.core.spi.Poll;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.SeriesRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static io.capstan.app.source.prometheus.PromStub.Reply;
import static io.capstan.app.source.prometheus.PromStub.error;
import static io.capstan.app.source.prometheus.PromStub.series;
import static io.capstan.app.source.prometheus.PromStub.vector;
import static org.assertj.core.api.Assertions.assertThat;

/** The source against a server that answers as the test says: every way an answer is not one fresh value. */
class PrometheusSourceTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00.250Z");
    private static final double T = NOW.toEpochMilli() / 1000.0;
    private static final String GROUPED = new PromQuery("sum by (deployment) (q{deployment=\"{{target}}\"})", "deployment").spelling();

    private final PromStub stub;
    private final PrometheusSource source;

    PrometheusSourceTest() throws IOException {
        stub = new PromStub();
        source = stub.source(Duration.ofSeconds(5), Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        source.close();
        stub.close();
    }

    private static SeriesRequest ask(String target, String query) {
        return new SeriesRequest(target, "queue_depth", query);
    }

    private Poll answered(String body, SeriesRequest... requests) {
        stub.answer(a -> new Reply(200, body));
        return source.poll(List.of(requests), NOW);
    }

    @Test
    void oneSeriesIsOneSampleAtTheAnswersTimeAndTheQueryIsEvaluatedAtNow() {
        SeriesRequest r = ask("worker", "sum(my_queue_depth{deployment=\"{{target}}\"})");
        Poll p = answered(vector(series("{}", T, "1500")), r);

        assertThat(p.failures()).isEmpty();
        assertThat(p.samples()).containsExactly(new Sample("worker", "queue_depth", NOW, 1500));
        assertThat(stub.asked).singleElement().satisfies(a -> {
            assertThat(a.query()).isEqualTo("sum(my_queue_depth{deployment=\"worker\"})");
            assertThat(a.time()).isEqualTo("1772445600.25");
        });
    }

    @Test
    void aGroupedTemplateIsOneQuerySplitByTheLabel() {
        Poll p = answered(vector(series("{\"deployment\":\"a\"}", T, "1"), series("{\"deployment\":\"b\"}", T, "2"),
                series("{\"deployment\":\"other\"}", T, "9")), ask("a", GROUPED), ask("b", GROUPED), ask("c", GROUPED));

        assertThat(stub.asked).singleElement().extracting(PromStub.Asked::query).isEqualTo("sum by (deployment) (q{deployment=~\"a|b|c\"})");
        assertThat(p.samples()).containsExactlyInAnyOrder(new Sample("a", "queue_depth", NOW, 1), new Sample("b", "queue_depth", NOW, 2));
        assertThat(p.failures()).containsOnlyKeys(ask("c", GROUPED));
        assertThat(p.failures().get(ask("c", GROUPED))).startsWith("prometheus at " + stub.url()
                + ": no series with deployment=\"c\" in the grouped answer (query: sum by (deployment) (q{deployment=\"{{target}}\"}) grouped by deployment)");
    }

    @Test
    void aGroupedAnswerWithoutTheLabelSaysToKeepIt() {
        Poll p = answered(vector(series("{}", T, "3")), ask("a", GROUPED));

        assertThat(p.failures().get(ask("a", GROUPED))).contains("no series with deployment=\"a\" in the grouped answer; 1 series have no label deployment: keep it with by (deployment)");
    }

    @Test
    void twoSeriesForOneTargetOfAGroupAreAFailure() {
        Poll p = answered(vector(series("{\"deployment\":\"a\",\"pod\":\"1\"}", T, "1"), series("{\"deployment\":\"a\",\"pod\":\"2\"}", T, "2")),
                ask("a", GROUPED));

        assertThat(p.failures().get(ask("a", GROUPED))).contains("2 series with deployment=\"a\", expected one: {deployment=\"a\",pod=\"1\"}, "
                + "{deployment=\"a\",pod=\"2\"}; aggregate by (deployment)");
    }

    @Test
    void moreTargetsThanTheGroupSizeMakeSeveralQueries() {
        try (PrometheusSource small = new PrometheusSource(new PrometheusSettings(stub.url(), Duration.ofSeconds(5), Duration.ofMinutes(5),
                new Auth.None(), 2, 2))) {
            stub.answer(a -> new Reply(200, vector(series("{\"deployment\":\"a\"}", T, "1"), series("{\"deployment\":\"b\"}", T, "2"),
                    series("{\"deployment\":\"c\"}", T, "3"))));
            Poll p = small.poll(List.of(ask("a", GROUPED), ask("b", GROUPED), ask("c", GROUPED)), NOW);

            assertThat(stub.asked).extracting(PromStub.Asked::query).containsExactlyInAnyOrder(
                    "sum by (deployment) (q{deployment=~\"a|b\"})", "sum by (deployment) (q{deployment=~\"c\"})");
            assertThat(p.samples()).extracting(Sample::value).containsExactlyInAnyOrder(1.0, 2.0, 3.0);
        }
    }

    @Test
    void equalQueriesOfSeveralTargetsAreAskedOnce() {
        Poll p = answered(vector(series("{}", T, "7")), ask("a", "sum(x)"), ask("b", "sum(x)"));

        assertThat(stub.asked).hasSize(1);
        assertThat(p.samples()).extracting(Sample::target).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void noSeriesOrSeveralForAnUngroupedQueryAreFailuresThatSaySo() {
        assertThat(answered(vector(), ask("a", "sum(x)")).failures().get(ask("a", "sum(x)")))
                .isEqualTo("prometheus at " + stub.url() + ": no series: the query selects nothing (query: sum(x))");
        assertThat(answered(vector(series("{\"pod\":\"1\"}", T, "1"), series("{\"pod\":\"2\"}", T, "2")), ask("a", "x")).failures().get(ask("a", "x")))
                .contains("2 series, expected one: {pod=\"1\"}, {pod=\"2\"}; aggregate them (sum, max) or select one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "+Inf", "-Inf", "bogus"})
    void aValueThatIsNotFiniteIsAFailureNeverASample(String value) {
        Poll p = answered(vector(series("{}", T, value)), ask("a", "x"));

        assertThat(p.samples()).isEmpty();
        assertThat(p.failures().get(ask("a", "x"))).contains("the value is " + value + ", not a finite number");
    }

    @Test
    void anAnswerOlderThanTheStalenessIsAFailure() {
        Poll p = answered(vector(series("{}", T - 301, "5")), ask("a", "x"));

        assertThat(p.samples()).isEmpty();
        assertThat(p.failures().get(ask("a", "x"))).contains("stale: the value is from 2026-03-02T09:54:59.250Z, 5m1s before now (staleness: 5m)");
        assertThat(answered(vector(series("{}", T - 299, "5")), ask("a", "x")).samples()).hasSize(1);
    }

    @Test
    void aScalarIsASample() {
        Poll p = answered("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[" + T + ",\"42\"]}}", ask("a", "scalar(x)"));

        assertThat(p.samples()).containsExactly(new Sample("a", "queue_depth", NOW, 42));
    }

    @Test
    void aRangeIsAFailureThatSaysWhatToWrite() {
        Poll p = answered("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[" + T + ",\"1\"]]}]}}",
                ask("a", "x[5m]"));

        assertThat(p.failures().get(ask("a", "x[5m]"))).contains("the query gives a matrix; expected an instant vector or a scalar "
                + "(a range such as [5m] needs a function around it, e.g. rate(x[5m]))");
    }

    @Test
    void anErrorAnswerIsAFailureNamingItsTypeAndMessage() {
        stub.answer(a -> new Reply(400, error("bad_data", "1:5: parse error: unexpected right parenthesis ')'")));
        Poll p = source.poll(List.of(ask("a", "sum(x))")), NOW);

        assertThat(p.failures().get(ask("a", "sum(x))"))).isEqualTo("prometheus at " + stub.url()
                + ": bad_data: 1:5: parse error: unexpected right parenthesis ')' (HTTP 400) (query: sum(x)))");
    }

    @Test
    void anHttpErrorThatIsNotPrometheusSpeakingNamesTheStatus() {
        stub.answer(a -> new Reply(502, "<html>Bad Gateway</html>"));

        assertThat(source.poll(List.of(ask("a", "x")), NOW).failures().get(ask("a", "x"))).contains(": HTTP 502: <html>Bad Gateway</html> (query: x)");
    }

    @Test
    void theBearerTokenIsSentAndNeverInAMessage() {
        try (PrometheusSource authed = new PrometheusSource(new PrometheusSettings(stub.url(), Duration.ofSeconds(5), Duration.ofMinutes(5),
                new Auth.Bearer(new Secret.FromEnv("TOKEN", Map.of("TOKEN", "t0ps3cret")::get)), 1000, 1))) {
            stub.answer(a -> a.authorization() != null && a.authorization().equals("Bearer t0ps3cret")
                    ? new Reply(401, "Unauthorized t0ps3cret") : new Reply(200, vector()));
            Poll p = authed.poll(List.of(ask("a", "x")), NOW);

            assertThat(stub.asked).singleElement().extracting(PromStub.Asked::authorization).isEqualTo("Bearer t0ps3cret");
            assertThat(p.failures().get(ask("a", "x"))).contains("HTTP 401 (check sources.prometheus.auth)");
        }
    }

    @Test
    void anUnreadableSecretFailsThePollNamingWhereItWasLooked() {
        try (PrometheusSource authed = new PrometheusSource(new PrometheusSettings(stub.url(), Duration.ofSeconds(5), Duration.ofMinutes(5),
                new Auth.Bearer(new Secret.FromEnv("TOKEN", k -> null)), 1000, 1))) {
            Poll p = authed.poll(List.of(ask("a", "x")), NOW);

            assertThat(stub.asked).isEmpty();
            assertThat(p.failures().get(ask("a", "x"))).isEqualTo("prometheus at " + stub.url() + ": the environment variable TOKEN is not set");
        }
    }

    @Test
    void aServerThatDoesNotAnswerWithinTheTimeoutIsAFailure() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        stub.answer(a -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Reply(200, vector(series("{}", T, "1")));
        });
        try (PrometheusSource impatient = stub.source(Duration.ofMillis(200), Duration.ofMinutes(5))) {
            Poll p = impatient.poll(List.of(ask("a", "x")), NOW);

            assertThat(p.samples()).isEmpty();
            assertThat(p.failures().get(ask("a", "x"))).contains("no answer within 200ms (query: x)");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aTemplateThatCannotBeSentFailsWithoutAQuery() {
        String grouped = new PromQuery("sum(q{env=\"{{target}}\"})", "deployment").spelling();
        Poll p = source.poll(List.of(ask("a", "sum(q{x=\"{{taget}}\"})"), ask("b", grouped)), NOW);

        assertThat(stub.asked).isEmpty();
        assertThat(p.failures().get(ask("a", "sum(q{x=\"{{taget}}\"})"))).contains("unknown variable {{taget}}");
        assertThat(p.failures().get(ask("b", grouped))).contains("{{target}} may appear only as the label matcher deployment=\"{{target}}\"");
    }

    @Test
    void aConfigReadThroughTheRegistryPollsItsServer() {
        io.capstan.app.source.SourceConfigs.Read r = io.capstan.app.source.SourceConfigs.read("""
                targets:
                  - name: a
                    metrics:
                      rps: {source: {prometheus: {query: 'sum by (deployment) (rate(x{deployment="{{target}}"}[1m]))', groupBy: deployment}}}
                  - name: b
                    metrics:
                      rps: {source: {prometheus: {query: 'sum by (deployment) (rate(x{deployment="{{target}}"}[1m]))', groupBy: deployment}}}
                sources:
                  prometheus: {url: '%s', timeout: 2s}
                """.formatted(stub.url()));
        assertThat(r.problems()).isEmpty();
        stub.answer(a -> new Reply(200, vector(series("{\"deployment\":\"a\"}", T, "1.5"), series("{\"deployment\":\"b\"}", T, "2.5"))));

        try (io.capstan.core.spi.MetricSource s = r.config().sources().get("prometheus").open()) {
            Poll p = s.poll(r.config().bindings().stream().map(io.capstan.app.source.Sources.Binding::request).toList(), NOW);

            assertThat(stub.asked).singleElement().extracting(PromStub.Asked::query)
                    .isEqualTo("sum by (deployment) (rate(x{deployment=~\"a|b\"}[1m]))");
            assertThat(p.samples()).containsExactlyInAnyOrder(new Sample("a", "rps", NOW, 1.5), new Sample("b", "rps", NOW, 2.5));
        }
    }

    @Test
    void aServerThatIsGoneIsAFailureNotZero() {
        stub.close();
        Poll p = source.poll(List.of(ask("a", "x")), NOW);

        assertThat(p.samples()).isEmpty();
        assertThat(p.failures().get(ask("a", "x"))).startsWith("prometheus at " + stub.url() + ": cannot connect");
    }
}
