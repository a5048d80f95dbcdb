package io.capstan.core.model;

/**
 * Azure's flapping guard: before a scale-in, project the per-replica metrics onto the smaller
 * replica count and skip the scale-in if that projection would ask to scale out again.
 */
public enum FlappingGuard {
    ON, OFF
}
