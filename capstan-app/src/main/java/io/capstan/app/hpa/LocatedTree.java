package io.capstan.app.hpa;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Jackson tree that remembers where each value started, because a plain JsonNode forgets its JsonLocation and
 * every error must name file, line and column. Works for JSON and (multi-document) YAML alike.
 */
public final class LocatedTree {

    private final String file;
    private final Map<String, JsonLocation> locations;

    private LocatedTree(String file, Map<String, JsonLocation> locations) {
        this.file = file;
        this.locations = locations;
    }

    public String file() {
        return file;
    }

    /** Reads every document of a file; an unreadable file is a Problem in words (not found, a directory...). */
    public static List<Node> readFile(JsonFactory factory, java.nio.file.Path file) throws ProblemException {
        String content;
        try {
            content = java.nio.file.Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ProblemException(new Problem(file.toString(), 0, 0, "", "file not found"));
        } catch (IOException e) {
            String why = java.nio.file.Files.isDirectory(file) ? "it is a directory" : e.getMessage();
            throw new ProblemException(new Problem(file.toString(), 0, 0, "", "cannot read the file: " + why));
        }
        return read(factory, content, file.toString());
    }

    /** Reads every document of {@code content}; syntax errors become a Problem at the parser's location. */
    public static List<Node> read(JsonFactory factory, String content, String file) throws ProblemException {
        Map<String, JsonLocation> locations = new HashMap<>();
        LocatedTree tree = new LocatedTree(file, locations);
        List<Node> docs = new ArrayList<>();
        try (JsonParser p = factory.createParser(content)) {
            int doc = 0;
            while (p.nextToken() != null) {
                String root = "#" + doc++;
                JsonNode node = build(p, root, locations);
                docs.add(new Node(tree, node, root, ""));
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new ProblemException(new Problem(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), "",
                    "cannot parse: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ProblemException(new Problem(file, 0, 0, "", "cannot read: " + e.getMessage()));
        }
        if (docs.isEmpty()) throw new ProblemException(new Problem(file, 0, 0, "", "the file is empty"));
        return docs;
    }

    private static JsonNode build(JsonParser p, String pointer, Map<String, JsonLocation> locations) throws IOException {
        locations.put(pointer, p.currentTokenLocation());
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, build(p, pointer + "/" + name.replace("~", "~0").replace("/", "~1"), locations));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) a.add(build(p, pointer + "/" + i++, locations));
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return f.numberNode(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return f.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new IOException("unexpected token " + t);
        }
    }

    /** A node of the tree with its pointer (document-relative path for messages). */
    public record Node(LocatedTree tree, JsonNode json, String key, String path) {

        public boolean has(String field) {
            JsonNode v = json.get(field);
            return v != null && !v.isNull();
        }

        /** The child, or null when absent or null. */
        public Node get(String field) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) return null;
            return new Node(tree, v, key + "/" + escape(field), path + "/" + field);
        }

        public Node require(String field, String expected) throws ProblemException {
            Node n = get(field);
            if (n == null) throw problem("missing \"" + field + "\": expected " + expected);
            return n;
        }

        public List<Node> elements() {
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < json.size(); i++) out.add(new Node(tree, json.get(i), key + "/" + i, path + "/" + i));
            return out;
        }

        public List<Node> array(String field, String expected) throws ProblemException {
            Node n = get(field);
            if (n == null) return List.of();
            if (!n.json.isArray()) throw n.problem("expected an array of " + expected + ", got " + n.shown());
            return n.elements();
        }

        public String text(String expected) throws ProblemException {
            if (!json.isTextual()) throw problem("expected " + expected + ", got " + shown());
            return json.asText();
        }

        public int integer(String expected) throws ProblemException {
            if (!json.isIntegralNumber() || !json.canConvertToInt()) throw problem("expected " + expected + ", got " + shown());
            return json.intValue();
        }

        public long seconds(String what) throws ProblemException {
            if (!json.isIntegralNumber() || !json.canConvertToLong() || json.longValue() < 0) {
                throw problem("expected " + what + " as a whole number of seconds, 0 or more, got " + shown());
            }
            return json.longValue();
        }

        public boolean bool(String expected) throws ProblemException {
            if (!json.isBoolean()) throw problem("expected " + expected + " (true or false), got " + shown());
            return json.booleanValue();
        }

        public double number(String expected) throws ProblemException {
            if (!json.isNumber()) throw problem("expected " + expected + ", got " + shown());
            return json.doubleValue();
        }

        /** A quantity string or a plain number in base units. */
        public Quantity quantity() throws ProblemException {
            if (json.isNumber()) return Quantity.of(json.decimalValue());
            if (json.isTextual()) {
                var q = Quantity.parse(json.asText());
                if (q.isPresent()) return q.get();
            }
            throw problem("expected " + Quantity.EXPECTED + ", got " + shown());
        }

        public String shown() {
            if (json.isTextual()) return "\"" + json.asText() + "\"";
            if (json.isObject()) return "an object";
            if (json.isArray()) return "an array";
            return json.toString();
        }

        public ProblemException problem(String message) {
            JsonLocation l = tree.locations.get(key);
            return new ProblemException(new Problem(tree.file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    path.isEmpty() ? "/" : path, message));
        }

        private static String escape(String field) {
            return field.replace("~", "~0").replace("/", "~1");
        }
    }
}
