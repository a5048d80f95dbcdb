package io.capstan.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into located {@link YamlNode}s straight from Jackson's token stream: each token's
 * {@code currentTokenLocation()} is the start of the node it opens. Jackson's tree model drops
 * locations, which is why the tree is built here rather than with {@code readTree}.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().enable(com.fasterxml.jackson.dataformat.yaml.YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

    private YamlTree() {}

    /** The documents of a YAML text, or the syntax error that stopped the read. */
    record Read(List<YamlNode> documents, SyntaxError error) {}

    record SyntaxError(int line, int column, String message) {}

    static Read read(String text, Problems duplicates) {
        List<YamlNode> docs = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                docs.add(node(p, t, duplicates, ""));
            }
            return new Read(docs, null);
        } catch (StreamReadException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                // SnakeYAML knows where the problem is; Jackson's location is where its parser stood.
                if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                    org.yaml.snakeyaml.error.Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
                    if (mark != null) {
                        return new Read(docs, new SyntaxError(mark.getLine() + 1, mark.getColumn() + 1, cleanMessage(e.getOriginalMessage())));
                    }
                }
            }
            JsonLocation at = e.getLocation();
            return new Read(docs, new SyntaxError(at == null ? 0 : Math.max(at.getLineNr(), 0), at == null ? 0 : Math.max(at.getColumnNr(), 0),
                    cleanMessage(e.getOriginalMessage())));
        } catch (IOException e) {
            return new Read(docs, new SyntaxError(0, 0, "cannot read YAML: " + e.getMessage()));
        }
    }

    private static YamlNode node(JsonParser p, JsonToken t, Problems duplicates, String path) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    JsonLocation keyAt = p.currentTokenLocation();
                    String key = p.currentName();
                    String childPath = PolicyReader.child(path, key);
                    YamlNode value = node(p, p.nextToken(), duplicates, childPath);
                    YamlNode.Entry entry = new YamlNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value);
                    YamlNode.Entry earlier = entries.putIfAbsent(key, entry);
                    if (earlier != null) {
                        duplicates.add(entry.line(), entry.column(), childPath,
                                "duplicate key '" + key + "'; it is already set on line " + earlier.line());
                    }
                }
                if (k != JsonToken.END_OBJECT) throw new IllegalStateException("unexpected token " + k + " in a mapping");
                yield new YamlNode.Mapping(entries, line, column);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(node(p, i, duplicates, path + "[" + items.size() + "]"));
                }
                yield new YamlNode.Sequence(items, line, column);
            }
            case VALUE_STRING -> new YamlNode.Scalar(p instanceof YAMLParser y && y.isCurrentAlias() ? YamlNode.ScalarKind.ALIAS
                    : YamlNode.ScalarKind.TEXT, p.getText(), line, column);
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(YamlNode.ScalarKind.INTEGER, p.getText(), line, column);
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(YamlNode.ScalarKind.DECIMAL, p.getText(), line, column);
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(YamlNode.ScalarKind.BOOLEAN, p.getText(), line, column);
            case VALUE_NULL -> new YamlNode.Scalar(YamlNode.ScalarKind.NULL, "", line, column);
            default -> new YamlNode.Scalar(YamlNode.ScalarKind.TEXT, p.getText(), line, column);
        };
    }

    /** SnakeYAML's messages span several lines with a caret drawing; keep the words. */
    private static String cleanMessage(String raw) {
        if (raw == null) return "invalid YAML";
        List<String> kept = new ArrayList<>();
        for (String l : raw.split("\\R")) {
            String s = l.strip();
            if (s.isEmpty() || s.startsWith("^") || s.startsWith("in 'reader'") || s.startsWith("in 'string'")
                    || s.startsWith("in 'String'")) continue;
            if (l.startsWith("    ")) continue; // the echoed source line
            kept.add(s);
        }
        String msg = String.join(" ", kept);
        if (msg.contains("Expected a field name")) return "invalid YAML: expected a plain key, found a list or map used as a key";
        return "invalid YAML: " + (msg.isEmpty() ? raw.strip() : msg);
    }
}
