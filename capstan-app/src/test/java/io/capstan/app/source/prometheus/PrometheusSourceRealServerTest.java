package io.capstan.app.source.prometheus;

import com.sun.net.httpserver.HttpServer;
import io.capstan.core.spi.Poll;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.SeriesRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The source against a real Prometheus (the Debian package; {@code .ci/run} installs it) scraping an exporter whose
 * text the test writes. Skipped, saying why, where Prometheus is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusSourceRealServerTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    /** A real server evaluates at real times: the one place these tests read the wall clock, through this clock. */
    private static final Clock CLOCK = Clock.systemUTC();
    private static final String EXPOSITION = """
            # TYPE my_queue_depth gauge
            my_queue_depth{deployment="a",pod="1"} 3
            my_queue_depth{deployment="a",pod="2"} 4
            my_queue_depth{deployment="b",pod="1"} 10
            my_queue_depth{deployment="c",pod="1"} 20
            """;

    @TempDir
    static Path dir;
    private static HttpServer exporter;
    private static Process prometheus;
    private static PrometheusSource source;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS),
                "Prometheus is not installed at " + PROMETHEUS + " (apt-get install prometheus; .ci/run does): skipping the real-server tests");
        exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", x -> {
            byte[] body = EXPOSITION.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        exporter.start();
        int port = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: exporter
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(exporter.getAddress().getPort()));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        URI url = URI.create("http://127.0.0.1:" + port);
        source = new PrometheusSource(new PrometheusSettings(url, Duration.ofSeconds(5), Duration.ofMinutes(5), new Auth.None(), 1000, 4));
        // Prometheus applies its scrape targets about 5 s after start; the first sample follows the first scrape.
        try (HttpClient http = HttpClient.newHttpClient()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("/api/v1/query?query=my_queue_depth")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.body().contains("\"deployment\":\"c\"");
            });
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (source != null) source.close();
        if (prometheus != null) stopProcess(prometheus);
        if (exporter != null) exporter.stop(0);
    }

    static void stopProcess(Process p) throws InterruptedException {
        ProcessHandle h = ProcessHandle.of(p.pid()).orElse(null);
        if (h == null) return;
        h.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            h.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static SeriesRequest ask(String target, String query) {
        return new SeriesRequest(target, "queue_depth", query);
    }

    @Test
    @Order(1)
    void aTemplatedQueryReadsTheScrapedValue() {
        SeriesRequest r = ask("a", "sum(my_queue_depth{deployment=\"{{target}}\"})");
        Poll p = source.poll(List.of(r), CLOCK.instant());

        assertThat(p.failures()).isEmpty();
        assertThat(p.samples()).singleElement().satisfies(s -> {
            assertThat(s.target()).isEqualTo("a");
            assertThat(s.value()).isEqualTo(7.0);
        });
    }

    @Test
    @Order(2)
    void aGroupedQuerySplitsPerTarget() {
        String grouped = new PromQuery("sum by (deployment) (my_queue_depth{deployment=\"{{target}}\"})", "deployment").spelling();
        Poll p = source.poll(List.of(ask("a", grouped), ask("b", grouped), ask("c", grouped), ask("d", grouped)), CLOCK.instant());

        assertThat(p.samples()).extracting(Sample::target, Sample::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", 7.0), org.assertj.core.groups.Tuple.tuple("b", 10.0),
                        org.assertj.core.groups.Tuple.tuple("c", 20.0));
        assertThat(p.failures()).containsOnlyKeys(ask("d", grouped));
        assertThat(p.failures().get(ask("d", grouped))).contains("no series with deployment=\"d\" in the grouped answer");
    }

    @Test
    @Order(3)
    void aBrokenQueryIsAFailureWithPrometheusOwnError() {
        Poll p = source.poll(List.of(ask("a", "sum(my_queue_depth")), CLOCK.instant());

        assertThat(p.samples()).isEmpty();
        assertThat(p.failures().get(ask("a", "sum(my_queue_depth"))).contains(": bad_data: ").contains("parse error").contains("(HTTP 400)");
    }

    @Test
    @Order(4)
    void severalSeriesForOneUngroupedRequestAreAFailure() {
        Poll p = source.poll(List.of(ask("a", "my_queue_depth{deployment=\"{{target}}\"}")), CLOCK.instant());

        assertThat(p.samples()).isEmpty();
        assertThat(p.failures().get(ask("a", "my_queue_depth{deployment=\"{{target}}\"}"))).contains("2 series, expected one");
    }

    @Test
    @Order(5)
    void aQueryForNothingIsAFailureNotZero() {
        Poll p = source.poll(List.of(ask("a", "sum(no_such_metric_anywhere)")), CLOCK.instant());

        // sum() over nothing is an empty vector in PromQL, not 0: it stays no data.
        assertThat(p.samples()).isEmpty();
        assertThat(p.failures().get(ask("a", "sum(no_such_metric_anywhere)"))).contains("no series: the query selects nothing");
    }

    @Test
    @Order(6)
    void aStoppedPrometheusIsAFailureNotZero() throws InterruptedException {
        stopProcess(prometheus);
        Poll p = source.poll(List.of(ask("a", "sum(my_queue_depth{deployment=\"{{target}}\"})")), CLOCK.instant());

        assertThat(p.samples()).isEmpty();
        assertThat(p.failures()).hasSize(1);
        assertThat(p.failures().values()).singleElement().asString().contains("cannot connect");
    }
}
