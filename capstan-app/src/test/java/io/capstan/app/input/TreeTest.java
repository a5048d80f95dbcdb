package io.capstan.app.input;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TreeTest {
    private static Node.Mapping root(String yaml, Problems problems) {
        List<Node> docs = Tree.read(yaml, Tree.Format.YAML, InputLimits.DEFAULT, problems);
        return (Node.Mapping) docs.get(0);
    }

    @Test
    void everyNodeKnowsWhereItStarts() {
        Problems p = new Problems(Path.of("x"));
        Node.Mapping m = root("""
                a: 1
                b:
                  - x
                  - {c: "q", d: 2.5}
                """, p);
        Node.Entry a = m.entries().get("a");
        assertThat(List.of(a.line(), a.column(), a.value().line(), a.value().column())).containsExactly(1, 1, 1, 4);
        Node.Sequence b = (Node.Sequence) m.entries().get("b").value();
        assertThat(List.of(b.line(), b.column())).containsExactly(3, 3);
        assertThat(List.of(b.items().get(0).line(), b.items().get(0).column())).containsExactly(3, 5);
        Node.Mapping inner = (Node.Mapping) b.items().get(1);
        assertThat(List.of(inner.line(), inner.column())).containsExactly(4, 5);
        Node.Entry c = inner.entries().get("c");
        assertThat(List.of(c.line(), c.column(), c.value().line(), c.value().column())).containsExactly(4, 6, 4, 9);
        assertThat(p.count()).isZero();
    }

    @Test
    void scalarsKeepTheirKind() {
        Node.Mapping m = root("""
                s: text
                q: "5"
                i: 5
                d: 2.5
                b: true
                n:
                t: ~
                """, new Problems(Path.of("x")));
        assertThat(m.entries().values().stream().map(e -> ((Node.Scalar) e.value()).kind()).toList()).containsExactly(
                Node.ScalarKind.TEXT, Node.ScalarKind.TEXT, Node.ScalarKind.INTEGER, Node.ScalarKind.DECIMAL,
                Node.ScalarKind.BOOLEAN, Node.ScalarKind.NULL, Node.ScalarKind.NULL);
        assertThat(m.entries().get("q").value().describe()).isEqualTo("text '5'");
        assertThat(m.entries().get("i").value().describe()).isEqualTo("the number 5");
        assertThat(m.entries().get("n").value().describe()).isEqualTo("nothing");
    }

    @Test
    void keysKeepDocumentOrder() {
        Node.Mapping m = root("z: 1\na: 2\nm: 3\n", new Problems(Path.of("x")));
        assertThat(m.entries().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void duplicateKeysAreProblemsAndTheFirstValueStays() {
        Problems p = new Problems(Path.of("x.yaml"));
        Node.Mapping m = root("a: 1\nb: {c: 1, c: 2}\na: 3\n", p);
        assertThat(((Node.Scalar) m.entries().get("a").value()).text()).isEqualTo("1");
        assertThat(p.list()).extracting(Problem::toString).containsExactly(
                "x.yaml:2:11: b.c: duplicate key 'c'; it is already set on line 2",
                "x.yaml:3:1: a: duplicate key 'a'; it is already set on line 1");
    }

    @Test
    void severalDocumentsAreAllRead() {
        List<Node> docs = Tree.read("a: 1\n---\nb: 2\n---\n- 3\n", Tree.Format.YAML, InputLimits.DEFAULT, new Problems(Path.of("x")));
        assertThat(docs).hasSize(3);
        assertThat(docs.get(2)).isInstanceOf(Node.Sequence.class);
        assertThat(docs.get(2).line()).isEqualTo(5);
    }

    @Test
    void syntaxErrorsCarryTheProblemPosition() {
        Problems p = new Problems(Path.of("x"));
        assertThat(Tree.read("a: [1, 2\nb: 3\n", Tree.Format.YAML, InputLimits.DEFAULT, p)).isEmpty();
        assertThat(p.list()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).startsWith("invalid YAML: ").doesNotContain("^").doesNotContain("\n");
        });
    }

    @Test
    void aliasesAreMarked() {
        Node.Mapping m = root("a: &x hello\nb: *x\n", new Problems(Path.of("x")));
        Node.Scalar b = (Node.Scalar) m.entries().get("b").value();
        assertThat(b.kind()).isEqualTo(Node.ScalarKind.ALIAS);
        assertThat(b.isValue()).isFalse();
        assertThat(((Node.Scalar) m.entries().get("a").value()).text()).isEqualTo("hello");
    }

    @Test
    void deepNestingIsALocatedProblemNotAStackOverflow() {
        for (Tree.Format format : Tree.Format.values()) {
            Problems p = new Problems(Path.of("deep"));
            String text = (format == Tree.Format.JSON ? "{\"a\": " : "a: ") + "[".repeat(5000) + "]".repeat(5000) + (format == Tree.Format.JSON ? "}" : "");
            assertThat(Tree.read(text, format, InputLimits.DEFAULT, p)).isEmpty();
            assertThat(p.list()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(1);
                assertThat(e.message()).startsWith("maps and lists nest more than 100 levels deep");
            });
        }
    }

    @Test
    void jsonAllowsOneDocumentAndYamlTooWhenAskedForOne() {
        Problems p = new Problems(Path.of("x.json"));
        List<Node> docs = Tree.read("{\"a\": 1}\n[2]\n", Tree.Format.JSON, InputLimits.DEFAULT, p);
        Tree.single(docs, Tree.Format.JSON, "an object", p);
        assertThat(p.list()).extracting(Problem::toString)
                .containsExactly("x.json:2:1: unexpected content after the JSON document (a list); a file holds one document");
        Problems y = new Problems(Path.of("x.yaml"));
        Tree.single(Tree.read("a: 1\n---\nb: 2\n", Tree.Format.YAML, InputLimits.DEFAULT, y), Tree.Format.YAML, "a map", y);
        assertThat(y.list()).extracting(Problem::toString)
                .containsExactly("x.yaml:3:1: expected one YAML document, found 2 (the second starts here); a file holds one document");
    }
}
