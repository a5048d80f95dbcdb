package io.capstan.core.decide;

import io.capstan.core.model.Severity;

import java.util.Map;

/** A non-replica step the decision asks for (vertical scale, enable caching...), with the policy that asked. */
public record NamedAction(String name, Map<String, String> params, String policy, Severity severity, String reason) {
    public NamedAction {
        params = io.capstan.core.policy.Params.copyOf(params);
    }
}
