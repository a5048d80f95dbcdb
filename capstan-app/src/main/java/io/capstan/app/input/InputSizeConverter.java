package io.capstan.app.input;

import picocli.CommandLine;

/** {@code --max-input-size SIZE} for every command that reads input files. */
public final class InputSizeConverter implements CommandLine.ITypeConverter<InputLimits> {
    @Override
    public InputLimits convert(String value) {
        try {
            return InputLimits.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
