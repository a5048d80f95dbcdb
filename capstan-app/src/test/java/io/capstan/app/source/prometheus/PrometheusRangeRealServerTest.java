package io.capstan.app.source.prometheus;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.history.HistorySource;
import io.capstan.app.history.LiveHistory;
import io.capstan.app.input.InputLimits;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.capstan.core.decide.Decider;
import io.capstan.core.decide.Decision;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.simulate.SeriesCursor;
import io.capstan.core.simulate.Trace;
import io.capstan.core.spi.MetricSource;
import io.capstan.core.spi.Poll;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.SeriesRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Range queries and the predictive warm start against a real Prometheus (the Debian package) holding three days of
 * history backfilled with {@code promtool tsdb create-blocks-from openmetrics}. The history lies in March 2026 and
 * every query names its times, so nothing here reads the wall clock. Skipped, saying why, without Prometheus.
 */
class PrometheusRangeRealServerTest {
    static final Instant D0 = Instant.parse("2026-03-01T00:00:00Z");
    /** Where the warm start happens: 07:52 on the third day, 8 minutes before the daily ramp. */
    static final Instant NOW = D0.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(7 * 60 + 52));

    @TempDir
    static Path dir;
    private static BackfilledPrometheus prometheus;
    private static URI url;
    private static PrometheusSource source;

    /** 200 req/s at night, 1000 from 08:00 to 20:00; after NOW a level no day had (so a look-ahead would show). */
    static double demand(long epochSecond) {
        if (epochSecond >= NOW.getEpochSecond()) return 5000;
        long minuteOfDay = Math.floorMod(epochSecond / 60, 1440);
        return minuteOfDay >= 8 * 60 && minuteOfDay < 20 * 60 ? 1000 : 200;
    }

    @BeforeAll
    static void start() throws Exception {
        Path om = dir.resolve("history.om");
        try (BufferedWriter w = Files.newBufferedWriter(om, StandardCharsets.UTF_8)) {
            w.write("# HELP seq minutes since the start\n# TYPE seq gauge\n");
            for (String d : List.of("a", "b")) {
                for (int m = 0; m < 3 * 1440; m++) {
                    w.write("seq{deployment=\"" + d + "\"} " + (d.equals("a") ? m : 100_000 + m) + " " + (D0.getEpochSecond() + 60L * m) + "\n");
                }
            }
            w.write("# HELP demand requests per second\n# TYPE demand gauge\n");
            for (int m = 0; m < 3 * 1440; m++) {
                long t = D0.getEpochSecond() + 60L * m;
                w.write("demand{deployment=\"a\"} " + demand(t) + " " + t + "\n");
            }
            w.write("# EOF\n");
        }
        prometheus = BackfilledPrometheus.start(dir, om, "query=seq&time=" + (D0.getEpochSecond() + 600), "\"deployment\":\"b\"");
        url = prometheus.url();
        source = (PrometheusSource) PrometheusSourceFactory.open(url.toString());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (source != null) source.close();
        if (prometheus != null) prometheus.close();
    }

    @Test
    void aRangeOfMoreThanElevenThousandPointsIsReadInChunksWholeAndInOrder() {
        // Two days at 15 s: 11,520 points, more than Prometheus answers in one query.
        SeriesRequest a = new SeriesRequest("a", "seq", "sum(seq{deployment=\"{{target}}\"})");
        Poll p = source.range(List.of(a), D0, D0.plus(Duration.ofDays(2)).minusMillis(1), Duration.ofSeconds(15));

        assertThat(p.failures()).isEmpty();
        assertThat(p.samples()).hasSize(11_520);
        for (int i = 0; i < p.samples().size(); i++) {
            Sample s = p.samples().get(i);
            assertThat(s.at()).isEqualTo(D0.plusSeconds(15L * i));
            // a point between two minute samples is the earlier one's value
            assertThat(s.value()).isEqualTo(i / 4);
        }
    }

    @Test
    void aGroupedRangeQuerySplitsPerTargetAndATargetWithoutSeriesHasNoSamplesNotZero() {
        String grouped = new PromQuery("sum by (deployment) (seq{deployment=\"{{target}}\"})", "deployment").spelling();
        List<SeriesRequest> rs = List.of(new SeriesRequest("a", "seq", grouped), new SeriesRequest("b", "seq", grouped),
                new SeriesRequest("c", "seq", grouped));
        Poll p = source.range(rs, D0.plus(Duration.ofHours(1)), D0.plus(Duration.ofHours(2)), Duration.ofMinutes(30));

        assertThat(p.failures()).isEmpty();
        assertThat(p.samples()).extracting(Sample::target, Sample::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 60.0), org.assertj.core.groups.Tuple.tuple("a", 90.0), org.assertj.core.groups.Tuple.tuple("a", 120.0),
                org.assertj.core.groups.Tuple.tuple("b", 100_060.0), org.assertj.core.groups.Tuple.tuple("b", 100_090.0),
                org.assertj.core.groups.Tuple.tuple("b", 100_120.0));
    }

    @Test
    void aBrokenRangeQueryIsAFailureWithPrometheusOwnError() {
        SeriesRequest bad = new SeriesRequest("a", "seq", "sum(seq");
        Poll p = source.range(List.of(bad), D0, D0.plus(Duration.ofHours(1)), Duration.ofMinutes(1));

        assertThat(p.samples()).isEmpty();
        assertThat(p.failures().get(bad)).contains("bad_data").contains("parse error").contains("(range query: sum(seq)");
    }

    @Test
    void aPredictivePolicyReadFromPrometheusIsWarmedByARangeQueryOfTheHistoryBeforeNowAndForecastsAtOnce() throws Exception {
        Path config = Files.writeString(dir.resolve("capstan.yaml"), """
                sources: {prometheus: {url: %s}}
                targets:
                  - name: a
                    replicas: {min: 2, max: 20}
                    metrics:
                      request_rate: {scope: target, source: {prometheus: 'sum(demand{deployment="{{target}}"})'}}
                    service: {capacityPerReplica: 100, startupSeconds: 900}
                    policies:
                      - name: forecast
                        predictive: {metric: request_rate, targetUtilization: 85, model: seasonal-naive, history: 2d}
                    actuator: {type: process, command: ["sh", "-c", "exec sleep 3600"]}
                """.formatted(url));
        PolicyFile.Live live = PolicyFile.loadLive(config, dir.resolve("capstan-data"), InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        MetricSource opened = live.live().sources().sources().get("prometheus").open();
        try (JdbcDecisionStore store = JdbcDecisionStore.open(StoreConfig.inMemory("range-warm"))) {
            TargetRuntime runtime = new TargetRuntime(live.policy().targets().get(0), new Decider());
            LiveHistory history = LiveHistory.of(store, Duration.ofMinutes(1));

            List<String> said = history.warm("a", runtime, NOW, Map.of("prometheus", opened), live.live().sources().bindings());
            Decision d = runtime.tick(new Decider.Observation(2, 2), NOW);

            // 2 days at the policy's 5-minute step, all before 07:52 (the store, empty, is not needed)
            assertThat(said).containsExactly("forecast: warmed from prometheus (sources.prometheus): 576 steps over 2d before now");
            assertThat(d.reason().name()).isEqualTo("PredictiveFloor");
            // yesterday's 08:00 ramp, 1000 req/s, not the 5000 after now: ceil(1000 / 85) = 12
            assertThat(d.to()).isEqualTo(12);
            assertThat(d.summary()).contains("request_rate forecast 1000 ").contains("(warm start: 2d from prometheus (sources.prometheus))");
        } finally {
            opened.close();
        }
    }

    @Test
    void planReadsPrometheusHistoryAsATraceSeries() throws Exception {
        Path config = Files.writeString(dir.resolve("plan.yaml"), """
                sources: {prometheus: {url: http://127.0.0.1:1}}
                targets:
                  - name: a
                    replicas: {min: 1, max: 5}
                    metrics:
                      seq: {scope: target, source: {prometheus: 'max(seq{deployment="{{target}}"})'}}
                    policies:
                      - {name: high, threshold: {when: "last(seq) > 10", action: {add: 1}}}
                """);
        PolicyFile.Live live = PolicyFile.loadLive(config, dir.resolve("capstan-data"), InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        // prometheus:URL takes the server from the option and each metric's PromQL from the config
        try (HistorySource h = HistorySource.open("prometheus:" + url, live.live().store(), live.live().sources())) {
            Trace.Series s = h.series("a", "seq", D0.plus(Duration.ofHours(1)), D0.plus(Duration.ofHours(3)), Duration.ofHours(1),
                    HistorySource.Aggregate.MEAN);

            assertThat(s.name()).isEqualTo("a.seq");
            assertThat(s.size()).isEqualTo(2);
            try (SeriesCursor c = s.cursor()) {
                assertThat(c.time()).isEqualTo(D0.plus(Duration.ofHours(1)).toEpochMilli());
                assertThat(c.value()).isEqualTo(60);
                c.advance();
                assertThat(c.value()).isEqualTo(120);
            }
            assertThat(h.describe()).isEqualTo("prometheus at " + url);
        }
    }
}
