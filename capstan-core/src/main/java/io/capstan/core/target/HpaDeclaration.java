package io.capstan.core.target;

import io.capstan.core.hpa.ControllerSettings;
import io.capstan.core.hpa.HpaSpec;

import java.util.Objects;

/**
 * A target declared as a Kubernetes HorizontalPodAutoscaler: the decider runs the exact controller port
 * ({@code HorizontalAutoscaler.reconcile}) on it, with these controller flags, instead of the target's
 * policies, so that simulating, explaining and running a manifest decide alike.
 */
public record HpaDeclaration(HpaSpec spec, ControllerSettings controller) {
    public HpaDeclaration {
        Objects.requireNonNull(spec, "hpa spec");
        controller = controller == null ? ControllerSettings.DEFAULTS : controller;
    }
}
