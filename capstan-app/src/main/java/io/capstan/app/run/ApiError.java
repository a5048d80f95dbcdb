package io.capstan.app.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success that a client caused or must know about: its status and a message for a person
 * ({@code {"error": "..."}}, plus any details). Thrown by the API's handlers and written by its exception mapper, so a
 * handler says what is wrong in one line; it carries no stack trace, since nothing about it is a bug.
 */
final class ApiError extends RuntimeException {
    final int status;
    final Map<String, Object> body;

    ApiError(int status, String message) {
        this(status, message, Map.of());
    }

    ApiError(int status, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("error", message);
        b.putAll(details);
        this.body = b;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError tooLarge(long limit) {
        return new ApiError(413, "the request body is larger than " + size(limit) + "; send less at a time");
    }

    /** 4 MiB, 64 KiB. */
    static String size(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes >= 1 << 10 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }
}
