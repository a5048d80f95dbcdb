package io.capstan.core.explain;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A human-readable explanation, rendered when first read. Every evaluation explains itself, but
 * most explanations are never printed (a hold in a 43,200-step simulation, a tick nobody looks
 * at), so building the text eagerly would be most of the cost of deciding. Equality is on the
 * rendered text, so two decisions that explain themselves alike are equal.
 *
 * <p>Safe to read from any thread: the one field holds either the supplier or the rendered text and is
 * volatile, so a reader sees one or the other whole (two fields, written one after the other without
 * ordering, let a reader see neither: the supplier already dropped, the text not yet visible). Two
 * threads may both render; the supplier is pure and reads only what the decision captured, so they
 * write the same text.
 */
public final class Explanation implements CharSequence {
    /** The {@code Supplier<String>} until first rendered, then the {@code String}; dropping the supplier frees what it captured. */
    private volatile Object content;

    private Explanation(Object content) {
        this.content = content;
    }

    /** An explanation rendered on first use; the supplier must be pure. */
    public static Explanation of(Supplier<String> render) {
        return new Explanation(Objects.requireNonNull(render, "render"));
    }

    public static Explanation text(String text) {
        return new Explanation(text == null ? "" : text);
    }

    @Override
    @SuppressWarnings("unchecked")
    public String toString() {
        Object c = content;
        if (c instanceof String s) return s;
        String t = ((Supplier<String>) c).get();
        if (t == null) t = "";
        content = t;
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
