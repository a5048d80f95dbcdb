package io.capstan.app.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CLI options read with the input layer's types: one size grammar, one duration grammar shared with policy files. */
class OptionValueTest {
    private static final Type<Long> TRACE_BYTES = Types.size(Long.MAX_VALUE, "the largest size there is");

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            // what --max-trace-bytes accepted
            "512m, 536870912", "2g, 2147483648", "1000000, 1000000", "16k, 16384", "512M, 536870912",
            // what --max-input-size accepted
            "4MiB, 4194304", "512KiB, 524288", "1 GiB, 1073741824", "4mb, 4194304", "10b, 10", "1kb, 1024", "' 3 m ', 3145728",
            // digit separators, as in policy files
            "1_048_576, 1048576"})
    void everySizeSpellingEitherOptionAcceptedIsOneGrammar(String text, long bytes) {
        assertThat(OptionValue.read("--max-trace-bytes", text, TRACE_BYTES)).isEqualTo(bytes);
        if (bytes <= InputLimits.MAX_READABLE) assertThat(InputLimits.parse(text).maxBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0          | expected a size of at least 1 byte, found 0",
            "0k         | expected a size of at least 1 byte, found 0k",
            "-1         | expected a size such as 4MiB, 512k or 1048576 (bytes), found '-1'",
            "1.5g       | expected a size such as 4MiB, 512k or 1048576 (bytes), found '1.5g'",
            "4 TiB      | expected a size such as 4MiB, 512k or 1048576 (bytes), found '4 TiB'",
            "lots       | expected a size such as 4MiB, 512k or 1048576 (bytes), found 'lots'",
            "1e6        | expected a size such as 4MiB, 512k or 1048576 (bytes), found '1e6'",
            "99999999999999999999 | size 99999999999999999999 is above 9223372036854775807 bytes, the largest size there is",
            "9999999999g | size 9999999999g is above 9223372036854775807 bytes, the largest size there is"})
    void wrongSizesSayWhy(String text, String message) {
        List<String> usage = new ArrayList<>();
        assertThat(OptionValue.read("--max-trace-bytes", text, TRACE_BYTES, usage)).isNull();
        assertThat(usage).containsExactly("--max-trace-bytes " + text + ": " + message);
    }

    @Test
    void anInputLimitAboveWhatOneFileCanBeReadIntoIsRefused() {
        assertThatThrownBy(() -> InputLimits.parse("3g")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size 3g is above 2147483638 bytes, the most a file can be read into memory");
        assertThatThrownBy(() -> InputLimits.parse("")).hasMessageContaining("expected a size such as 4MiB");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1m, 60000", "90, 90000", "90s, 90000", "1h30m, 5400000", "500ms, 500", "2d, 172800000", "1w, 604800000", "366d, 31622400000",
            "1.5m, 90000", "' 5m ', 300000"})
    void stepsAreDurationsAsPolicyFilesWriteThem(String text, long millis) {
        assertThat(OptionValue.read("--step", text, Types.duration(Duration.ofMillis(1)))).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0s", "0", "-1m", "1x", "367d", "200000000000d", "9223372036854775807s", "m", "", "5 m", "1e9", "0.1ms"})
    void aWrongStepGivesTheMessageAPolicyFileGivesForTheSameText(String text) throws Exception {
        List<String> usage = new ArrayList<>();
        assertThat(OptionValue.read("--step", text, Types.duration(Duration.ofMillis(1)), usage)).isNull();
        assertThat(usage).hasSize(1);
        // the same text as a policy file's duration (a cooldown: also at least 1ms... read with the same type)
        Problems problems = new Problems(Path.of("p.yaml"));
        List<Node> docs = Tree.read("d: " + (text.isEmpty() ? "''" : text) + "\n", Tree.Format.YAML, InputLimits.DEFAULT, problems);
        Types.duration(Duration.ofMillis(1)).read(((Node.Mapping) docs.get(0)).get("d"), problems);
        assertThat(problems.list()).singleElement().extracting(Problem::message)
                .isEqualTo(usage.get(0).substring(("--step " + text + ": ").length()));
    }

    @Test
    void choicesSuggestANearMiss() {
        List<String> usage = new ArrayList<>();
        Type<String> dedupe = Types.choice(Types.options("error", "error", "last", "last"));
        assertThat(OptionValue.read("--dedupe", "LAST", dedupe, usage)).isEqualTo("last");
        assertThat(OptionValue.read("--dedupe", "lsat", dedupe, usage)).isNull();
        assertThat(usage).singleElement().asString().startsWith("--dedupe lsat: expected error | last, found text 'lsat'").contains("did you mean 'last'?");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"20000000 | 20000000", "2.0e+7 | 20000000", "2e7 | 20000000", "20_000_000 | 20000000", "1 | 1"})
    void wholeNumbersAreReadAsInPolicyFiles(String text, long value) {
        assertThat(OptionValue.read("--max-steps", text, Types.wholeNumber(1, Long.MAX_VALUE))).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "-1", "1.5", "lots", "9223372036854775808", "1.0e+400", "1e30", "0x10", "010"})
    void wrongWholeNumbersAreRefused(String text) {
        assertThatThrownBy(() -> OptionValue.read("--max-steps", text, Types.wholeNumber(1, Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text.equals("010") ? "leading zeros" : "expected a whole number");
    }
}
