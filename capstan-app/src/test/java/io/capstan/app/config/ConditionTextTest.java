package io.capstan.app.config;

import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Condition;
import io.capstan.core.signal.Aggregation;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "avg(cpu, 5m) > 70                | avg  | cpu             | 300  | >  | 70     | 0",
            "avg(queue_depth) > 1000          | avg  | queue_depth     | 60   | >  | 1000   | 0",
            "p95(latency_p95_ms, 10m) >= 0.25 | p95  | latency_p95_ms  | 600  | >= | 0.25   | 0",
            "avg(cpu, 5m) < 30 for 10m        | avg  | cpu             | 300  | <  | 30     | 600",
            "  min( memory ,1h30m )<=-5 for 90s | min | memory        | 5400 | <= | -5     | 90",
            "MAX(cpu) > 70%                   | max  | cpu             | 60   | >  | 70     | 0",
            "rate(http.requests:total) > 1e3  | rate | http.requests:total | 60 | > | 1000   | 0",
            "last(q, 30s) > 1_000             | last | q               | 30   | >  | 1000   | 0",
    })
    void parses(String text, String agg, String metric, long windowSeconds, String op, double value, long forSeconds) {
        ConditionText.Parsed p = ConditionText.parse(text);
        assertThat(p.error()).isNull();
        assertThat(p.compare()).isEqualTo(new Condition.Compare(metric, Aggregation.parse(agg), Duration.ofSeconds(windowSeconds),
                Comparator.parse(op), value, Duration.ofSeconds(forSeconds)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "cpu > 70                   | 4  | expected '(' after 'cpu': a comparison reads agg(metric[, window]) op value [for duration]",
            "\"\"                         | 0  | expected agg(metric[, window]) op value [for duration], e.g. avg(cpu, 5m) > 70 for 10m, found the end of the text",
            "avgg(cpu) > 70             | 0  | unknown aggregation 'avgg'",
            "avg() > 70                 | 4  | expected a metric name after 'avg(', found ') > 70'",
            "avg(cpu, 5x) > 70          | 9  | window: bad duration unit 'x' in '5x', expected ms, s, m, h, d or w",
            "avg(cpu, 0m) > 70          | 9  | window must be positive, found '0m'",
            "avg(cpu, 5m > 70           | 16 | expected ')' to close 'avg(', found the end of the text",
            "avg(cpu 5m) > 70           | 8  | expected ')' or ', window' after metric 'cpu', found '5m) > 70'",
            "avg(cpu) = 70              | 9  | unknown comparator '=', expected one of >, >=, <, <=",
            "avg(cpu) 70                | 9  | expected a comparator (>, >=, <, <=) after ')', found '70'",
            "avg(cpu) > high            | 11 | expected a number after '>', found 'high'",
            "avg(cpu) > 70 for          | 17 | expected a duration such as 10m after 'for', found the end of the text",
            "avg(cpu) > 70 for -5m      | 18 | 'for' must not be negative, found '-5m'",
            "avg(cpu) > 70 for soon     | 18 | for: bad duration 'soon'",
            "avg(cpu) > 70 and avg(memory) > 80 | 14 | expected 'for <duration>' or the end of the comparison, found 'and avg(memory) > 80'; combine comparisons with allOf: [...] or anyOf: [...]",
            "avg(cpu) > 70 during 5m    | 14 | expected 'for <duration>' or the end of the comparison, found 'during 5m'",
    })
    void rejectsWithThePlaceAndWhatWasExpected(String text, int offset, String message) {
        ConditionText.Parsed p = ConditionText.parse(text);
        assertThat(p.isOk()).isFalse();
        assertThat(p.error()).startsWith(message);
        assertThat(p.offset()).isEqualTo(offset);
    }

    @RepeatedTest(200)
    void formatThenParseIsIdentity(RepetitionInfo info) {
        long seed = 7_000L + info.getCurrentRepetition();
        Random r = new Random(seed);
        Condition.Compare c = PolicyGenerator.compare(r, new String[]{"cpu", "queue_depth", "http.rps", "latency_p95_ms"});
        String text = ConditionText.format(c);
        assertThat(ConditionText.parse(text).compare()).as("seed %d: %s", seed, text).isEqualTo(c);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"70 | 70", "0.25 | 0.25", "-3 | -3", "1.0E-7 | 1.0E-7", "1.5E20 | 1.5E20"})
    void numbersPrintSoTheyReadBackExactly(double v, String printed) {
        assertThat(ConditionText.number(v)).isEqualTo(printed);
        assertThat(Double.parseDouble(ConditionText.number(v))).isEqualTo(v);
    }
}
