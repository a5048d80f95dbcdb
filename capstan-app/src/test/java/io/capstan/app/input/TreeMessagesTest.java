package io.capstan.app.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading limits and syntax errors in the input's terms: no Jackson feature or class names, no false reasons. */
class TreeMessagesTest {
    private static List<Problem> problems(String text, Tree.Format format) {
        Problems p = new Problems(Path.of("in." + format.name().toLowerCase()));
        Tree.read(text, format, InputLimits.DEFAULT, p);
        return p.list();
    }

    private static String only(String text, Tree.Format format) {
        List<Problem> list = problems(text, format);
        assertThat(list).hasSize(1);
        return list.get(0).toString();
    }

    @Test
    void aTooLongNumberIsNotANestingError() {
        String msg = only("{\"policy\": \"x\", \"note\": " + "1".repeat(1001) + "}", Tree.Format.JSON);
        assertThat(msg).contains("number too long: at most 1000 digits").doesNotContain("nest").doesNotContain("StreamReadConstraints")
                .startsWith("in.json:1:");
        assertThat(only("{\"cpu\": {\"value\": " + "7".repeat(1200) + "}}", Tree.Format.JSON)).contains("number too long");
    }

    @Test
    void aTooLongStringSaysSo() {
        Problems p = new Problems(Path.of("in.json"));
        Tree.read("{\"note\": \"" + "a".repeat(20_000_001) + "\"}", Tree.Format.JSON, new InputLimits(64L << 20), p);
        assertThat(p.list()).hasSize(1);
        String msg = p.list().get(0).toString();
        assertThat(msg).contains("string too long").doesNotContain("nest").doesNotContain("StreamReadConstraints");
    }

    @Test
    void deepNestingIsStillNamed() {
        assertThat(only("[".repeat(150) + "]".repeat(150), Tree.Format.JSON)).contains("nest more than 100 levels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": NaN}", "{\"a\": -Infinity}", "{\"a\": 1} // note", "/* c */ {\"a\": 1}",
            "{'a': 1}", "{a: 1}", "{\"a\": +1}", "{\"a\": 01}", "{\"a\": \"x\\qy\"}", "{\"a\": \"x\ty\"}", "{\"a\": 1,}",
            "[1,,2]", "{\"a\": .5}"})
    void jsonSyntaxErrorsNameNoParserInternals(String json) {
        String msg = only(json, Tree.Format.JSON);
        assertThat(msg).startsWith("in.json:1:").contains("cannot parse JSON")
                .doesNotContainPattern("Feature|ALLOW_|JsonReadFeature|`|\\[Source|StreamRead|com\\.fasterxml");
    }

    @Test
    void nanAndCommentsReadAsPlainWords() {
        assertThat(only("{\"a\": NaN}", Tree.Format.JSON)).contains("NaN is not a number in JSON");
        assertThat(only("{\"a\": 1} // note", Tree.Format.JSON)).contains("comments (// or /* */) are not allowed in JSON");
    }

    @Test
    void aByteOrderMarkIsAcceptedInJsonAsInYaml() {
        assertThat(problems("\uFEFF{\"a\": 1}", Tree.Format.JSON)).isEmpty();
        assertThat(problems("\uFEFFa: 1\n", Tree.Format.YAML)).isEmpty();
    }

    @Test
    void onlyTrueAndFalseAreBooleans() {
        Problems p = new Problems(Path.of("x"));
        Node.Mapping m = (Node.Mapping) Tree.read("a: yes\nb: on\nc: off\nd: true\ne: False\nf: n\n", Tree.Format.YAML,
                InputLimits.DEFAULT, p).get(0);
        assertThat(m.entries().values().stream().map(e -> ((Node.Scalar) e.value()).describe()).toList())
                .containsExactly("text 'yes'", "text 'on'", "text 'off'", "true", "false", "text 'n'");
        assertThat(Types.bool().read(m.get("a"), p)).isNull();
        assertThat(p.list().get(0).message()).isEqualTo("expected true or false, found text 'yes'");
        assertThat(Types.bool().read(m.get("e"), p)).isFalse();
    }

    @Test
    void controlAndBidiCharactersAreEscapedInEveryMessage() {
        Problem p = Problem.error(Path.of("f.yaml"), 1, 1, "targets[1].name", "duplicate target name 'a\u202Eb\u001B[31mRED' and cpu\u0000");
        assertThat(p.toString()).isEqualTo("f.yaml:1:1: targets[1].name: duplicate target name 'a\\u202Eb\\u001B[31mRED' and cpu\\u0000");
        assertThat(p.toString()).doesNotContain("\u001B", "\u202E", "\u0000");
    }

    @Test
    void sizeLimitsSayExactlyWhatTheyAccept() {
        assertThat(InputLimits.parse("1").describe()).isEqualTo("1 byte");
        assertThat(InputLimits.parse("2147483638").maxBytes()).isEqualTo(2147483638L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InputLimits.parse("2147483639"))
                .hasMessage("size 2147483639 is above 2147483638 bytes, the most a file can be read into memory");
    }

    @Test
    void aHugeEchoedValueIsShownByItsStartAndLengthNotWhole() {
        String name = "k".repeat(3_000_000);
        Problem p = Problem.error(Path.of("s.json"), 1, 34, "target", "no target named '" + name + "'");
        assertThat(p.toString()).hasSizeLessThan(1200).startsWith("s.json:1:34: target: no target named 'kkk")
                .contains(" ... (" + (name.length() + 18 - 1000) + " characters left out) ... ").endsWith("kkk'");
    }

    @Test
    void aReplicaCountBeyondIntNamesTheLimitNotJustTheKind() {
        Problems p = new Problems(Path.of("s.json"));
        Node.Mapping m = (Node.Mapping) Tree.read("{\"specReplicas\": 99999999999999999999}", Tree.Format.JSON, InputLimits.DEFAULT, p).get(0);
        assertThat(Types.integer(0, Integer.MAX_VALUE).read(m.get("specReplicas"), p)).isNull();
        assertThat(p.list()).singleElement().asString()
                .isEqualTo("s.json:1:18: specReplicas: expected a whole number of at most 2147483647, found 99999999999999999999");
    }

    @Test
    void aTooLongKeyIsCountedAndLocatedAtTheKey() {
        String key = "k".repeat(60_000);
        assertThat(only("{\n  \"a\": [],\n  \"" + key + "\": 1\n}\n", Tree.Format.JSON))
                .isEqualTo("in.json:3:3: key too long: at most 50000 characters, found 60000");
        // escapes count as the characters they stand for
        assertThat(only("{\"a\": 1, \"" + "\\u0041".repeat(50_001) + "\": 1}", Tree.Format.JSON))
                .isEqualTo("in.json:1:10: key too long: at most 50000 characters, found 50001");
        // a nested key names its parent, and the limit itself is accepted
        assertThat(only("{\"a\": {\"" + "k".repeat(50_001) + "\": 1}}", Tree.Format.JSON)).startsWith("in.json:1:8: a: key too long");
        assertThat(problems("{\"" + "k".repeat(50_000) + "\": 1}", Tree.Format.JSON)).isEmpty();
    }

    @Test
    void yamlHabitsInJsonAreNamedPlainly() {
        assertThat(only("{'targets': []}", Tree.Format.JSON)).isEqualTo("in.json:1:2: cannot parse JSON: JSON strings and keys use double quotes, not '");
        assertThat(only("{\"a\": 'x'}", Tree.Format.JSON)).isEqualTo("in.json:1:7: cannot parse JSON: JSON strings and keys use double quotes, not '");
        assertThat(only("{\"a\": [1, 2,]}", Tree.Format.JSON)).isEqualTo("in.json:1:13: cannot parse JSON: trailing comma before ]; JSON allows none");
        assertThat(only("{\"a\": 1,\n}", Tree.Format.JSON)).isEqualTo("in.json:2:1: cannot parse JSON: trailing comma before }; JSON allows none");
        assertThat(only("{a: 1}", Tree.Format.JSON)).isEqualTo("in.json:1:2: cannot parse JSON: keys in JSON are in double quotes");
        // a closing bracket after a value is not a trailing comma
        assertThat(only("{\"a\": [1 2]}", Tree.Format.JSON)).doesNotContain("trailing comma").doesNotContain("(code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"targets:\n  - name: web\n", "# a policy\n- a\n- b\n", "---\na: 1\n"})
    void aYamlFileNamedJsonSaysSo(String yaml) {
        assertThat(only(yaml, Tree.Format.JSON))
                .isEqualTo("in.json:1:1: this file is named .json but is not JSON: it reads as YAML; write it as JSON, or name it .yaml where YAML is accepted");
    }

    @Test
    void plainTextIsNotCalledYaml() {
        assertThat(only("hello world", Tree.Format.JSON)).doesNotContain("YAML").contains("cannot parse JSON");
    }
}
