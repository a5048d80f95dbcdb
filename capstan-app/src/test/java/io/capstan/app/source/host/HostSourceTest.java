package io.capstan.app.source.host;

import io.capstan.core.spi.Poll;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.SeriesRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The host source on this real machine, and its rate arithmetic on a machine whose counters the test sets. */
class HostSourceTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private static SeriesRequest ask(String query) {
        return new SeriesRequest("vm", query, query);
    }

    private static Double value(Poll poll, String metric) {
        return poll.samples().stream().filter(s -> s.metric().equals(metric)).map(Sample::value).findFirst().orElse(null);
    }

    @Test
    void levelsOfThisMachineAreInTheirRangesAtTheFirstPoll() {
        try (HostSource host = new HostSource()) {
            Poll p = host.poll(List.of(ask("memory"), ask("disk:/"), ask("load1"), ask("load5"), ask("load15")), T0);

            assertThat(p.failures()).isEmpty();
            assertThat(value(p, "memory")).isStrictlyBetween(0.0, 100.0);
            assertThat(value(p, "disk:/")).isBetween(0.0, 100.0);
            assertThat(value(p, "load1")).isGreaterThanOrEqualTo(0.0);
            assertThat(value(p, "load5")).isGreaterThanOrEqualTo(0.0);
            assertThat(value(p, "load15")).isGreaterThanOrEqualTo(0.0);
            assertThat(p.samples()).allSatisfy(s -> assertThat(s.at()).isEqualTo(T0));
        }
    }

    @Test
    void ratesOfThisMachineAnswerFromTheSecondPoll() {
        try (HostSource host = new HostSource()) {
            List<SeriesRequest> rates = List.of(ask("cpu"), ask("network.in"), ask("network.out"));
            Poll first = host.poll(rates, T0);
            assertThat(first.samples()).isEmpty();
            assertThat(first.failures()).isEmpty();

            // CPU time is counted in ticks of 10 ms: poll until the OS has counted one.
            AtomicReference<Poll> later = new AtomicReference<>();
            AtomicReference<Instant> now = new AtomicReference<>(T0);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                later.set(host.poll(rates, now.updateAndGet(t -> t.plusSeconds(1))));
                return later.get().samples().size() == 3;
            });
            Poll p = later.get();
            assertThat(p.failures()).isEmpty();
            assertThat(value(p, "cpu")).isBetween(0.0, 100.0);
            assertThat(value(p, "network.in")).isGreaterThanOrEqualTo(0.0);
            assertThat(value(p, "network.out")).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void aPathThatDoesNotExistIsAFailureNotZero() {
        try (HostSource host = new HostSource()) {
            Poll p = host.poll(List.of(ask("disk:/no/such/capstan/path")), T0);

            assertThat(p.samples()).isEmpty();
            assertThat(p.failures()).containsValue("disk:/no/such/capstan/path: no such file or directory");
        }
    }

    /** A machine whose counters the test sets. */
    private static final class Counters implements Machine {
        long[] ticks = new long[8];
        long[] bytes = {0, 0};
        long[] memory = {1000, 250};
        double[] load = {0.5, 0.25, -1};

        @Override
        public long[] cpuTicks() {
            return ticks.clone();
        }

        @Override
        public long[] memory() {
            return memory;
        }

        @Override
        public double[] load() {
            return load;
        }

        @Override
        public long[] networkBytes() {
            return bytes.clone();
        }

        @Override
        public long[] disk(Path path) throws NoSuchFileException {
            // total, free, usable: 100 blocks, 40 free of which 30 usable (10 reserved for root).
            return new long[] {100, 40, 30};
        }

        void tick(long user, long system, long idle, long iowait) {
            ticks[0] += user;
            ticks[2] += system;
            ticks[3] += idle;
            ticks[4] += iowait;
        }
    }

    @Test
    void cpuIsTheBusyShareOfTheTicksBetweenTwoPolls() {
        Counters m = new Counters();
        try (HostSource host = new HostSource(m)) {
            m.tick(100, 100, 700, 100);
            assertThat(host.poll(List.of(ask("cpu")), T0).samples()).isEmpty();

            m.tick(30, 20, 40, 10);
            assertThat(value(host.poll(List.of(ask("cpu")), T0.plusSeconds(1)), "cpu")).isEqualTo(50.0);

            // No tick counted: no sample, and the next interval runs from the last answered poll.
            assertThat(host.poll(List.of(ask("cpu")), T0.plusSeconds(2)).samples()).isEmpty();
            m.tick(10, 0, 30, 0);
            assertThat(value(host.poll(List.of(ask("cpu")), T0.plusSeconds(3)), "cpu")).isEqualTo(25.0);
        }
    }

    @Test
    void networkIsBytesPerSecondOfTheInjectedTimeAndACounterThatWentBackStartsAgain() {
        Counters m = new Counters();
        try (HostSource host = new HostSource(m)) {
            List<SeriesRequest> both = List.of(ask("network.in"), ask("network.out"));
            m.bytes = new long[] {1000, 500};
            assertThat(host.poll(both, T0).samples()).isEmpty();

            m.bytes = new long[] {3000, 1500};
            Poll p = host.poll(both, T0.plusSeconds(2));
            assertThat(value(p, "network.in")).isEqualTo(1000.0);
            assertThat(value(p, "network.out")).isEqualTo(500.0);

            m.bytes = new long[] {100, 100};
            assertThat(host.poll(both, T0.plusSeconds(4)).samples()).isEmpty();
            m.bytes = new long[] {200, 400};
            Poll after = host.poll(both, T0.plusSeconds(5));
            assertThat(value(after, "network.in")).isEqualTo(100.0);
            assertThat(value(after, "network.out")).isEqualTo(300.0);
        }
    }

    @Test
    void levelsAreReadAsDocumented() {
        Counters m = new Counters();
        try (HostSource host = new HostSource(m)) {
            Poll p = host.poll(List.of(ask("memory"), ask("disk:/"), ask("load5"), ask("load15")), T0);

            assertThat(value(p, "memory")).isEqualTo(75.0);
            assertThat(value(p, "disk:/")).isEqualTo(100.0 * 60 / 90);
            assertThat(value(p, "load5")).isEqualTo(0.25);
            assertThat(p.failures()).containsExactly(java.util.Map.entry(ask("load15"), "this OS does not report load averages"));
        }
    }

    @Test
    void targetsAskingForTheSameMetricShareOneReading() {
        Counters m = new Counters();
        try (HostSource host = new HostSource(m)) {
            host.poll(List.of(ask("cpu")), T0);
            m.tick(1, 0, 3, 0);
            Poll p = host.poll(List.of(new SeriesRequest("a", "cpu", "cpu"), new SeriesRequest("b", "load", "cpu")), T0.plusSeconds(1));

            assertThat(p.samples()).extracting(Sample::value).containsExactly(25.0, 25.0);
        }
    }
}
