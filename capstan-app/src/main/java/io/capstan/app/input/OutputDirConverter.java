package io.capstan.app.input;

import picocli.CommandLine;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** An output directory given on the command line: an empty one is a usage error, not a report written into ".". */
public final class OutputDirConverter implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        if (value.isBlank()) throw new CommandLine.TypeConversionException("the directory name is empty: name a directory for the output");
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + Problem.escape(value) + "' is not a usable directory path: " + e.getReason());
        }
    }
}
