package io.capstan.app.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads YAML or JSON into located {@link Node}s straight from Jackson's token stream: each token's
 * {@code currentTokenLocation()} is the start of the node it opens. Jackson's tree model drops locations, which is
 * why the tree is built here rather than with {@code readTree}. The same strictness for both formats: a repeated
 * key is an error at the repeat; what the caller does with several documents (YAML {@code ---}, or JSON values one
 * after another) is its choice, see {@link #single}.
 */
public final class Tree {
    private Tree() {}

    public enum Format {
        YAML, JSON;

        /** JSON for a {@code .json} file, YAML otherwise (YAML reads JSON too, but JSON's own errors read better). */
        public static Format of(Path file) {
            return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        }
    }

    /** Reads a file within the limits: its documents, or an empty list with the reasons in {@code problems}. */
    public static List<Node> readFile(Path file, Format format, InputLimits limits, Problems problems) throws InputException {
        InputFile.Read read = InputFile.read(file, limits);
        if (!read.ok()) throw new InputException(read.problem());
        return read(read.text(), format, limits, problems);
    }

    /**
     * Every document of {@code text}. A syntax error, an over-long YAML line or a repeated key is a problem; after a
     * syntax error the list is empty.
     */
    public static List<Node> read(String text, Format format, InputLimits limits, Problems problems) {
        // A byte order mark is no content: SnakeYAML skips it, Jackson's JSON parser over text does not.
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (format == Format.YAML && !linesFit(text, problems)) return List.of();
        List<Node> docs = new ArrayList<>();
        JsonParser parser = null;
        try (JsonParser p = factory(format, limits).createParser(text)) {
            parser = p;
            JsonToken t;
            while ((t = p.nextToken()) != null) docs.add(node(p, t, problems, ""));
            return docs;
        } catch (StreamConstraintsException e) {
            JsonLocation at = parser == null ? null : parser.currentTokenLocation();
            if (at == null || at.getLineNr() <= 0) at = e.getLocation();
            problems.add(at == null ? 0 : Math.max(at.getLineNr(), 0), at == null ? 0 : Math.max(at.getColumnNr(), 0), "",
                    constraintMessage(e.getOriginalMessage()));
            return List.of();
        } catch (StreamReadException e) {
            syntaxError(e, format, text, limits, problems);
            return List.of();
        } catch (IOException e) {
            problems.add(0, 0, "", "cannot read " + format.name() + ": " + e.getMessage());
            return List.of();
        }
    }

    /**
     * The one document of an input that must hold exactly one: a second YAML document or trailing JSON content is an
     * error at its start, never silently dropped. Null when there is none (reported).
     */
    public static Node single(List<Node> docs, Format format, String expected, Problems problems) {
        if (docs.isEmpty()) {
            if (!problems.hasErrors()) problems.add(1, 1, "", "expected " + expected + ", found an empty file");
            return null;
        }
        if (docs.size() > 1) {
            Node second = docs.get(1);
            problems.add(second.line(), second.column(), "", format == Format.JSON
                    ? "unexpected content after the JSON document (" + second.describe() + "); a file holds one document"
                    : "expected one YAML document, found " + docs.size() + " (the second starts here); a file holds one document");
        }
        return docs.get(0);
    }

    private static JsonFactory factory(Format format, InputLimits limits) {
        // Key length is checked where the key is read (see node): Jackson's own check names the token before the key
        // and a count of what it had buffered, not the key's length.
        StreamReadConstraints constraints = StreamReadConstraints.builder().maxNestingDepth(InputLimits.MAX_NESTING)
                .maxNameLength(Integer.MAX_VALUE)
                .maxDocumentLength(limits.maxBytes() + 1).build();
        if (format == Format.JSON) return JsonFactory.builder().streamReadConstraints(constraints).build();
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes() + 1));
        options.setNestingDepthLimit(InputLimits.MAX_NESTING);
        return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(constraints)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
    }

    /**
     * Jackson names the exceeded {@link StreamReadConstraints} limit first ("Number value length (1001) exceeds the
     * maximum allowed (1000, from ...)"); say which limit in the input's terms, without Jackson's method names.
     */
    static String constraintMessage(String raw) {
        String m = raw == null ? "" : raw;
        java.util.regex.Matcher n = java.util.regex.Pattern.compile("\\((\\d+)\\) exceeds the maximum allowed \\((\\d+)").matcher(m);
        String found = n.find() ? n.group(1) : null;
        String max = found == null ? null : n.group(2);
        if (m.startsWith("Number value length") || m.startsWith("Number length")) {
            return "number too long: at most " + max + " digits, found " + found;
        }
        if (m.startsWith("String value length") || m.startsWith("String length")) {
            return "string too long: at most " + max + " characters, found " + found;
        }
        if (m.startsWith("Name length")) return "key too long: at most " + max + " characters, found " + found;
        if (m.startsWith("Document length")) return "input too long: more than " + (Long.parseLong(max) - 1) + " characters (see --max-input-size)";
        if (m.startsWith("Document nesting depth") || m.contains("nesting")) {
            return "maps and lists nest more than " + InputLimits.MAX_NESTING + " levels deep here; no Capstan input needs more than about ten";
        }
        return "input exceeds a reading limit" + (found == null ? "" : " (" + found + " where at most " + max + " is allowed)");
    }

    /** See {@link InputLimits#MAX_YAML_LINE}: reject before SnakeYAML sees it. */
    private static boolean linesFit(String text, Problems problems) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > InputLimits.MAX_YAML_LINE) {
                    problems.add(line, InputLimits.MAX_YAML_LINE + 1, "", "line " + line + " is " + (i - start)
                            + " characters long; YAML lines may be at most " + InputLimits.MAX_YAML_LINE
                            + " (fold long text with > or |, or split the comment)");
                    return false;
                }
                line++;
                start = i + 1;
            }
        }
        return true;
    }

    private static void syntaxError(StreamReadException e, Format format, String text, InputLimits limits, Problems problems) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            // SnakeYAML knows where the problem is; Jackson's location is where its parser stood.
            if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                org.yaml.snakeyaml.error.Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
                if (mark != null) {
                    problems.add(mark.getLine() + 1, mark.getColumn() + 1, "", cleanMessage(e.getOriginalMessage(), format));
                    return;
                }
            }
        }
        JsonLocation at = e.getLocation();
        String message = cleanMessage(e.getOriginalMessage(), format);
        if (format == Format.JSON) message = jsonMessage(message, text, at, limits, problems.file());
        if (message.startsWith(NOT_JSON)) {
            problems.add(1, 1, "", message); // about the whole file, not where JSON broke
            return;
        }
        problems.add(at == null ? 0 : Math.max(at.getLineNr(), 0), at == null ? 0 : Math.max(at.getColumnNr(), 0), "", message);
    }

    /** What a JSON syntax error most often means, said plainly: a YAML habit (quotes, a trailing comma) or a YAML file. */
    private static String jsonMessage(String message, String text, JsonLocation at, InputLimits limits, Path file) {
        java.util.regex.Matcher unexpected = UNEXPECTED.matcher(message);
        if (!unexpected.find()) return message;
        char c = (unexpected.group(1) != null ? unexpected.group(1) : unexpected.group(2)).charAt(0);
        if (c == '\'') return "cannot parse JSON: JSON strings and keys use double quotes, not '";
        long offset = at == null ? -1 : at.getCharOffset();
        if ((c == '}' || c == ']') && offset > 0 && offset <= text.length()) {
            int i = (int) offset - 1;
            while (i >= 0 && Character.isWhitespace(text.charAt(i))) i--;
            if (i >= 0 && text.charAt(i) == ',') return "cannot parse JSON: trailing comma before " + c + "; JSON allows none";
        }
        // A YAML file named .json: saying where JSON broke would send the user looking for a typo.
        String plain = message.contains("was expecting double-quote to start field name") ? "cannot parse JSON: keys in JSON are in double quotes"
                : UNEXPECTED_CODE.matcher(message).replaceAll("'$1'");
        if (!YAML_ROOT.matcher(text).find()) return plain;
        Problems yaml = new Problems(file);
        List<Node> docs = read(text, Format.YAML, limits, yaml);
        if (yaml.hasErrors() || docs.isEmpty() || docs.get(0) instanceof Node.Scalar) return plain;
        String named = file != null && Format.of(file) == Format.JSON ? NOT_JSON + " named .json but is not JSON" : NOT_JSON + " not JSON";
        return named + ": it reads as YAML; write it as JSON, or name it .yaml where YAML is accepted";
    }

    private static final String NOT_JSON = "this file is";

    /** Jackson's "Unexpected character ('x' (code 120))" and "Unrecognized token 'x'". */
    private static final java.util.regex.Pattern UNEXPECTED =
            java.util.regex.Pattern.compile("Unexpected character \\('(.)' \\(code \\d+\\)\\)|Unrecognized token '(.)");
    private static final java.util.regex.Pattern UNEXPECTED_CODE = java.util.regex.Pattern.compile("\\('(.)' \\(code \\d+\\)\\)");
    /** A document that starts the way YAML maps and lists do, not the way JSON's do. */
    private static final java.util.regex.Pattern YAML_ROOT = java.util.regex.Pattern.compile("\\A(\\s*#.*\\R)*\\s*([\\w\"'-]|---)");

    private static Node node(JsonParser p, JsonToken t, Problems problems, String path) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Node.Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    JsonLocation keyAt = p.currentTokenLocation();
                    String key = p.currentName();
                    String childPath = Node.child(path, key);
                    Node value = node(p, p.nextToken(), problems, childPath);
                    if (key.length() > InputLimits.MAX_KEY_LENGTH) {
                        // reported once: not also as an unknown field echoing the whole key
                        problems.add(keyAt.getLineNr(), keyAt.getColumnNr(), path, "key too long: at most " + InputLimits.MAX_KEY_LENGTH
                                + " characters, found " + key.codePointCount(0, key.length()));
                        continue;
                    }
                    Node.Entry entry = new Node.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value);
                    Node.Entry earlier = entries.putIfAbsent(key, entry);
                    if (earlier != null) {
                        problems.add(entry.line(), entry.column(), childPath,
                                "duplicate key '" + key + "'; it is already set on line " + earlier.line());
                    }
                }
                if (k != JsonToken.END_OBJECT) throw new IllegalStateException("unexpected token " + k + " in a mapping");
                yield new Node.Mapping(entries, line, column, path);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) items.add(node(p, i, problems, Node.item(path, items.size())));
                yield new Node.Sequence(items, line, column, path);
            }
            case VALUE_STRING -> new Node.Scalar(p instanceof YAMLParser y && y.isCurrentAlias() ? Node.ScalarKind.ALIAS
                    : Node.ScalarKind.TEXT, p.getText(), line, column, path);
            case VALUE_NUMBER_INT -> new Node.Scalar(Node.ScalarKind.INTEGER, p.getText(), line, column, path);
            case VALUE_NUMBER_FLOAT -> new Node.Scalar(Node.ScalarKind.DECIMAL, p.getText(), line, column, path);
            // YAML 1.2: only true and false are booleans; SnakeYAML's YAML 1.1 also reads yes, no, on, off, y, n as
            // booleans, which turned "toMax: yes" into false. They stay the text written, so every reader sees words.
            case VALUE_TRUE, VALUE_FALSE -> new Node.Scalar(isBooleanWord(p.getText()) ? Node.ScalarKind.BOOLEAN
                    : Node.ScalarKind.TEXT, isBooleanWord(p.getText()) ? p.getText().toLowerCase(Locale.ROOT) : p.getText(), line, column, path);
            case VALUE_NULL -> new Node.Scalar(Node.ScalarKind.NULL, "", line, column, path);
            default -> new Node.Scalar(Node.ScalarKind.TEXT, p.getText(), line, column, path);
        };
    }

    private static boolean isBooleanWord(String text) {
        return "true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text);
    }

    /**
     * Jackson's JSON messages that name its own features, classes or source descriptions, in the input's terms.
     * Checked in order; the first match wins.
     */
    private static final List<Map.Entry<java.util.regex.Pattern, String>> JACKSON_WORDS = List.of(
            Map.entry(java.util.regex.Pattern.compile("(?s)Non-standard token '(NaN|[+-]?Infinity|INF)'.*"),
                    "$1 is not a number in JSON; write a finite number"),
            Map.entry(java.util.regex.Pattern.compile("(?s).*ALLOW_COMMENTS.*|.*maybe a \\(non-standard\\) comment.*"),
                    "comments (// or /* */) are not allowed in JSON; remove them, or write the file as YAML where # starts a comment"),
            Map.entry(java.util.regex.Pattern.compile("(?s).*ALLOW_SINGLE_QUOTES.*"), "strings in JSON are in double quotes"),
            Map.entry(java.util.regex.Pattern.compile("(?s).*ALLOW_UNQUOTED_FIELD_NAMES.*"), "keys in JSON are in double quotes"),
            Map.entry(java.util.regex.Pattern.compile("(?s).*ALLOW_LEADING_PLUS_SIGN.*"), "numbers in JSON have no leading +"),
            Map.entry(java.util.regex.Pattern.compile("(?s).*ALLOW_LEADING_DECIMAL_POINT.*"), "numbers in JSON start with a digit: write 0.5, not .5"),
            Map.entry(java.util.regex.Pattern.compile("(?s).*ALLOW_TRAILING_DECIMAL_POINT.*"), "numbers in JSON do not end in a point: write 5 or 5.0"),
            Map.entry(java.util.regex.Pattern.compile("(?s).*Leading zeroes not allowed.*|.*ALLOW_LEADING_ZEROS.*"),
                    "numbers in JSON have no leading zeros: write 9, not 09"),
            Map.entry(java.util.regex.Pattern.compile("(?s).*ALLOW_UNESCAPED_CONTROL_CHARS.*|.*Illegal unquoted character.*"),
                    "a control character (such as a tab or line break) inside a string must be escaped, e.g. \\t or \\n"),
            Map.entry(java.util.regex.Pattern.compile("(?s).*ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER.*|.*Unrecognized character escape.*"),
                    "unknown escape in a string; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"),
            Map.entry(java.util.regex.Pattern.compile("(?s).*ALLOW_MISSING_VALUES.*|.*ALLOW_TRAILING_COMMA.*"), "a comma with no value after it"));

    /** SnakeYAML's messages span several lines with a caret drawing; keep the words. */
    private static String cleanMessage(String raw, Format format) {
        String prefix = format == Format.JSON ? "cannot parse JSON: " : "invalid YAML: ";
        if (raw == null) return prefix.substring(0, prefix.length() - 2);
        List<String> kept = new ArrayList<>();
        for (String l : raw.split("\\R")) {
            String s = l.strip();
            if (s.isEmpty() || s.startsWith("^") || s.startsWith("in 'reader'") || s.startsWith("in 'string'")
                    || s.startsWith("in 'String'") || s.startsWith("at [Source")) continue;
            if (l.startsWith("    ")) continue; // the echoed source line
            kept.add(s);
        }
        String msg = String.join(" ", kept);
        for (Map.Entry<java.util.regex.Pattern, String> w : JACKSON_WORDS) {
            java.util.regex.Matcher m = w.getKey().matcher(msg);
            if (m.matches()) return prefix + m.replaceFirst(w.getValue());
        }
        // Whatever else names a Jackson feature or a source description loses that part.
        msg = msg.replaceAll(":? ?enable `[^`]*` to allow", "").replaceAll(" ?\\(start marker at \\[Source: [^]]*\\]\\)", "")
                .replaceAll(" ?at \\[Source: [^]]*\\]", "").replaceAll("Feature '[A-Z_]+' not enabled for parser", "not allowed");
        if (msg.contains("Expected a field name")) return "invalid YAML: expected a plain key, found a list or map used as a key";
        return prefix + (msg.isEmpty() ? raw.strip() : msg);
    }
}
