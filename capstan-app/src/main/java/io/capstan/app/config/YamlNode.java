package io.capstan.app.config;

import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each node starts, so every problem found while
 * mapping it to the model can name a line and column. Lines and columns are 1-based.
 */
sealed interface YamlNode {
    int line();

    int column();

    /** How the node reads in a message: "a map", "a list", "text 'abc'", "the number 5"... */
    String describe();

    /** ALIAS is a YAML alias ({@code *name}): not supported, so no reader accepts it. */
    enum ScalarKind { TEXT, INTEGER, DECIMAL, BOOLEAN, NULL, ALIAS }

    record Scalar(ScalarKind kind, String text, int line, int column) implements YamlNode {
        /** A value readers may take as text: not null, not an alias. */
        boolean isValue() {
            return kind != ScalarKind.NULL && kind != ScalarKind.ALIAS;
        }

        @Override
        public String describe() {
            return switch (kind) {
                case TEXT -> "text '" + text + "'";
                case INTEGER, DECIMAL -> "the number " + text;
                case BOOLEAN -> text;
                case NULL -> "nothing";
                case ALIAS -> "the alias *" + text + " (anchors and aliases are not supported; write the value out)";
            };
        }
    }

    /** A key and its value; the key's own position is where unknown-field problems point. */
    record Entry(String key, int line, int column, YamlNode value) {}

    /** @param entries by key, in document order */
    record Mapping(Map<String, Entry> entries, int line, int column) implements YamlNode {
        @Override
        public String describe() {
            return "a map";
        }
    }

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }
}
