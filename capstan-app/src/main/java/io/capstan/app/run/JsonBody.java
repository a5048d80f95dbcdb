package io.capstan.app.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON object body of a control request, read strictly: at most {@code limit} bytes however it is sent (a chunked
 * body has no Content-Length to check up front), one object with only the fields the endpoint knows, no field twice,
 * nothing after it. Each field keeps where its value starts, so a bad one is a 400 such as
 * {@code body:1:14: replicas: expected a whole number from 2 to 20, found -3}, never a stack trace. An empty body is
 * an empty object (every field absent).
 */
final class JsonBody {
    /** Control bodies are a few fields; anything near this is not one. */
    static final long LIMIT = 64 << 10;
    private static final int MAX_TEXT = 1000;

    private record Field(JsonNode value, JsonLocation at) {}

    private final Map<String, Field> fields;

    private JsonBody(Map<String, Field> fields) {
        this.fields = fields;
    }

    /** Reads the body of {@code ctx}; {@code known} are the fields the endpoint takes, in the order to name them. */
    static JsonBody read(Context ctx, long limit, List<String> known) {
        return parse(bytes(ctx, limit), known);
    }

    /** How much of a body over the limit is read and dropped before answering 413 (see {@link #bytes}). */
    private static final long DRAIN = 8L << 20;

    /**
     * At most {@code limit} bytes of the request body, 413 beyond, whether or not a Content-Length was sent. Of a
     * chunked body over the limit, up to {@link #DRAIN} more bytes are read and dropped first: a server that answers
     * and closes while the client still sends makes the client's TCP stack lose the answer (a reset), so the client
     * would see a broken connection instead of the 413. Past that, the connection is closed on it.
     */
    static byte[] bytes(Context ctx, long limit) {
        if (ctx.req().getContentLengthLong() > limit) throw ApiError.tooLarge(limit);
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] b = in.readNBytes((int) limit + 1);
            if (b.length > limit) {
                long dropped = 0;
                for (long n; dropped < DRAIN && (n = in.skip(DRAIN - dropped)) > 0; ) dropped += n;
                throw ApiError.tooLarge(limit);
            }
            return b;
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * A whole body as a tree, as strictly: no key twice in any object, nothing after the value; a syntax error is a 400
     * at its line and column.
     */
    static JsonNode tree(byte[] body) {
        try {
            return STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static ApiError notJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return ApiError.badRequest("body" + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()) + ": not JSON: " + e.getOriginalMessage());
    }

    static JsonBody parse(byte[] body, List<String> known) {
        Map<String, Field> fields = new LinkedHashMap<>();
        // The plain parser: duplicates are found below, named as a field given twice.
        try (JsonParser p = DecisionJson.JSON.getFactory().createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) return new JsonBody(fields);
            if (t != JsonToken.START_OBJECT) throw error(p.currentTokenLocation(), "expected a JSON object with " + String.join(", ", known));
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonLocation at = p.currentTokenLocation();
                if (!known.contains(name)) {
                    throw error(at, name + ": unknown field" + io.capstan.app.input.NearMiss.suggestion(name, known) + " (the fields are "
                            + String.join(", ", known) + ")");
                }
                if (fields.containsKey(name)) throw error(at, name + ": given twice");
                p.nextToken();
                JsonLocation valueAt = p.currentTokenLocation();
                fields.put(name, new Field(DecisionJson.JSON.readTree(p), valueAt));
            }
            if (t != JsonToken.END_OBJECT) throw error(p.currentTokenLocation(), "expected a field name or '}'");
            if (p.nextToken() != null) throw error(p.currentTokenLocation(), "unexpected content after the JSON object");
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read the request body: " + e.getMessage());
        }
        return new JsonBody(fields);
    }

    private static ApiError error(JsonLocation at, String message) {
        return ApiError.badRequest("body:" + at.getLineNr() + ":" + at.getColumnNr() + ": " + message);
    }

    private ApiError error(String name, String message) {
        return error(fields.get(name).at(), name + ": " + message);
    }

    boolean has(String name) {
        Field f = fields.get(name);
        return f != null && !f.value().isNull();
    }

    /** A whole number from {@code min} to {@code max}; {@code why} says where the bounds come from. */
    int integer(String name, int min, int max, String why) {
        String expected = "expected a whole number from " + min + " to " + max + (why.isEmpty() ? "" : " (" + why + ")");
        if (!has(name)) throw ApiError.badRequest("body: " + name + ": required: " + expected);
        JsonNode v = fields.get(name).value();
        if (!v.isIntegralNumber()) throw error(name, expected + ", found " + shown(v));
        if (!v.canConvertToInt() || v.intValue() < min || v.intValue() > max) throw error(name, expected + ", found " + shown(v));
        return v.intValue();
    }

    /** Text of at most 1000 characters, without control characters other than tab; null when absent and optional. */
    String text(String name, boolean required, String expected) {
        if (!has(name)) {
            if (required) throw ApiError.badRequest("body: " + name + ": required: " + expected);
            return null;
        }
        JsonNode v = fields.get(name).value();
        if (!v.isTextual()) throw error(name, "expected " + expected + ", found " + shown(v));
        String s = v.asText().strip();
        if (s.isEmpty()) {
            if (required) throw error(name, "expected " + expected + ", found an empty text");
            return null;
        }
        if (s.length() > MAX_TEXT) throw error(name, "at most " + MAX_TEXT + " characters, found " + s.length());
        if (s.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) throw error(name, "control characters are not allowed");
        return s;
    }

    /** true or false; {@code otherwise} when absent. */
    boolean bool(String name, boolean otherwise) {
        if (!has(name)) return otherwise;
        JsonNode v = fields.get(name).value();
        if (!v.isBoolean()) throw error(name, "expected true or false, found " + shown(v));
        return v.booleanValue();
    }

    /** true or false, required. */
    boolean bool(String name) {
        if (!has(name)) throw ApiError.badRequest("body: " + name + ": required: true or false");
        return bool(name, false);
    }

    /** The value as JSON, cut short: what a person sent, shown back. */
    private static String shown(JsonNode v) {
        String s = v.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
