package io.capstan.app.source.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One answer of {@code /api/v1/query}, read as a stream (a grouped answer holds thousands of series; no tree is built):
 * either an error ({@code status: error} with its errorType and error) or a result of a type with its series.
 * A scalar is one series without labels.
 */
sealed interface PromAnswer {
    record Error(String errorType, String error) implements PromAnswer {}

    /**
     * @param resultType vector, scalar, matrix or string
     * @param series     a vector's series, or the scalar as one series; empty for the other types
     */
    record Result(String resultType, List<Series> series, List<Range> ranges) implements PromAnswer {
        Result(String resultType, List<Series> series) {
            this(resultType, series, List.of());
        }
    }

    /** @param value the value as Prometheus writes it ("42", "NaN", "+Inf") */
    record Series(Map<String, String> labels, Instant at, String value) {}

    /** One series of a matrix ({@code /api/v1/query_range}): its values at the step times, as Prometheus writes them. */
    record Range(Map<String, String> labels, long[] epochMillis, String[] values) {}

    JsonFactory JSON = new JsonFactory();

    /** Reads an answer; an IOException for what is not one (not JSON, no status). */
    static PromAnswer read(InputStream body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("the answer is not a JSON object");
            String status = null;
            String errorType = null;
            String error = null;
            Result result = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "status" -> status = p.getValueAsString();
                    case "errorType" -> errorType = p.getValueAsString();
                    case "error" -> error = p.getValueAsString();
                    case "data" -> result = t == JsonToken.START_OBJECT ? data(p) : skip(p);
                    default -> p.skipChildren();
                }
            }
            if ("error".equals(status)) return new Error(errorType == null ? "error" : errorType, error == null ? "" : error);
            if (!"success".equals(status)) throw new IOException("the answer has no status success or error");
            if (result == null) throw new IOException("the answer has no data");
            return result;
        }
    }

    private static Result skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static Result data(JsonParser p) throws IOException {
        String type = null;
        List<Series> series = new ArrayList<>();
        List<Range> ranges = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("resultType")) {
                type = p.getValueAsString();
            } else if (field.equals("result") && t == JsonToken.START_ARRAY) {
                JsonToken first = p.nextToken();
                if (first == JsonToken.START_OBJECT) {
                    for (JsonToken i = first; i == JsonToken.START_OBJECT; i = p.nextToken()) series(p, series, ranges);
                } else if (first != JsonToken.END_ARRAY) {
                    // A scalar or string: [timestamp, "value"].
                    Instant at = instant(p);
                    p.nextToken();
                    series.add(new Series(Map.of(), at, p.getValueAsString()));
                    while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        if (type == null) throw new IOException("the answer's data has no resultType");
        return new Result(type, "vector".equals(type) || "scalar".equals(type) ? series : List.of(), "matrix".equals(type) ? ranges : List.of());
    }

    /** One object of a result: a vector's series (value) or a matrix's (values). */
    private static void series(JsonParser p, List<Series> series, List<Range> ranges) throws IOException {
        Map<String, String> labels = Map.of();
        Instant at = null;
        String value = null;
        List<Long> times = null;
        List<String> values = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("metric") && t == JsonToken.START_OBJECT) {
                labels = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    labels.put(name, p.getValueAsString());
                }
            } else if (field.equals("value") && t == JsonToken.START_ARRAY) {
                p.nextToken();
                at = instant(p);
                p.nextToken();
                value = p.getValueAsString();
                while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren();
            } else if (field.equals("values") && t == JsonToken.START_ARRAY) {
                times = new ArrayList<>();
                values = new ArrayList<>();
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    times.add(instant(p).toEpochMilli());
                    p.nextToken();
                    values.add(p.getValueAsString());
                    while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        if (times != null) {
            long[] at2 = new long[times.size()];
            for (int i = 0; i < at2.length; i++) at2[i] = times.get(i);
            ranges.add(new Range(labels, at2, values.toArray(String[]::new)));
        } else {
            series.add(new Series(labels, at, value));
        }
    }

    /** Prometheus writes times as seconds since the epoch with up to millisecond decimals. */
    private static Instant instant(JsonParser p) throws IOException {
        if (!p.currentToken().isNumeric()) throw new IOException("expected a timestamp, found " + p.getText());
        return Instant.ofEpochMilli(Math.round(p.getDoubleValue() * 1000));
    }
}
