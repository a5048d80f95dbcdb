package io.capstan.app.input;

/**
 * A key of a map in an input, declared once: its name, type, default and what it means. A {@link Schema} lists the
 * fields of one kind of map, and reading the map through it ({@link Fields}) reports unknown keys with a did-you-mean,
 * missing required keys, and wrong values, each at its own line and column.
 *
 * @param defaultValue what {@link Fields#get} gives when the key is absent (null for none)
 * @param doc          one line for messages and documentation
 */
public record Field<T>(String name, Type<T> type, T defaultValue, boolean required, String doc) {

    public static <T> Field<T> optional(String name, Type<T> type, T defaultValue, String doc) {
        return new Field<>(name, type, defaultValue, false, doc);
    }

    public static <T> Field<T> optional(String name, Type<T> type, String doc) {
        return new Field<>(name, type, null, false, doc);
    }

    public static <T> Field<T> required(String name, Type<T> type, String doc) {
        return new Field<>(name, type, null, true, doc);
    }
}
