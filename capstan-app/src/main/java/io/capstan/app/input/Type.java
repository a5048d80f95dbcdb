package io.capstan.app.input;

import java.util.function.Function;

/**
 * What a field holds and how it is read from a node. A read either gives the value or reports why it cannot at the
 * node and gives null, so one wrong value is one problem and its parent can tell that a part failed.
 */
public interface Type<T> {
    /** The value, or null after reporting at {@code node} what was expected. */
    T read(Node node, Problems problems);

    /** What a value of this type looks like, for messages and docs: "a whole number from 0 to 3600". */
    String expected();

    /** This type, then a check of the value that gives null when it is fine or the reason it is not. */
    default Type<T> where(Function<T, String> whyNot) {
        Type<T> base = this;
        return new Type<>() {
            @Override
            public T read(Node node, Problems problems) {
                T v = base.read(node, problems);
                if (v == null) return null;
                String why = whyNot.apply(v);
                if (why == null) return v;
                problems.add(node, why);
                return null;
            }

            @Override
            public String expected() {
                return base.expected();
            }
        };
    }

    /** This type read, then converted; a conversion's IllegalArgumentException becomes a problem at the node. */
    default <R> Type<R> map(Function<T, R> convert) {
        Type<T> base = this;
        return new Type<>() {
            @Override
            public R read(Node node, Problems problems) {
                T v = base.read(node, problems);
                if (v == null) return null;
                try {
                    return convert.apply(v);
                } catch (IllegalArgumentException e) {
                    problems.add(node, String.valueOf(e.getMessage()));
                    return null;
                }
            }

            @Override
            public String expected() {
                return base.expected();
            }
        };
    }
}
