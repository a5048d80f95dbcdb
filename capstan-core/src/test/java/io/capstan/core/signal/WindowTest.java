package io.capstan.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class WindowTest {
    private static final long T0 = 1_700_000_000_000L;

    private static Instant at(long offsetMillis) {
        return Instant.ofEpochMilli(T0 + offsetMillis);
    }

    private static Instant sec(double seconds) {
        return at(Math.round(seconds * 1000));
    }

    /** 1..10 at 0s..9s in a one-minute window. */
    private static Window oneToTen() {
        Window w = Window.sliding(Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            assertThat(w.add(T0 + i * 1000L, i + 1)).isEqualTo(Admission.ACCEPTED);
        }
        return w;
    }

    private static Reading.Present present(Reading r) {
        assertThat(r).isInstanceOf(Reading.Present.class);
        return (Reading.Present) r;
    }

    private static String cause(Reading r) {
        assertThat(r).isInstanceOf(Reading.Missing.class);
        return ((Reading.Missing) r).cause();
    }

    @Nested
    class AggregationNames {
        @ParameterizedTest
        @EnumSource(Aggregation.class)
        void idRoundTrips(Aggregation a) {
            assertThat(a.id()).isEqualTo(a.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(Aggregation.parse(a.id())).isSameAs(a);
        }

        @Test
        void unknownNameListsTheAcceptedOnes() {
            assertThatThrownBy(() -> Aggregation.parse("p90"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unknown aggregation \"p90\"; accepted: avg, max, min, p50, p95, p99, last, rate");
            assertThatThrownBy(() -> Aggregation.parse(null)).hasMessageContaining("accepted: avg");
        }

        @Test
        void parsingIgnoresCaseAsThePolicyLanguageDoes() {
            assertThat(Aggregation.parse("AVG")).isEqualTo(Aggregation.AVG);
            assertThat(Aggregation.parse("P95")).isEqualTo(Aggregation.P95);
            assertThatThrownBy(() -> Aggregation.parse("AVERAGE")).hasMessageContaining("\"AVERAGE\"");
        }
    }

    @Nested
    class EachAggregationOnHandMadeData {
        @ParameterizedTest(name = "{0} of 1..10 is {1}")
        @CsvSource({
            "avg, 5.5", "min, 1", "max, 10", "last, 10",
            // Prometheus quantile_over_time: rank q(n-1), linear between neighbours
            "p50, 5.5", // rank 4.5: 5 and 6
            "p95, 9.55", // rank 8.55: 9*0.45 + 10*0.55
            "p99, 9.91", // rank 8.91: 9*0.09 + 10*0.91
            "rate, 1.0", // +9 over 9s
        })
        void value(String aggregation, double expected) {
            Reading.Present p = present(oneToTen().read(Aggregation.parse(aggregation), sec(9)));
            assertThat(p.value()).isCloseTo(expected, within(1e-12));
            assertThat(p.samples()).isEqualTo(10);
            assertThat(p.coverage()).isCloseTo(9.0 / 60, within(1e-12));
        }

        @Test
        void quantilesIgnoreInsertionOrderOfValues() {
            Window w = Window.sliding(Duration.ofMinutes(1));
            double[] vs = {7, 3, 9, 1, 5, 10, 2, 8, 4, 6};
            for (int i = 0; i < vs.length; i++) w.add(T0 + i * 1000L, vs[i]);
            assertThat(present(w.read(Aggregation.P50, sec(9))).value()).isEqualTo(5.5);
            assertThat(present(w.read(Aggregation.P99, sec(9))).value()).isCloseTo(9.91, within(1e-12));
            assertThat(present(w.read(Aggregation.MIN, sec(9))).value()).isEqualTo(1);
            assertThat(present(w.read(Aggregation.MAX, sec(9))).value()).isEqualTo(10);
            assertThat(present(w.read(Aggregation.LAST, sec(9))).value()).isEqualTo(6);
        }

        @ParameterizedTest
        @EnumSource(value = Aggregation.class, names = "RATE", mode = EnumSource.Mode.EXCLUDE)
        void oneSampleIsItsOwnAggregateWithZeroCoverage(Aggregation a) {
            Window w = Window.sliding(Duration.ofMinutes(5));
            w.add(at(0), 42.5);
            Reading.Present p = present(w.read(a, at(1000)));
            assertThat(p.value()).isEqualTo(42.5);
            assertThat(p.samples()).isEqualTo(1);
            assertThat(p.coverage()).isZero();
        }

        @Test
        void minAndMaxFollowTheWindowAsItSlides() {
            Window w = Window.sliding(Duration.ofSeconds(3));
            double[] vs = {9, 1, 5, 3, 8, 2, 2, 7};
            for (int i = 0; i < vs.length; i++) {
                w.add(T0 + i * 1000L, vs[i]);
                // window (i-3, i] holds the last three samples
                double max = Double.NEGATIVE_INFINITY;
                double min = Double.POSITIVE_INFINITY;
                for (int k = Math.max(0, i - 2); k <= i; k++) {
                    max = Math.max(max, vs[k]);
                    min = Math.min(min, vs[k]);
                }
                assertThat(present(w.read(Aggregation.MAX, at(i * 1000L))).value()).as("max at %ds", i).isEqualTo(max);
                assertThat(present(w.read(Aggregation.MIN, at(i * 1000L))).value()).as("min at %ds", i).isEqualTo(min);
            }
        }
    }

    @Nested
    class Expiry {
        @Test
        void sampleExactlyAtNowMinusLengthIsExcluded() {
            Window w = Window.sliding(Duration.ofSeconds(10));
            w.add(at(0), 1);
            assertThat(cause(w.read(Aggregation.AVG, at(10_000)))).isEqualTo("no samples in the last 10s");
            assertThat(w.size()).isZero();
        }

        @Test
        void sampleOneMillisecondInsideIsIncluded() {
            Window w = Window.sliding(Duration.ofSeconds(10));
            w.add(at(0), 1);
            assertThat(present(w.read(Aggregation.AVG, at(9_999))).value()).isEqualTo(1);
        }

        @Test
        void sampleExactlyAtNowIsIncluded() {
            Window w = Window.sliding(Duration.ofSeconds(10));
            w.add(at(5_000), 3);
            assertThat(present(w.read(Aggregation.LAST, at(5_000))).value()).isEqualTo(3);
        }

        @Test
        void expiredSamplesLeaveEveryAggregate() {
            Window w = Window.sliding(Duration.ofSeconds(10));
            w.add(at(0), 100);
            w.add(at(5_000), 1);
            w.add(at(12_000), 3);
            Instant now = at(12_000); // keeps (2s, 12s]
            assertThat(present(w.read(Aggregation.AVG, now)).value()).isEqualTo(2);
            assertThat(present(w.read(Aggregation.MAX, now)).value()).isEqualTo(3);
            assertThat(present(w.read(Aggregation.MIN, now)).value()).isEqualTo(1);
            assertThat(present(w.read(Aggregation.AVG, now)).samples()).isEqualTo(2);
            assertThat(present(w.read(Aggregation.RATE, now)).value()).isCloseTo(2.0 / 7, within(1e-12));
        }

        @Test
        void samplesNewerThanNowAreHeldButNotRead() {
            Window w = Window.sliding(Duration.ofSeconds(10));
            w.add(at(1_000), 1);
            w.add(at(2_000), 2);
            w.add(at(3_000), 30);
            Reading.Present p = present(w.read(Aggregation.MAX, at(2_000)));
            assertThat(p.value()).isEqualTo(2);
            assertThat(p.samples()).isEqualTo(2);
            assertThat(present(w.read(Aggregation.AVG, at(2_000))).value()).isEqualTo(1.5);
            assertThat(present(w.read(Aggregation.P50, at(2_000))).value()).isEqualTo(1.5);
            assertThat(present(w.read(Aggregation.MAX, at(3_000))).value()).isEqualTo(30);
        }

        @Test
        void onlyFutureSamplesSaySo() {
            Window w = Window.sliding(Duration.ofSeconds(10));
            w.add(at(5_000), 1);
            assertThat(cause(w.read(Aggregation.AVG, at(1_000))))
                    .isEqualTo("no samples in the last 10s (1 sample is newer than now)");
        }

        @Test
        void emptyWindowSaysHowFarItLooked() {
            assertThat(cause(Window.sliding(Duration.ofMinutes(5)).read(Aggregation.P95, at(0))))
                    .isEqualTo("no samples in the last 5m");
        }
    }

    @Nested
    class Admissions {
        @Test
        void sameTimestampReplacesTheNewestValue() {
            Window w = Window.sliding(Duration.ofMinutes(1));
            w.add(at(0), 5);
            w.add(at(1_000), 7);
            assertThat(w.add(at(1_000), 1)).isEqualTo(Admission.REPLACED);
            Reading.Present max = present(w.read(Aggregation.MAX, at(1_000)));
            assertThat(max.value()).as("max must forget the replaced 7").isEqualTo(5);
            assertThat(max.samples()).isEqualTo(2);
            assertThat(present(w.read(Aggregation.MIN, at(1_000))).value()).isEqualTo(1);
            assertThat(present(w.read(Aggregation.AVG, at(1_000))).value()).isEqualTo(3);
            assertThat(present(w.read(Aggregation.LAST, at(1_000))).value()).isEqualTo(1);
        }

        @Test
        void replacingTheNewestFixesTheResetCorrectionOfRate() {
            Window w = Window.sliding(Duration.ofMinutes(1));
            w.add(at(0), 10);
            w.add(at(10_000), 2); // looks like a reset
            w.add(at(10_000), 20); // corrected: no reset after all
            assertThat(present(w.read(Aggregation.RATE, at(10_000))).value()).isCloseTo(1.0, within(1e-12));
        }

        @Test
        void olderThanTheNewestIsDropped() {
            Window w = Window.sliding(Duration.ofMinutes(1));
            w.add(at(2_000), 5);
            assertThat(w.add(at(1_000), 100)).isEqualTo(Admission.OUT_OF_ORDER);
            assertThat(present(w.read(Aggregation.MAX, at(2_000))).samples()).isEqualTo(1);
            assertThat(present(w.read(Aggregation.MAX, at(2_000))).value()).isEqualTo(5);
        }

        @Test
        void orderIsJudgedAgainstTheNewestEverAddedEvenAfterExpiry() {
            Window w = Window.sliding(Duration.ofSeconds(1));
            w.add(at(5_000), 5);
            w.read(Aggregation.AVG, at(60_000));
            assertThat(w.add(at(4_000), 1)).isEqualTo(Admission.OUT_OF_ORDER);
        }

        @ParameterizedTest
        @CsvSource({"NaN", "Infinity", "-Infinity"})
        void nonFiniteIsDropped(double value) {
            Window w = Window.sliding(Duration.ofMinutes(1));
            assertThat(w.add(at(0), value)).isEqualTo(Admission.NOT_FINITE);
            assertThat(w.read(Aggregation.AVG, at(0))).isInstanceOf(Reading.Missing.class);
            assertThat(w.lastKnown(at(0), Duration.ofMinutes(1))).isInstanceOf(Reading.Missing.class);
        }

        @Test
        void instantAndMillisAreTheSameSample() {
            Window w = Window.sliding(Duration.ofMinutes(1));
            w.add(at(1_000), 1);
            assertThat(w.add(T0 + 1_000, 2)).isEqualTo(Admission.REPLACED);
        }
    }

    @Nested
    class Capacity {
        @Test
        void oldestIsEvictedEarlyAndCoverageShowsIt() {
            Window w = Window.sliding(Duration.ofMinutes(1), 3);
            for (int i = 0; i < 4; i++) assertThat(w.add(at(i * 1_000L), i)).isEqualTo(Admission.ACCEPTED);
            Reading.Present p = present(w.read(Aggregation.AVG, at(3_000)));
            assertThat(p.value()).isEqualTo(2);
            assertThat(p.samples()).isEqualTo(3);
            assertThat(p.coverage()).isCloseTo(2.0 / 60, within(1e-12));
            assertThat(present(w.read(Aggregation.MIN, at(3_000))).value()).isEqualTo(1);
        }

        @Test
        void expiredSamplesGoBeforeAnyLiveOneIsEvicted() {
            Window w = Window.sliding(Duration.ofSeconds(2), 3);
            w.add(at(0), 1);
            w.add(at(1_000), 2);
            w.add(at(2_500), 3);
            w.add(at(3_000), 4); // full: 0s and 1s are outside (1s, 3s]; only they leave
            assertThat(w.size()).isEqualTo(2);
            assertThat(present(w.read(Aggregation.AVG, at(3_000))).value()).isEqualTo(3.5);
        }

        @Test
        void ringGrowsPastItsInitialSizeWithoutLosingOrder() {
            Window w = Window.sliding(Duration.ofHours(1));
            for (int i = 0; i < 1000; i++) w.add(at(i * 1_000L), i % 17);
            Reading.Present p = present(w.read(Aggregation.AVG, at(999_000)));
            assertThat(p.samples()).isEqualTo(1000);
            double expected = 0;
            for (int i = 0; i < 1000; i++) expected += i % 17;
            assertThat(p.value()).isCloseTo(expected / 1000, within(1e-12));
            assertThat(present(w.read(Aggregation.LAST, at(999_000))).value()).isEqualTo(999 % 17);
        }

        @Test
        void boundsAreCheckedWithNamedValues() {
            assertThatThrownBy(() -> Window.sliding(Duration.ofMinutes(1), 1))
                    .hasMessage("capacity 1 is below 2: rate needs two samples");
            assertThatThrownBy(() -> Window.sliding(Duration.ZERO)).hasMessage("window length must be positive, was PT0S");
            assertThatThrownBy(() -> Window.sliding(Duration.ofNanos(10))).hasMessageContaining("at least 1ms");
            assertThat(Window.sliding(Duration.ofMinutes(5)).capacity()).isEqualTo(Window.DEFAULT_CAPACITY);
            assertThat(Window.sliding(Duration.ofMinutes(5)).length()).isEqualTo(Duration.ofMinutes(5));
        }
    }

    @Nested
    class Rate {
        @Test
        void perSecondIncreaseOfASteadyCounter() {
            Window w = Window.sliding(Duration.ofMinutes(5));
            for (int i = 0; i <= 30; i++) w.add(at(i * 10_000L), 100 + i * 50);
            Reading.Present p = present(w.read(Aggregation.RATE, at(300_000)));
            assertThat(p.value()).isCloseTo(5.0, within(1e-12));
            assertThat(p.samples()).isEqualTo(30); // the sample at 0s is at now - 5m: excluded
        }

        @Test
        void aDropIsAResetAndThePreResetValueCounts() {
            Window w = Window.sliding(Duration.ofMinutes(1));
            w.add(at(0), 100);
            w.add(at(10_000), 110);
            w.add(at(20_000), 5); // reset: the counter restarted from 0 and reached 5
            w.add(at(30_000), 15);
            // Prometheus: 15 - 100 + 110 = 25 over 30s
            assertThat(present(w.read(Aggregation.RATE, at(30_000))).value()).isCloseTo(25.0 / 30, within(1e-12));
        }

        @Test
        void theDocumentedResetExample() {
            // docs/policy.md: 600 two minutes ago, 1200 one minute ago, 10 now (a restart)
            Window two = Window.sliding(Duration.ofMinutes(2));
            Window three = Window.sliding(Duration.ofMinutes(3));
            for (Window w : new Window[] {two, three}) {
                w.add(at(0), 600);
                w.add(at(60_000), 1200);
                w.add(at(120_000), 10);
            }
            // the sample exactly 2m old is out of (now - 2m, now]: 10 - 1200 + 1200 over 60s
            assertThat(present(two.read(Aggregation.RATE, at(120_000))).value()).isCloseTo(10.0 / 60, within(1e-12));
            assertThat(present(three.read(Aggregation.RATE, at(120_000))).value()).isCloseTo(610.0 / 120, within(1e-12));
        }

        @Test
        void aResetLeavesTheWindowWithItsPair() {
            Window w = Window.sliding(Duration.ofSeconds(15));
            w.add(at(0), 100);
            w.add(at(10_000), 5); // reset between 0s and 10s
            w.add(at(20_000), 25);
            // at 20s the window is (5s, 20s]: 5 -> 25 over 10s, the reset pair is gone
            assertThat(present(w.read(Aggregation.RATE, at(20_000))).value()).isCloseTo(2.0, within(1e-12));
        }

        @Test
        void oneSampleIsNotARate() {
            Window w = Window.sliding(Duration.ofMinutes(5));
            w.add(at(0), 10);
            assertThat(cause(w.read(Aggregation.RATE, at(1_000)))).isEqualTo("only 1 sample in the last 5m: rate needs 2");
        }
    }

    @Nested
    class LastKnown {
        @Test
        void outlivesTheWindowUntilMaxAge() {
            Window w = Window.sliding(Duration.ofSeconds(30));
            w.add(at(0), 4);
            assertThat(w.read(Aggregation.LAST, at(60_000))).isInstanceOf(Reading.Missing.class);
            assertThat(w.lastKnown(at(60_000), Duration.ofMinutes(2))).isEqualTo(new Reading.Present(4, 1, 0.0));
        }

        @Test
        void tooOldNamesItsAge() {
            Window w = Window.sliding(Duration.ofSeconds(30));
            w.add(at(0), 4);
            assertThat(cause(w.lastKnown(at(420_000), Duration.ofMinutes(5))))
                    .isEqualTo("last sample is 7m old; the limit is 5m");
            assertThat(cause(w.lastKnown(at(300_000), Duration.ofMinutes(5)))).as("exactly maxAge is not younger")
                    .isEqualTo("last sample is 5m old; the limit is 5m");
        }

        @Test
        void neverAdded() {
            assertThat(cause(Window.sliding(Duration.ofSeconds(30)).lastKnown(at(0), Duration.ofMinutes(5))))
                    .isEqualTo("no sample has been added yet");
        }

        @Test
        void replacedValueIsTheLastKnown() {
            Window w = Window.sliding(Duration.ofSeconds(30));
            w.add(at(0), 4);
            w.add(at(0), 6);
            assertThat(present(w.lastKnown(at(1), Duration.ofMinutes(5))).value()).isEqualTo(6);
        }
    }

    @Nested
    class Readings {
        @Test
        void presentRejectsWhatIsNotData() {
            assertThatThrownBy(() -> new Reading.Present(Double.NaN, 1, 0)).hasMessageContaining("finite");
            assertThatThrownBy(() -> new Reading.Present(Double.POSITIVE_INFINITY, 1, 0)).hasMessageContaining("finite");
            assertThatThrownBy(() -> new Reading.Present(1, 0, 0)).hasMessageContaining("samples");
            assertThatThrownBy(() -> new Reading.Present(1, 1, 1.5)).hasMessageContaining("coverage");
            assertThatThrownBy(() -> new Reading.Present(1, 1, Double.NaN)).hasMessageContaining("coverage");
        }

        @Test
        void missingMustSayWhy() {
            assertThatThrownBy(() -> new Reading.Missing(" ")).hasMessageContaining("why");
        }

        @Test
        void overflowIsMissingNotInfinity() {
            Window w = Window.sliding(Duration.ofMinutes(1));
            w.add(at(0), Double.MAX_VALUE);
            w.add(at(1_000), Double.MAX_VALUE);
            assertThat(cause(w.read(Aggregation.AVG, at(1_000)))).isEqualTo("avg over 2 samples in the last 1m overflows a double");
            assertThat(present(w.read(Aggregation.MAX, at(1_000))).value()).isEqualTo(Double.MAX_VALUE);
        }

        @ParameterizedTest
        @CsvSource({"0, 0s", "90, 90ms", "1500, 1s500ms", "300000, 5m", "5400000, 1h30m", "90061001, 1d1h1m1s1ms"})
        void durationsAreWrittenCompactly(long millis, String text) {
            assertThat(Window.format(millis)).isEqualTo(text);
        }
    }
}
