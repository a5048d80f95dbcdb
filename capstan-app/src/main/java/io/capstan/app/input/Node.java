package io.capstan.app.input;

import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON document as a tree that remembers where each node starts and its path from the document root, so
 * every problem found while reading it can name a line, a column and a path. Lines and columns are 1-based.
 * Paths read {@code targets[0].policies[1].threshold.when}: keys joined by dots, list items by index.
 */
public sealed interface Node {
    int line();

    int column();

    String path();

    /** How the node reads in a message: "a map", "a list", "text 'abc'", "the number 5"... */
    String describe();

    /** The path of a key under a path. */
    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The path of a list item under a path. */
    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /** ALIAS is a YAML alias ({@code *name}): not supported, so no reader accepts it. */
    enum ScalarKind { TEXT, INTEGER, DECIMAL, BOOLEAN, NULL, ALIAS }

    record Scalar(ScalarKind kind, String text, int line, int column, String path) implements Node {
        /** A value readers may take as text: not null, not an alias. */
        public boolean isValue() {
            return kind != ScalarKind.NULL && kind != ScalarKind.ALIAS;
        }

        public boolean isNumber() {
            return kind == ScalarKind.INTEGER || kind == ScalarKind.DECIMAL;
        }

        public boolean isNull() {
            return kind == ScalarKind.NULL;
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
    record Entry(String key, int line, int column, Node value) {}

    /** @param entries by key, in document order */
    record Mapping(Map<String, Entry> entries, int line, int column, String path) implements Node {
        @Override
        public String describe() {
            return "a map";
        }

        /** The value under a key, or null when the key is absent. */
        public Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }
    }

    record Sequence(List<Node> items, int line, int column, String path) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }
}
