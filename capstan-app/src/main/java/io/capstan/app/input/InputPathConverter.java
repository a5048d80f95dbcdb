package io.capstan.app.input;

import picocli.CommandLine;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A file given on the command line (a policy, a manifest, a scenario). {@link Path} drops a trailing slash, so
 * {@code validate policy.yaml/} would read the file where the shell and every other tool say "not a directory": the
 * slash is refused here, before it is lost.
 */
public final class InputPathConverter implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        String why = whyNotAFile(value);
        if (why != null) throw new CommandLine.TypeConversionException(why);
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + Problem.escape(value) + "' is not a usable file path: " + e.getReason());
        }
    }

    /** Why {@code name} cannot name a file (empty, or ending in a separator), or null. */
    public static String whyNotAFile(String name) {
        if (name.isEmpty()) return "the file name is empty";
        char last = name.charAt(name.length() - 1);
        if (last == '/' || last == java.io.File.separatorChar) {
            return "'" + Problem.escape(name) + "' ends with " + last + ", so it names a directory, not a file"
                    + (name.length() > 1 ? "; write " + Problem.escape(name.substring(0, name.length() - 1).replaceAll("[/\\\\]+$", "")) + " for the file" : "");
        }
        return null;
    }
}
