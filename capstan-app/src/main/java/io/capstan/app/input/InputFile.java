package io.capstan.app.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an input file as UTF-8 text through a bounded stream: never more than the limit plus one byte. */
public final class InputFile {
    private InputFile() {}

    /** Why a file could not be read at all, as opposed to being read and found wrong. */
    public enum ReadError { NOT_FOUND, UNREADABLE }

    /**
     * The text of a file, or why there is none.
     *
     * @param readError set when the file could not be opened or read (a missing file, a directory); a file that is
     *                  too large or not UTF-8 was read and found wrong, so it has a problem but no read error
     */
    public record Read(String text, Problem problem, ReadError readError) {
        public boolean ok() {
            return text != null;
        }
    }

    public static Read read(Path file, InputLimits limits) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // stat says 0 for /dev/zero and pipes, so count what is read instead of trusting the size
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
        } catch (NoSuchFileException e) {
            return failed(file, ReadError.NOT_FOUND, "file not found");
        } catch (IOException | SecurityException e) {
            String why = Files.isDirectory(file) ? "it is a directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage() != null ? e.getMessage() : "an error without a message";
            return failed(file, ReadError.UNREADABLE, "cannot read file: " + why);
        }
        if (bytes.length > limits.maxBytes()) {
            return new Read(null, Problem.error(file, 0, 0, "", "the file is larger than the input limit of " + limits.describe()
                    + "; raise it with --max-input-size if the file is meant to be this large"), null);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return new Read(text, null, null);
        } catch (CharacterCodingException e) {
            // read and found wrong: a problem at the first bad byte, not a file that could not be read
            Utf8.Bad bad = Utf8.firstBad(bytes, 0, bytes.length);
            return new Read(null, Problem.error(file, bad == null ? 0 : bad.line(), bad == null ? 0 : bad.column(), "",
                    bad == null ? "not UTF-8 text" : bad.message()), null);
        }
    }

    private static Read failed(Path file, ReadError error, String message) {
        return new Read(null, Problem.error(file, 0, 0, "", message), error);
    }
}
