package io.capstan.app.source.prometheus;

import org.junit.jupiter.api.Assumptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (the Debian package) serving history backfilled with {@code promtool tsdb create-blocks-from
 * openmetrics}; the calling test is skipped, saying why, when Prometheus is not installed.
 */
public final class BackfilledPrometheus implements AutoCloseable {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private final Process process;
    private final URI url;

    private BackfilledPrometheus(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Backfills {@code openMetrics} (an OpenMetrics text ending in {@code # EOF}) into {@code dir} and starts Prometheus
     * on it; returns once the instant query {@code ready} (with its time) answers with {@code readyContains}.
     */
    public static BackfilledPrometheus start(Path dir, Path openMetrics, String ready, String readyContains) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL),
                "Prometheus or promtool is not installed in /usr/bin (apt-get install prometheus; .ci/run does): skipping the range tests");
        Path data = dir.resolve("data");
        Process backfill = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics", openMetrics.toString(), data.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("promtool.log").toFile()).start();
        assertThat(backfill.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(backfill.exitValue()).as(Files.readString(dir.resolve("promtool.log"))).isZero();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 15s}\n");
        int port = PrometheusSourceRealServerTest.freePort();
        // Retention counts back from the newest block, not from the wall clock; ten years keeps old history whatever today is.
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=3650d", "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        URI url = URI.create("http://127.0.0.1:" + port);
        try (HttpClient http = HttpClient.newHttpClient()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("/api/v1/query?" + ready)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.body().contains(readyContains);
            });
        }
        return new BackfilledPrometheus(prometheus, url);
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        PrometheusSourceRealServerTest.stopProcess(process);
    }
}
