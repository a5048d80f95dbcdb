package io.capstan.core.model;

/**
 * How a target's changes are stabilized and rate-limited after its policies have spoken.
 * Capstan targets use their {@code behavior} when they declare one (Kubernetes semantics) and
 * nothing otherwise; an imported HorizontalPodAutoscaler without a {@code behavior} block takes
 * the controller's legacy path (scale-up limit max(2 x current, 4), downscale stabilization),
 * which differs from the default behavior.
 */
public enum RateLimiting {
    BEHAVIOR, KUBERNETES_LEGACY
}
