package io.capstan.core.model;

/** Inclusive replica bounds. */
public record Bounds(int min, int max) {
    public Bounds {
        if (min < 0) throw new IllegalArgumentException("min replicas " + min + " is negative");
        if (max < min) throw new IllegalArgumentException("max replicas " + max + " is below min replicas " + min);
    }

    public boolean contains(int replicas) {
        return replicas >= min && replicas <= max;
    }
}
