package io.capstan.core.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The parameters of a named action, copied in the order given. {@code Map.copyOf} iterates in an
 * order salted afresh in every JVM, and explanations print the parameters: decisions.csv of the same
 * run differed from one run to the next.
 */
public final class Params {
    private Params() {}

    /** An unmodifiable copy in {@code params}' iteration order; null is empty; null keys and values are refused. */
    public static Map<String, String> copyOf(Map<String, String> params) {
        if (params == null || params.isEmpty()) return Map.of();
        Map<String, String> copy = new LinkedHashMap<>(params.size() * 2);
        params.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "parameter name"), Objects.requireNonNull(v, "value of parameter " + k)));
        return Collections.unmodifiableMap(copy);
    }
}
