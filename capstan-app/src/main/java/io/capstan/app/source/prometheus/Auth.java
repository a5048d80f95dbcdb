package io.capstan.app.source.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How requests to Prometheus authenticate: not at all, with a bearer token, or with HTTP basic auth. */
sealed interface Auth {
    /** The Authorization header's value, or null for none; throws {@link Secret.Unreadable}. */
    String header();

    record None() implements Auth {
        @Override
        public String header() {
            return null;
        }
    }

    record Bearer(Secret token) implements Auth {
        @Override
        public String header() {
            return "Bearer " + token.read();
        }
    }

    record Basic(String user, Secret password) implements Auth {
        @Override
        public String header() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password.read()).getBytes(StandardCharsets.UTF_8));
        }
    }
}
