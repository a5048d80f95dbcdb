package io.capstan.core.explain;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A human-readable explanation, rendered when first read. Every evaluation explains itself, but
 * most explanations are never printed (a hold in a 43,200-step simulation, a tick nobody looks
 * at), so building the text eagerly would be most of the cost of deciding. Equality is on the
 * rendered text, so two decisions that explain themselves alike are equal.
 */
public final class Explanation implements CharSequence {
    private Supplier<String> render;
    private String text;

    private Explanation(Supplier<String> render, String text) {
        this.render = render;
        this.text = text;
    }

    /** An explanation rendered on first use; the supplier must be pure. */
    public static Explanation of(Supplier<String> render) {
        return new Explanation(Objects.requireNonNull(render, "render"), null);
    }

    public static Explanation text(String text) {
        return new Explanation(null, text == null ? "" : text);
    }

    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            // Rendering twice from two threads yields the same text; no lock needed.
            t = render.get();
            text = t == null ? "" : t;
            render = null;
            t = text;
        }
        return t;
    }

    @Override
    public int length() {
        return toString().length();
    }

    @Override
    public char charAt(int index) {
        return toString().charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().subSequence(start, end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Explanation e && e.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
