package io.capstan.app.trace;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code --trace} argument: {@code NAME=path} names the single metric of a two-column file
 * ({@code timestamp,value}, with or without a header row); a bare {@code path} needs a header row
 * naming each column.
 *
 * @param name the series name for a two-column file, or null when the header names the columns
 */
public record TraceSource(String name, Path file) {
    public TraceSource {
        Objects.requireNonNull(file, "trace file");
        if (name != null && name.isBlank()) throw new IllegalArgumentException("trace name must not be blank");
    }

    /** Parses {@code cpu=path.csv} or {@code path.csv}. An {@code =} is read as a name only if what precedes it looks like one. */
    public static TraceSource parse(String arg) {
        int eq = arg.indexOf('=');
        if (eq > 0 && arg.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_.:-]*")) {
            return new TraceSource(arg.substring(0, eq), Path.of(arg.substring(eq + 1)));
        }
        return new TraceSource(null, Path.of(arg));
    }

    /** How the source was given, for reports. */
    public String describe() {
        return name == null ? file.toString() : name + "=" + file;
    }
}
