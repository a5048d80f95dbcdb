package io.capstan.app.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class YamlTreeTest {
    private static YamlNode.Mapping root(String yaml, Problems problems) {
        YamlTree.Read read = YamlTree.read(yaml, problems);
        assertThat(read.error()).isNull();
        return (YamlNode.Mapping) read.documents().get(0);
    }

    @Test
    void everyNodeKnowsWhereItStarts() {
        Problems p = new Problems(Path.of("x"));
        YamlNode.Mapping m = root("""
                a: 1
                b:
                  - x
                  - {c: "q", d: 2.5}
                """, p);
        YamlNode.Entry a = m.entries().get("a");
        assertThat(List.of(a.line(), a.column(), a.value().line(), a.value().column())).containsExactly(1, 1, 1, 4);
        YamlNode.Sequence b = (YamlNode.Sequence) m.entries().get("b").value();
        assertThat(List.of(b.line(), b.column())).containsExactly(3, 3);
        assertThat(List.of(b.items().get(0).line(), b.items().get(0).column())).containsExactly(3, 5);
        YamlNode.Mapping inner = (YamlNode.Mapping) b.items().get(1);
        assertThat(List.of(inner.line(), inner.column())).containsExactly(4, 5);
        YamlNode.Entry c = inner.entries().get("c");
        assertThat(List.of(c.line(), c.column(), c.value().line(), c.value().column())).containsExactly(4, 6, 4, 9);
        assertThat(p.count()).isZero();
    }

    @Test
    void scalarsKeepTheirKind() {
        YamlNode.Mapping m = root("""
                s: text
                q: "5"
                i: 5
                d: 2.5
                b: true
                n:
                t: ~
                """, new Problems(Path.of("x")));
        assertThat(m.entries().values().stream().map(e -> ((YamlNode.Scalar) e.value()).kind()).toList()).containsExactly(
                YamlNode.ScalarKind.TEXT, YamlNode.ScalarKind.TEXT, YamlNode.ScalarKind.INTEGER, YamlNode.ScalarKind.DECIMAL,
                YamlNode.ScalarKind.BOOLEAN, YamlNode.ScalarKind.NULL, YamlNode.ScalarKind.NULL);
        assertThat(m.entries().get("q").value().describe()).isEqualTo("text '5'");
        assertThat(m.entries().get("i").value().describe()).isEqualTo("the number 5");
        assertThat(m.entries().get("n").value().describe()).isEqualTo("nothing");
    }

    @Test
    void keysKeepDocumentOrder() {
        YamlNode.Mapping m = root("z: 1\na: 2\nm: 3\n", new Problems(Path.of("x")));
        assertThat(m.entries().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void duplicateKeysAreProblemsAndTheFirstValueStays() {
        Problems p = new Problems(Path.of("x.yaml"));
        YamlNode.Mapping m = root("a: 1\nb: {c: 1, c: 2}\na: 3\n", p);
        assertThat(((YamlNode.Scalar) m.entries().get("a").value()).text()).isEqualTo("1");
        assertThat(p.list()).extracting(ConfigProblem::toString).containsExactly(
                "x.yaml:2:11: b.c: duplicate key 'c'; it is already set on line 2",
                "x.yaml:3:1: a: duplicate key 'a'; it is already set on line 1");
    }

    @Test
    void severalDocumentsAreAllRead() {
        YamlTree.Read read = YamlTree.read("a: 1\n---\nb: 2\n---\n- 3\n", new Problems(Path.of("x")));
        assertThat(read.documents()).hasSize(3);
        assertThat(read.documents().get(2)).isInstanceOf(YamlNode.Sequence.class);
        assertThat(read.documents().get(2).line()).isEqualTo(5);
    }

    @Test
    void syntaxErrorsCarryTheProblemPosition() {
        YamlTree.Read read = YamlTree.read("a: [1, 2\nb: 3\n", new Problems(Path.of("x")));
        assertThat(read.error()).isNotNull();
        assertThat(read.error().line()).isEqualTo(2);
        assertThat(read.error().message()).startsWith("invalid YAML: ").doesNotContain("^").doesNotContain("\n");
    }

    @Test
    void aliasesAreMarked() {
        YamlNode.Mapping m = root("a: &x hello\nb: *x\n", new Problems(Path.of("x")));
        YamlNode.Scalar b = (YamlNode.Scalar) m.entries().get("b").value();
        assertThat(b.kind()).isEqualTo(YamlNode.ScalarKind.ALIAS);
        assertThat(b.isValue()).isFalse();
        assertThat(((YamlNode.Scalar) m.entries().get("a").value()).text()).isEqualTo("hello");
    }
}
